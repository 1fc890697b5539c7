"""The sender's bookkeeping: what each send became, written back to the outbox in small batches.

A batch is committed as soon as the previous one is, so the "sent but not recorded" window stays
as short as one commit (see the duplicate window in ``bot.broadcast.sender``). Refusals are
applied here: Telegram's waits, gone chats, migrated groups, retries with backoff.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import metrics
from bot.broadcast.clock import Clock
from bot.broadcast.outcomes import Kind, Outcome
from bot.broadcast.settings import BroadcastSettings
from storage.models import Delivery
from storage.repos import chats, outbox

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Job:
    delivery_id: int
    broadcast_id: int
    chat_id: int
    attempts: int
    sentences: int | None = None  # the subscription's summary length, when the broadcast has variants


@dataclass(slots=True)
class Result:
    job: Job
    message_id: int | None = None  # set when sent
    outcome: Outcome | None = None  # set when not sent
    defer_seconds: float = 0.0  # held too long in memory: back to the queue for that long


@dataclass
class SenderStats:
    sent: int = 0
    failed: int = 0
    throttled: int = 0
    retried: int = 0
    skipped: int = 0


@dataclass
class Recorder:
    sessionmaker: async_sessionmaker[AsyncSession]
    settings: BroadcastSettings
    clock: Clock
    stats: SenderStats
    wake_in: Callable[[float], None]  # look at the outbox again after this many seconds
    _results: list[Result] = field(default_factory=list)
    _ready: asyncio.Event = field(default_factory=asyncio.Event)
    # One flush at a time: the sender's final flush at a graceful stop must wait for the batch the
    # recorder task is committing, or that batch is lost when the task is cancelled (sent but left
    # "sending", so sent again after the restart).
    _flushing: asyncio.Lock = field(default_factory=asyncio.Lock)

    def push(self, result: Result) -> None:
        self._results.append(result)
        self._ready.set()

    async def run(self) -> None:
        while True:
            await self._ready.wait()
            try:
                await self.flush()
            except Exception:
                log.exception("could not record delivery outcomes; retrying")
                await asyncio.sleep(1.0)

    async def flush(self) -> None:
        async with self._flushing:
            await self._flush()

    async def _flush(self) -> None:
        batch, self._results = self._results, []
        self._ready.clear()
        if not batch:
            return
        try:
            async with self.sessionmaker.begin() as session:
                now = self.clock.now()
                sent = {r.job.delivery_id: r.message_id for r in batch if r.message_id is not None}
                await outbox.mark_many_sent(session, sent, now=now)
                for result in batch:
                    if result.message_id is None:
                        await self._apply(session, result)
        except BaseException:
            self._results = batch + self._results  # recorded by the next flush
            self._ready.set()
            raise
        self.stats.sent += len(sent)
        metrics.delivery_finished("sent", len(sent))

    async def _apply(self, session: AsyncSession, result: Result) -> None:
        job, outcome, now = result.job, result.outcome, self.clock.now()
        if outcome is None:
            await self._later(session, job, result.defer_seconds, None)
        elif outcome.kind == Kind.WAIT:
            if job.attempts >= self.settings.max_attempts:
                await self._fail(session, job, f"flood control: {outcome.reason}")
                return
            await self._later(session, job, outcome.retry_after, outcome.reason)
            until = now + timedelta(seconds=outcome.retry_after)
            await outbox.delay_chat(session, job.chat_id, until=until, now=now)
        elif outcome.kind == Kind.GONE:
            await chats.set_can_post(session, job.chat_id, False, now=now)
            await self._fail(session, job, outcome.reason)
        elif outcome.kind == Kind.MIGRATED and outcome.new_chat_id is not None:
            await self._migrate(session, job, outcome.new_chat_id)
        elif outcome.kind == Kind.RETRY and job.attempts < self.settings.max_attempts:
            backoff = self.settings.retry_seconds * 2 ** (job.attempts - 1)
            await self._later(session, job, backoff, outcome.reason)
            self.stats.retried += 1
        else:
            await self._fail(session, job, outcome.reason)

    async def _later(self, session: AsyncSession, job: Job, seconds: float, reason: str | None) -> None:
        now = self.clock.now()
        until = now + timedelta(seconds=seconds)
        await outbox.retry_later(session, job.delivery_id, not_before=until, error=reason, now=now)
        self.wake_in(seconds)
        if reason is not None:
            metrics.delivery_finished("retried")

    async def _fail(self, session: AsyncSession, job: Job, reason: str) -> None:
        await outbox.mark_failed(session, job.delivery_id, error=reason, now=self.clock.now())
        self.stats.failed += 1
        metrics.delivery_finished("failed")
        log.info("delivery %s to chat %s failed: %s", job.delivery_id, job.chat_id, reason)

    async def _migrate(self, session: AsyncSession, job: Job, new_chat_id: int) -> None:
        now = self.clock.now()
        await chats.migrate_chat(session, job.chat_id, new_chat_id, now=now)
        moved = await session.get(Delivery, job.delivery_id, populate_existing=True)
        if moved is not None and moved.chat_id == new_chat_id:
            await outbox.retry_later(session, job.delivery_id, not_before=now, error="migrated", now=now)
            self.wake_in(0.0)
            log.info("group %s became %s: delivery %s sent there", job.chat_id, new_chat_id, job.delivery_id)
        else:  # the supergroup already has this broadcast
            await outbox.mark_skipped(session, job.delivery_id, reason="migrated", now=now)
