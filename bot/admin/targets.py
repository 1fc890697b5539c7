"""Who an admin command is about: a user id, an @username the bot has seen, or the author of the
message the command replies to (a forwarded message, or a message in a group).

Telegram hides the author of a forward when that person's privacy settings say so; such a message
only carries a display name, and the admin is told to use the id or the @username instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, MessageOriginHiddenUser, MessageOriginUser
from telegram import User as TelegramUser

from bot.admin import texts
from bot.ids import parse_id
from bot.people import remember_user
from storage.models import User
from storage.repos import users


class TargetError(Exception):
    """The command does not say who it is about; ``text`` (HTML) tells the admin why."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True, slots=True)
class Target:
    user_id: int
    profile: TelegramUser | None  # as Telegram showed it in the replied-to message, to store it
    rest: list[str]  # the command's arguments after the person (a ban's reason)


def from_message(message: Message, args: list[str], bot_id: int) -> Target | None:
    """The target given by a reply, if the command replies to a message."""
    replied = message.reply_to_message
    if replied is None:
        return None
    origin = replied.forward_origin
    if isinstance(origin, MessageOriginUser):
        return Target(origin.sender_user.id, origin.sender_user, args)
    if isinstance(origin, MessageOriginHiddenUser):
        raise TargetError(texts.HIDDEN_FORWARD)
    if origin is not None:
        raise TargetError(texts.FORWARD_FROM_CHAT)
    author = replied.from_user
    if author is None or replied.sender_chat is not None:
        raise TargetError(texts.FORWARD_FROM_CHAT)
    if author.id == bot_id:
        raise TargetError(texts.REPLY_TO_BOT)
    if author.is_bot:
        raise TargetError(texts.FORWARD_FROM_CHAT)
    return Target(author.id, author, args)


async def resolve(
    session: AsyncSession, message: Message, args: list[str], *, bot_id: int, usage: str
) -> Target:
    """The person a moderation command is about; raises TargetError with a message for the admin."""
    replied = from_message(message, args, bot_id)
    if replied is not None:
        return replied
    if not args:
        raise TargetError(usage)
    first, rest = args[0], args[1:]
    if (user_id := parse_id(first)) is not None and user_id > 0:
        return Target(user_id, None, rest)
    if first.startswith("@") and len(first) > 1:
        found = await users.find_user_by_username(session, first)
        if found is None:
            raise TargetError(texts.unknown_username(first))
        return Target(found.id, None, rest)
    raise TargetError(f"{texts.NOT_A_USER_ID}\n\n{usage}")


async def remember(session: AsyncSession, target: Target) -> User | None:
    """The user's row (None if unknown); someone known only from a replied-to message is stored."""
    row = await users.get_user(session, target.user_id)
    if row is None and target.profile is not None:
        return await remember_user(session, target.profile.id, target.profile)
    return row


def label(row: User | None, user_id: int) -> str:
    if row is None:
        return f"<code>{user_id}</code>"
    return texts.person(row.id, row.first_name, row.last_name, row.username)
