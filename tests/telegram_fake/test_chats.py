"""The fake's chats, files, menus, queries and waiting helpers, driven by PTB's Bot over HTTP."""

from __future__ import annotations

import csv
import io

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputFile,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from tests.telegram_fake import FakeTelegram, WaitTimeout


def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(buttons)])


async def test_send_document_keeps_bytes(fake: FakeTelegram, bot: Bot) -> None:
    admin = fake.user("Admin")
    rows = "\ufeffid;nom\n1;Zoé «Ω»\n"
    sent = await bot.send_document(
        admin["id"],
        InputFile(rows.encode("utf-8"), filename="candidatures.csv"),
        caption="<b>Export</b>",
        parse_mode=ParseMode.HTML,
    )
    assert sent.document is not None and sent.document.file_name == "candidatures.csv"
    stored = fake.last_message(admin)
    assert stored.document is not None and stored.caption == "Export"
    assert stored.document.content.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(stored.document.text()), delimiter=";"))
    assert parsed == [["id", "nom"], ["1", "Zoé «Ω»"]]
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == rows.encode("utf-8")
    photo = await bot.send_photo(admin["id"], b"\x89PNG...")
    assert photo.photo and fake.last_message(admin).photo is not None
    with pytest.raises(BadRequest, match="caption is too long"):
        await bot.send_document(admin["id"], InputFile(b"x", filename="a.txt"), caption="c" * 1025)


async def test_commands_per_scope_and_language(fake: FakeTelegram, bot: Bot) -> None:
    group = fake.group()
    await bot.set_my_commands([BotCommand("resume", "Résumer un article")])
    await bot.set_my_commands([BotCommand("resume", "Résumer")], language_code="fr")
    await bot.set_my_commands([BotCommand("summary", "Summarize")], scope=BotCommandScopeAllGroupChats())
    await bot.set_my_commands([BotCommand("abonner", "S'abonner")], scope=BotCommandScopeChat(group["id"]))
    assert [c.command for c in await bot.get_my_commands(language_code="fr")] == ["resume"]
    assert fake.commands(language_code="fr") == [{"command": "resume", "description": "Résumer"}]
    assert fake.commands({"type": "all_group_chats"})[0]["command"] == "summary"
    assert fake.commands({"type": "chat", "chat_id": group["id"]})[0]["command"] == "abonner"
    await bot.delete_my_commands(language_code="fr")
    assert fake.commands(language_code="fr") == []
    assert fake.commands() != []
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Résumé", "accents refusés")])


async def test_press_callback_and_answer(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    await bot.send_message(
        user["id"], "Choisir", reply_markup=keyboard(InlineKeyboardButton("Oui", callback_data="yes"))
    )
    message = await fake.next_message(user)
    with pytest.raises(AssertionError, match="no button"):
        fake.press(user, message, "no")
    update = fake.press(user, message, button_text="Oui")
    received = Update.de_json((await bot.get_updates(timeout=0))[0].to_dict(), bot)
    assert received.callback_query is not None and received.callback_query.data == "yes"
    assert received.callback_query.message is not None
    assert received.callback_query.message.message_id == message.message_id
    await received.callback_query.answer("C'est noté")
    assert fake.callback_answer(update) == {
        "callback_query_id": update["callback_query"]["id"],
        "text": "C'est noté",
    }
    with pytest.raises(BadRequest, match="Query is too old"):
        await received.callback_query.answer("encore")


async def test_inline_query_answer_is_validated(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    update = fake.inline_query(user, "https://site.fr/a")
    query_id = update["inline_query"]["id"]
    bad = InlineQueryResultArticle("1", "Résumé", InputTextMessageContent("<b>x", parse_mode="HTML"))
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.answer_inline_query(query_id, [bad])
    good = InlineQueryResultArticle("1", "Résumé", InputTextMessageContent("<b>x</b>", parse_mode="HTML"))
    await bot.answer_inline_query(query_id, [good], cache_time=0)
    answer = fake.inline_answer(update)
    assert answer is not None and answer["results"][0]["title"] == "Résumé"
    fake.chosen(user, "1", "https://site.fr/a")
    kinds = [next(k for k in u if k != "update_id") for u in fake.pending_updates()]
    assert kinds == ["inline_query", "chosen_inline_result"]


async def test_injected_messages_carry_entities_replies_and_forwards(fake: FakeTelegram, bot: Bot) -> None:
    user, author = fake.user("Léa"), fake.user("Auteur")
    group = fake.supergroup("Lecteurs")
    sent = await bot.send_message(group["id"], "Bienvenue")
    fake.send_text(
        user,
        "/resume@resume_test_bot https://site.fr/a?b=1, voir lemonde.fr.",
        group,
        reply_to=sent.message_id,
    )
    fake.send_text(user, "texte long transféré", forward_from=author)
    fake.send_photo(user, caption="regarde")
    fake.send_sticker(user)
    updates = await bot.get_updates(timeout=0)
    first = updates[0].message
    assert first is not None and first.chat.type == "supergroup"
    assert first.parse_entities() == {
        first.entities[0]: "/resume@resume_test_bot",
        first.entities[1]: "https://site.fr/a?b=1",
        first.entities[2]: "lemonde.fr",
    }
    assert first.reply_to_message is not None and first.reply_to_message.text == "Bienvenue"
    forwarded = updates[1].message
    assert forwarded is not None and forwarded.forward_origin is not None
    assert forwarded.forward_origin.sender_user.id == author["id"]  # type: ignore[attr-defined]
    assert updates[2].message is not None and updates[2].message.photo
    assert updates[3].message is not None and updates[3].message.sticker is not None


async def test_chat_info_members_and_leave(fake: FakeTelegram, bot: Bot) -> None:
    owner, reader = fake.user("Chef"), fake.user("Lecteur")
    group = fake.group("Club", members={owner["id"]: "creator", reader["id"]: "member"})
    assert (await bot.get_chat(group["id"])).title == "Club"
    assert (await bot.get_chat_member(group["id"], owner["id"])).status == "creator"
    assert (await bot.get_chat_member(group["id"], reader["id"])).status == "member"
    admins = await bot.get_chat_administrators(group["id"])
    assert [a.user.id for a in admins] == [owner["id"]]
    channel = fake.channel("Actus", username="actus_site")
    post = await bot.send_message("@actus_site", "Nouvel article")
    assert post.chat.id == channel["id"] and post.sender_chat is not None
    assert await bot.leave_chat(group["id"])
    with pytest.raises(Forbidden, match="not a member of the group chat"):
        await bot.send_message(group["id"], "encore là ?")
    await bot.send_chat_action(owner["id"], "typing")
    with pytest.raises(BadRequest, match="Wrong parameter action"):
        await bot.send_chat_action(owner["id"], "dancing")


async def test_waiting_helpers_time_out_with_context(fake: FakeTelegram, bot: Bot) -> None:
    user = fake.user()
    await bot.send_message(user["id"], "un")
    await bot.send_message(user["id"], "deux")
    assert (await fake.next_message(user, timeout=0.1)).text == "un"
    assert (await fake.next_message(user, timeout=0.1)).text == "deux"
    with pytest.raises(WaitTimeout, match="sendMessage"):
        await fake.next_message(user, timeout=0.1)
    first = await fake.wait_for_call("sendMessage", timeout=0.1)
    second = await fake.wait_for_call("sendMessage", timeout=0.1)
    assert (first.params["text"], second.params["text"]) == ("un", "deux")
    with pytest.raises(WaitTimeout):
        await fake.wait_for_call("sendMessage", timeout=0.1)
