"""The fake's less common paths: inline mode, privacy mode, flood control, webhook, raw requests."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.telegram_fake import FakeTelegram, make_chat
from tests.telegram_fake.fixtures import running


async def test_inline_result_is_pressed_and_edited_by_inline_message_id(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    query = fake.inline_query(user, "https://site.fr/a")
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton("Plus long", callback_data="long")]])
    result = InlineQueryResultArticle(
        "r1", "Résumé", InputTextMessageContent("<b>Titre</b>", parse_mode="HTML"), reply_markup=buttons
    )
    await bot.answer_inline_query(query["inline_query"]["id"], [result])
    posted = fake.send_inline_result(user, query, "r1")
    assert posted.text == "Titre" and posted.inline_message_id
    pressed = fake.press(user, posted, "long")
    assert pressed["callback_query"]["inline_message_id"] == posted.inline_message_id
    assert "message" not in pressed["callback_query"]
    assert await bot.edit_message_text("Titre, en long", inline_message_id=posted.inline_message_id) is True
    assert posted.text == "Titre, en long" and posted.buttons == []
    with pytest.raises(BadRequest, match=r"(?i)MESSAGE_ID_INVALID"):
        await bot.edit_message_text("x", inline_message_id="nope")
    kinds = [next(k for k in u if k != "update_id") for u in fake.pending_updates()]
    assert kinds == ["inline_query", "callback_query", "chosen_inline_result"] or kinds == [
        "inline_query",
        "chosen_inline_result",
        "callback_query",
    ]


async def test_privacy_mode_filters_group_messages() -> None:
    async with FakeTelegram(privacy_mode=True) as fake:
        user = fake.user()
        group = fake.group("Salon")
        fake.send_text(user, "bavardage", group)
        fake.send_text(user, "/resume https://site.fr/a", group)
        fake.send_text(user, "dis @resume_test_bot, tu es là ?", group)
        fake.send_text(user, "en privé tout arrive")
        texts = [u["message"]["text"] for u in fake.pending_updates()]
        assert texts == [
            "/resume https://site.fr/a",
            "dis @resume_test_bot, tu es là ?",
            "en privé tout arrive",
        ]
        assert len(fake.messages(group, include_user=True)) == 3  # the chat itself has everything


@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
async def test_flood_control_limits_chats_groups_and_total(fake: FakeTelegram, bot: Bot) -> None:
    clock = [1000.0]
    flood = fake.enable_flood_control(
        per_chat_per_second=1, per_group_per_minute=3, global_per_second=6, private_burst=2
    )
    flood.clock = lambda: clock[0]
    alice, bob, carol, dan, eve, fay, gus = (
        fake.user(name) for name in ("Alice", "Bob", "Carol", "Dan", "Eve", "Fay", "Gus")
    )
    group = fake.group()
    await bot.send_message(alice["id"], "1")
    await bot.send_message(alice["id"], "2")  # a private chat's burst
    with pytest.raises(RetryAfter) as too_fast:
        await bot.send_message(alice["id"], "3")
    assert too_fast.value.retry_after == 1
    with pytest.raises(RetryAfter):  # edits count, and nothing goes to alice before retry_after
        await bot.edit_message_text("1 bis", chat_id=alice["id"], message_id=1)
    assert flood.early == [(alice["id"], 1.0)]
    for user in (bob, carol, dan, fay):
        await bot.send_message(user["id"], "hello")
    with pytest.raises(RetryAfter):
        await bot.send_message(eve["id"], "global limit")
    await bot.send_message(gus["id"], "paid", allow_paid_broadcast=True)  # its own lane
    clock[0] += 1.5
    await bot.edit_message_text("1 bis", chat_id=alice["id"], message_id=1)
    for _ in range(3):
        await bot.send_message(group["id"], "annonce")
        clock[0] += 1.1
    with pytest.raises(RetryAfter) as group_limit:
        await bot.send_message(group["id"], "annonce")
    retry_after = group_limit.value.retry_after
    assert isinstance(retry_after, int) and 50 <= retry_after <= 60
    assert flood.refused == 4 and len(flood.early) == 1
    assert flood.refused_by == {"chat": 2, "early": 1, "global": 1}


async def test_webhook_delivery_in_order_with_secret_and_retries(fake: FakeTelegram, bot: Bot) -> None:
    received: list[dict[str, Any]] = []
    answers = [500, 200, 200]

    async def hook(request: web.Request) -> web.Response:
        assert request.headers["X-Telegram-Bot-Api-Secret-Token"] == "s3cret"
        status = answers.pop(0) if answers else 200
        if status == 200:
            received.append(await request.json())
        return web.Response(status=status)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        user = fake.user()
        fake.send_text(user, "premier")
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        fake.send_text(user, "second")
        await fake.wait_until_consumed(timeout=5)
        assert [u["message"]["text"] for u in received] == ["premier", "second"]
        info = await bot.get_webhook_info()
        assert info.last_error_message is not None and "500" in info.last_error_message
        await bot.delete_webhook()
        fake.send_text(user, "après")
        await asyncio.sleep(0.2)
        assert len(received) == 2 and len(fake.pending_updates()) == 1
    finally:
        await runner.cleanup()


async def test_raw_json_and_form_requests_like_other_clients(fake: FakeTelegram) -> None:
    user = fake.user()
    async with aiohttp.ClientSession() as session:
        url = f"{fake.base_url}{fake.token}/sendmessage"  # method names are case-insensitive
        async with session.post(url, json={"chat_id": user["id"], "text": "123"}) as response:
            body = await response.json()
        assert body["ok"] is True and body["result"]["text"] == "123"
        async with session.post(url, data={"chat_id": "abc", "text": "x"}) as response:
            refused = await response.json()
        assert response.status == 400 and refused == {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: chat not found",
        }
        async with session.get(f"{fake.base_url}{fake.token}/getMe") as response:
            assert (await response.json())["result"]["username"] == "resume_test_bot"


async def test_profile_reply_keyboard_pins_and_bulk_delete(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    await bot.set_my_description("Résumés d'articles", language_code="fr")
    assert (await bot.get_my_description("fr")).description == "Résumés d'articles"
    assert (await bot.get_my_short_description()).short_description == ""
    await bot.set_my_name("Résumeur")
    keyboard = ReplyKeyboardMarkup([[KeyboardButton("Passer"), "Annuler"]], one_time_keyboard=True)
    first = await bot.send_message(user["id"], "Téléphone ?", reply_markup=keyboard)
    assert fake.reply_keyboard(user) == [["Passer", "Annuler"]]
    second = await bot.send_message(user["id"], "Merci", reply_markup=ReplyKeyboardRemove())
    assert fake.reply_keyboard(user) is None
    assert await bot.pin_chat_message(user["id"], second.message_id)
    assert fake.message(user, second.message_id).pinned
    assert await bot.delete_messages(user["id"], [first.message_id, second.message_id, 99])
    assert fake.messages(user) == []


async def test_ids_do_not_depend_on_other_tests() -> None:
    seen = []
    for _ in range(2):
        async with FakeTelegram() as fake:
            seen.append(
                (fake.user()["id"], fake.group()["id"], fake.supergroup()["id"], fake.channel()["id"])
            )
    assert seen[0] == seen[1]
    assert seen[0][1] > -(10**12) > seen[0][2]


async def test_running_helper_calls_lifecycle_hooks_and_handles_buttons(fake: FakeTelegram) -> None:
    events: list[str] = []

    async def hook(name: str, application: Any) -> None:
        events.append(name)

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer("ok")
        await query.edit_message_text(f"Choisi : {query.data}")

    application = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.file_url)
        .post_init(lambda app: hook("init", app))
        .post_stop(lambda app: hook("stop", app))
        .post_shutdown(lambda app: hook("shutdown", app))
        .build()
    )
    application.add_handler(CallbackQueryHandler(on_button))
    user = fake.user()
    async with running(application, fake):
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Court", callback_data="court")]])
        sent = await application.bot.send_message(user["id"], "Longueur ?", reply_markup=markup)
        message = fake.message(user, sent.message_id)
        update = fake.press(user, message, button_text="Court")
        await fake.wait_for_edit(message)
        answer = await fake.wait_for_call("answerCallbackQuery")
        assert answer.ok and fake.callback_answer(update) is not None
    assert message.text == "Choisi : court"
    assert events == ["init", "stop", "shutdown"]


async def test_groups_the_bot_left_migrated_groups_and_loose_replies(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    outside = make_chat("supergroup", title="Créé à la main")
    fake.send_text(user, "/start", outside)  # a chat built by hand is registered when someone writes in it
    await bot.send_message(
        outside["id"], "Bonjour", reply_parameters=ReplyParameters(99, allow_sending_without_reply=True)
    )
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(outside["id"], "Bonjour", reply_parameters=ReplyParameters(99))
    fake.my_chat_member(outside, "member", "left", by=user)
    fake.send_text(user, "/start", outside)
    group = fake.group()
    fake.migrate_group(group)
    with pytest.raises(AssertionError, match="became supergroup"):
        fake.send_text(user, "encore ici ?", group)
    kinds = [next(k for k in u if k != "update_id") for u in fake.pending_updates()]
    assert kinds == [
        "message",
        "my_chat_member",
        "message",
        "message",
    ]  # the /start after leaving is not there


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_application_in_webhook_mode(fake: FakeTelegram) -> None:
    async def ping(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("pong (webhook)")

    application = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
    application.add_handler(CommandHandler("ping", ping))
    assert application.updater is not None
    port = free_port()
    async with application:
        await application.start()
        await application.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        try:
            user = fake.user()
            fake.send_text(user, "/ping")
            assert (await fake.next_message(user)).text == "pong (webhook)"
        finally:
            await application.updater.stop()
            await application.stop()
    assert fake.state.webhook is not None and fake.state.webhook["secret_token"] == "s3cret"
    assert [u["message"]["text"] for u in fake.webhook.delivered] == ["/ping"]


async def test_network_errors_and_answers_lost_after_sending(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    fake.network_error(user)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(user["id"], "perdu")
    assert fake.messages(user) == []
    fake.slow_answer(user, 2.0)
    with pytest.raises(TimedOut):
        await bot.send_message(user["id"], "arrivé quand même", read_timeout=0.2)
    assert [m.text for m in fake.messages(user)] == ["arrivé quand même"]  # the duplicate-risk window
    await bot.send_message(user["id"], "normal", read_timeout=0.2)


async def test_user_edits_their_message(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    typed = fake.send_text(user, "https://site.fr/a")
    fake.edit_text(user, typed, "https://site.fr/b")
    updates = await bot.get_updates(timeout=0)
    edited = updates[1].edited_message
    assert edited is not None and edited.text == "https://site.fr/b" and edited.edit_date is not None
    assert edited.entities[0].type == "url"
    with pytest.raises(AssertionError, match="cannot edit"):
        fake.edit_text(fake.user("Autre"), typed, "piraté")
