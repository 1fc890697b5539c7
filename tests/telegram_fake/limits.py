"""Flood control: answer 429 with retry_after when the bot sends faster than Telegram allows.

Telegram documents about 30 messages a second overall, about 1 a second per chat (private chats
tolerate a short burst) and 20 a minute per group or channel; edits count like messages. Paid
broadcasts (``allow_paid_broadcast``) have their own lane of 1,000 a second. The real server tolerates
more; this one is exact, so a bot that respects the limits never sees a 429 and one that does not is
caught deterministically:

- global: at most ``global_per_second`` free messages in any one-second window (paid ones apart);
- private chat: a token bucket of ``private_burst`` messages refilled ``per_chat_per_second``;
- group or channel: ``per_chat_per_second`` in any second and ``per_group_per_minute`` in any minute;
- a 429 tells the bot to wait ``retry_after`` for that chat: a counted call to it before then is
  refused again and recorded in ``early`` (chat id, seconds too soon), as is a call after an injected
  429 (``fake.rate_limit``).
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from .models import JSON, ApiError, too_many_requests

# What counts as "a message" for flood control; chat actions and answers to buttons are not limited.
COUNTED_METHODS = frozenset(
    [
        "sendmessage",
        "senddocument",
        "sendphoto",
        "sendsticker",
        "sendmediagroup",
        "copymessage",
        "forwardmessage",
        "editmessagetext",
        "editmessagecaption",
        "editmessagemedia",
        "editmessagereplymarkup",
    ]
)


@dataclass
class FloodControl:
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20
    global_per_second: int = 30
    private_burst: int = 3
    paid_per_second: int = 1000
    clock: Callable[[], float] = time.monotonic
    refused: int = 0
    # Refusals by the limit that was hit: "global" (the bot's messages a second), "paid", "chat"
    # (a private chat's or a group's pace), "early" (a call before its retry_after).
    refused_by: Counter[str] = field(default_factory=Counter)
    early: list[tuple[int, float]] = field(default_factory=list)
    _global: deque[float] = field(default_factory=deque)
    _paid: deque[float] = field(default_factory=deque)
    _groups: dict[int, deque[float]] = field(default_factory=dict)
    _tat: dict[int, float] = field(default_factory=dict)
    _until: dict[int, float] = field(default_factory=dict)

    def admit(self, method: str, chat: JSON | None, *, paid: bool = False) -> ApiError | None:
        """None if the call may go through (and it is counted), else the 429 to answer."""
        if method.lower() not in COUNTED_METHODS or chat is None:
            return None
        now, chat_id = self.clock(), int(chat["id"])
        until = self._until.get(chat_id, 0.0)
        if now < until:
            self.early.append((chat_id, until - now))
            self.refused += 1
            self.refused_by["early"] += 1
            return too_many_requests(max(1, math.ceil(until - now)))
        lane, limit = (self._paid, self.paid_per_second) if paid else (self._global, self.global_per_second)
        _trim(lane, now - 1.0)
        overall = _wait(lane, 1.0, limit, now)
        waits = [overall]
        interval = 1.0 / self.per_chat_per_second
        if chat["type"] == "private":
            tat = max(self._tat.get(chat_id, now), now)
            waits.append(tat - (self.private_burst - 1) * interval - now)
        else:
            history = self._groups.setdefault(chat_id, deque())
            _trim(history, now - 60.0)
            waits += [_wait(history, 1.0, self.per_chat_per_second, now)]
            waits += [_wait(history, 60.0, self.per_group_per_minute, now)]
        wait = max(waits)
        if wait > 0:
            self.refused_by[("paid" if paid else "global") if overall > 0 else "chat"] += 1
            return self.too_many(chat_id, wait)
        lane.append(now)
        if chat["type"] == "private":
            self._tat[chat_id] = tat + interval
        else:
            history.append(now)
        return None

    def too_many(self, chat_id: int, wait: float) -> ApiError:
        self.refused += 1
        seconds = max(1, math.ceil(wait))
        self.told(chat_id, seconds)
        return too_many_requests(seconds)

    def told(self, chat_id: int, retry_after: float) -> None:
        """The bot was told to wait ``retry_after`` seconds before its next message to ``chat_id``."""
        self._until[chat_id] = max(self._until.get(chat_id, 0.0), self.clock() + retry_after)


def _wait(times: deque[float], window: float, limit: int, now: float) -> float:
    """Seconds until one more event fits in ``window`` without exceeding ``limit`` (times sorted)."""
    if len(times) < limit:
        return 0.0
    return max(0.0, times[-limit] + window - now)


def _trim(times: deque[float], horizon: float) -> None:
    while times and times[0] <= horizon:
        times.popleft()
