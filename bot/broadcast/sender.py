"""THE sender: one task draining the outbox within Telegram's limits, and surviving restarts.

Three cooperating coroutines share one event loop with the bot's handlers:

- the *feeder* claims deliveries from the outbox with a lease (``outbox.claim_deliveries``) ahead
  of need, skips chats that no longer want messages, reads the summary length of the batch's
  subscribers (one query, only for broadcasts rendered per length: articles, digests), and holds
  the rest in a heap ordered by the time each chat may receive its next message;
- the *dispatcher* takes held deliveries in that order, waits for a turn of the bot's global budget
  (``bot.sending``: the same gate as the bot's replies, which go first) and for the chat's turn,
  and starts each send (at most ``max_in_flight`` requests at once, so the loop is never busy for
  long);
- the *recorder* (``recorder.py``) writes outcomes back in small batches, as soon as the previous
  batch is committed.

Sends go through ``client.SendClient``, the sender's own lean connection pool (aiohttp, about half
the CPU of python-telegram-bot's client per message), so the bot's replies never wait behind a
broadcast.

Telegram's answers: a 429 holds that chat for ``retry_after`` (in the gate, for every kind of
message, and with ``outbox.delay_chat``) and, when 429s become a noticeable share of what is sent,
lowers the global rate (``bot.sending.budget``); ``Forbidden`` and "chat not found" fail the
delivery and mark the chat ``can_post = false``, which deactivates the subscriber; a group migrated
to a supergroup is moved (``chats.migrate_chat``) and the message sent again there; network errors
are retried with a doubling backoff up to ``max_attempts`` claims, then failed with their reason.

Restarts and the one duplicate window. Every delivery is leased before it is sent and recorded
after Telegram answered. A graceful stop finishes the sends in flight, records them and returns
the held deliveries to the queue. After a crash (kill, power loss), deliveries left ``sending``
are taken up again: at once by a sender restarted under the same worker name
(``outbox.release_worker``), otherwise when their lease expires. So a message that Telegram
delivered just before the crash, but whose outcome was not yet committed, is sent a second time:
that is the only possible duplicate, at most one extra message per delivery in flight at the
crash (at most ``max_in_flight`` sends plus one recorder batch). The same ambiguity exists without
a crash when Telegram's answer times out (20 s): the message may have arrived, and it is retried
like a network error rather than dropped, so each timed-out attempt can add one copy. Nothing is
ever lost: a delivery ends ``sent``, ``failed`` (with its reason) or ``skipped``.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
from dataclasses import dataclass, field, replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import metrics
from bot.broadcast.client import SendClient
from bot.broadcast.clock import Clock
from bot.broadcast.outcomes import Kind, classify
from bot.broadcast.payload import Outgoing, outgoing
from bot.broadcast.recorder import Job, Recorder, Result, SenderStats
from bot.broadcast.settings import BroadcastSettings
from bot.sending.budget import Priority
from bot.sending.gate import SendGate
from storage.errors import NotFound
from storage.repos import broadcasts, outbox, subscriptions

log = logging.getLogger(__name__)

IDLE_POLL = 1.0  # seconds between outbox checks when there is nothing to send (retries fall due)
STOP_GRACE = 10.0  # seconds a graceful stop waits for the sends in flight


@dataclass
class Sender:
    client: SendClient
    gate: SendGate
    sessionmaker: async_sessionmaker[AsyncSession]
    settings: BroadcastSettings
    clock: Clock
    worker: str
    stats: SenderStats = field(default_factory=SenderStats)

    def __post_init__(self) -> None:
        self.pacer = self.gate.pacer
        self.paid = self.settings.allow_paid_broadcast
        self._held: list[tuple[float, int, Job]] = []
        self._order = itertools.count()
        self._messages: dict[int, Outgoing] = {}
        self.recorder = Recorder(self.sessionmaker, self.settings, self.clock, self.stats, self._wake_in)
        self._wake = asyncio.Event()  # new work in the outbox
        self._need_more = asyncio.Event()  # the dispatcher is running low
        self._held_changed = asyncio.Event()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(self.settings.max_in_flight)
        self._stopping = False
        self.task: asyncio.Task[None] | None = None
        self.batch = max(10, min(500, round(self.gate.budget.rate(paid=self.paid))))

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> asyncio.Task[None]:
        self.task = asyncio.create_task(self.run(), name=f"sender {self.worker}")
        return self.task

    def alive(self) -> bool:
        """The sender's task runs (for /healthz)."""
        return self.task is not None and not self.task.done()

    def wake(self) -> None:
        """Something was queued: look at the outbox now rather than at the next idle poll."""
        self._wake.set()
        self._need_more.set()

    async def stop(self) -> None:
        """Graceful stop: finish the sends in flight, record them, give held deliveries back."""
        self._stopping = True
        self.wake()
        self._held_changed.set()
        if self.task is not None:
            await asyncio.wait({self.task}, timeout=STOP_GRACE + 5)

    async def run(self) -> None:
        async with self.sessionmaker.begin() as session:
            taken = await outbox.release_worker(session, self.worker, now=self.clock.now())
        if taken:
            log.warning("sender %s: %d deliveries in flight at last stop queued again", self.worker, taken)
        feeder, recorder = asyncio.create_task(self._feed()), asyncio.create_task(self.recorder.run())
        try:
            await self._dispatch()
            await _cancel(feeder)
            await self._drain(recorder)
        except asyncio.CancelledError:
            # Like a crash: nothing more is recorded; the leases bring the work back.
            for task in self._in_flight:
                task.cancel()
            raise
        finally:
            await _cancel(feeder)
            await _cancel(recorder)

    async def _drain(self, recorder: asyncio.Task[None]) -> None:
        if self._in_flight:
            await asyncio.wait(self._in_flight, timeout=STOP_GRACE)
        held = [job.delivery_id for _, _, job in self._held]
        self._held.clear()
        # One writer at the end: a flush cut short puts its batch back (recording is idempotent).
        await _cancel(recorder)
        await self.recorder.flush()
        async with self.sessionmaker.begin() as session:
            await outbox.release_deliveries(session, held, now=self.clock.now())

    # --- feeder ------------------------------------------------------------------------------
    async def _feed(self) -> None:
        while not self._stopping:
            if len(self._held) >= self.batch // 2:
                self._need_more.clear()
                await self._need_more.wait()
                continue
            try:
                jobs = await self._claim()
            except Exception:
                log.exception("sender %s: could not claim deliveries", self.worker)
                jobs = []
            if jobs:
                now = asyncio.get_running_loop().time()
                for job in jobs:
                    at = self.pacer.ready_at(job.chat_id, now)
                    heapq.heappush(self._held, (at, next(self._order), job))
                self._held_changed.set()
                continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), IDLE_POLL)

    async def _claim(self) -> list[Job]:
        now = self.clock.now()
        async with self.sessionmaker.begin() as session:
            claimed = await outbox.claim_deliveries(
                session, self.worker, self.batch, self.settings.lease_seconds, now=now
            )
            jobs = [Job(d.id, d.broadcast_id, d.chat_id, d.attempts) for d in claimed]
            unwanted = await outbox.unwanted_chats(session, {job.chat_id for job in jobs})
            for job in jobs:
                if job.chat_id in unwanted:
                    await outbox.mark_skipped(session, job.delivery_id, reason="inactive", now=now)
            for broadcast_id in {job.broadcast_id for job in jobs} - self._messages.keys():
                await self._load(session, broadcast_id)
            jobs = await self._with_lengths(session, jobs)
        self.stats.skipped += sum(job.chat_id in unwanted for job in jobs)
        metrics.delivery_finished("skipped", sum(job.chat_id in unwanted for job in jobs))
        return [job for job in jobs if job.chat_id not in unwanted]

    async def _with_lengths(self, session: AsyncSession, jobs: list[Job]) -> list[Job]:
        """Each job with its subscription's summary length, in one query for the whole batch, and
        only when one of its broadcasts has a message per length (an article)."""
        loaded = self._messages
        varied = [job for job in jobs if job.broadcast_id not in loaded or loaded[job.broadcast_id].variants]
        if not varied:
            return jobs
        lengths = await subscriptions.summary_lengths(session, {job.chat_id for job in varied})
        return [replace(job, sentences=lengths.get(job.chat_id)) for job in jobs]

    async def _load(self, session: AsyncSession, broadcast_id: int) -> None:
        broadcast = await broadcasts.get_broadcast(session, broadcast_id)
        if broadcast is None:
            raise NotFound(f"no broadcast {broadcast_id}")
        if len(self._messages) > 1000:
            self._messages.clear()
        self._messages[broadcast_id] = outgoing(broadcast.payload)

    # --- dispatcher --------------------------------------------------------------------------
    async def _dispatch(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._stopping:
            if len(self._held) < self.batch // 2:
                self._need_more.set()
            if not self._held:
                self._held_changed.clear()
                await self._held_changed.wait()
                continue
            ready_at, _, job = self._held[0]
            now = loop.time()
            at = self.pacer.ready_at(job.chat_id, now)
            if at > now:
                await self._wait_for_chat(job, ready_at, at, now)
                continue
            heapq.heappop(self._held)
            await self._slots.acquire()
            await self.gate.budget.acquire(Priority.BULK, paid=self.paid)
            now = loop.time()
            if not self.pacer.try_take(job.chat_id, now):  # a reply to this chat took its turn meanwhile
                self._slots.release()
                heapq.heappush(self._held, (self.pacer.ready_at(job.chat_id, now), next(self._order), job))
                continue
            task = asyncio.create_task(self._send(job))
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
            if next(self._order) % 1000 == 0:
                self.pacer.forget_idle(loop.time())

    async def _wait_for_chat(self, job: Job, ready_at: float, at: float, now: float) -> None:
        if at != ready_at:  # the chat was held meanwhile (429): re-sort
            heapq.heapreplace(self._held, (at, next(self._order), job))
            return
        if at - now > self.settings.lease_seconds / 2:  # do not sit on a lease: back to the queue
            heapq.heappop(self._held)
            self.recorder.push(Result(job, defer_seconds=at - now))
            return
        self._held_changed.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._held_changed.wait(), min(at - now, 0.5))

    async def _send(self, job: Job) -> None:
        try:
            text, markup = self._messages[job.broadcast_id].for_delivery(job.chat_id, job.sentences)
            message_id = await self.client.send_message(job.chat_id, text, markup, paid=self.paid)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            outcome = classify(exc)
            if outcome.kind == Kind.WAIT:
                self.gate.retry_after(job.chat_id, outcome.retry_after, paid=self.paid)
                self.stats.throttled += 1
                self._held_changed.set()
            self.recorder.push(Result(job, outcome=outcome))
        else:
            self.recorder.push(Result(job, message_id=message_id))
        finally:
            self._slots.release()

    def _wake_in(self, seconds: float) -> None:
        """Look at the outbox again when a delivery put back falls due, not at the next idle poll."""
        asyncio.get_running_loop().call_later(max(0.0, seconds) + 0.01, self.wake)


def worker_name(host: str, bot_id: int) -> str:
    """Stable across restarts of the same bot on the same host, so a restart takes its work back."""
    return f"{host[:40]}:{bot_id}"


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
