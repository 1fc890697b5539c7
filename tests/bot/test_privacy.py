"""/mesdonnees (a JSON file of everything stored about the user) and /supprimer_mes_donnees."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot import texts
from storage.repos import privacy
from tests.bot.conftest import Harness, StartBot, said
from tests.bot.volunteer_steps import NO_FLOOD, active, answer, submit


@pytest.fixture
async def bot(start_bot: StartBot) -> AsyncIterator[Harness]:
    async with start_bot(toml=NO_FLOOD) as harness:
        yield harness


async def stored_about(bot: Harness, user_id: int) -> dict[str, Any]:
    async with bot.services.sessionmaker() as session:
        return await privacy.export_user_data(session, user_id)


async def test_my_data_is_sent_as_a_json_file(bot: Harness) -> None:
    user = bot.fake.user("Léa", username="lea_m")
    bot.fake.send_text(user, "/abonner")
    await bot.fake.next_message(user)
    await submit(bot, user, first="Léa", email="lea@exemple.fr")

    bot.fake.send_text(user, "/mesdonnees")
    sent = await bot.fake.next_message(user)
    assert sent.document is not None and sent.document.filename == "mes-donnees.json"
    assert sent.caption == texts.MY_DATA_CAPTION
    data = json.loads(sent.document.content.decode("utf-8"))
    assert data["user_id"] == user["id"] and data["user"]["username"] == "lea_m"
    assert [s["chat_id"] for s in data["subscriptions"]] == [user["id"]]
    [application] = data["applications"]
    assert (application["first_name"], application["email"], application["status"]) == (
        "Léa",
        "lea@exemple.fr",
        "submitted",
    )
    assert application["sections"] == ["cinéma", "tech"] and application["consent_at"]


async def test_delete_my_data_after_confirmation(bot: Harness) -> None:
    user = bot.fake.user("Léa")
    bot.fake.send_text(user, "/abonner")
    await bot.fake.next_message(user)
    await submit(bot, user)

    bot.fake.send_text(user, "/supprimer_mes_donnees")
    confirm = await bot.fake.next_message(user)
    assert said(confirm) == texts.DELETE_CONFIRM
    bot.fake.press(user, confirm, button_text="Non")
    await bot.fake.wait_for_edit(confirm)
    assert confirm.text == texts.DATA_KEPT and confirm.reply_markup is None
    kept = await stored_about(bot, user["id"])
    assert kept["user"] is not None and len(kept["subscriptions"]) == 1 and len(kept["applications"]) == 1

    bot.fake.send_text(user, "/supprimer_mes_donnees")
    confirm = await bot.fake.next_message(user)
    bot.fake.press(user, confirm, button_text="Oui")
    await bot.fake.wait_for_edit(confirm)
    assert confirm.text == texts.DATA_DELETED
    left = await stored_about(bot, user["id"])
    assert left["user"] is None and left["private_chat"] is None
    assert left["subscriptions"] == [] and left["applications"] == [] and left["summary_requests"] == []


async def test_deleting_in_the_middle_of_the_form_ends_it(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/postuler")
    await bot.fake.next_message(user)
    await answer(bot, user, "Léa")
    confirm = await answer(bot, user, "/supprimer_mes_donnees")  # allowed during the form
    assert said(confirm) == texts.DELETE_CONFIRM
    bot.fake.press(user, confirm, button_text="Oui")
    await bot.fake.wait_for_edit(confirm)
    assert await active(bot, user["id"]) is None
    assert said(await answer(bot, user, "Martin")) == texts.NO_LINK  # not an answer any more


async def test_privacy_commands_only_in_private(bot: Harness) -> None:
    user = bot.fake.user()
    group = bot.fake.group("Lecteurs", members={user["id"]: "member"})
    for command in ("/mesdonnees", "/supprimer_mes_donnees"):
        bot.fake.send_text(user, command, group)
        reply = await bot.fake.next_message(group)
        assert said(reply) == texts.PRIVACY_PRIVATE_ONLY and reply.document is None and not reply.buttons


async def test_help_tells_how_to_apply_and_reach_ones_data(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/aide")
    help_text = said(await bot.fake.next_message(user))
    assert "/postuler" in help_text and "/mesdonnees" in help_text and "/supprimer_mes_donnees" in help_text
