"""Self-tests of the fake Bot API, driven by python-telegram-bot's own client over real HTTP."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
)
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from tests.telegram_fake import FakeTelegram
from tests.telegram_fake.fixtures import fake_telegram  # noqa: F401  (fixture)


@pytest.fixture
def fake(fake_telegram: FakeTelegram) -> FakeTelegram:  # noqa: F811  (the shared fixture, under a short name)
    return fake_telegram


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    client = Bot(fake.token, base_url=fake.base_url, base_file_url=fake.file_url)
    async with client:
        yield client


def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(buttons)])


async def test_get_me_and_wrong_token(fake: FakeTelegram, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == "resume_test_bot"
    assert me.id == fake.bot_user["id"]
    with pytest.raises(InvalidToken):
        async with Bot("1:wrong", base_url=fake.base_url):
            pass


async def test_unknown_method_is_404(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})
    assert fake.calls("sendTelepathy")[0].error is not None


async def test_send_edit_delete_and_what_the_user_sees(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user("Léa")
    sent = await bot.send_message(
        user["id"],
        "<b>Titre &amp; co</b>\n• une phrase",
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard(InlineKeyboardButton("Plus long", callback_data="len:+1")),
    )
    assert sent.text == "Titre & co\n• une phrase"
    assert sent.entities[0].type == "bold" and sent.entities[0].length == len("Titre & co")
    assert sent.reply_markup is not None
    edited = await bot.edit_message_text("Version courte", chat_id=user["id"], message_id=sent.message_id)
    assert isinstance(edited, type(sent)) and edited.text == "Version courte"
    shown = fake.messages(user)
    assert [m.text for m in shown] == ["Version courte"]
    assert shown[0].reply_markup is None  # editMessageText without reply_markup removes the keyboard
    assert shown[0].history[0]["text"] == "Titre & co\n• une phrase"
    assert await bot.delete_message(user["id"], sent.message_id)
    assert fake.messages(user) == []
    assert fake.messages(user, include_deleted=True)[0].deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(user["id"], sent.message_id)


async def test_message_ids_increase_per_chat(fake: FakeTelegram, bot: Bot) -> None:
    alice, bob = fake.user("Alice"), fake.user("Bob")
    fake.send_text(alice, "bonjour")
    ids = [(await bot.send_message(chat["id"], "x")).message_id for chat in (alice, bob, alice, bob)]
    assert ids == [2, 1, 3, 2]


@pytest.mark.parametrize(
    ("text", "parse_mode", "error"),
    [
        ("", None, "Message text is empty"),
        ("   \n ", None, "Message text is empty"),
        ("a" * 4097, None, "Message is too long"),
        ("😀" * 2049, None, "Message is too long"),  # 4098 UTF-16 units although 2049 characters
        ("<b>gras", ParseMode.HTML, 'Can\'t find end tag corresponding to start tag "b"'),
        ("<blink>x</blink>", ParseMode.HTML, 'Unsupported start tag "blink"'),
        ("<br>", ParseMode.HTML, 'Unsupported start tag "br"'),
        ("<b>x</i>", ParseMode.HTML, "Unmatched end tag"),
        ("x</b>", ParseMode.HTML, "Unexpected end tag"),
        ("AT&T rachète", ParseMode.HTML, "Character entity expected"),
        ("1 < 2", ParseMode.HTML, 'Unsupported start tag ""'),
        ("<a>lien</a>", ParseMode.HTML, "Can't find the URL"),
        ('<span class="rouge">x</span>', ParseMode.HTML, "tg-spoiler"),
        ("Fin.", ParseMode.MARKDOWN_V2, "Character '.' is reserved"),
        ("*gras", ParseMode.MARKDOWN_V2, "Can't find end of Bold entity"),
    ],
)
async def test_text_rules(
    fake: FakeTelegram,
    bot: Bot,
    text: str,
    parse_mode: str | None,
    error: str,
) -> None:
    user = fake.user()
    # PTB capitalizes the description (str.capitalize), hence the case-insensitive match.
    with pytest.raises(BadRequest, match="(?i)" + re.escape(error)) as caught:
        await bot.send_message(user["id"], text, parse_mode=parse_mode)
    assert fake.messages(user) == []
    assert caught.value.message
    assert fake.calls("sendMessage")[-1].ok is False


async def test_length_counts_after_parsing(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    body = "é" * 4096
    sent = await bot.send_message(user["id"], f"<b>{body}</b>", parse_mode=ParseMode.HTML)
    assert sent.text == body
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(user["id"], f"<b>{body}&amp;</b>", parse_mode=ParseMode.HTML)


async def test_html_accepts_telegram_tags(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    source = (
        "<b>B</b><strong>S</strong><i>I</i><em>E</em><u>U</u><ins>N</ins><s>X</s><strike>K</strike><del>D</del>"
        '<span class="tg-spoiler">P</span><tg-spoiler>Q</tg-spoiler><a href="https://ex.fr/?a=1&amp;b=2">L</a>'
        '<code>C</code><pre><code class="language-python">py</code></pre>'
        "<blockquote expandable>Z</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> &lt;&gt;&quot;&#39;&#x27; &nbsp; a & b'
    )
    sent = await bot.send_message(user["id"], source, parse_mode=ParseMode.HTML)
    assert sent.text is not None
    assert sent.text.endswith("<>\"'' &nbsp; a & b")
    types = [e.type for e in sent.entities]
    assert types.count("bold") == 2 and types.count("strikethrough") == 3 and types.count("spoiler") == 2
    link = next(e for e in sent.entities if e.type == "text_link")
    assert link.url == "https://ex.fr/?a=1&b=2"
    pre = next(e for e in sent.entities if e.type == "pre")
    assert pre.language == "python"
    assert "expandable_blockquote" in types and "custom_emoji" in types
    assert fake.last_message(user).source_text == source


async def test_entity_offsets_are_utf16(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    sent = await bot.send_message(user["id"], "😀 <i>ok</i>", parse_mode=ParseMode.HTML)
    assert (sent.entities[0].offset, sent.entities[0].length) == (3, 2)
    assert sent.parse_entity(sent.entities[0]) == "ok"


@pytest.mark.parametrize(
    ("button", "error"),
    [
        (InlineKeyboardButton("x", callback_data="é" * 33), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton("x", url="javascript:alert(1)"), "Wrong HTTP URL"),
        (InlineKeyboardButton("x", url="example.fr/page"), "Wrong HTTP URL"),
        (InlineKeyboardButton("", callback_data="ok"), "Text must be non-empty"),
    ],
)
async def test_keyboard_rules(
    fake: FakeTelegram,
    bot: Bot,
    button: InlineKeyboardButton,
    error: str,
) -> None:
    user = fake.user()
    with pytest.raises(BadRequest, match="(?i)" + re.escape(error)):
        await bot.send_message(user["id"], "choix", reply_markup=keyboard(button))


async def test_keyboard_limits_accept_64_bytes_and_tg_urls(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    markup = keyboard(
        InlineKeyboardButton("a", callback_data="é" * 32),
        InlineKeyboardButton("b", url="tg://resolve?domain=resume_test_bot"),
        InlineKeyboardButton("c", url="http://127.0.0.1:8080/article"),
    )
    sent = await bot.send_message(user["id"], "choix", reply_markup=markup)
    assert len(fake.messages(user)[0].buttons) == 3
    assert sent.reply_markup == markup


async def test_edit_rules(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    markup = keyboard(InlineKeyboardButton("A", callback_data="a"))
    sent = await bot.send_message(user["id"], "<b>même</b>", parse_mode=ParseMode.HTML, reply_markup=markup)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>même</b>",
            chat_id=user["id"],
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=markup,
        )
    # Same text, other formatting: a real change.
    await bot.edit_message_text("même", chat_id=user["id"], message_id=sent.message_id, reply_markup=markup)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=user["id"], message_id=999)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(user["id"], sent.message_id, reply_markup=markup)
    await bot.edit_message_reply_markup(user["id"], sent.message_id, reply_markup=None)
    assert fake.message(user, sent.message_id).buttons == []
    typed = fake.send_text(user, "mon texte")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("piraté", chat_id=user["id"], message_id=typed.message_id)


async def test_blocked_user_and_unknown_chats(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    stranger = fake.user("Inconnu", started=False)
    fake.block(user)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user["id"], "coucou")
    fake.unblock(user)
    await bot.send_message(user["id"], "coucou")
    with pytest.raises(Forbidden, match="bot can't initiate conversation"):
        await bot.send_message(stranger["id"], "coucou")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(123, "coucou")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message("@nulle_part", "coucou")
    kinds = [u for u in fake.pending_updates() if "my_chat_member" in u]
    assert [u["my_chat_member"]["new_chat_member"]["status"] for u in kinds] == ["kicked", "member"]


@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
async def test_rate_limit_migration_and_injected_failures(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    group = fake.group("Rédaction")
    fake.rate_limit(user, retry_after=7)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(user["id"], "un")
    assert flood.value.retry_after == 7
    await bot.send_message(user["id"], "deux")  # only the next call was limited
    supergroup = fake.migrate_group(group)
    with pytest.raises(ChatMigrated) as moved:
        await bot.send_message(group["id"], "annonce")
    assert moved.value.new_chat_id == supergroup["id"] < -(10**12)
    await bot.send_message(supergroup["id"], "annonce")
    fake.chat_not_found(supergroup, times=1)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(supergroup["id"], "encore")
    fake.kick_bot(supergroup)
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await bot.send_message(supergroup["id"], "encore")
    service = [u["message"] for u in fake.pending_updates() if "message" in u]
    assert service[0]["migrate_to_chat_id"] == supergroup["id"]
    assert service[1]["migrate_from_chat_id"] == group["id"]


async def test_get_updates_long_polling_and_offset(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 3

    async def later() -> None:
        await asyncio.sleep(0.2)
        fake.send_text(user, "/start")

    task = asyncio.create_task(later())
    started = time.monotonic()
    updates = await bot.get_updates(timeout=5)
    await task
    assert time.monotonic() - started < 2  # answered when the update arrived, not at the timeout
    assert updates[0].message is not None and updates[0].message.text == "/start"
    fake.send_text(user, "deux")
    fake.send_text(user, "trois")
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id + i for i in range(3)]
    rest = await bot.get_updates(offset=again[1].update_id, timeout=0)
    assert [u.message.text for u in rest if u.message] == ["deux", "trois"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1, timeout=0) == ()
    await fake.wait_until_consumed(timeout=1)


async def test_second_long_poll_and_webhook_conflict(fake: FakeTelegram, bot: Bot) -> None:
    # PTB keeps one connection for getUpdates, so the competing poller is a second bot instance.
    async with Bot(fake.token, base_url=fake.base_url) as other_instance:
        first = asyncio.create_task(bot.get_updates(timeout=5))
        await fake.wait_for_polling()
        second = asyncio.create_task(other_instance.get_updates(timeout=1))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await first
        assert await second == ()
    await bot.set_webhook("https://bot.example.fr/hook", secret_token="s3cret")
    assert (await bot.get_webhook_info()).url == "https://bot.example.fr/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)
    await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


async def test_stop_ends_pending_long_poll_quickly() -> None:
    fake = await FakeTelegram().start()
    async with Bot(fake.token, base_url=fake.base_url) as client:
        poll = asyncio.create_task(client.get_updates(timeout=30))
        await fake.wait_for_polling()
        started = time.monotonic()
        await fake.stop()
        assert await poll == ()
        assert time.monotonic() - started < 2


async def ping(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_html("<b>pong</b>", do_quote=True)


async def test_application_answers_ping_over_long_polling(fake: FakeTelegram) -> None:
    application = (
        ApplicationBuilder().token(fake.token).base_url(fake.base_url).base_file_url(fake.file_url).build()
    )
    application.add_handler(CommandHandler("ping", ping))
    user = fake.user("Léa")
    started = time.monotonic()
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        try:
            fake.send_text(user, "/ping")
            reply = await fake.next_message(user, timeout=5)
        finally:
            await application.updater.stop()
            await application.stop()
    assert reply.text == "pong" and reply.entities[0]["type"] == "bold"
    assert reply.reply_to is not None and reply.reply_to.text == "/ping"
    assert time.monotonic() - started < 5
    assert fake.pending_updates() == []  # the update was confirmed on shutdown
    assert fake.calls("deleteWebhook") and fake.calls("getMe")


async def test_silent_block_sends_no_update(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    before = len(fake.pending_updates())
    assert fake.block(user, silently=True) is user
    assert len(fake.pending_updates()) == before
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user["id"], "coucou")


async def test_silent_migration_is_learnt_from_the_error(fake: FakeTelegram, bot: Bot) -> None:
    group = fake.group("Anciens")
    before = len(fake.pending_updates())
    new = fake.migrate_group(group, silently=True)
    assert len(fake.pending_updates()) == before
    with pytest.raises(ChatMigrated) as raised:
        await bot.send_message(group["id"], "coucou")
    assert raised.value.new_chat_id == new["id"]
    await bot.send_message(new["id"], "coucou")
