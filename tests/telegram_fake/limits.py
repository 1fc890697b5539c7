"""Optional flood control: answer 429 with retry_after when the bot sends faster than Telegram allows.

Telegram documents about 1 message a second per chat, 20 a minute per group or channel and 30 a second
overall for bulk notifications. The real server tolerates short bursts; this one is exact, so a sender
that respects the limits never sees a 429 and one that does not is caught deterministically.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from .models import JSON, ApiError, too_many_requests

# What counts as "a message" for flood control; edits and chat actions are not limited here.
COUNTED_METHODS = frozenset(
    [
        "sendmessage",
        "senddocument",
        "sendphoto",
        "sendsticker",
        "sendmediagroup",
        "copymessage",
        "forwardmessage",
    ]
)


@dataclass
class FloodControl:
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20
    global_per_second: int = 30
    clock: Callable[[], float] = time.monotonic
    refused: int = 0
    _global: deque[float] = field(default_factory=deque)
    _chats: dict[int, deque[float]] = field(default_factory=dict)

    def admit(self, method: str, chat: JSON | None) -> ApiError | None:
        """None if the call may go through (and it is counted), else the 429 to answer."""
        if method.lower() not in COUNTED_METHODS or chat is None:
            return None
        now = self.clock()
        history = self._chats.setdefault(int(chat["id"]), deque())
        checks = [(self._global, 1.0, self.global_per_second), (history, 1.0, self.per_chat_per_second)]
        if chat["type"] != "private":
            checks.append((history, 60.0, self.per_group_per_minute))
        wait = max(_wait(times, window, limit, now) for times, window, limit in checks)
        if wait > 0:
            self.refused += 1
            return too_many_requests(max(1, math.ceil(wait)))
        self._global.append(now)
        history.append(now)
        _trim(self._global, now - 1.0)
        _trim(history, now - 60.0)
        return None


def _wait(times: deque[float], window: float, limit: int, now: float) -> float:
    """Seconds until one more event fits in `window` without exceeding `limit`."""
    recent = [t for t in times if t > now - window]
    if len(recent) < limit:
        return 0.0
    return recent[-limit] + window - now


def _trim(times: deque[float], horizon: float) -> None:
    while times and times[0] <= horizon:
        times.popleft()
