"""Small helpers of the admin handlers: replying in HTML and naming users."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message

from bot.admin import texts
from storage.repos import users

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def answer(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await message.reply_text(text, parse_mode="HTML", link_preview_options=NO_PREVIEW, reply_markup=markup)


async def names(session: AsyncSession, user_ids: Iterable[int | None]) -> dict[int, str]:
    """Display labels (HTML) of the given users, as stored; unknown ids show as the bare id."""
    found: dict[int, str] = {}
    for user_id in {uid for uid in user_ids if uid is not None}:
        row = await users.get_user(session, user_id)
        found[user_id] = (
            texts.person(row.id, row.first_name, row.last_name, row.username)
            if row is not None
            else f"<code>{user_id}</code>"
        )
    return found


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fitting(lines: list[str], budget: int = 3500) -> list[str]:
    """The first lines whose total length stays within ``budget`` (a message holds 4,096 characters)."""
    kept: list[str] = []
    used = 0
    for line in lines:
        used += len(line) + 1
        if used > budget:
            break
        kept.append(line)
    return kept
