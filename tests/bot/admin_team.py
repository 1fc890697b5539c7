"""A bot with a team for the admin tests: an owner (ADMIN_IDS), a moderator, a reader and a banned user.

Roles and the ban are written straight to the database before any update, the way they would be
after earlier runs of the bot; the commands that change them are tested on their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import func, select

from storage.models import AuditEntry, Subscription, User
from storage.repos import users
from tests.bot.conftest import Harness, StartBot
from tests.telegram_fake import FakeTelegram, StoredMessage
from tests.telegram_fake.models import JSON


@dataclass
class Team:
    bot: Harness
    owner: JSON
    moderator: JSON
    reader: JSON
    banned: JSON

    async def ask(self, user: JSON, text: str, chat: JSON | None = None) -> StoredMessage:
        self.bot.fake.send_text(user, text, chat)
        return await self.bot.fake.next_message(chat or user)

    async def snapshot(self) -> tuple[object, ...]:
        """Everything an admin command could change: roles, bans, subscriptions, the audit log."""
        async with self.bot.services.sessionmaker() as session:
            people = (
                await session.execute(select(User.id, User.role, User.banned_at).order_by(User.id))
            ).all()
            subscribed = list(
                await session.scalars(select(Subscription.chat_id).order_by(Subscription.chat_id))
            )
            audited = await session.scalar(select(func.count()).select_from(AuditEntry))
        return tuple(people), tuple(subscribed), audited

    async def user_row(self, user: JSON) -> User | None:
        async with self.bot.services.sessionmaker() as session:
            return await users.get_user(session, user["id"])


async def silence(bot: Harness, seconds: float = 0.3) -> None:
    """Let every queued update be fetched and handled (handlers run concurrently, after the fetch)."""
    await bot.fake.wait_until_consumed()
    await asyncio.sleep(seconds)


@asynccontextmanager
async def team_bot(
    start_bot: StartBot, fake: FakeTelegram, toml: str = "", **env: str
) -> AsyncIterator[Team]:
    owner = fake.user("Olivia", username="olivia_owner")
    moderator = fake.user("Marc", username="marc_modo")
    reader = fake.user("Rita", username="rita_lit")
    banned = fake.user("Bruno", username="bruno_spam")
    async with start_bot(toml, env={"ADMIN_IDS": str(owner["id"]), **env}) as bot:
        async with bot.services.sessionmaker.begin() as session:
            for person in (owner, moderator, reader, banned):
                await users.upsert_user(
                    session, person["id"], first_name=person["first_name"], username=person.get("username")
                )
            await users.set_role(session, moderator["id"], "moderator")
            await users.ban_user(session, banned["id"], by=owner["id"], reason="spam")
        yield Team(bot, owner, moderator, reader, banned)
