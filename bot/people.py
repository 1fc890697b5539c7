"""Storing a Telegram user as Telegram describes them now, from any object that carries the fields.

A ``telegram.User``, a ``bot.summaries.Requester`` or a profile read from a forwarded message all
have the same four fields; this is the one place that maps them onto ``users.upsert_user``.

``SeenPeople`` remembers everyone who sends the bot anything (a message, a button, an inline query),
so that the team's lists name people (an owner who never sent /start included) rather than showing
bare ids. It is cheap: a profile already stored, unchanged, is not written again until
``REFRESH_SECONDS`` have passed (which keeps ``last_seen_at`` roughly right).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import TypeHandler

from bot.context import BotApplication, BotContext
from storage.models import User
from storage.repos import users

log = logging.getLogger(__name__)

# After the ban gate (group -20: a banned user's profile is not refreshed, nor one erased by a banned
# user restored) and before flood control (-10: even a flooding sender is named in the lists).
REMEMBER_GROUP = -15
REFRESH_SECONDS = 3600.0
MAX_CACHED = 50_000


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


Fields = tuple[str | None, str | None, str | None, str | None]


class SeenPeople:
    """Profiles stored lately, so that an unchanged sender costs no database write."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._stored: OrderedDict[int, tuple[Fields, float]] = OrderedDict()
        self._clock = clock

    def needs_write(self, user_id: int, fields: Fields) -> bool:
        """Whether this profile must be stored now; if so it counts as stored from this moment."""
        now = self._clock()
        cached = self._stored.get(user_id)
        if cached is not None and cached[0] == fields and now - cached[1] < REFRESH_SECONDS:
            self._stored.move_to_end(user_id)
            return False
        self._stored[user_id] = (fields, now)  # before any await: concurrent updates write once
        self._stored.move_to_end(user_id)
        while len(self._stored) > MAX_CACHED:
            self._stored.popitem(last=False)
        return True

    def forget(self, user_id: int) -> None:
        self._stored.pop(user_id, None)

    async def screen(self, update: object, context: BotContext) -> None:
        """Handler of an early group: store the sender's profile if it is new or has changed."""
        if not isinstance(update, Update):
            return
        user = update.effective_user
        if user is None or user.is_bot:
            return
        fields = (user.username, user.first_name, user.last_name, user.language_code)
        if not self.needs_write(user.id, fields):
            return
        try:
            async with context.services.sessionmaker.begin() as session:
                await remember_user(session, user.id, user)
        except SQLAlchemyError:
            self.forget(user.id)  # try again on their next update; the update itself goes on
            log.warning("could not store the profile of user %s", user.id, exc_info=True)
            return


def register(application: BotApplication) -> None:
    application.add_handler(TypeHandler(Update, SeenPeople().screen), group=REMEMBER_GROUP)
