"""/abonner, /desabonner, /reglages and their buttons, in private chats and in groups."""

from __future__ import annotations

from storage.models import Subscription
from storage.repos import subscriptions
from tests.bot.conftest import Harness, said
from tests.telegram_fake import StoredMessage


async def subscription(bot: Harness, chat_id: int) -> Subscription | None:
    async with bot.services.sessionmaker() as session:
        return await subscriptions.get_subscription(session, chat_id)


def ticked(message: StoredMessage) -> set[str]:
    return {b["text"].removeprefix("✓ ") for b in message.buttons if b["text"].startswith("✓ ")}


async def test_subscribe_and_unsubscribe_in_private(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/abonner")
    assert said(await bot.fake.next_message(user)).startswith("C'est noté")
    stored = await subscription(bot, user["id"])
    assert stored is not None and stored.delivery_mode == "immediate" and stored.summary_sentences == 3
    bot.fake.send_text(user, "/subscribe")
    assert said(await bot.fake.next_message(user)).startswith("Vous êtes déjà abonné")
    bot.fake.send_text(user, "/desabonner")
    assert said(await bot.fake.next_message(user)).startswith("Vous ne recevrez plus")
    assert await subscription(bot, user["id"]) is None
    bot.fake.send_text(user, "/unsubscribe")
    assert said(await bot.fake.next_message(user)).startswith("Vous n'êtes pas abonné")


async def test_group_subscription_is_for_group_admins(bot: Harness) -> None:
    admin, member = bot.fake.user("Admin"), bot.fake.user("Membre")
    group = bot.fake.group("Lecteurs", members={admin["id"]: "administrator", member["id"]: "member"})
    bot.fake.send_text(member, "/abonner", group)
    assert said(await bot.fake.next_message(group)).startswith("Seuls les administrateurs")
    assert await subscription(bot, group["id"]) is None
    bot.fake.send_text(admin, "/abonner", group)
    assert (
        await bot.fake.next_message(group)
    ).text == "C'est noté : ce groupe recevra les nouveaux articles du site. ✅"
    assert await subscription(bot, group["id"]) is not None
    bot.fake.send_text(member, "/desabonner", group)
    assert said(await bot.fake.next_message(group)).startswith("Seuls les administrateurs")
    assert await subscription(bot, group["id"]) is not None
    bot.fake.send_text(admin, "/desabonner", group)
    assert (await bot.fake.next_message(group)).text == "Ce groupe ne recevra plus les nouveaux articles."


async def test_settings_buttons_show_and_change_the_stored_state(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/reglages")
    screen = await bot.fake.next_message(user)
    assert "pas abonné" in (screen.text or "")
    assert ticked(screen) == {"3"}  # a reader's own length, even without a subscription
    bot.fake.press(user, screen, button_text="Récapitulatif quotidien")
    await bot.fake.wait_for_edit(screen)
    stored = await subscription(bot, user["id"])
    assert stored is not None and stored.delivery_mode == "digest" and stored.digest_hour == 8
    assert ticked(screen) == {"Récapitulatif quotidien", "3", "8 h"}
    assert "un récapitulatif chaque jour à 8 h" in (screen.text or "")

    bot.fake.press(user, screen, button_text="20 h")
    await bot.fake.wait_for_edit(screen)
    bot.fake.press(user, screen, button_text="5")
    await bot.fake.wait_for_edit(screen)
    stored = await subscription(bot, user["id"])
    assert stored is not None and (stored.digest_hour, stored.summary_sentences) == (20, 5)
    assert ticked(screen) == {"Récapitulatif quotidien", "5", "20 h"}

    bot.fake.press(user, screen, button_text="Dès la parution")
    await bot.fake.wait_for_edit(screen)
    stored = await subscription(bot, user["id"])
    assert stored is not None and stored.delivery_mode == "immediate" and stored.digest_hour is None
    assert ticked(screen) == {"Dès la parution", "5"}
    assert not any(b["text"].endswith(" h") for b in screen.buttons)

    # A new /reglages shows what is stored.
    bot.fake.send_text(user, "/settings")
    again = await bot.fake.next_message(user)
    assert ticked(again) == {"Dès la parution", "5"}

    bot.fake.press(user, again, button_text="Se désabonner")
    await bot.fake.wait_for_edit(again)
    assert await subscription(bot, user["id"]) is None
    assert ticked(again) == {"5"}  # the reader keeps their length for the summaries they ask for


async def test_chosen_length_applies_to_summaries(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/abonner")
    await bot.fake.next_message(user)
    bot.fake.send_text(user, "/reglages")
    screen = await bot.fake.next_message(user)
    bot.fake.press(user, screen, button_text="2")
    await bot.fake.wait_for_edit(screen)
    summary = await bot.summary_of(user, "/article/1")
    assert len([line for line in (summary.text or "").splitlines() if line.startswith("• ")]) == 2


async def test_group_settings_buttons_refuse_non_admins(bot: Harness) -> None:
    admin, member = bot.fake.user("Admin"), bot.fake.user("Membre")
    group = bot.fake.supergroup("Lecteurs", members={admin["id"]: "creator", member["id"]: "member"})
    bot.fake.send_text(admin, "/reglages", group)
    screen = await bot.fake.next_message(group)
    press = bot.fake.press(member, screen, button_text="Dès la parution")
    call = await bot.fake.wait_for_call("answerCallbackQuery")
    assert call.params.get("show_alert") in (True, "true")
    assert "administrateurs" in str(call.params.get("text"))
    assert bot.fake.callback_answer(press) is not None
    assert await subscription(bot, group["id"]) is None
    bot.fake.press(admin, screen, button_text="Dès la parution")
    await bot.fake.wait_for_edit(screen)
    assert await subscription(bot, group["id"]) is not None
