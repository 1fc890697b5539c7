from datetime import UTC, datetime, timedelta

import pytest

from storage.errors import InvalidValue, NotFound
from storage.models import ChatType, DeliveryMode
from storage.repos import chats, subscriptions, users
from tests.storage.databases import present

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_subscribe_is_idempotent_and_unsubscribe(db):
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 1)
        await chats.upsert_chat(session, 1, type=ChatType.PRIVATE)
        subscription, created = await subscriptions.subscribe(session, 1, by=1, summary_sentences=4, now=T0)
        assert created and subscription.summary_sentences == 4 and subscription.subscribed_by == 1
        again, created = await subscriptions.subscribe(session, 1, summary_sentences=2)
        assert not created and again.id == subscription.id and again.summary_sentences == 4
        assert await subscriptions.unsubscribe(session, 1)
        assert not await subscriptions.unsubscribe(session, 1)
        assert await subscriptions.get_subscription(session, 1) is None


async def test_subscribe_unknown_chat_and_bad_settings_write_nothing(db):
    async with db.sessionmaker.begin() as session:
        with pytest.raises(NotFound):
            await subscriptions.subscribe(session, 5)
        await chats.upsert_chat(session, 5, type=ChatType.PRIVATE)
        for bad in (
            {"summary_sentences": 0},
            {"summary_sentences": 11},
            {"delivery_mode": "weekly"},
            {"delivery_mode": DeliveryMode.DIGEST},  # no hour
            {"delivery_mode": DeliveryMode.DIGEST, "digest_hour": 24},
        ):
            with pytest.raises(InvalidValue):
                await subscriptions.subscribe(session, 5, **bad)
        assert await subscriptions.get_subscription(session, 5) is None


async def test_update_subscription_keeps_what_is_not_given(db):
    async with db.sessionmaker.begin() as session:
        await chats.upsert_chat(session, -7, type=ChatType.GROUP)
        await subscriptions.subscribe(session, -7)
        digest = await subscriptions.update_subscription(session, -7, delivery_mode="digest", digest_hour=8)
        assert (digest.delivery_mode, digest.digest_hour, digest.summary_sentences) == ("digest", 8, 3)
        longer = await subscriptions.update_subscription(session, -7, summary_sentences=6)
        assert (longer.delivery_mode, longer.digest_hour, longer.summary_sentences) == ("digest", 8, 6)
        back = await subscriptions.update_subscription(session, -7, delivery_mode="immediate")
        assert back.digest_hour is None
        with pytest.raises(InvalidValue):
            await subscriptions.update_subscription(session, -7, summary_sentences=50)
        with pytest.raises(NotFound):
            await subscriptions.update_subscription(session, -8, summary_sentences=2)
    async with db.sessionmaker() as session:
        assert present(await subscriptions.get_subscription(session, -7)).summary_sentences == 6


async def test_counts_only_active_subscriptions(db):
    async with db.sessionmaker.begin() as session:
        for chat_id in (1, 2, 3, 4):
            await chats.upsert_chat(session, chat_id, type=ChatType.PRIVATE)
        await subscriptions.subscribe(session, 1)
        await subscriptions.subscribe(session, 2, delivery_mode="digest", digest_hour=7)
        await subscriptions.subscribe(session, 3)
        await subscriptions.subscribe(session, 4)
        await chats.set_can_post(session, 3, False)
        await users.upsert_user(session, 4)
        await users.ban_user(session, 4, by=1)
        assert await subscriptions.count_subscriptions(session) == {"immediate": 1, "digest": 1}


async def test_due_digests_follow_paris_time_and_run_once_per_day(db):
    # 1 March: Paris is UTC+1, so 08:xx in Paris is 07:xx UTC. 1 July: UTC+2, so 06:xx UTC.
    winter = datetime(2026, 3, 1, 7, 5, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 6, 5, tzinfo=UTC)
    async with db.sessionmaker.begin() as session:
        for chat_id, hour in ((1, 8), (2, 9)):
            await chats.upsert_chat(session, chat_id, type=ChatType.PRIVATE)
            await subscriptions.subscribe(session, chat_id, delivery_mode="digest", digest_hour=hour)
        await chats.upsert_chat(session, 3, type=ChatType.PRIVATE)
        await subscriptions.subscribe(session, 3)
        assert [s.chat_id for s in await subscriptions.due_digests(session, now=winter)] == [1]
        await subscriptions.mark_digest_sent(session, 1, now=winter)
        later_same_hour = winter + timedelta(minutes=40)
        assert await subscriptions.due_digests(session, now=later_same_hour) == []
        assert [s.chat_id for s in await subscriptions.due_digests(session, now=summer)] == [1]
        assert [
            s.chat_id for s in await subscriptions.due_digests(session, now=summer + timedelta(hours=1))
        ] == [2]
        with pytest.raises(NotFound):
            await subscriptions.mark_digest_sent(session, 3000)
