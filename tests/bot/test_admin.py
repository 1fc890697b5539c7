"""Every admin command with an owner, a moderator, a reader (refused, nothing changed) and a banned
user (told once, then ignored), end to end through the fake Bot API."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import callbacks, texts
from bot.admin.settings import AdminSettings
from bot.config import ConfigError, load_config
from bot.roles import PERMISSIONS, Level
from storage.repos import audit, users
from tests.bot.admin_team import Team, silence, team_bot
from tests.bot.conftest import StartBot, bot_env, said, write_config
from tests.telegram_fake import FakeTelegram
from tests.telegram_fake.models import JSON


def commands(team: Team, victim: JSON) -> list[tuple[str, str]]:
    """(permission, what is typed) for every command of the admin feature."""
    return [
        ("ban", f"/ban {victim['id']} spam"),
        ("unban", f"/unban {team.banned['id']}"),
        ("bannis", "/bannis"),
        ("stats", "/stats"),
        ("journal", "/journal"),
        ("moderateur_ajouter", f"/moderateur_ajouter {victim['id']}"),
        ("moderateur_retirer", f"/moderateur_retirer {team.moderator['id']}"),
        ("admin", "/admin"),
    ]


async def known_victim(team: Team) -> JSON:
    victim = team.bot.fake.user("Victor", username="victor_v")
    async with team.bot.services.sessionmaker.begin() as session:
        await users.upsert_user(session, victim["id"], first_name="Victor", username="victor_v")
    return victim


def test_every_admin_command_is_listed_in_permissions() -> None:
    for permission in ("ban", "unban", "bannis", "stats", "journal", "admin"):
        assert PERMISSIONS[permission] == Level.MODERATOR or permission == "journal"
    assert PERMISSIONS["moderateur_ajouter"] == PERMISSIONS["moderateur_retirer"] == Level.OWNER
    assert PERMISSIONS["journal"] == Level.OWNER


async def test_a_reader_is_refused_every_admin_command(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    async with team_bot(start_bot, fake_telegram) as team:
        victim = await known_victim(team)
        before = await team.snapshot()
        for _, text in commands(team, victim):
            assert (await team.ask(team.reader, text)).text == texts.NOT_ALLOWED, text
        assert await team.snapshot() == before


async def test_a_banned_user_is_told_once_then_ignored(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    async with team_bot(start_bot, fake_telegram) as team:
        victim = await known_victim(team)
        before = await team.snapshot()
        for _, text in commands(team, victim):
            fake_telegram.send_text(team.banned, text)
        await silence(team.bot)
        assert [m.text for m in fake_telegram.messages(team.banned)] == [texts.BANNED_NOTICE]
        assert await team.snapshot() == before
        row = await team.user_row(team.banned)
        assert row is not None and row.ban_notified


async def test_a_moderator_has_the_moderator_commands_only(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    async with team_bot(start_bot, fake_telegram) as team:
        victim = await known_victim(team)
        typed = dict(commands(team, victim))
        before = await team.snapshot()
        for permission in ("journal", "moderateur_ajouter", "moderateur_retirer"):
            assert (await team.ask(team.moderator, typed[permission])).text == texts.NOT_ALLOWED
        assert await team.snapshot() == before

        assert said(await team.ask(team.moderator, typed["stats"])).startswith("📊 Statistiques")
        listing = said(await team.ask(team.moderator, typed["bannis"]))
        assert "Bruno" in listing and "spam" in listing
        help_text = said(await team.ask(team.moderator, typed["admin"]))
        assert "vous êtes modérateur" in help_text and "/ban" in help_text and "/journal" not in help_text
        assert said(await team.ask(team.moderator, typed["ban"])).startswith("🚫 Victor")
        assert said(await team.ask(team.moderator, typed["unban"])).startswith("✅ Bruno")
        banned_victim, freed = await team.user_row(victim), await team.user_row(team.banned)
        assert banned_victim is not None and banned_victim.is_banned and banned_victim.ban_reason == "spam"
        assert freed is not None and not freed.is_banned
        async with team.bot.services.sessionmaker() as session:
            entries = await audit.recent_actions(session)
        assert [(e.actor_id, e.action, e.target) for e in entries] == [
            (team.moderator["id"], "unban", f"user:{team.banned['id']}"),
            (team.moderator["id"], "ban", f"user:{victim['id']}"),
        ]


async def test_an_owner_has_every_command(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    async with team_bot(start_bot, fake_telegram) as team:
        victim = await known_victim(team)
        owner = team.owner
        assert said(await team.ask(owner, f"/moderateur_ajouter {team.reader['id']}")).startswith("👮 Rita")
        assert said(await team.ask(owner, f"/moderateur_retirer {team.moderator['id']}")).startswith("Marc")
        assert said(await team.ask(owner, f"/ban @{victim['username']} insultes")).startswith("🚫 Victor")
        assert said(await team.ask(owner, f"/unban {team.banned['id']}")).startswith("✅ Bruno")
        assert said(await team.ask(owner, "/stats")).startswith("📊 Statistiques")
        assert "Victor" in said(await team.ask(owner, "/bannis"))
        help_text = said(await team.ask(owner, "/admin"))
        assert "vous êtes propriétaire" in help_text and "/journal" in help_text and "Rita" in help_text
        journal = said(await team.ask(owner, "/journal"))
        assert journal.startswith("Journal de l'équipe")
        lines = journal.splitlines()[2:]
        assert "a levé le bannissement de Bruno" in lines[0]
        assert "a banni Victor" in lines[1] and "insultes" in lines[2]
        assert "a retiré le rôle de modérateur à Marc" in lines[3]
        assert "a nommé modérateur Rita" in lines[4]
        rita, marc = await team.user_row(team.reader), await team.user_row(team.moderator)
        assert rita is not None and rita.role == "moderator"
        assert marc is not None and marc.role == "user"


def test_admin_settings_are_validated(tmp_path: Path, fake_telegram: FakeTelegram) -> None:
    env = bot_env(fake_telegram, tmp_path)
    config = load_config(write_config(tmp_path, "[admin]\nflood_messages = 0\nstats_top_sites = 3\n"), env)
    assert config.admin == AdminSettings(flood_messages=0, stats_top_sites=3)
    assert load_config(write_config(tmp_path), env).admin == AdminSettings()
    for bad, named in [
        ("flood_seconds = 0", "flood_seconds"),
        ('alert_window_seconds = "10"', "alert_window_seconds"),
        ("flood_messages = -1", "flood_messages"),
        ("stats_top_sites = 50", "stats_top_sites"),
        ("alert_max_per_window = true", "alert_max_per_window"),
        ("flod_messages = 3", "flod_messages"),
    ]:
        with pytest.raises(ConfigError, match=named):
            load_config(write_config(tmp_path, f"[admin]\n{bad}\n"), env)


def test_journal_page_callback_data() -> None:
    assert callbacks.encode(callbacks.JournalPage(12)) == "jp:12"
    assert callbacks.parse("jp:12") == callbacks.JournalPage(12)
    for forged in ("jp:0", "jp:-1", "jp:x", "jp:", "jp:1:2", "jp:" + "9" * 30):
        assert callbacks.parse(forged) is None, forged
