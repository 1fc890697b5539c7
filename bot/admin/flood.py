"""Flood control for readers: too many messages in a short time, and the bot stops answering for a while.

The counts live in memory by default (a restart forgets them: flood control protects the bot's
replies, not a security boundary); with several replicas they live in the database
(``bot.replicas.rates.SharedFlood``, chosen by ``[replicas] shared_state``) with the same rules.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.context import BotContext
from bot.limits import Verdict
from bot.roles import Level, level_of

log = logging.getLogger(__name__)

# Above this many tracked users, idle ones are forgotten, so memory stays bounded under a raid.
MAX_TRACKED = 10_000


@dataclass(slots=True)
class _Sender:
    times: deque[float] = field(default_factory=deque)
    muted_until: float = 0.0
    told_until: float = 0.0  # no second notice before this time


@dataclass(slots=True)
class FloodGuard:
    """Sliding window of each sender's recent messages (``now`` is any monotonic clock, in seconds)."""

    senders: dict[int, _Sender] = field(default_factory=dict)

    def hit(self, user_id: int, now: float, *, limit: int, window: float, cooldown: float) -> Verdict:
        """Count one message from ``user_id`` and say what to do with it."""
        if limit <= 0:
            return Verdict.PASS
        sender = self.senders.get(user_id)
        if sender is None:
            self._make_room(now, window)
            sender = self.senders[user_id] = _Sender()
        if now < sender.muted_until:
            return Verdict.DROP  # not counted: once the pause is over, the sender starts afresh
        times = sender.times
        times.append(now)
        while times and times[0] <= now - window:
            times.popleft()
        if len(times) <= limit:
            return Verdict.PASS
        sender.muted_until = now + cooldown
        times.clear()
        if now < sender.told_until:
            return Verdict.DROP  # a sender who keeps flooding after a pause is not told again and again
        sender.told_until = now + max(cooldown * 4, window)
        return Verdict.NOTIFY

    def forget(self, user_id: int) -> None:
        self.senders.pop(user_id, None)

    def _make_room(self, now: float, window: float) -> None:
        if len(self.senders) < MAX_TRACKED:
            return
        idle = [
            uid
            for uid, s in self.senders.items()
            if s.muted_until <= now and s.told_until <= now and (not s.times or s.times[-1] <= now - window)
        ]
        for uid in idle:
            del self.senders[uid]
        if len(self.senders) >= MAX_TRACKED:  # everyone is active: drop the oldest entries
            for uid in list(self.senders)[: MAX_TRACKED // 10]:
                del self.senders[uid]


class LocalFlood:
    """The in-memory ``FloodCounter`` of one process."""

    def __init__(self) -> None:
        self.guard = FloodGuard()

    async def hit(self, user_id: int, now: float, *, limit: int, window: float, cooldown: float) -> Verdict:
        return self.guard.hit(user_id, now, limit=limit, window=window, cooldown=cooldown)

    async def forget(self, user_id: int) -> None:
        self.guard.forget(user_id)


class FloodGate:
    """Handler of an early group: counts what readers send to the bot and stops a flood.

    Counted: messages in a private chat, and commands or mentions of the bot in a group (the rest of
    a group's chatter is not addressed to the bot). Owners and moderators are never slowed down.
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock  # Unix time: replicas counting in the database share it

    async def screen(self, update: object, context: BotContext) -> None:
        if not isinstance(update, Update) or update.message is None or update.effective_user is None:
            return
        message, user = update.message, update.effective_user
        if not _addressed_to_bot(message, context.bot.username):
            return
        services = context.services
        settings = services.config.admin
        if user.id in services.config.bot.admin_ids:
            return
        verdict = await services.flood.hit(
            user.id,
            self._clock(),
            limit=settings.flood_messages,
            window=settings.flood_seconds,
            cooldown=settings.flood_cooldown_seconds,
        )
        if verdict is Verdict.PASS:
            return
        if await level_of(services, user.id) >= Level.MODERATOR:
            await services.flood.forget(user.id)
            return
        if verdict is Verdict.NOTIFY:
            log.info("user %s is flooding: slowed down for %ss", user.id, settings.flood_cooldown_seconds)
            try:
                await message.reply_text(texts.FLOOD_NOTICE)
            except TelegramError as exc:
                log.info("could not tell user %s to slow down: %s", user.id, exc)
        raise ApplicationHandlerStop


def _addressed_to_bot(message: Message, username: str) -> bool:
    if message.chat.type == ChatType.PRIVATE:
        return True
    text = message.text or message.caption or ""
    return text.startswith("/") or f"@{username}".lower() in text.lower()
