"""python-telegram-bot's rate limiter for the bot's own calls: every message and edit through the gate.

Why not PTB's ``AIORateLimiter``: it has no priority (a broadcast would delay replies), no pace for
private chats, and a 429 stops every request of the bot for ``retry_after`` instead of one chat.
The broadcast sender needs the same limits and has its own client (``bot.broadcast.client``); with
this class both take their turns from one ``SendGate``.

Methods that send or edit a message wait for their turn; the others (answering a button or an inline
query, reading a chat, setting commands) go at once, as Telegram does not count them. A 429 holds
that chat for ``retry_after`` and the call is made again, at most ``max_retries`` times and only for
waits up to ``max_retry_wait``; then the ``RetryAfter`` goes to the caller. Other errors (403, 400,
network) go to the caller unchanged.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter, ExtBot

from bot.broadcast.outcomes import classify
from bot.sending.gate import SendGate, current_priority
from bot.sending.pacing import ChatKey

log = logging.getLogger(__name__)

# Bot API methods that put a message in a chat or change one: what Telegram's flood limits count.
COUNTED_PREFIXES = ("send", "editmessage", "copymessage", "forwardmessage")
NOT_COUNTED = frozenset({"sendchataction"})

Result = bool | JSONDict | list[JSONDict]


def counted(endpoint: str) -> bool:
    name = endpoint.lower()
    return name.startswith(COUNTED_PREFIXES) and name not in NOT_COUNTED


def chat_of(data: dict[str, Any]) -> ChatKey | None:
    raw = data.get("chat_id")
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    with contextlib.suppress(ValueError):
        return int(text)
    return text or None


class BotRateLimiter(BaseRateLimiter[None]):
    def __init__(self, gate: SendGate) -> None:
        self.gate = gate

    async def initialize(self) -> None:
        """Nothing to open: the gate lives in memory."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        if not counted(endpoint):
            return await callback(*args, **kwargs)
        chat, priority = chat_of(data), current_priority()
        paid = bool(data.get("allow_paid_broadcast"))
        settings = self.gate.settings
        retries = 0
        while True:
            await self.gate.admit(chat, priority, paid=paid)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                seconds = classify(error).retry_after
                self.gate.retry_after(chat, seconds, paid=paid)
                if retries >= settings.max_retries or seconds > settings.max_retry_wait:
                    log.warning("%s to chat %s: 429 (retry after %gs), given up", endpoint, chat, seconds)
                    raise
                retries += 1
                log.info("%s to chat %s: 429, sent again in %gs", endpoint, chat, seconds)


def gate_of(bot: object) -> SendGate:
    """The gate of an application's bot (built by ``bot.app``)."""
    limiter = bot.rate_limiter if isinstance(bot, ExtBot) else None
    if not isinstance(limiter, BotRateLimiter):
        raise RuntimeError("the bot was built without the sending gate (bot.app.build_application)")
    return limiter.gate
