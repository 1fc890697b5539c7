"""The ban gate: every update from a banned user stops here, before any feature sees it.

A banned user is told once, politely (in their private chat, or as the alert of a button they
pressed), and then ignored: no summaries, no inline results, no buttons, no form. Only
/mesdonnees and /supprimer_mes_donnees stay open to them. Owners are never
screened. Banned ids (with the end of a temporary ban) are kept in memory; every ban and unban
moves a version counter in the database (``storage.repos.users.BANS_VERSION``), read at most once
a second, so a ban made on any replica is enforced by all within about a second. The ids are also
re-read every ``[admin] ban_cache_seconds`` whatever the counter says. A temporary ban that has
ended is lifted here when its owner writes, even before the expiry job runs. When the list cannot
be read, the error handler stops the update: the gate fails closed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime
from enum import Enum

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import callbacks, texts
from bot.admin import lifting
from bot.admin.durations import paris_date
from bot.context import BotContext, Services
from storage.models import utcnow
from storage.repos import shared, users

log = logging.getLogger(__name__)

VERSION_CHECK_SECONDS = 1.0  # how often the bans' version counter is read (one primary-key lookup)
PRIVACY_COMMANDS = frozenset({"mesdonnees", "supprimer_mes_donnees"})


class Notice(Enum):
    TELL = "tell"  # first contact since the ban: tell them
    SILENT = "silent"  # already told
    LIFTED = "lifted"  # no longer banned (lifted by another process): let the update through


class BanList:
    """Banned user ids in memory, and who was already told in this process."""

    def __init__(self) -> None:
        self._ids: dict[int, datetime | None] = {}  # banned id -> end of a temporary ban
        self._loaded_at: float | None = None
        self._checked_at = 0.0
        self._version = -1
        self._lock = asyncio.Lock()
        self._told: set[int] = set()  # told (or being told) since this process started

    async def contains(self, services: Services, user_id: int) -> bool:
        if self._due():
            async with self._lock:
                if self._due():
                    await self._refresh(services)
        return user_id in self._ids

    def _due(self) -> bool:
        return self._loaded_at is None or time.monotonic() - self._checked_at >= VERSION_CHECK_SECONDS

    async def _refresh(self, services: Services) -> None:
        now = time.monotonic()
        max_age = services.config.admin.ban_cache_seconds
        async with services.sessionmaker() as session:
            version = await shared.get_version(session, users.BANS_VERSION)
            if self._loaded_at is None or version != self._version or now - self._loaded_at >= max_age:
                self._ids = await users.banned_user_ids(session)
                self._told &= self._ids.keys()
                self._loaded_at, self._version = now, version
        self._checked_at = now

    def banned(self, user_id: int, until: datetime | None = None) -> None:
        self._ids[user_id] = until
        self._told.discard(user_id)

    def lifted(self, user_id: int) -> None:
        self._ids.pop(user_id, None)
        self._told.discard(user_id)

    def ended(self, user_id: int, now: datetime) -> bool:
        """Whether ``user_id``'s ban is a temporary one that has ended by ``now``."""
        until = self._ids.get(user_id)
        return until is not None and until <= now

    async def claim_notice(self, services: Services, user_id: int) -> tuple[Notice, datetime | None]:
        """Whether this update should carry the ban notice (and the end of the ban, to say it);
        marks the notice as given in the database."""
        if user_id in self._told:
            return Notice.SILENT, None
        self._told.add(user_id)  # before any await: concurrent updates of the same user stay silent
        async with services.sessionmaker.begin() as session:
            row = await users.get_user(session, user_id)
            if row is None or not row.is_banned:
                self.lifted(user_id)
                return Notice.LIFTED, None
            if row.ban_notified:
                return Notice.SILENT, None
            await users.mark_ban_notified(session, user_id)
            return Notice.TELL, row.banned_until

    async def screen(self, update: object, context: BotContext) -> None:
        """Handler of the first group: stop the update if its sender is banned."""
        if not isinstance(update, Update) or update.my_chat_member is not None:
            return  # membership changes keep the chat state true, banned or not
        user = update.effective_user
        services = context.services
        if user is None or user.id in services.config.bot.admin_ids:
            return
        if not await self.contains(services, user.id) or _privacy_request(update):
            return
        now = utcnow()
        if self.ended(user.id, now) and await lifting.lift(
            services, context.bot, self, user.id, actor_id=None, expired_at=now
        ):
            return  # the ban ended before the expiry job saw it: they are told, and served
        notice, until = (
            await self.claim_notice(services, user.id) if _can_tell(update) else (Notice.SILENT, None)
        )
        if notice is Notice.LIFTED:
            return
        if notice is Notice.TELL:
            log.info("banned user %s told about the ban", user.id)
        text = texts.banned_until_notice(paris_date(until, now=now)) if until else texts.BANNED_NOTICE
        try:
            await _answer(update, text if notice is Notice.TELL else None)
        except TelegramError as exc:
            log.info("could not answer banned user %s: %s", user.id, exc)
        raise ApplicationHandlerStop


def _privacy_request(update: Update) -> bool:
    """Seeing or erasing one's own data stays possible when banned: it is a right, not a service,
    and erasing keeps the ban itself (storage keeps a stripped row for a banned user)."""
    if update.callback_query is not None:
        return isinstance(callbacks.parse(update.callback_query.data or ""), callbacks.DeleteMyData)
    message = update.message
    if message is None or message.chat.type != ChatType.PRIVATE or not (message.text or "").startswith("/"):
        return False
    command = (message.text or "").split()[0][1:].split("@")[0].lower()
    return command in PRIVACY_COMMANDS


def _can_tell(update: Update) -> bool:
    """Only where the notice reaches the user alone: their private chat, or a button's alert."""
    if update.callback_query is not None:
        return True
    message = update.message
    return message is not None and message.chat.type == ChatType.PRIVATE


async def _answer(update: Update, notice: str | None) -> None:
    """The notice, or the least a client needs (a button's spinner stopped, empty inline results)."""
    if update.callback_query is not None:
        if notice:
            await update.callback_query.answer(notice, show_alert=True)
        else:
            await update.callback_query.answer()
    elif update.inline_query is not None:
        await update.inline_query.answer([], cache_time=0, is_personal=True)
    elif notice and update.message is not None:
        await update.message.reply_text(notice)
