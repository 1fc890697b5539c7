"""Steps of the volunteer form for the tests: answer questions, press buttons, read the database."""

from __future__ import annotations

from typing import Any

from storage.models import Application
from storage.repos import applications
from tests.bot.conftest import Harness, eventually, said
from tests.telegram_fake import Call, StoredMessage
from tests.telegram_fake.models import JSON

# A form is many quick messages in a test: the readers' flood control (issue 7) would pause the user.
NO_FLOOD = "[admin]\nflood_messages = 0\n"
EXPERIENCE = "J'écris un blog de critiques de films depuis 2019."
MOTIVATION = "J'aimerais écrire pour un vrai public & apprendre avec une équipe <motivée>."
SAMPLE = "https://monblog.fr/critiques/dune?page=2&tri=date"


async def answer(bot: Harness, user: JSON, text: str) -> StoredMessage:
    """Send ``text`` and return the bot's next message (the next question or the guidance)."""
    bot.fake.send_text(user, text)
    return await bot.fake.next_message(user)


async def press(bot: Harness, user: JSON, message: StoredMessage, label: str) -> JSON:
    """Press a button and wait until the bot answered the press."""
    update = bot.fake.press(user, message, button_text=label)
    await bot.fake.wait_for_call(
        "answerCallbackQuery",
        lambda call: call.params.get("callback_query_id") == update["callback_query"]["id"],
    )
    return update


async def answer_to(bot: Harness, pressed: JSON) -> Call:
    """The bot's answerCallbackQuery for a press (its alert text, if any)."""
    query_id = pressed["callback_query"]["id"]
    return await bot.fake.wait_for_call(
        "answerCallbackQuery", lambda c: c.params["callback_query_id"] == query_id
    )


async def press_for_next(bot: Harness, user: JSON, message: StoredMessage, label: str) -> StoredMessage:
    """Press a button that moves the form on; the next question comes as a new message."""
    bot.fake.press(user, message, button_text=label)
    return await bot.fake.next_message(user)


async def tick(bot: Harness, user: JSON, message: StoredMessage, label: str) -> None:
    bot.fake.press(user, message, button_text=label)
    await bot.fake.wait_for_edit(message)


async def fill_to_summary(
    bot: Harness,
    user: JSON,
    *,
    first: str = "Marie",
    last: str = "Curie",
    email: str = "marie.curie@exemple.fr",
    phone: str | None = "06 12 34 56 78",
    sections: tuple[str, ...] = ("cinéma", "tech"),
    sample: str | None = SAMPLE,
) -> StoredMessage:
    """Fill the whole form with valid answers; returns the summary message."""
    bot.fake.send_text(user, "/postuler")
    assert "prénom" in said(await bot.fake.next_message(user))
    await answer(bot, user, first)
    await answer(bot, user, last)
    question = await answer(bot, user, email)
    question = await (answer(bot, user, phone) if phone else press_for_next(bot, user, question, "Passer"))
    for name in sections:
        await tick(bot, user, question, name)
    await press_for_next(bot, user, question, "Valider")
    await answer(bot, user, EXPERIENCE)
    question = await answer(bot, user, MOTIVATION)
    question = await (answer(bot, user, sample) if sample else press_for_next(bot, user, question, "Passer"))
    summary = await press_for_next(bot, user, question, "J'accepte")
    assert said(summary).startswith("Votre candidature"), summary
    return summary


async def submit(bot: Harness, user: JSON, **answers: Any) -> Application:
    summary = await fill_to_summary(bot, user, **answers)
    bot.fake.press(user, summary, button_text="Envoyer")
    assert said(await bot.fake.next_message(user)).startswith("C'est envoyé")
    stored = await active(bot, user["id"])
    assert stored is not None and stored.status == "submitted"
    return stored


async def active(bot: Harness, user_id: int) -> Application | None:
    async with bot.services.sessionmaker() as session:
        return await applications.get_active_application(session, user_id)


async def card_remembered(bot: Harness, application_id: int, card: StoredMessage) -> None:
    """Wait until the bot noted the card it just sent (it does so right after sending it)."""

    async def noted() -> bool:
        async with bot.services.sessionmaker() as session:
            stored = await applications.get_application(session, application_id)
        return stored is not None and [card.chat_id, card.message_id] in stored.review_messages

    await eventually(noted)
