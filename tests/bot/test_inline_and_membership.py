"""Inline mode, and chat membership updates keeping the stored chat state true."""

from __future__ import annotations

from storage.models import Chat
from storage.repos import chats, subscriptions
from tests.bot.conftest import Harness, eventually


async def stored_chat(bot: Harness, chat_id: int) -> Chat | None:
    async with bot.services.sessionmaker() as session:
        return await chats.get_chat(session, chat_id)


async def can_post_becomes(bot: Harness, chat_id: int, value: bool) -> None:
    async def check() -> bool:
        chat = await stored_chat(bot, chat_id)
        return chat is not None and chat.can_post is value

    await eventually(check)


async def test_inline_query_offers_the_summary(bot: Harness) -> None:
    user = bot.fake.user()
    url = bot.site.url("/article/11")
    update = bot.fake.inline_query(user, url)
    await bot.fake.wait_for_call("answerInlineQuery", timeout=8)
    answer = bot.fake.inline_answer(update)
    assert answer is not None and len(answer["results"]) == 1
    result = answer["results"][0]
    assert result["type"] == "article"
    assert result["title"].startswith("Rénovation des bibliothèques")
    assert result["description"] == "Le Journal de Villeneuve · résumé en 3 phrases"
    posted = bot.fake.send_inline_result(user, update, result["id"])
    assert (posted.text or "").count("\n• ") == 3
    # The posted message keeps working buttons (edited through its inline_message_id).
    bot.fake.press(user, posted, button_text="Plus long")
    await bot.fake.wait_for_call("editMessageText")
    assert (posted.text or "").count("\n• ") == 4
    # Asked again: answered from storage, the site is not fetched twice.
    bot.fake.inline_query(bot.fake.user(), url)
    await bot.fake.wait_for_call("answerInlineQuery")
    assert bot.site.hits["/article/11"] == 1


async def test_inline_query_without_link_or_with_a_bad_one(bot: Harness) -> None:
    user = bot.fake.user()
    empty = bot.fake.inline_query(user, "bonjour")
    await bot.fake.wait_for_call("answerInlineQuery")
    answer = bot.fake.inline_answer(empty)
    assert answer is not None and answer["results"] == []
    assert "lien" in answer["button"]["text"]
    broken = bot.fake.inline_query(user, bot.site.url("/missing"))
    await bot.fake.wait_for_call("answerInlineQuery")
    answer = bot.fake.inline_answer(broken)
    assert answer is not None and answer["results"] == []
    assert "404" in answer["button"]["text"]


async def test_blocked_and_unblocked_private_chat(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/abonner")
    await bot.fake.next_message(user)
    bot.fake.block(user)
    await can_post_becomes(bot, user["id"], False)
    bot.fake.unblock(user)
    await can_post_becomes(bot, user["id"], True)


async def test_removed_from_group_then_added_back(bot: Harness) -> None:
    admin = bot.fake.user()
    group = bot.fake.group("Amis", members={admin["id"]: "administrator"})
    bot.fake.send_text(admin, "/abonner", group)
    await bot.fake.next_message(group)
    bot.fake.my_chat_member(group, "member", "left", by=admin)
    await can_post_becomes(bot, group["id"], False)
    bot.fake.my_chat_member(group, "left", "member", by=admin)
    await can_post_becomes(bot, group["id"], True)


async def test_group_migrated_to_supergroup_keeps_its_subscription(bot: Harness) -> None:
    admin = bot.fake.user()
    group = bot.fake.group("Amis", members={admin["id"]: "administrator"})
    bot.fake.send_text(admin, "/abonner", group)
    await bot.fake.next_message(group)
    supergroup = bot.fake.migrate_group(group)

    async def migrated() -> bool:
        chat = await stored_chat(bot, group["id"])
        return chat is not None and chat.migrated_to_id is not None

    await eventually(migrated)
    old = await stored_chat(bot, group["id"])
    assert old is not None and old.migrated_to_id == supergroup["id"] and old.can_post is False
    async with bot.services.sessionmaker() as session:
        assert await subscriptions.get_subscription(session, supergroup["id"]) is not None
        assert await subscriptions.get_subscription(session, group["id"]) is None
