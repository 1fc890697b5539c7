from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidValue
from storage.models import ChatType, Delivery, DeliveryMode, DeliveryStatus
from storage.repos import broadcasts, chats, outbox, subscriptions, users
from tests.storage.databases import present

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def _subscribers(session: AsyncSession, ids: Iterable[int], **settings: Any) -> None:
    for chat_id in ids:
        await chats.upsert_chat(session, chat_id, type=ChatType.PRIVATE)
        await subscriptions.subscribe(session, chat_id, **settings)


async def test_enqueue_targets_active_immediate_subscribers_and_extra_chats(db):
    async with db.sessionmaker.begin() as session:
        await _subscribers(session, [1, 2, 3, 4, 5])
        await _subscribers(session, [6], delivery_mode=DeliveryMode.DIGEST, digest_hour=8)
        await chats.set_can_post(session, 2, False)  # blocked the bot
        await users.upsert_user(session, 3)
        await users.ban_user(session, 3, by=99)  # banned: subscription removed
        await users.upsert_user(session, 4)
        await users.ban_user(session, 4, by=99)
        await subscriptions.subscribe(session, 4)  # even if re-subscribed, a banned user gets nothing
        await chats.upsert_chat(session, -1001, type=ChatType.CHANNEL, title="Le canal")
        broadcast, total = await outbox.enqueue_broadcast(
            session, kind="article", payload={"text": "Résumé"}, created_by=99, chat_ids=[-1001, 1], now=T0
        )
        deliveries = await outbox.get_deliveries(session, broadcast.id)
    assert total == 3
    assert sorted(d.chat_id for d in deliveries) == [-1001, 1, 5]
    assert {d.status for d in deliveries} == {DeliveryStatus.QUEUED}
    assert all(d.attempts == 0 and d.created_at == T0 for d in deliveries)


async def test_claim_mark_and_progress(db):
    async with db.sessionmaker.begin() as session:
        await _subscribers(session, range(1, 7))
        broadcast, total = await outbox.enqueue_broadcast(session, kind="announcement", payload={"text": "x"})
    assert total == 6
    async with db.sessionmaker.begin() as session:
        batch = await outbox.claim_deliveries(session, "w1", 4, 30, now=T0)
    assert [d.chat_id for d in batch] == [1, 2, 3, 4]
    assert all(d.status == DeliveryStatus.SENDING and d.attempts == 1 and d.leased_by == "w1" for d in batch)
    assert batch[0].leased_until == T0 + timedelta(seconds=30)
    async with db.sessionmaker.begin() as session:
        await outbox.mark_many_sent(session, {batch[0].id: 100, batch[1].id: 101}, now=T0)
        assert await outbox.mark_failed(session, batch[2].id, error="Forbidden: bot was blocked" * 50, now=T0)
        assert await outbox.mark_skipped(session, batch[3].id, reason="unsubscribed", now=T0)
        assert not await outbox.mark_sent(session, batch[3].id, message_id=5)  # no longer sending
        progress = await broadcasts.broadcast_progress(session, broadcast.id)
        reasons = await broadcasts.failure_reasons(session, broadcast.id)
        assert await outbox.outbox_depth(session) == 2
        rows = {d.id: d for d in await outbox.get_deliveries(session, broadcast.id)}
    assert progress == {"queued": 2, "sending": 0, "sent": 2, "failed": 1, "skipped": 1}
    assert rows[batch[0].id].telegram_message_id == 100 and rows[batch[0].id].leased_until is None
    assert len(present(rows[batch[2].id].last_error)) == 500
    assert sorted(r[0] for r in reasons) == ["failed", "skipped"]


async def test_expired_lease_is_claimed_again_and_valid_lease_is_not(db):
    async with db.sessionmaker.begin() as session:
        await _subscribers(session, [1])
        await outbox.enqueue_broadcast(session, kind="article", payload={})
        [first] = await outbox.claim_deliveries(session, "crashed", 10, 60, now=T0)
    async with db.sessionmaker.begin() as session:
        assert await outbox.claim_deliveries(session, "w2", 10, 60, now=T0 + timedelta(seconds=59)) == []
        [again] = await outbox.claim_deliveries(session, "w2", 10, 60, now=T0 + timedelta(seconds=61))
    assert again.id == first.id and again.attempts == 2 and again.leased_by == "w2"


async def test_retry_later_delay_chat_and_release(db):
    async with db.sessionmaker.begin() as session:
        await _subscribers(session, [1, 2])
        await outbox.enqueue_broadcast(session, kind="article", payload={})
        one, two = await outbox.claim_deliveries(session, "w", 10, 60, now=T0)
        later = T0 + timedelta(minutes=5)
        assert await outbox.retry_later(session, one.id, not_before=later, error="timeout", now=T0)
        assert await outbox.release_deliveries(session, [two.id], now=T0) == 1
        assert await outbox.release_deliveries(session, []) == 0
        assert await outbox.delay_chat(session, 2, until=T0 + timedelta(seconds=30)) == 1
        assert await outbox.claim_deliveries(session, "w", 10, 60, now=T0 + timedelta(seconds=10)) == []
        [again] = await outbox.claim_deliveries(session, "w", 10, 600, now=T0 + timedelta(seconds=31))
        assert again.chat_id == 2
        [retried] = await outbox.claim_deliveries(session, "w", 10, 60, now=later)
    assert retried.chat_id == 1 and retried.last_error == "timeout" and retried.attempts == 2


async def test_enqueue_is_idempotent_per_chat_and_unique_per_broadcast_chat(db):
    async with db.sessionmaker.begin() as session:
        await _subscribers(session, [1, 2])
        broadcast, total = await outbox.enqueue_broadcast(
            session, kind="article", payload={}, chat_ids=[1, 1]
        )
        assert total == 2
        assert await outbox.enqueue_subscribers(session, broadcast.id) == 0
        assert await outbox.enqueue_chats(session, broadcast.id, [2, 1]) == 0
    with pytest.raises(IntegrityError):  # the table itself refuses a second delivery
        async with db.sessionmaker.begin() as session:
            session.add(Delivery(broadcast_id=broadcast.id, chat_id=1, created_at=T0, updated_at=T0))
    async with db.sessionmaker() as session:
        assert len(await outbox.get_deliveries(session, broadcast.id)) == 2


async def test_bad_broadcasts_are_refused_and_nothing_is_written(db):
    async with db.sessionmaker.begin() as session:
        with pytest.raises(InvalidValue):
            await outbox.create_broadcast(session, kind="spam", payload={})
        with pytest.raises(InvalidValue):
            await outbox.create_broadcast(session, kind="article", payload={"x": "y" * 200_000})
        with pytest.raises(InvalidValue):
            await outbox.create_broadcast(session, kind="article", payload={"when": object()})
        assert await broadcasts.unfinished_broadcasts(session) == []


async def test_broadcast_lifecycle_and_digest_queries(db):
    async with db.sessionmaker.begin() as session:
        first = await outbox.create_broadcast(session, kind="article", payload={"n": 1}, now=T0)
        await outbox.create_broadcast(session, kind="announcement", payload={"n": 2}, now=T0)
        await outbox.create_broadcast(session, kind="article", payload={"n": 3}, now=T0 + timedelta(hours=2))
        await broadcasts.set_progress_message(session, first.id, chat_id=99, message_id=7)
        assert await broadcasts.finish_broadcast(session, first.id, now=T0)
        assert not await broadcasts.finish_broadcast(session, first.id, now=T0)
        found = present(await broadcasts.get_broadcast(session, first.id))
        assert (found.progress_chat_id, found.progress_message_id, found.finished_at) == (99, 7, T0)
        assert len(await broadcasts.unfinished_broadcasts(session)) == 2
        day = await broadcasts.article_broadcasts(session, since=T0, until=T0 + timedelta(hours=1))
        assert [b.payload for b in day] == [{"n": 1}]
        assert len(await broadcasts.article_broadcasts(session, since=T0)) == 2


async def test_delivery_counts_for_stats(db):
    async with db.sessionmaker.begin() as session:
        await _subscribers(session, [1, 2, 3])
        await outbox.enqueue_broadcast(session, kind="article", payload={}, now=T0)
        a, b, _ = await outbox.claim_deliveries(session, "w", 10, 60, now=T0)
        await outbox.mark_sent(session, a.id, message_id=1, now=T0 + timedelta(hours=1))
        await outbox.mark_failed(session, b.id, error="chat not found", now=T0 + timedelta(hours=1))
        counts = await broadcasts.delivery_counts(session, since=T0 + timedelta(minutes=30))
    assert counts == {"queued": 0, "sending": 0, "sent": 1, "failed": 1, "skipped": 0}
