"""The main reader flows once on SQLite and once on PostgreSQL (the storage tests' ``db`` fixture)."""

from __future__ import annotations

from storage.repos import chats, subscriptions
from tests.bot.conftest import StartBot, eventually, said
from tests.storage.databases import TestDatabase


async def test_summary_cache_settings_and_migration(start_bot: StartBot, db: TestDatabase) -> None:
    async with start_bot(database=db.settings) as bot:
        user = bot.fake.user()
        first = await bot.summary_of(user, "/article/21")
        assert said(first).count("\n• ") == 3
        second = await bot.summary_of(user, "/article/21")
        assert second.text == first.text and bot.site.hits["/article/21"] == 1
        bot.fake.press(user, second, button_text="Plus long")
        await bot.fake.wait_for_edit(second)
        assert said(second).count("\n• ") == 4

        bot.fake.send_text(user, "/reglages")
        screen = await bot.fake.next_message(user)
        bot.fake.press(user, screen, button_text="Récapitulatif quotidien")
        await bot.fake.wait_for_edit(screen)
        async with db.sessionmaker() as session:
            stored = await subscriptions.get_subscription(session, user["id"])
            assert stored is not None and stored.delivery_mode == "digest"

        admin = bot.fake.user()
        group = bot.fake.group("Amis", members={admin["id"]: "administrator"})
        bot.fake.send_text(admin, "/abonner", group)
        await bot.fake.next_message(group)
        supergroup = bot.fake.migrate_group(group)

        async def migrated() -> bool:
            async with db.sessionmaker() as session:
                return await subscriptions.get_subscription(session, supergroup["id"]) is not None

        await eventually(migrated)
        async with db.sessionmaker() as session:
            old = await chats.get_chat(session, group["id"])
            assert old is not None and old.can_post is False
