"""Pacing per chat, kept in memory: a burst then one message a second, 20 a minute per group.

Each chat has a "theoretical arrival time" (the generic cell rate algorithm): a message may go when
``tat - burst_allowance <= now``, and each message pushes ``tat`` one interval further. A private
chat gets a burst of ``private_burst`` messages, a group or channel (negative id, or ``@name``) none,
and at most ``group_per_minute`` in any minute. Telegram's ``retry_after`` holds one chat: nothing
goes to it before then, and no burst right after.

Intervals carry a small margin (``JITTER``) since Telegram counts arrivals, not departures. Times are
the event loop's monotonic seconds, passed in, so tests drive them directly.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

JITTER = 0.03  # seconds added to every interval and to the minute of a group

ChatKey = int | str


def is_group(chat: ChatKey) -> bool:
    """Groups, supergroups and channels have negative ids; ``@name`` is always a public one."""
    return isinstance(chat, str) or chat < 0


@dataclass
class ChatPacer:
    per_chat_interval: float = 1.0
    group_per_minute: int = 20
    private_burst: int = 1
    _tat: dict[ChatKey, float] = field(default_factory=dict)
    _groups: dict[ChatKey, deque[float]] = field(default_factory=dict)

    @property
    def interval(self) -> float:
        return self.per_chat_interval + JITTER

    def _allowance(self, chat: ChatKey) -> float:
        return 0.0 if is_group(chat) else (self.private_burst - 1) * self.interval

    def ready_at(self, chat: ChatKey, now: float) -> float:
        """The earliest time a message to ``chat`` may go (``now`` or later)."""
        at = max(now, self._tat.get(chat, now) - self._allowance(chat))
        history = self._groups.get(chat)
        if history is not None and len(history) >= self.group_per_minute:
            at = max(at, history[-self.group_per_minute] + 60.0 + JITTER)
        return at

    def take(self, chat: ChatKey, at: float) -> None:
        """A message goes to ``chat`` at ``at`` (no earlier than ``ready_at``)."""
        self._tat[chat] = max(self._tat.get(chat, at), at) + self.interval
        if is_group(chat):
            history = self._groups.setdefault(chat, deque(maxlen=self.group_per_minute))
            history.append(at)

    def try_take(self, chat: ChatKey, now: float) -> bool:
        """Take the chat's turn if it is now; False (nothing booked) if the chat must wait."""
        if self.ready_at(chat, now) > now:
            return False
        self.take(chat, now)
        return True

    def hold(self, chat: ChatKey, until: float) -> None:
        """Telegram asked to wait (retry_after): nothing to this chat before ``until``, then no burst."""
        self._tat[chat] = max(self._tat.get(chat, until), until + self._allowance(chat))

    def forget_idle(self, now: float) -> None:
        """Drop chats with nothing to remember, so memory stays bounded on large broadcasts."""
        for chat in [c for c, tat in self._tat.items() if tat <= now]:
            del self._tat[chat]
        for chat in [c for c, times in self._groups.items() if not times or times[-1] <= now - 60.0]:
            del self._groups[chat]
