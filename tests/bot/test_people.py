"""People are remembered from whatever they send (issue 14): the team's lists name them, and an
unchanged profile costs no database write."""

from __future__ import annotations

import asyncio

from bot.people import REFRESH_SECONDS, SeenPeople
from tests.bot.admin_team import silence, team_bot
from tests.bot.conftest import StartBot, said
from tests.telegram_fake import FakeTelegram


def test_an_unchanged_profile_is_written_once_per_refresh_period() -> None:
    now = [1000.0]
    seen = SeenPeople(clock=lambda: now[0])
    rita = ("rita_lit", "Rita", None, "fr")
    assert seen.needs_write(1, rita)
    assert not seen.needs_write(1, rita)
    assert seen.needs_write(2, ("bob", "Bob", None, "fr"))  # someone else
    assert seen.needs_write(1, ("rita_new", "Rita", None, "fr"))  # a new @username
    now[0] += REFRESH_SECONDS - 1
    assert not seen.needs_write(1, ("rita_new", "Rita", None, "fr"))
    now[0] += 2
    assert seen.needs_write(1, ("rita_new", "Rita", None, "fr"))  # last_seen_at refreshed hourly
    seen.forget(1)
    assert seen.needs_write(1, ("rita_new", "Rita", None, "fr"))


async def test_an_owner_who_never_sent_start_is_named_in_the_lists(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    odile = fake.user("Odile", last_name="Chef", username="odile_chef")
    rita = fake.user("Rita", username="rita_lit")
    async with start_bot(env={"ADMIN_IDS": str(odile["id"])}) as bot:
        fake.send_text(rita, "bonjour")  # not /start: any message will do
        await fake.next_message(rita)
        fake.send_text(odile, "/ban @rita_lit spam")  # the owner's first message to the bot ever
        assert said(await fake.next_message(odile)).startswith("🚫 Rita (@rita_lit")
        fake.send_text(odile, "/bannis")
        assert "par Odile Chef (@odile_chef" in said(await fake.next_message(odile))
        fake.send_text(odile, "/journal")
        assert "Odile Chef (@odile_chef, " in said(await fake.next_message(odile))
        await silence(bot)


async def test_a_profile_is_stored_again_only_when_it_changes(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        rita = team.reader
        await team.ask(rita, "bonjour")
        first = await team.user_row(rita)
        assert first is not None and first.first_name == "Rita"
        await asyncio.sleep(0.05)
        await team.ask(rita, "encore bonjour")
        again = await team.user_row(rita)
        assert again is not None and again.last_seen_at == first.last_seen_at  # nothing was written
        rita["username"] = "rita_ecrit"  # she changes her @username in Telegram
        await team.ask(rita, "toujours moi")
        changed = await team.user_row(rita)
        assert changed is not None and changed.username == "rita_ecrit"
        assert changed.last_seen_at > first.last_seen_at
        # A banned user's profile is left as it is (the ban gate stops their updates first).
        bruno = team.banned
        bruno["first_name"] = "Bruno le retour"
        fake.send_text(bruno, "coucou")
        await silence(team.bot)
        row = await team.user_row(bruno)
        assert row is not None and row.first_name == "Bruno"
