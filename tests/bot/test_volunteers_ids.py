"""Issue 14, defect 1: an application number is never handed to someone else, a decision only ever
applies to the application that was shown, and a card of someone who erased their data says so."""

from __future__ import annotations

from bot import texts
from storage.repos import applications
from tests.bot.conftest import Harness, StartBot, eventually, said
from tests.bot.volunteer_steps import NO_FLOOD, answer_to, card_remembered, submit
from tests.storage.databases import TestDatabase
from tests.telegram_fake import FakeTelegram
from tests.telegram_fake.models import JSON


def press_as_seen(bot: Harness, user: JSON, seen: JSON, data: str) -> JSON:
    """A tap on a button of a message as the user's phone still shows it (``seen``, a snapshot):
    the bot may have changed or removed that button since."""
    state = bot.fake.state
    query_id = str(state.new_id("query"))
    state.callback_queries[query_id] = None
    query = {"id": query_id, "from": user, "chat_instance": "1", "message": seen, "data": data}
    return state.push_update(callback_query=query)


async def erase_my_data(bot: Harness, user: JSON) -> None:
    bot.fake.send_text(user, "/supprimer_mes_donnees")
    confirm = await bot.fake.next_message(user)
    bot.fake.press(user, confirm, button_text="Oui")
    await bot.fake.wait_for_edit(confirm)
    assert confirm.text == texts.DATA_DELETED


async def test_zoe_erases_hugo_applies_the_old_card_cannot_accept_hugo(
    start_bot: StartBot, fake_telegram: FakeTelegram, db: TestDatabase
) -> None:
    """The issue's steps, on SQLite and PostgreSQL."""
    owner = fake_telegram.user("Owen")
    zoe, hugo = fake_telegram.user("Zoé"), fake_telegram.user("Hugo")
    env = {"ADMIN_IDS": str(owner["id"])}
    async with start_bot(toml=NO_FLOOD, env=env, database=db.settings) as bot:
        first = await submit(bot, zoe, first="Zoé")
        copy = await bot.fake.next_message(owner)
        bot.fake.send_text(owner, f"/candidature {first.id}")
        card = await bot.fake.next_message(owner)
        assert "Prénom : Zoé" in said(card)
        accept = card.button("Accepter")["callback_data"]
        seen = card.snapshot()
        await card_remembered(bot, first.id, card)

        await erase_my_data(bot, zoe)
        second = await submit(bot, hugo, first="Hugo")
        assert second.id != first.id  # a number is never given to someone else
        news = await bot.fake.next_message(owner)
        assert said(news).startswith(f"📝 Nouvelle candidature n° {second.id}")

        # The owner taps « Accepter » on Zoé's card as their phone still shows it.
        pressed = press_as_seen(bot, owner, seen, accept)
        call = await answer_to(bot, pressed)
        assert call.params["text"] == texts.application_gone(first.id) and call.params["show_alert"]
        async with bot.services.sessionmaker() as session:
            stored = await applications.get_application(session, second.id)
        assert stored is not None and stored.status == "submitted"  # nobody decided on Hugo
        await bot.fake.wait_until_consumed()
        assert not any("Bonne nouvelle" in (m.text or "") for m in bot.fake.messages(hugo))

        # Both of Zoé's cards lost her answers and their buttons, and say why.
        async def cleared() -> bool:
            return all("effacé ses données" in said(m) for m in (copy, card))

        await eventually(cleared)
        for message in (copy, card):
            assert "Zoé" not in said(message) and message.reply_markup is None
            assert said(message).startswith(f"🗑 Candidature n° {first.id} · effacée")
        # Hugo's card still decides Hugo's application.
        bot.fake.press(owner, news, button_text="Accepter")
        await bot.fake.wait_for_edit(news)
        assert said(await bot.fake.next_message(hugo)).startswith("Bonne nouvelle, Hugo")


async def test_a_decision_button_from_before_the_upgrade_is_refused_kindly(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    owner, zoe = fake_telegram.user("Owen"), fake_telegram.user("Zoé")
    async with start_bot(toml=NO_FLOOD, env={"ADMIN_IDS": str(owner["id"])}) as bot:
        application = await submit(bot, zoe, first="Zoé")
        copy = await bot.fake.next_message(owner)
        pressed = press_as_seen(bot, owner, copy.snapshot(), f"ad:{application.id}:1")  # no applicant in it
        call = await answer_to(bot, pressed)
        assert call.params["text"] == texts.old_decision_button(application.id)
        async with bot.services.sessionmaker() as session:
            stored = await applications.get_application(session, application.id)
        assert stored is not None and stored.status == "submitted"


async def test_a_card_opened_with_candidature_follows_a_decision_made_elsewhere(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    alice, bruno, zoe = fake_telegram.user("Alice"), fake_telegram.user("Bruno"), fake_telegram.user("Zoé")
    env = {"ADMIN_IDS": f"{alice['id']},{bruno['id']}"}
    async with start_bot(toml=NO_FLOOD, env=env) as bot:
        application = await submit(bot, zoe, first="Zoé")
        await bot.fake.next_message(alice)
        bruno_copy = await bot.fake.next_message(bruno)
        bot.fake.send_text(alice, f"/candidature {application.id}")
        card = await bot.fake.next_message(alice)
        assert card.reply_markup is not None
        await card_remembered(bot, application.id, card)
        bot.fake.press(bruno, bruno_copy, button_text="Refuser")
        await bot.fake.wait_for_edit(card)
        assert "❌ Refusée par Bruno" in said(card) and card.reply_markup is None
