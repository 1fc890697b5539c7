"""Lifting a ban, the same way whoever lifts it: /unban, the expiry job, or the ban gate when someone
whose temporary ban has ended writes before the job ran.

The ban row is cleared by one conditional UPDATE (two tasks lifting the same ban: one wins, the
reader is told once), the audit log records it, the in-memory ban list forgets it, and the reader is
told they are back, with the subscription the ban had only suspended.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot import texts
from bot.admin import targets
from bot.admin.audit import audit, user_target
from bot.context import BotApplication, BotContext, Services
from storage.models import utcnow
from storage.repos import chats, subscriptions, users


class BanList(Protocol):
    """What lifting needs of the gate's cache (bot.admin.gate.BanList), without importing the gate."""

    def lifted(self, user_id: int) -> None: ...


log = logging.getLogger(__name__)

EXPIRED_ACTION = "ban.expired"


@dataclass(frozen=True, slots=True)
class Lifted:
    label: str  # the person, as admin texts name them (HTML)
    subscription: str | None  # the resumed subscription of their private chat, in a few words
    told: bool  # whether the reader got the message saying they are back


async def lift(
    services: Services,
    bot: Bot,
    bans: BanList,
    user_id: int,
    *,
    actor_id: int | None,
    expired_at: datetime | None = None,
) -> Lifted | None:
    """Lift ``user_id``'s ban (with ``expired_at``: only a temporary ban ended by then); None if there
    was nothing to lift."""
    async with services.sessionmaker.begin() as session:
        if not await users.lift_ban(session, user_id, expired_at=expired_at):
            return None
        action = "unban" if expired_at is None else EXPIRED_ACTION
        await audit(session, actor_id, action, user_target(user_id))
        row = await users.get_user(session, user_id)
        label = targets.label(row, user_id)
        subscription = await subscriptions.get_subscription(session, user_id)
        chat = await chats.get_chat(session, user_id)
        resumed = (
            texts.subscription_summary(
                subscription.delivery_mode, subscription.digest_hour, subscription.summary_sentences
            )
            if subscription is not None and chat is not None and chat.can_post
            else None
        )
    bans.lifted(user_id)
    log.info("ban of user %s lifted (%s)", user_id, "expired" if expired_at else f"by {actor_id}")
    return Lifted(label, resumed, await _tell(bot, user_id, texts.ban_lifted_notice(resumed)))


async def _tell(bot: Bot, user_id: int, text: str) -> bool:
    try:
        await bot.send_message(user_id, text, parse_mode=ParseMode.HTML)
    except TelegramError as exc:
        log.info("could not tell user %s that their ban was lifted: %s", user_id, exc)
        return False
    return True


async def lift_expired(services: Services, bot: Bot, bans: BanList, now: datetime | None = None) -> int:
    """Lift every temporary ban that has ended; returns how many were lifted."""
    now = now or utcnow()
    async with services.sessionmaker() as session:
        due = await users.expired_bans(session, now=now)
    lifted = 0
    for user_id in due:
        if await lift(services, bot, bans, user_id, actor_id=None, expired_at=now) is not None:
            lifted += 1
    return lifted


def schedule_expiry(application: BotApplication, bans: BanList) -> None:
    """Check for ended bans at start-up (a restart misses none) and then every
    ``[admin] ban_check_seconds``; the ban gate also lifts an ended ban when its owner writes."""
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("the job queue is missing: install python-telegram-bot[job-queue]")

    async def check(context: BotContext) -> None:
        await lift_expired(context.services, context.bot, bans)

    async def first(context: BotContext) -> None:
        interval = context.services.config.admin.ban_check_seconds
        queue.run_repeating(check, interval=interval, first=interval, name="bans-expiry")
        await check(context)

    job: Callable[[BotContext], Coroutine[Any, Any, None]] = first
    # Scheduled before the bot starts, so already late when the job queue starts: without a grace
    # time of None, APScheduler would drop it as misfired when start-up takes over a second.
    queue.run_once(job, when=0, name="bans-expiry-start", job_kwargs={"misfire_grace_time": None})
