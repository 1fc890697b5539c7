"""The gate every outgoing message passes: the chat's turn, then a turn of the global budget.

``SendGate.admit(chat, priority)`` returns when one message may go to ``chat``; ``retry_after``
records Telegram's 429 for that chat (nothing goes to it before then) and tells the budget. The
priority of python-telegram-bot calls comes from ``sending_as`` (a context variable, so a handler's
replies need no argument): replies by default, ``Priority.NOTICE`` for the team's notifications.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from bot import metrics
from bot.sending.budget import LocalBudget, Priority, SendBudget
from bot.sending.pacing import ChatKey, ChatPacer
from bot.sending.settings import SendingSettings

log = logging.getLogger(__name__)

FORGET_EVERY = 1000  # turns between two sweeps of idle chats

_priority: ContextVar[Priority] = ContextVar("sending_priority", default=Priority.REPLY)


@contextlib.contextmanager
def sending_as(priority: Priority) -> Iterator[None]:
    """``with sending_as(Priority.NOTICE): await bot.send_message(...)``: the calls inside wait as that."""
    token = _priority.set(priority)
    try:
        yield
    finally:
        _priority.reset(token)


def current_priority() -> Priority:
    return _priority.get()


class SendGate:
    def __init__(
        self, settings: SendingSettings, budget: SendBudget | None = None, *, paid_per_second: float = 1000.0
    ) -> None:
        self.settings = settings
        self.budget: SendBudget = budget or LocalBudget(settings.messages_per_second, paid_per_second)
        self.pacer = ChatPacer(settings.per_chat_interval, settings.group_per_minute, settings.private_burst)
        self._turns = itertools.count(1)
        self.throttled = 0  # 429s answered so far (all kinds)
        # Told of every chat Telegram asked to wait for (chat, seconds): the other replicas' pacers.
        self.on_hold: Callable[[ChatKey, float], None] | None = None

    async def admit(self, chat: ChatKey | None, priority: Priority, *, paid: bool = False) -> None:
        """Wait until one message may go to ``chat`` (None: a message without chat, such as an inline
        message's edit, which only takes a turn of the budget)."""
        loop = asyncio.get_running_loop()
        while True:
            if chat is not None:
                at = self.pacer.ready_at(chat, loop.time())
                if at > loop.time():
                    await asyncio.sleep(at - loop.time())
            await self.budget.acquire(priority, paid=paid)
            now = loop.time()
            # The chat's turn is taken only now, when the message really goes: another message to the
            # same chat, or Telegram's 429, may have taken it meanwhile (then this budget turn is lost).
            if chat is None or self.pacer.try_take(chat, now):
                break
        if next(self._turns) % FORGET_EVERY == 0:
            self.pacer.forget_idle(now)

    def retry_after(self, chat: ChatKey | None, seconds: float, *, paid: bool = False) -> None:
        """Telegram answered 429: hold ``chat`` for ``seconds``, and let the budget know."""
        self.throttled += 1
        metrics.rate_limited()
        if chat is not None:
            self.pacer.hold(chat, asyncio.get_running_loop().time() + seconds)
            if self.on_hold is not None:
                self.on_hold(chat, seconds)
        if self.budget.throttled(paid=paid):
            log.warning("repeated 429s: sending slowed down to %.1f/s", self.budget.rate(paid=paid))
