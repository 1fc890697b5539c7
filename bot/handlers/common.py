"""Small helpers shared by the handlers: who is asking, which chat, may they manage the group."""

from __future__ import annotations

import logging

from telegram import Chat, Message, Update, User
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from bot.context import BotContext, Services
from bot.people import remember_user
from bot.summaries import Requester
from storage.repos import chats

log = logging.getLogger(__name__)

ADMIN_STATUSES = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


def requester(update: Update) -> Requester:
    user = update.effective_user
    chat = update.effective_chat
    if user is None:
        raise ValueError("update without a user")
    return Requester(
        user_id=user.id,
        chat_id=chat.id if chat else None,
        username=user.username,
        first_name=user.first_name,
        last_name=user.last_name,
        language_code=user.language_code,
    )


def is_group(chat: Chat) -> bool:
    return chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def remember(services: Services, chat: Chat, user: User | None) -> None:
    """Store the chat and the user as Telegram describes them now."""
    async with services.sessionmaker.begin() as session:
        if user is not None:
            await remember_user(session, user.id, user)
        await chats.upsert_chat(
            session, chat.id, type=str(chat.type), title=chat.title or chat.full_name, username=chat.username
        )


async def may_manage(message: Message | None, user: User | None, context: BotContext) -> bool:
    """In a private chat anyone; in a group its administrators (including an anonymous admin)."""
    if message is None:
        return False
    chat = message.chat
    if not is_group(chat):
        return chat.type == ChatType.PRIVATE
    if message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True  # an anonymous administrator posts as the group itself
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        log.warning("could not check the member status of %s in %s", user.id, chat.id, exc_info=True)
        return False
    return member.status in ADMIN_STATUSES
