"""The broadcasting services of a running bot: sender, progress reporter, drafts, clock, and their jobs.

``start`` is listed in ``bot.app.BACKGROUND``: it runs at the end of post_init (the services
exist) and returns the coroutine function that stops everything, which post_shutdown awaits
before the database closes. The digest and feed jobs run on PTB's job queue, in one replica at a
time (``bot.replicas.leader``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from apscheduler.jobstores.base import JobLookupError  # type: ignore[import-untyped]
from telegram.ext import Job

from bot.broadcast.client import SendClient
from bot.broadcast.clock import Clock, SystemClock
from bot.broadcast.drafts import Drafts
from bot.broadcast.progress import ProgressReporter
from bot.broadcast.sender import Sender, worker_name
from bot.context import BotApplication, BotContext, Services
from bot.replicas.leader import singleton
from bot.sending.limiter import gate_of

log = logging.getLogger(__name__)

Stopper = Callable[[], Awaitable[None]]
JobCallback = Callable[[BotContext], Coroutine[Any, Any, None]]
# Jobs of other broadcasting modules (digest, feeds): (name, callback, interval in seconds).
JOBS: list[tuple[str, JobCallback, Callable[[Services], float]]] = []


@dataclass
class Broadcasting:
    sender: Sender
    reporter: ProgressReporter
    clock: Clock
    drafts: Drafts


def broadcasting(services: Services) -> Broadcasting:
    if not isinstance(services.broadcasting, Broadcasting):
        raise RuntimeError("broadcasting is used before it started")
    return services.broadcasting


def add_job(name: str, callback: JobCallback, interval: Callable[[Services], float]) -> None:
    """Run ``callback`` every ``interval(services)`` seconds once the bot runs (idempotent by name)."""
    if all(existing != name for existing, _, _ in JOBS):
        JOBS.append((name, callback, interval))


async def start(application: BotApplication, clock: Clock | None = None) -> Stopper:
    services = application.bot_data.services
    if services is None:
        raise RuntimeError("broadcasting starts after the services")
    clock = clock or SystemClock()
    settings = services.config.broadcast
    # The sender has its own connections (lean, for the hot path) but the bot's gate: replies go first.
    gate = gate_of(application.bot)
    telegram = services.config.telegram
    client = await SendClient(
        telegram.api_base_url, telegram.token, connections=settings.max_in_flight
    ).start()
    sender = Sender(
        client=client,
        gate=gate,
        sessionmaker=services.sessionmaker,
        settings=settings,
        clock=clock,
        worker=worker_name(socket.gethostname(), client.bot_id),
    )
    reporter = ProgressReporter(
        application.bot,
        services.sessionmaker,
        clock,
        settings.progress_seconds,
        gate.budget.rate(paid=settings.allow_paid_broadcast),
        leads=lambda: services.leader.leads,
    )
    drafts = Drafts(services.sessionmaker, clock, services.config.summarizer.min_sentences)
    services.broadcasting = Broadcasting(sender, reporter, clock, drafts)
    sender_task = sender.start()
    reporter_task = asyncio.create_task(reporter.run(), name="broadcast progress")
    jobs = _schedule(application, services)

    async def stop() -> None:
        for job in jobs:
            with contextlib.suppress(JobLookupError):  # the job queue stopped first and dropped it
                job.schedule_removal()
        reporter_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reporter_task
        await sender.stop()
        if not sender_task.done():
            sender_task.cancel()
        await asyncio.gather(sender_task, return_exceptions=True)
        await client.close()

    return stop


def _schedule(application: BotApplication, services: Services) -> list[Job[BotContext]]:
    queue = application.job_queue
    if queue is None:
        log.warning("no job queue: digests and feeds will not run")
        return []
    return [
        queue.run_repeating(
            singleton(callback), interval=interval(services), first=interval(services), name=name
        )
        for name, callback, interval in JOBS
    ]
