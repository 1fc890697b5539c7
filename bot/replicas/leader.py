"""Singleton jobs across replicas: one lease row in the database, renewed by its holder.

Every replica runs the same job schedule (feed polling, digests, purges); a job wrapped by
``singleton`` does its work only in the replica holding the lease. The holder renews it every third
of ``[replicas] lease_seconds``; if it dies, the lease expires and the next replica to try takes it
over, so the jobs go on within about ``lease_seconds``. Replicas' clocks are assumed to agree within
a few seconds (NTP), as the lease's expiry is a timestamp.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from functools import wraps
from typing import Any

from apscheduler.jobstores.base import JobLookupError  # type: ignore[import-untyped]
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcast.drafts import LIFETIME as DRAFT_LIFETIME
from bot.context import BotApplication, BotContext
from storage.models import utcnow
from storage.repos import drafts, shared

log = logging.getLogger(__name__)

LEASE = "singleton-jobs"
PURGE_SECONDS = 3600.0  # rate windows idle this long and expired broadcast previews are deleted this often
JobCallback = Callable[[BotContext], Coroutine[Any, Any, None]]


def holder_name() -> str:
    """This process, unique even when two replicas share a host name and a pid (containers)."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Leader:
    """Whether this replica holds the singleton lease, renewed by ``run``."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], lease_seconds: float, holder: str | None = None
    ) -> None:
        self.sessionmaker = sessionmaker
        self.lease_seconds = lease_seconds
        self.holder = holder or holder_name()
        self._held_until = 0.0  # time.monotonic() after which we no longer trust our lease

    @property
    def leads(self) -> bool:
        return time.monotonic() < self._held_until

    async def beat(self) -> bool:
        """Take or renew the lease; True while this replica holds it."""
        started = time.monotonic()
        now = utcnow()
        async with self.sessionmaker.begin() as session:
            held = await shared.acquire_lease(
                session, LEASE, self.holder, until=now + timedelta(seconds=self.lease_seconds), now=now
            )
        was = self.leads
        # Counted from before the request: the database may have taken a while to answer.
        self._held_until = started + self.lease_seconds * 0.9 if held else 0.0
        if held != was:
            log.info("singleton jobs %s this replica (%s)", "run in" if held else "left", self.holder)
        return held

    async def run(self) -> None:
        """Renew (or try to take) the lease every third of its length; ``start`` made the first try."""
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            try:
                await self.beat()
            except Exception:
                log.warning("could not renew the singleton lease", exc_info=True)

    async def release(self) -> None:
        self._held_until = 0.0
        async with self.sessionmaker.begin() as session:
            await shared.release_lease(session, LEASE, self.holder)


def singleton(callback: JobCallback) -> JobCallback:
    """``callback`` run only in the replica holding the lease (skipped elsewhere)."""

    @wraps(callback)
    async def job(context: BotContext) -> None:
        if context.services.leader.leads:
            await callback(context)

    return job


async def purge_shared(context: BotContext) -> None:
    """Forget idle users' rate windows and expired previews (a singleton job)."""
    async with context.services.sessionmaker.begin() as session:
        windows = await shared.purge_windows(session, before=time.time() - PURGE_SECONDS)
        previews = await drafts.purge_drafts(session, utcnow() - DRAFT_LIFETIME)
    if windows or previews:
        log.info("forgot %s idle rate windows and %s expired previews", windows, previews)


async def start(application: BotApplication) -> Callable[[], Awaitable[None]]:
    """Listed in ``bot.app.BACKGROUND``: the lease is tried once before the jobs start, then renewed."""
    services = application.bot_data.services
    if services is None:
        raise RuntimeError("the lease starts after the services")
    leader = services.leader
    if not isinstance(leader, Leader):
        raise TypeError("services.leader must be a bot.replicas.leader.Leader")
    try:
        await leader.beat()
    except Exception:
        log.warning("could not take the singleton lease", exc_info=True)
    task = asyncio.create_task(leader.run(), name="singleton lease")
    job = None
    if application.job_queue is not None:
        job = application.job_queue.run_repeating(
            singleton(purge_shared), interval=PURGE_SECONDS, first=60.0, name="shared-state purge"
        )

    async def stop() -> None:
        if job is not None:
            with contextlib.suppress(JobLookupError):  # the job queue stopped first and dropped it
                job.schedule_removal()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        try:
            await leader.release()  # the next replica takes over at once, not after the expiry
        except Exception:
            log.warning("could not release the singleton lease", exc_info=True)

    return stop
