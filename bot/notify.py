"""Telling the team: the admin chat when one is configured, else each owner privately (and the
moderators privately, for what they may act on: new applications, reminders).

Used by the moderation queue, volunteer reviews and error alerts. A failure to reach one admin
(blocked the bot, never started it) is logged and does not stop the others. Notices wait behind
replies to readers when the bot is busy (``Priority.NOTICE``), and are sent again after a 429.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.context import BotContext
from bot.sending.budget import Priority
from bot.sending.gate import sending_as
from storage.repos import users

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def admin_recipients(context: BotContext) -> list[int]:
    settings = context.services.config.bot
    if settings.admin_chat_id is not None:
        return [settings.admin_chat_id]
    return sorted(settings.admin_ids)


async def moderator_ids(context: BotContext) -> list[int]:
    async with context.services.sessionmaker() as session:
        return sorted(user.id for user in await users.list_moderators(session))


async def notify_admins(
    context: BotContext,
    text: str,
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
    moderators: bool = False,
) -> list[tuple[int, int]]:
    """Send ``text`` (HTML) to the team (and to each moderator privately with ``moderators``, when
    they may act on it); returns (chat_id, message_id) of what was delivered."""
    delivered: list[tuple[int, int]] = []
    recipients = admin_recipients(context)
    if moderators:
        recipients += [user_id for user_id in await moderator_ids(context) if user_id not in recipients]
    for chat_id in recipients:
        try:
            with sending_as(Priority.NOTICE):
                message = await context.bot.send_message(
                    chat_id,
                    text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=reply_markup,
                    link_preview_options=NO_PREVIEW,
                )
        except TelegramError as exc:
            log.warning("could not notify admin chat %s: %s", chat_id, exc)
            continue
        delivered.append((chat_id, message.message_id))
    return delivered
