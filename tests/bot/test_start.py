"""/start, deep links, /aide and the command menus, through the fake Bot API."""

from __future__ import annotations

import logging

import pytest

from bot.context import BotContext
from bot.handlers.errors import add_alert_hook
from storage.repos import subscriptions, users
from tests.bot.conftest import Harness, eventually, said
from tests.telegram_fake import bad_request


async def test_start_greets_by_name(bot: Harness) -> None:
    user = bot.fake.user("Léa")
    bot.fake.send_text(user, "/start")
    reply = await bot.fake.next_message(user)
    assert reply.text is not None
    assert reply.text.startswith("Bonjour Léa 👋")
    assert "/abonner" in reply.text and "/aide" in reply.text
    assert len(reply.text.splitlines()) <= 8

    async def recorded() -> bool:
        async with bot.services.sessionmaker() as session:
            stored = await users.get_user(session, user["id"])
        return stored is not None and stored.first_name == "Léa"

    await eventually(recorded)  # whoever started the bot counts as a user


async def test_start_escapes_the_name(bot: Harness) -> None:
    user = bot.fake.user("<b>Tom & Jerry</b>")
    bot.fake.send_text(user, "/start")
    reply = await bot.fake.next_message(user)
    assert reply.text is not None and reply.text.startswith("Bonjour <b>Tom & Jerry</b>")


async def test_help_in_french_and_english_alias(bot: Harness) -> None:
    user = bot.fake.user()
    for command in ("/aide", "/help"):
        bot.fake.send_text(user, command)
        reply = await bot.fake.next_message(user)
        assert reply.text is not None
        assert "Ce que je sais faire" in reply.text
        assert f"@{bot.fake.bot_user['username']} lien" in reply.text


async def test_menus_registered_in_french(bot: Harness) -> None:
    for language in ("", "fr"):
        commands = {c["command"]: c["description"] for c in bot.fake.commands(language_code=language)}
        assert set(commands) == {"resume", "abonner", "desabonner", "reglages", "postuler", "aide"}
        assert commands["abonner"] == "Recevoir les nouveaux articles"


async def test_deep_link_postuler(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/start postuler")
    reply = await bot.fake.next_message(user)
    assert reply.text is not None and "équipe de rédaction" in reply.text
    bot.fake.send_text(user, "/postuler")
    assert "équipe de rédaction" in ((await bot.fake.next_message(user)).text or "")


async def test_deep_link_abonner_subscribes(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/start abonner")
    reply = await bot.fake.next_message(user)
    assert reply.text is not None and reply.text.startswith("C'est noté")
    async with bot.services.sessionmaker() as session:
        assert await subscriptions.get_subscription(session, user["id"]) is not None


async def test_error_handler_logs_tells_the_user_and_calls_alert_hooks(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    alerts: list[object] = []

    async def hook(update: object, context: BotContext) -> None:
        alerts.append(context.error)

    add_alert_hook(bot.app, hook)
    user = bot.fake.user()
    bot.fake.fail(
        user, bad_request("Bad Request: injected failure"), times=1, methods=frozenset({"sendmessage"})
    )
    with caplog.at_level(logging.ERROR, logger="bot.handlers.errors"):
        bot.fake.send_text(user, "/start")
        apology = await bot.fake.next_message(user)
    assert apology.text == "Oups, un souci de mon côté. Réessayez dans un instant."
    record = next(r for r in caplog.records if r.name == "bot.handlers.errors")
    assert record.exc_info is not None and "injected failure" in str(record.exc_info[1])

    async def alerted() -> bool:
        return len(alerts) == 1

    await eventually(alerted)
    bot.fake.send_text(user, "/start")  # the bot is still up
    assert said(await bot.fake.next_message(user)).startswith("Bonjour")
