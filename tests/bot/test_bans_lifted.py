"""Lifting a ban (issue 14): /unban resumes what the ban stopped and says so to the admin and, once, to
the reader; temporary bans (/ban @x 7j motif) end by themselves, even across a restart."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from bot import texts
from bot.admin import texts as admin_texts
from bot.app import build_application, polling
from bot.config import load_config
from storage.database import open_database
from storage.models import User, utcnow
from storage.repos import subscriptions
from tests.bot.admin_team import Team, silence, team_bot
from tests.bot.conftest import StartBot, bot_env, said, write_config
from tests.telegram_fake import FakeTelegram


async def digest_at_20h_with_5_sentences(team: Team) -> None:
    """The reader chooses her subscription with the settings buttons."""
    fake, rita = team.bot.fake, team.reader
    screen = await team.ask(rita, "/reglages")
    for button in ("Récapitulatif quotidien", "20 h", "5"):
        fake.press(rita, screen, button_text=button)
        await fake.wait_for_edit(screen)
    assert "un récapitulatif chaque jour à 20 h" in said(screen)


async def settings_of(team: Team, chat_id: int) -> tuple[str, int | None, int] | None:
    async with team.bot.services.sessionmaker() as session:
        row = await subscriptions.get_subscription(session, chat_id)
        active = sum((await subscriptions.count_subscriptions(session)).values())
    if row is None or not active:
        return None
    return row.delivery_mode, row.digest_hour, row.summary_sentences


async def test_unban_resumes_the_subscription_and_tells_the_reader_once(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        rita, owner = team.reader, team.owner
        await digest_at_20h_with_5_sentences(team)
        assert await settings_of(team, rita["id"]) == ("digest", 20, 5)

        assert "Son abonnement est suspendu, il reprendra à la levée du bannissement." in said(
            await team.ask(team.moderator, f"/ban {rita['id']} spam")
        )
        assert await settings_of(team, rita["id"]) is None  # suspended: no digest, not counted
        assert (await team.ask(rita, "/start")).text == texts.BANNED_NOTICE

        # Neither a reader nor a banned user (Rita herself, Bruno) can lift it.
        nina = fake.user("Nina")
        await team.ask(nina, "/start")
        before = await team.snapshot()
        assert (await team.ask(nina, f"/unban {rita['id']}")).text == texts.NOT_ALLOWED
        for banned in (rita, team.banned):
            fake.send_text(banned, f"/unban {rita['id']}")
        await silence(team.bot)
        assert await team.snapshot() == before

        shown = len(fake.messages(rita))
        reply = said(await team.ask(owner, "/unban @rita_lit"))
        assert reply.startswith("✅ Rita (@rita_lit")
        assert (
            "Son abonnement reprend : un récapitulatif chaque jour à 20\u00a0h, résumés de 5 phrases."
            in reply
        )
        assert reply.endswith("Je l'ai prévenu.")
        back = await fake.next_message(rita)
        assert said(back) == texts.ban_lifted_notice(
            "un récapitulatif chaque jour à 20\u00a0h, résumés de 5 phrases"
        )
        assert await settings_of(team, rita["id"]) == ("digest", 20, 5)

        # Told once: a second /unban changes nothing and tells nobody.
        assert said(await team.ask(owner, f"/unban {rita['id']}")).endswith("n'est pas banni.")
        assert said(await team.ask(rita, "/start")).startswith("Bonjour Rita")
        assert [m.text for m in fake.messages(rita)[shown:]].count(said(back)) == 1


async def test_unban_of_someone_without_subscription_or_private_chat(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        fake.state.started.discard(team.banned["id"])  # Bruno never opened a private chat with the bot
        reply = said(await team.ask(team.owner, "/unban @bruno_spam"))
        assert reply.startswith("✅ Bruno") and "Il n'avait pas d'abonnement à reprendre." in reply
        assert reply.endswith(admin_texts.COULD_NOT_TELL)
        assert fake.messages(team.banned) == []


async def end_ban_now(team: Team, user_id: int) -> None:
    """As if the ban's time had passed: its end moved to a second ago (the bot may be stopped)."""
    database = await open_database(team.bot.config.database)
    try:
        async with database.sessionmaker.begin() as session:
            await session.execute(
                update(User).where(User.id == user_id).values(banned_until=utcnow() - timedelta(seconds=1))
            )
    finally:
        await database.close()


async def test_a_temporary_ban_shows_its_end_and_bad_durations_change_nothing(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        owner, rita = team.owner, team.reader
        before = await team.snapshot()
        assert said(await team.ask(owner, "/ban @rita_lit 0j spam")) == strip(admin_texts.DURATION_ZERO)
        assert said(await team.ask(owner, "/ban @rita_lit 400j")).startswith(
            "Un bannissement temporaire dure"
        )
        assert said(await team.ask(owner, "/ban @rita_lit 9999999h")).startswith("Un bannissement temporaire")
        assert await team.snapshot() == before

        reply = said(await team.ask(team.moderator, "/ban @rita_lit 2 semaines pubs répétées"))
        assert reply.startswith("🚫 Rita (@rita_lit") and "est banni pour 2\u00a0semaines, jusqu'au " in reply
        assert reply.endswith("Motif : pubs répétées") and "abonnement" not in reply  # she has none
        row = await team.user_row(rita)
        assert row is not None and row.banned_until is not None and row.ban_reason == "pubs répétées"
        assert timedelta(days=13, hours=23) < row.banned_until - utcnow() <= timedelta(days=14)

        notice = said(await team.ask(rita, "/start"))
        assert notice.startswith("Votre accès à ce bot est suspendu par l'équipe du site jusqu'au ")
        listing = said(await team.ask(owner, "/bannis"))
        assert "Rita" in listing and "⏳ jusqu'au" in listing and "Bruno" in listing
        assert listing.count("⏳") == 1  # Bruno's ban has no end
        assert said(await team.ask(owner, "/ban @rita_lit 1j")).startswith("Rita (@rita_lit, ")  # already
        journal = said(await team.ask(owner, "/journal"))
        assert (
            "Marc (@marc_modo" in journal
            and "a banni Rita" in journal
            and "pubs répétées, pour 2\u00a0semaines" in journal
        )


def strip(html: str) -> str:
    return html.replace("<code>", "").replace("</code>", "")


async def test_a_temporary_ban_ends_when_its_owner_writes(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(
        start_bot, fake, "[admin]\nban_cache_seconds = 1\nban_check_seconds = 3600\n"
    ) as team:
        rita = team.reader
        assert said(await team.ask(rita, "/abonner")).startswith("C'est noté")
        await team.ask(team.owner, "/ban @rita_lit 7j")
        assert said(await team.ask(rita, "/start")).startswith("Votre accès à ce bot est suspendu")
        await end_ban_now(team, rita["id"])
        await asyncio.sleep(1.1)  # the ban list in memory is re-read
        fake.send_text(rita, "/start")
        back = await fake.next_message(rita)
        assert said(back).startswith("✅ Bonne nouvelle") and "Votre abonnement reprend" in said(back)
        assert said(await fake.next_message(rita)).startswith("Bonjour Rita")
        row = await team.user_row(rita)
        assert row is not None and not row.is_banned
        journal = said(await team.ask(team.owner, "/journal"))
        assert "🤖 Le bot a levé, à son terme, le bannissement temporaire de Rita" in journal


async def test_the_expiry_job_lifts_ended_bans_and_a_restart_misses_none(
    start_bot: StartBot, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake, "[admin]\nban_check_seconds = 1\n") as team:
        rita, owner = team.reader, team.owner
        await team.ask(owner, "/ban @rita_lit 3h")
        await end_ban_now(team, rita["id"])
        back = await fake.next_message(rita, timeout=5)  # she did not write: the job told her
        assert said(back) == texts.ban_lifted_notice(None)
        # The bot is stopped while a ban ends: the next start lifts it and tells the reader.
        await team.ask(owner, "/ban @rita_lit 3h")
    await end_ban_now(team, rita["id"])
    # A slow start (over a second between building the bot and running it) must not skip the check.
    config = load_config(write_config(tmp_path), bot_env(fake, tmp_path, ADMIN_IDS=str(owner["id"])))
    application = build_application(config)
    await asyncio.sleep(1.5)
    async with polling(application, poll_timeout=1):
        assert said(await fake.next_message(rita)) == texts.ban_lifted_notice(None)
        fake.send_text(rita, "/start")
        assert said(await fake.next_message(rita)).startswith("Bonjour Rita")  # told once, then served
        await fake.wait_until_consumed()
        await asyncio.sleep(0.3)
        assert [m.text for m in fake.messages(rita)].count(texts.ban_lifted_notice(None)) == 2
