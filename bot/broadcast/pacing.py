"""Pacing of the sender, kept in memory: the global rate and the limits per chat.

``GlobalRate`` spaces messages ``1/rate`` apart (a small tolerance lets a late wake-up catch up a few
slots, so timer jitter does not lower the rate). When 429s become frequent — more than a small share
of what was sent recently, not a single chat's complaint — the rate is cut, then restored step by
step while Telegram stays quiet. ``ChatPacer`` keeps one message a second per chat and 20 a minute per
group or channel (negative chat ids), and honours Telegram's ``retry_after`` for one chat only.

Times are the event loop's monotonic seconds, passed in, so tests drive them directly.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

SLOWDOWN_FACTOR = 0.7  # rate kept after a burst of 429s
RECOVERY_STEP = 0.1  # share of the configured rate given back after each quiet period
QUIET_SECONDS = 5.0  # a period without 429 before the rate grows again
WINDOW_SECONDS = 5.0  # 429s are counted over this window
MIN_429S = 3  # fewer 429s than this in the window never slow the rate down
MAX_429_SHARE = 0.02  # ... nor do 429s under this share of the messages sent in the window


@dataclass
class GlobalRate:
    configured: float
    rate: float = 0.0
    slowdowns: int = 0
    _next: float | None = None
    _throttles: deque[float] = field(default_factory=deque)
    _sent: deque[float] = field(default_factory=deque)
    _calm_since: float = 0.0

    def __post_init__(self) -> None:
        self.rate = self.configured

    def reserve(self, now: float) -> float:
        """Book the next slot; returns how long to wait before using it (0: at once)."""
        self._recover(now)
        interval = 1.0 / self.rate
        tolerance = min(0.05, 3 * interval)
        at = now if self._next is None else max(self._next, now - tolerance)
        self._next = at + interval
        return max(0.0, at - now)

    def sent(self, now: float) -> None:
        self._sent.append(now)
        _trim(self._sent, now - WINDOW_SECONDS)

    def throttled(self, now: float) -> bool:
        """A 429 was answered; True if it slowed the global rate down."""
        self._throttles.append(now)
        self._calm_since = now
        _trim(self._throttles, now - WINDOW_SECONDS)
        _trim(self._sent, now - WINDOW_SECONDS)
        if len(self._throttles) < max(MIN_429S, MAX_429_SHARE * len(self._sent)):
            return False
        self.rate = max(min(1.0, self.configured), self.rate * SLOWDOWN_FACTOR)
        self.slowdowns += 1
        self._throttles.clear()
        return True

    def _recover(self, now: float) -> None:
        if self.rate < self.configured and now - self._calm_since >= QUIET_SECONDS:
            self.rate = min(self.configured, self.rate + RECOVERY_STEP * self.configured)
            self._calm_since = now


@dataclass
class ChatPacer:
    per_chat_interval: float = 1.0
    group_per_minute: int = 20
    _next: dict[int, float] = field(default_factory=dict)
    _groups: dict[int, deque[float]] = field(default_factory=dict)

    def ready_at(self, chat_id: int, now: float) -> float:
        """The earliest time a message to ``chat_id`` may go (``now`` or later)."""
        at = max(now, self._next.get(chat_id, now))
        history = self._groups.get(chat_id)
        if chat_id < 0 and history is not None and len(history) >= self.group_per_minute:
            at = max(at, history[-self.group_per_minute] + 60.0)
        return at

    def sent(self, chat_id: int, now: float) -> None:
        self._next[chat_id] = max(self._next.get(chat_id, 0.0), now + self.per_chat_interval)
        if chat_id < 0:  # groups, supergroups and channels have negative ids
            history = self._groups.setdefault(chat_id, deque())
            history.append(now)
            _trim(history, now - 60.0)

    def hold(self, chat_id: int, until: float) -> None:
        """Telegram asked to wait (retry_after): nothing to this chat before ``until``."""
        self._next[chat_id] = max(self._next.get(chat_id, 0.0), until)

    def forget_idle(self, now: float) -> None:
        """Drop chats with nothing to remember, so memory stays bounded on large broadcasts."""
        for chat_id in [c for c, at in self._next.items() if at <= now]:
            del self._next[chat_id]
        for chat_id in [c for c, times in self._groups.items() if not times or times[-1] <= now - 60.0]:
            del self._groups[chat_id]


def _trim(times: deque[float], horizon: float) -> None:
    while times and times[0] <= horizon:
        times.popleft()
