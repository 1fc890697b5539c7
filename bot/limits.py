"""Limits on readers: a per-user summary quota (sliding window), a global cap on summaries at once,
and the interfaces of the quota and flood counters shared by the in-memory and database versions.

The in-memory quota checks and updates on the event loop without awaiting, so two links sent at the
same instant cannot both slip through; the database version (``bot.replicas.rates``) gets the same
guarantee from optimistic versioned writes, for several replicas.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from enum import Enum
from typing import Protocol


class QuotaCheck(Protocol):
    async def check(self, key: int) -> float:
        """Count one event for ``key``; 0 if allowed, else the seconds to wait before the next one."""
        ...


class Verdict(Enum):
    PASS = "pass"  # handle the message as usual
    NOTIFY = "notify"  # the sender just crossed the limit: ignore the message, tell them once
    DROP = "drop"  # the sender is being slowed down: ignore the message silently


class FloodCounter(Protocol):
    async def hit(self, user_id: int, now: float, *, limit: int, window: float, cooldown: float) -> Verdict:
        """Count one message from ``user_id`` (``now`` in Unix seconds) and say what to do with it."""
        ...

    async def forget(self, user_id: int) -> None: ...


class Quota:
    """At most ``limit`` events per ``window`` seconds for each key (a user id).

    Keys are kept in order of their last event, so forgetting idle users only looks at the oldest
    ones: each call costs O(1) amortised, however many users are active.
    """

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: OrderedDict[int, deque[float]] = OrderedDict()

    def acquire(self, key: int) -> float:
        """Count one event for ``key``; 0 if allowed, else the seconds to wait before the next one."""
        now = self._clock()
        self._prune(now)
        events = self._events.get(key)
        if events is None:
            events = self._events[key] = deque()
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return events[0] + self.window - now
        events.append(now)
        self._events.move_to_end(key)
        return 0.0

    async def check(self, key: int) -> float:
        return self.acquire(key)

    def _prune(self, now: float) -> None:
        # The first key has the oldest last event: once it is inside the window, all the others are.
        events = self._events
        while events:
            key, times = next(iter(events.items()))
            if times and times[-1] > now - self.window:
                return
            del events[key]


class Busy(Exception):
    """Every summary slot stayed taken for longer than the caller was ready to wait."""


class SummarySlots:
    """A global cap on summaries computed at once; waiting callers queue for a bounded time."""

    def __init__(self, size: int, wait: float = 30.0) -> None:
        self.size = size
        self.wait = wait
        self._semaphore = asyncio.Semaphore(size)
        self.running = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        try:
            await asyncio.wait_for(self._semaphore.acquire(), self.wait)
        except TimeoutError:
            raise Busy from None
        self.running += 1
        try:
            yield
        finally:
            self.running -= 1
            self._semaphore.release()
