"""Storing a Telegram user as Telegram describes them now, from any object that carries the fields.

A ``telegram.User``, a ``bot.summaries.Requester`` or a profile read from a forwarded message all
have the same four fields; this is the one place that maps them onto ``users.upsert_user``.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User
from storage.repos import users


class Profile(Protocol):
    @property
    def username(self) -> str | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...
    @property
    def language_code(self) -> str | None: ...


async def remember_user(session: AsyncSession, user_id: int, profile: Profile) -> User:
    return await users.upsert_user(
        session,
        user_id,
        username=profile.username,
        first_name=profile.first_name,
        last_name=profile.last_name,
        language_code=profile.language_code,
    )
