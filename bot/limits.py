"""Limits on summaries: a per-user quota (sliding window) and a global cap on summaries at once.

The quota is kept in memory: checks and updates happen on the event loop without awaiting, so two
links sent at the same instant cannot both slip through, which a count of stored requests would allow.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class Quota:
    """At most ``limit`` events per ``window`` seconds for each key (a user id)."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[int, deque[float]] = {}

    def acquire(self, key: int) -> float:
        """Count one event for ``key``; 0 if allowed, else the seconds to wait before the next one."""
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return events[0] + self.window - now
        events.append(now)
        if len(self._events) > 10_000:
            self._prune(now)
        return 0.0

    def _prune(self, now: float) -> None:
        # Keeps memory bounded by the users active in the last window.
        for key in [k for k, ev in self._events.items() if not ev or ev[-1] <= now - self.window]:
            del self._events[key]


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
