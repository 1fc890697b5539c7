"""Summaries on demand end to end: real application, fake Bot API, local article site, fresh SQLite."""

from __future__ import annotations

from sqlalchemy import func, select, text

from storage.models import Article, SummaryRequest
from tests.bot.articles import SITE, TRICKY_TITLE, article_sentences
from tests.bot.conftest import Harness, said
from tests.telegram_fake import StoredMessage


def bullets(message: StoredMessage) -> list[str]:
    return [line for line in (message.text or "").splitlines() if line.startswith("• ")]


async def outcomes(bot: Harness) -> list[str]:
    async with bot.services.sessionmaker() as session:
        rows = await session.scalars(select(SummaryRequest.outcome).order_by(SummaryRequest.id))
        return list(rows)


async def article_count(bot: Harness) -> int:
    async with bot.services.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Article)) or 0)


async def test_link_in_private_chat_gets_placeholder_then_summary(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, f"Regarde ça : {bot.site.url('/article/1')} !")
    placeholder = await bot.fake.next_message(user)
    assert placeholder.text == "⏳ Je lis l'article…"
    await bot.fake.wait_for_call("sendChatAction")
    await bot.fake.wait_for_edit(placeholder, timeout=8, edits=1)  # may already be edited by now
    text = placeholder.text or ""
    title = "Rénovation des bibliothèques : le plan de la ville (n° 1)"
    assert text.startswith(title + "\n\n• ")
    assert placeholder.entities[0]["type"] == "bold"
    assert len(bullets(placeholder)) == 3  # the default length
    assert text.endswith(f"{SITE} · 1 min de lecture")
    assert placeholder.button("Lire l'article")["url"] == bot.site.url("/article/1")
    assert placeholder.button("Partager")["switch_inline_query"] == bot.site.url("/article/1")
    assert {b["text"] for b in placeholder.buttons} >= {"➖ Plus court", "➕ Plus long"}
    assert await outcomes(bot) == ["ok"]


async def test_same_article_again_comes_from_the_cache(bot: Harness) -> None:
    user = bot.fake.user()
    first = await bot.summary_of(user, "/article/2")
    assert bot.site.hits["/article/2"] == 1
    # A tracking parameter does not make it another article.
    bot.fake.send_text(user, bot.site.url("/article/2?utm_source=newsletter"))
    second = await bot.fake.next_message(user)
    assert second.text == first.text  # straight away: no placeholder for a cached summary
    assert bot.site.hits["/article/2"] == 1
    assert await outcomes(bot) == ["ok", "cached"]


async def test_title_with_html_characters_renders(bot: Harness) -> None:
    message = await bot.summary_of(bot.fake.user(), "/tricky")
    assert (message.text or "").startswith(TRICKY_TITLE + "\n\n")
    assert "&lt;priorités&gt;" in (message.source_text or "")


async def test_resume_command_with_url_and_english_alias(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, f"/resume {bot.site.url('/article/3')}")
    assert len(bullets(await bot.reply(user))) == 3
    bot.fake.send_text(user, f"/summary {bot.site.url('/article/3')}")
    assert len(bullets(await bot.reply(user))) == 3


async def test_resume_in_reply_to_a_message_with_a_link(bot: Harness) -> None:
    user = bot.fake.user()
    original = bot.fake.send_text(user, f"lu ce matin {bot.site.url('/article/4')}")
    await bot.reply(user)  # the private chat answers the link itself first
    bot.fake.send_text(user, "/resume", reply_to=original)
    assert len(bullets(await bot.reply(user))) == 3


async def test_longer_and_shorter_edit_the_message(bot: Harness) -> None:
    user = bot.fake.user()
    message = await bot.summary_of(user, "/article/5")
    press = bot.fake.press(user, message, button_text="Plus long")
    await bot.fake.wait_for_edit(message)
    assert len(bullets(message)) == 4
    assert bot.fake.callback_answer(press) is not None  # answered before the edit: no endless spinner
    for _ in range(3):
        bot.fake.press(user, message, button_text="Plus court")
        await bot.fake.wait_for_edit(message)
    assert len(bullets(message)) == 1
    assert "➖ Plus court" not in {b["text"] for b in message.buttons}  # min_sentences reached
    for expected in range(2, 8):
        bot.fake.press(user, message, button_text="Plus long")
        await bot.fake.wait_for_edit(message)
        assert len(bullets(message)) == expected
    assert "➕ Plus long" not in {b["text"] for b in message.buttons}  # max_sentences reached
    assert bot.site.hits["/article/5"] == 1  # resizing never fetches again


async def test_pasted_text_summarized_in_reply_and_not_stored(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "Bonjour, je voudrais un résumé de l'article sur la piscine, merci !")
    assert "collez le texte entier" in ((await bot.reply(user)).text or "")  # no link, no article: how-to
    pasted = bot.fake.send_text(user, " ".join(article_sentences(9)), forward_from=bot.fake.user("Autre"))
    placeholder = await bot.fake.next_message(user)  # an article's text: summarized straight away
    await bot.fake.wait_for_edit(placeholder, timeout=8)
    direct = placeholder.text
    bot.fake.send_text(user, "/resume", reply_to=pasted)
    placeholder = await bot.fake.next_message(user)
    assert placeholder.text == "⏳ Je lis le texte…"
    await bot.fake.wait_for_edit(placeholder, timeout=8)
    assert (placeholder.text or "").startswith("Résumé du texte\n\n• ")
    assert len(bullets(placeholder)) == 3
    assert (placeholder.text or "").endswith("mots")
    assert placeholder.text == direct  # the same summary either way
    assert await article_count(bot) == 0
    assert await outcomes(bot) == ["ok", "ok"]


async def test_group_answers_commands_and_mentions_only(bot: Harness) -> None:
    user = bot.fake.user()
    group = bot.fake.group("Club lecture", members={user["id"]: "member"})
    mark = bot.fake.mark()
    bot.fake.send_text(user, bot.site.url("/article/6"), group)  # plain link: not for the bot
    bot.fake.send_text(user, f"/resume {bot.site.url('/article/6')}", group)
    reply = await bot.reply(group)
    assert len(bullets(reply)) == 3
    username = bot.fake.bot_user["username"]
    bot.fake.send_text(user, f"@{username} {bot.site.url('/article/6')}", group)
    assert len(bullets(await bot.reply(group))) == 3
    await bot.fake.wait_until_consumed()
    sent = [c for c in bot.fake.calls("sendMessage", since=mark) if c.chat_id == group["id"]]
    assert len(sent) == 2  # one placeholder for the first, the cached one answered directly
    bot.fake.send_text(user, "/resume", group)
    assert "/resume" in ((await bot.fake.next_message(group)).text or "")
    bot.fake.send_text(user, f"/resume@{username} {bot.site.url('/article/6')}", group)
    assert said(await bot.reply(group)).count("\n• ") == 3


async def test_mention_in_reply_to_a_link_and_mention_without_link(bot: Harness) -> None:
    user, friend = bot.fake.user(), bot.fake.user("Ami")
    group = bot.fake.supergroup("Club", members={user["id"]: "member", friend["id"]: "member"})
    shared = bot.fake.send_text(friend, f"à lire : {bot.site.url('/article/8')}", group)
    username = bot.fake.bot_user["username"]
    bot.fake.send_text(user, f"@{username} résume ça", group, reply_to=shared)
    assert said(await bot.reply(group)).count("\n• ") == 3
    bot.fake.send_text(user, f"@{username} bonjour", group)
    hint = await bot.fake.next_message(group)
    assert said(hint).startswith("Écrivez /resume suivi du lien")  # HTML parsed: no stray <code>
    assert [e["type"] for e in hint.entities if e["type"] == "code"] == ["code"]


async def test_resize_after_the_summary_was_deleted(bot: Harness) -> None:
    user = bot.fake.user()
    message = await bot.summary_of(user, "/article/9")
    async with bot.services.database.engine.begin() as conn:
        await conn.execute(text("DELETE FROM articles"))
    press = bot.fake.press(user, message, button_text="Plus long")
    call = await bot.fake.wait_for_call("answerCallbackQuery")
    assert call.params.get("text") == "Ce résumé n'est plus disponible. Renvoyez-moi le lien."
    assert bot.fake.callback_answer(press) is not None


async def test_button_from_an_older_version_is_answered(bot: Harness) -> None:
    user = bot.fake.user()
    chat = bot.fake.state.chats[user["id"]]
    old = StoredMessage(
        chat=chat,
        message_id=bot.fake.state.next_message_id(user["id"]),
        date=bot.fake.state.now(),
        from_bot=True,
        sender=bot.fake.bot_user,
        text="Un ancien message",
        reply_markup={"inline_keyboard": [[{"text": "Ancien", "callback_data": "zz:old"}]]},
    )
    bot.fake.state.store(old)
    press = bot.fake.press(user, old, "zz:old")
    call = await bot.fake.wait_for_call("answerCallbackQuery")
    assert call.params.get("text", "").startswith("Ce bouton n'est plus valable")
    assert bot.fake.callback_answer(press) is not None
