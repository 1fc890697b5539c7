"""Keep the stored chat state true: the bot blocked or unblocked, removed from or added to a group,
a group migrated to a supergroup."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.ext import ChatMemberHandler, MessageHandler, filters

from bot.context import BotApplication, BotContext
from bot.handlers.common import remember
from storage.errors import NotFound
from storage.repos import chats

log = logging.getLogger(__name__)

GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    change = update.my_chat_member
    if change is None:
        return
    services = context.services
    can_post = change.new_chat_member.status not in GONE
    await remember(services, change.chat, change.from_user if change.chat.type == "private" else None)
    async with services.sessionmaker.begin() as session:
        await chats.set_can_post(session, change.chat.id, can_post)
    log.info("chat %s: bot is now %s", change.chat.id, change.new_chat_member.status)


async def on_migration(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        old_id, new_id = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old_id, new_id = message.migrate_from_chat_id, message.chat.id
    else:
        return
    async with context.services.sessionmaker.begin() as session:
        old = await chats.get_chat(session, old_id)
        if old is None or old.migrated_to_id == new_id:
            return  # unknown group, or the other half of the same migration already handled
        try:
            await chats.migrate_chat(session, old_id, new_id)
        except NotFound:
            return
    log.info("group %s migrated to supergroup %s", old_id, new_id)


def register(application: BotApplication) -> None:
    application.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migration))
