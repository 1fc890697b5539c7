"""The ban gate fails closed, one update gets at most one apology, and the ban cache is re-read."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from storage.errors import DatabaseUnavailable
from storage.repos import users
from tests.bot.admin_team import silence, team_bot
from tests.bot.conftest import StartBot, said
from tests.telegram_fake import FakeTelegram


async def unreadable(session: AsyncSession) -> set[int]:
    raise DatabaseUnavailable("the ban list cannot be read (database busy)")


async def test_an_unreadable_ban_list_stops_the_update_with_one_message(
    start_bot: StartBot, fake_telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        bot = team.bot
        monkeypatch.setattr(users, "banned_user_ids", unreadable)
        for person in (team.banned, team.reader):
            mark = fake.mark()
            fake.send_text(person, bot.site.url("/article/2"))
            await silence(bot, 0.6)
            sent = [c for c in fake.calls(since=mark) if c.chat_id == person["id"]]
            assert [c.method for c in sent] == ["sendMessage"], sent  # one message, no placeholder
            assert (await fake.next_message(person)).text == texts.UNEXPECTED
        assert bot.site.hits.get("/article/2", 0) == 0  # no summary for anyone while the gate is blind
        monkeypatch.undo()
        assert (await bot.summary_of(team.reader, "/article/2")).button("Plus long")  # back to normal
        assert (await team.ask(team.banned, "/start")).text == texts.BANNED_NOTICE


async def test_a_ban_written_elsewhere_is_seen_after_ban_cache_seconds(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake, "[admin]\nban_cache_seconds = 2\n") as team:
        bot, rita = team.bot, team.reader
        assert said(await team.ask(rita, "/start")).startswith("Bonjour Rita")  # the list is loaded now
        async with bot.services.sessionmaker.begin() as session:  # another process bans her
            await users.ban_user(session, rita["id"], by=team.owner["id"], reason="spam")
        assert said(await team.ask(rita, "/aide")) != texts.BANNED_NOTICE  # still the cached list
        await asyncio.sleep(2.1)
        assert (await team.ask(rita, "/start")).text == texts.BANNED_NOTICE
