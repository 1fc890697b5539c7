"""Telegram's global budget shared by the replicas: turns booked in the database, used by priority.

Telegram's limit (``[sending] messages_per_second``, about 30) is per bot token, not per process. So
with several replicas every turn is booked in one row per lane (table ``send_turns``): a replica books
a few turns in one statement, evenly spaced after every turn any replica booked, and hands them to its
waiting messages as they come due, replies first. Across replicas:

- bulk sends (broadcasts, digests) book only while the lane's queue ends within ``QUEUE_SECONDS``;
  a reply or a notice books at once, so it waits behind at most that much of the others' bulk;
- turns are ``(1 + JITTER) / rate`` apart, and a turn this replica reaches more than ``LATE`` after
  its time (its loop was busy) is dropped instead of used: messages of different replicas never bunch
  up by more than that, so no second holds more than the rate (after ``MAX_DROPS`` drops in a row a
  late turn is used anyway, so a saturated replica still sends, possibly a little over the rate);
- the database's clock is the one clock: each booking reads it, and this replica's offset to it is
  taken from the quickest round trip of the last bookings (``CLOCK_SAMPLES`` within ``CLOCK_MEMORY``).

If the database does not answer, the replica paces itself alone (``bot.sending.budget.Lane``) for
``OFFLINE_SECONDS`` and says so in the log; Telegram's 429s then slow it down as in one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import math
from collections import deque
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.sending.budget import Lane, Pace, Priority
from storage.repos import shared
from storage.repos.shared import Turns

log = logging.getLogger(__name__)

JITTER = 0.05  # spacing margin: turns are (1 + JITTER) / rate apart
LATE = 0.02  # a turn reached later than this after its time is dropped (seconds)
MAX_DROPS = 5  # ... unless this many were dropped in a row: the replica is saturated, send anyway
BATCH_SECONDS = 0.03  # one booking covers this much of the lane's rate (at least one turn)
PREFETCH_SECONDS = 0.01  # the next turns are booked when those left cover less than this
QUEUE_SECONDS = 0.05  # bulk books only while the booked turns end within this
MIN_WAIT = 0.005  # shortest pause before booking again after a refusal
BOOK_TIMEOUT = 2.0  # a booking taking longer than this counts as the database being unreachable
OFFLINE_SECONDS = 10.0  # then this replica paces itself alone this long before trying again
CLOCK_MEMORY = 30.0  # seconds of round trips kept to estimate the offset to the database's clock
CLOCK_SAMPLES = 64  # ... and at most this many of them

Book = Callable[[str, int, float, float | None], Awaitable[Turns]]


class DatabaseBooking:
    """Bookings in ``send_turns`` (``storage.repos.shared.book_turns``), one statement each.

    On PostgreSQL they go through one connection of the pool kept for them, in autocommit mode: about
    0.2 ms of this process's CPU a booking, against 1.5 ms through a session's transaction and a
    connection taken from the pool and given back each time. On SQLite, a transaction each."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._connection: AsyncConnection | None = None
        self._lock = asyncio.Lock()  # the free and the paid lane may book at once: one statement at a time

    async def __call__(self, lane: str, count: int, interval: float, within: float | None) -> Turns:
        if self.engine.dialect.name != "postgresql":
            async with self.engine.begin() as connection:  # SQLite: its own BEGIN IMMEDIATE
                return await shared.book_turns(connection, lane, count, interval, within=within)
        async with self._lock:
            if self._connection is None:
                autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
                self._connection = await autocommit.connect()
            try:
                return await shared.book_turns(self._connection, lane, count, interval, within=within)
            except BaseException:
                # Broken, or left in the middle of a statement (timed out): a fresh one next time.
                connection, self._connection = self._connection, None
                with contextlib.suppress(Exception):
                    await connection.invalidate()
                raise

    async def close(self) -> None:
        async with self._lock:
            connection, self._connection = self._connection, None
            if connection is not None:
                with contextlib.suppress(Exception):
                    await connection.close()


class DatabaseClock:
    """The offset between this loop's clock and the database's, from the quickest recent round trip
    (the database read its clock somewhere between sending and receiving: the shorter the trip, the
    better that is known)."""

    def __init__(self) -> None:
        # (received, round trip, offset) of the last bookings, at most CLOCK_SAMPLES within CLOCK_MEMORY
        self._samples: deque[tuple[float, float, float]] = deque(maxlen=CLOCK_SAMPLES)

    def observe(self, sent: float, received: float, database_now: float) -> None:
        self._samples.append((received, received - sent, database_now - (sent + received) / 2))
        while self._samples[0][0] < received - CLOCK_MEMORY:
            self._samples.popleft()

    def local(self, database_time: float) -> float:
        """``database_time`` on this loop's clock (needs one observation)."""
        _, _, offset = min(self._samples, key=lambda sample: sample[1])
        return database_time - offset


class SharedLane:
    """One lane's turns, booked in the database and handed to this replica's callers by priority."""

    def __init__(self, name: str, configured: float, book: Book, clock: DatabaseClock) -> None:
        self.name, self.book, self.clock = name, book, clock
        self.pace = Pace(configured)
        self.fallback = Lane(configured)
        self.booked = 0  # turns booked in the database (or taken locally while it was unreachable)
        self.dropped = 0  # ... and not used (reached late, or nobody waiting for them any more)
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._turns: deque[float] = deque()  # booked, on this loop's clock, not used yet
        self._task: asyncio.Task[None] | None = None
        self._booking: asyncio.Task[None] | None = None  # the next turns, booked before these run out
        self._arrived = asyncio.Event()
        self._offline_until = float("-inf")
        self._late_in_a_row = 0

    @property
    def rate(self) -> float:
        return self.pace.rate / (1.0 + JITTER)

    async def acquire(self, priority: int) -> None:
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), waiter))
        if priority < Priority.BULK:
            self._arrived.set()  # a bulk booking refused for a while books for this one at once
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._serve(), name=f"sending turns ({self.name})")
        await waiter

    def throttled(self, now: float) -> bool:
        slowed = self.pace.throttled(now)
        self.fallback.rate = self.pace.rate
        return slowed

    async def close(self) -> None:
        for task in (self._task, self._booking):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self.booked:
            log.info("%s sending turns: %s booked, %s not used", self.name, self.booked, self.dropped)

    def _anyone_waiting(self) -> bool:
        while self._waiters and self._waiters[0][2].done():  # the first caller gave up (cancelled)
            heapq.heappop(self._waiters)
        return bool(self._waiters)

    def _next_waiter(self) -> asyncio.Future[None] | None:
        while self._waiters:
            _, _, waiter = heapq.heappop(self._waiters)
            if not waiter.done():
                return waiter
        return None

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        while self._anyone_waiting():
            if self._booking is None and len(self._turns) <= self._low_water():
                self._booking = loop.create_task(self._book_more(loop))
                self._booking.add_done_callback(self._booked)
            if not self._turns:
                if self._booking is not None:
                    with contextlib.suppress(Exception):  # logged by _booked; the next loop books again
                        await self._booking
                continue
            at = self._turns[0]
            slept = at > loop.time()
            if slept:
                await asyncio.sleep(at - loop.time())
            self._turns.popleft()
            now = loop.time()
            if now - at > LATE and (not slept or self._late_in_a_row < MAX_DROPS):
                self.dropped += 1  # stale (booked for a caller who went), or this loop woke up late
                self._late_in_a_row += slept
                continue
            waiter = self._next_waiter()
            if waiter is None:
                self.dropped += 1
                continue
            self._late_in_a_row = 0
            waiter.set_result(None)
            self.pace.sent(now)

    def _low_water(self) -> int:
        """Turns left when the next ones are booked: at a high rate a booking's round trip must not
        leave the lane idle; at a low one, booking only when none are left keeps the shared queue
        short, so a reply on another replica waits less."""
        return math.floor(self.pace.rate * PREFETCH_SECONDS)

    def _booked(self, booking: asyncio.Task[None]) -> None:
        if self._booking is booking:
            self._booking = None
        if not booking.cancelled() and (error := booking.exception()) is not None:
            log.error("booking sending turns failed", exc_info=error)

    async def _book_more(self, loop: asyncio.AbstractEventLoop) -> None:
        urgent = sum(
            1 for priority, _, waiter in self._waiters if priority < Priority.BULK and not waiter.done()
        )
        max_count = max(1, math.ceil(self.pace.rate * BATCH_SECONDS))
        # Replies and notices book their own turns; bulk books a batch (the sender asks one at a time).
        count = min(urgent, max_count) if urgent else max_count
        interval = (1.0 + JITTER) / self.pace.rate
        if loop.time() < self._offline_until:
            self._take_locally(loop, count)
            return
        self._arrived.clear()
        sent = loop.time()
        try:
            turns = await asyncio.wait_for(
                self.book(self.name, count, interval, None if urgent else QUEUE_SECONDS), BOOK_TIMEOUT
            )
        except Exception:
            log.warning(
                "could not book sending turns in the database: this replica paces itself for %gs",
                OFFLINE_SECONDS,
                exc_info=True,
            )
            self._offline_until = loop.time() + OFFLINE_SECONDS
            self._take_locally(loop, count)
            return
        self.clock.observe(sent, loop.time(), turns.now)
        first = self.clock.local(turns.first)
        if turns.booked:
            self._turns.extend(first + n * interval for n in range(count))
            self.booked += count
            return
        # Other replicas' turns fill the next QUEUE_SECONDS: book when they end (a little after, so as
        # not to be refused on the boundary), or at once when a reply comes.
        wait = max(MIN_WAIT, first + interval / 4 - loop.time())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._arrived.wait(), wait)

    def _take_locally(self, loop: asyncio.AbstractEventLoop, count: int) -> None:
        now = loop.time()
        self._turns.extend(now + self.fallback.take(now) for _ in range(count))
        self.booked += count


class SharedBudget:
    """``bot.sending.budget.SendBudget`` for several replicas: a free lane and a paid lane, shared."""

    def __init__(self, book: Book, messages_per_second: float, paid_per_second: float = 1000.0) -> None:
        self.book = book
        clock = DatabaseClock()
        self.free = SharedLane("free", messages_per_second, book, clock)
        self.paid = SharedLane("paid", paid_per_second, book, clock)

    def _lane(self, paid: bool) -> SharedLane:
        return self.paid if paid else self.free

    def rate(self, *, paid: bool = False) -> float:
        return self._lane(paid).rate

    async def acquire(self, priority: Priority, *, paid: bool = False) -> None:
        await self._lane(paid).acquire(priority)

    def throttled(self, *, paid: bool = False) -> bool:
        return self._lane(paid).throttled(asyncio.get_running_loop().time())

    async def close(self) -> None:
        await self.free.close()
        await self.paid.close()
        if isinstance(self.book, DatabaseBooking):
            await self.book.close()
