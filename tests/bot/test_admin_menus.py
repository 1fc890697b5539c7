"""Command menus: readers see theirs only; each owner and moderator gets a chat-scoped menu with the
admin commands of their role, set at start-up and changed when an owner grants or revokes the role."""

from __future__ import annotations

from bot import texts
from bot.admin import texts as admin_texts
from bot.roles import PERMISSIONS
from tests.bot.admin_team import team_bot
from tests.bot.conftest import StartBot, said
from tests.telegram_fake import FakeTelegram
from tests.telegram_fake.models import JSON

READER_COMMANDS = [name for name, _ in texts.COMMANDS]


def menu(fake: FakeTelegram, user: JSON) -> list[str]:
    return [c["command"] for c in fake.commands({"type": "chat", "chat_id": user["id"]})]


def assert_readers_see_no_admin_command(fake: FakeTelegram) -> None:
    for language in ("", "fr"):
        shown = {c["command"] for c in fake.commands(None, language)}
        assert shown == set(READER_COMMANDS)
        assert not shown & set(PERMISSIONS)


async def test_menus_follow_roles(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        owner_menu = menu(fake, team.owner)
        assert owner_menu[: len(READER_COMMANDS)] == READER_COMMANDS  # theirs first, then the team's
        assert {"admin", "stats", "ban", "unban", "bannis", "journal", "moderateur_ajouter"} <= set(
            owner_menu
        )
        assert menu(fake, team.reader) == []
        assert_readers_see_no_admin_command(fake)

        assert said(await team.ask(team.owner, "/moderateur_ajouter @rita_lit")).startswith("👮 Rita")
        rita_menu = menu(fake, team.reader)
        assert {"admin", "stats", "ban", "unban", "bannis"} <= set(rita_menu)
        assert not {"journal", "moderateur_ajouter", "moderateur_retirer"} & set(rita_menu)
        assert (await fake.next_message(team.reader)).text == admin_texts.WELCOME_MODERATOR

        mark = fake.mark()
        assert said(await team.ask(team.owner, "/moderateur_retirer @rita_lit")).startswith("Rita")
        assert menu(fake, team.reader) == []  # back to the default menu
        deleted = fake.calls("deleteMyCommands", since=mark)
        assert [c.ok for c in deleted] == [True]
        assert (await fake.next_message(team.reader)).text == admin_texts.NO_LONGER_MODERATOR
        assert_readers_see_no_admin_command(fake)


async def test_menus_are_set_at_start_up(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        pass  # the moderator was stored after this start-up: no menu yet
    assert menu(fake, team.moderator) == []
    async with start_bot(env={"ADMIN_IDS": str(team.owner["id"])}):
        moderator_menu = menu(fake, team.moderator)
        assert "ban" in moderator_menu and "journal" not in moderator_menu
        assert "journal" in menu(fake, team.owner)


async def test_role_changes_refused_or_pointless(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        owner = team.owner
        before = await team.snapshot()
        assert said(await team.ask(owner, f"/moderateur_ajouter {owner['id']}")).endswith(
            "son rôle ne se change pas ici."
        )
        assert said(await team.ask(owner, "/moderateur_ajouter @marc_modo")).endswith("est déjà modérateur.")
        assert said(await team.ask(owner, "/moderateur_retirer @rita_lit")).endswith("n'est pas modérateur.")
        assert "levez d'abord le bannissement" in said(
            await team.ask(owner, "/moderateur_ajouter @bruno_spam")
        )
        assert "doit d'abord m'écrire" in said(await team.ask(owner, "/moderateur_ajouter 555555555"))
        assert said(await team.ask(owner, "/moderateur_ajouter")).startswith("Indiquez la personne")
        assert await team.snapshot() == before
