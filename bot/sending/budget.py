"""The global budget: how many messages the bot (its token) may send a second, handed out by priority.

``SendBudget`` is the seam: callers (the rate limiter of python-telegram-bot, the broadcast sender)
only ``acquire`` a turn and report Telegram's 429s. ``LocalBudget`` keeps the budget in this
process; ``bot.replicas.budget.SharedBudget`` implements the same protocol for several replicas.

Turns are spaced evenly, a little under the configured rate (``JITTER``): Telegram counts messages
when they arrive, and two requests leaving 1/30 s apart may arrive closer than that. A turn taken late
(the loop was busy) keeps its place, so the rate is kept, but never more than the configured number
of turns fall within ``1 + JITTER`` seconds: arrivals up to ``JITTER`` apart from their departures
never put more than that number in one second. Waiting callers are served by priority, then in arrival order.

Paid broadcasts (``allow_paid_broadcast``, Bot API 7.11) have their own lane: up to 1,000 messages a
second, outside the free 30, charged in Stars.

When 429s become a noticeable share of what was sent recently (not one chat's complaint), the lane's
rate is cut, then given back step by step while Telegram stays quiet.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
from collections import deque
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol

JITTER = 0.03  # seconds of margin per second of sending (arrival times vary by some milliseconds)
CATCH_UP = 0.1  # a turn this late (the loop was busy) keeps its place; the window still caps the rate
SLOWDOWN_FACTOR = 0.7  # rate kept after a burst of 429s
RECOVERY_STEP = 0.1  # share of the configured rate given back after each quiet period
QUIET_SECONDS = 5.0  # a period without 429 before the rate grows again
WINDOW_SECONDS = 5.0  # 429s are counted over this window
MIN_429S = 5  # fewer 429s than this in the window never slow the rate down
MAX_429_SHARE = 0.1  # ... nor do 429s under this share of the messages sent (a few chats, or jitter)


class Priority(IntEnum):
    """Who goes first when the budget is short (lower first)."""

    REPLY = 0  # an answer to what a person just did: replies, edits of its message, form steps
    NOTICE = 1  # the team's notifications, alerts, a broadcast's progress report
    BULK = 2  # broadcasts and digests (the outbox)


class SendBudget(Protocol):
    def rate(self, *, paid: bool = False) -> float:
        """Messages a second the lane grants now (for estimates)."""
        ...

    async def acquire(self, priority: Priority, *, paid: bool = False) -> None:
        """Wait for a turn to send one message (``paid``: a paid broadcast's lane)."""
        ...

    def throttled(self, *, paid: bool = False) -> bool:
        """Telegram answered 429 to a message of this lane; True if the lane slowed down."""
        ...


@dataclass
class Pace:
    """A lane's rate: cut when 429s become a noticeable share of what was sent lately, then given
    back step by step while Telegram stays quiet. Times are the caller's clock."""

    configured: float
    rate: float = 0.0
    slowdowns: int = 0
    _throttles: deque[float] = field(default_factory=deque)
    _granted: deque[float] = field(default_factory=deque)
    _calm_since: float = 0.0

    def __post_init__(self) -> None:
        self.rate = self.configured

    def sent(self, when: float) -> None:
        """A message went at ``when``: counted, and the rate grows back after a quiet period."""
        if self.rate < self.configured and when - self._calm_since >= QUIET_SECONDS:
            self.rate = min(self.configured, self.rate + RECOVERY_STEP * self.configured)
            self._calm_since = when
        self._granted.append(when)
        if len(self._granted) > 4 * self.configured * WINDOW_SECONDS:
            _trim(self._granted, when - WINDOW_SECONDS)

    def throttled(self, now: float) -> bool:
        """Telegram answered 429; True if that made the rate slow down."""
        self._throttles.append(now)
        self._calm_since = now
        _trim(self._throttles, now - WINDOW_SECONDS)
        _trim(self._granted, now - WINDOW_SECONDS)
        if len(self._throttles) < max(MIN_429S, MAX_429_SHARE * len(self._granted)):
            return False
        self.rate = max(min(1.0, self.configured), self.rate * SLOWDOWN_FACTOR)
        self.slowdowns += 1
        self._throttles.clear()
        return True


@dataclass
class Lane(Pace):
    """Evenly spaced turns, granted to waiting callers by priority. Times are the loop's clock."""

    _next: float = float("-inf")
    _recent: deque[float] = field(default_factory=deque)  # the last turns, at most the rate of them
    _waiters: list[tuple[int, int, asyncio.Future[None]]] = field(default_factory=list)
    _order: itertools.count[int] = field(default_factory=itertools.count)
    _timer: asyncio.TimerHandle | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self._recent = deque(maxlen=max(1, math.floor(self.configured)))

    def take(self, now: float) -> float:
        """Book the next turn; how long to wait before using it (0: at once). No priority: for tests
        and single callers."""
        at = self._turn(now)
        self._book(at, max(at, now))
        return max(0.0, at - now)

    def _turn(self, now: float) -> float:
        """The next turn: its place on the even spacing if it is at most ``CATCH_UP`` behind (a late
        wake-up), else ``now``; and never more than the rate within ``1 + JITTER`` seconds."""
        at = self._next if self._next >= now - CATCH_UP else now
        limit = max(1, math.floor(self.rate))
        if len(self._recent) >= limit:
            at = max(at, self._recent[-limit] + 1.0 + JITTER)
        return at

    async def acquire(self, priority: int) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        if not self._waiters and (at := self._turn(now)) <= now:
            self._book(at, now)
            return
        waiter: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), waiter))
        self._arm(loop)
        await waiter

    def _book(self, at: float, when: float) -> None:
        """The turn on the spacing is ``at``; the message goes at ``when`` (``at`` or later)."""
        self.sent(when)
        self._next = at + (1.0 + JITTER) / self.rate
        self._recent.append(when)

    def _arm(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._timer is None:
            self._timer = loop.call_at(max(self._turn(loop.time()), loop.time()), self._grant, loop)

    def _grant(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        now = loop.time()
        while self._waiters and (at := self._turn(now)) <= now:
            _, _, waiter = heapq.heappop(self._waiters)
            if waiter.done():  # its caller gave up (cancelled)
                continue
            waiter.set_result(None)
            self._book(at, now)
        if self._waiters:
            self._arm(loop)


class LocalBudget:
    """The budget of one process: a free lane (``messages_per_second``) and a paid lane."""

    def __init__(self, messages_per_second: float, paid_per_second: float = 1000.0) -> None:
        self.free = Lane(messages_per_second)
        self.paid = Lane(paid_per_second)

    def _lane(self, paid: bool) -> Lane:
        return self.paid if paid else self.free

    def rate(self, *, paid: bool = False) -> float:
        return self._lane(paid).rate / (1.0 + JITTER)

    async def acquire(self, priority: Priority, *, paid: bool = False) -> None:
        await self._lane(paid).acquire(priority)

    def throttled(self, *, paid: bool = False) -> bool:
        return self._lane(paid).throttled(asyncio.get_running_loop().time())


def _trim(times: deque[float], horizon: float) -> None:
    while times and times[0] <= horizon:
        times.popleft()
