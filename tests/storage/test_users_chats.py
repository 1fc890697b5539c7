from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import StatementError

from storage.errors import FieldTooLong, InvalidValue, NotFound
from storage.models import ChatType, DeliveryStatus, Role
from storage.repos import chats, outbox, subscriptions, users
from tests.storage.databases import present

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_upsert_user_creates_then_refreshes_profile_keeping_role_and_ban(db):
    async with db.sessionmaker.begin() as session:
        user = await users.upsert_user(session, 42, username="ada", first_name="Ada", now=T0)
        assert (user.first_seen_at, user.last_seen_at) == (T0, T0)
        await users.set_role(session, 42, Role.MODERATOR)
        await users.ban_user(session, 42, by=1, reason="spam", now=T0)
    later = T0 + timedelta(days=1)
    async with db.sessionmaker.begin() as session:
        user = await users.upsert_user(
            session, 42, username="ada_l", first_name="Ada", last_name="L", now=later
        )
    assert user.username == "ada_l" and user.last_name == "L"
    assert user.first_seen_at == T0 and user.last_seen_at == later
    assert user.role == Role.MODERATOR and user.is_banned and user.ban_reason == "spam"
    assert user.last_seen_at.tzinfo is not None


async def test_find_user_by_username_is_case_insensitive(db):
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 1, username="Marie_Curie")
        assert present(await users.find_user_by_username(session, "@marie_curie")).id == 1
        assert await users.find_user_by_username(session, "@nobody") is None
        assert await users.find_user_by_username(session, "@") is None


async def test_ban_suspends_the_private_subscription_and_unban_resumes_it(db):
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 7, first_name="Bob")
        await chats.upsert_chat(session, 7, type=ChatType.PRIVATE)
        await subscriptions.subscribe(
            session, 7, by=7, summary_sentences=5, delivery_mode="digest", digest_hour=8
        )
        banned = await users.ban_user(session, 7, by=1, reason="abus", now=T0)
        assert banned.banned_at == T0 and banned.banned_by == 1 and banned.banned_until is None
        assert await subscriptions.count_subscriptions(session) == {"immediate": 0, "digest": 0}
        due = T0.replace(hour=7)  # 8 h in Paris
        assert await subscriptions.due_digests(session, now=due) == []
        assert [u.id for u in await users.list_banned(session)] == [7]
        await users.mark_ban_notified(session, 7)
        assert present(await users.get_user(session, 7)).ban_notified
        user = await users.unban_user(session, 7)
        assert not user.is_banned and user.ban_reason is None and not user.ban_notified
        assert await users.list_banned(session) == []
        assert [s.chat_id for s in await subscriptions.due_digests(session, now=due)] == [7]
        kept = present(await subscriptions.get_subscription(session, 7))
        assert (kept.summary_sentences, kept.delivery_mode, kept.digest_hour) == (5, "digest", 8)


async def test_temporary_bans_end_once(db):
    async with db.sessionmaker.begin() as session:
        for uid in (7, 8, 9):
            await users.upsert_user(session, uid)
        await users.ban_user(session, 7, by=1, until=T0 + timedelta(hours=1), now=T0)
        await users.ban_user(session, 8, by=1, until=T0 + timedelta(days=7), now=T0)
        await users.ban_user(session, 9, by=1, now=T0)
        assert await users.banned_user_ids(session) == {
            7: T0 + timedelta(hours=1),
            8: T0 + timedelta(days=7),
            9: None,
        }
        later = T0 + timedelta(hours=2)
        assert await users.expired_bans(session, now=later) == [7]
        assert not await users.lift_ban(session, 8, expired_at=later)  # not over yet
        assert not await users.lift_ban(session, 9, expired_at=later)  # until /unban
        assert await users.lift_ban(session, 7, expired_at=later)
        assert not await users.lift_ban(session, 7, expired_at=later)  # a second lift finds nothing
        row = present(await users.get_user(session, 7))
        assert not row.is_banned and row.banned_until is None
        assert await users.expired_bans(session, now=T0 + timedelta(days=30)) == [8]
        assert await users.lift_ban(session, 9)  # /unban lifts any ban


async def test_user_operations_on_unknown_users_raise_not_found(db):
    async with db.sessionmaker.begin() as session:
        with pytest.raises(NotFound):
            await users.ban_user(session, 999, by=1)
        with pytest.raises(NotFound):
            await users.set_role(session, 999, Role.MODERATOR)


async def test_roles_and_counts(db):
    async with db.sessionmaker.begin() as session:
        for uid in (1, 2, 3):
            await users.upsert_user(session, uid, now=T0 + timedelta(days=uid))
        await users.set_role(session, 2, Role.MODERATOR)
        assert [u.id for u in await users.list_moderators(session)] == [2]
        with pytest.raises(InvalidValue):
            await users.set_role(session, 3, "owner")
        assert await users.count_users(session) == 3
        assert await users.count_users(session, since=T0 + timedelta(days=2)) == 2


async def test_oversized_fields_are_refused_before_writing_on_both_engines(db):
    async with db.sessionmaker.begin() as session:
        with pytest.raises(FieldTooLong) as info:
            await users.upsert_user(session, 5, first_name="x" * 129)
        assert (info.value.table, info.value.column, info.value.limit) == ("users", "first_name", 128)
        await users.upsert_user(session, 6, first_name="y" * 128)  # the transaction is still usable
    async with db.sessionmaker() as session:
        assert await users.get_user(session, 5) is None
        assert await users.get_user(session, 6) is not None


async def test_naive_datetimes_are_refused(db):
    async with db.sessionmaker() as session:
        with pytest.raises(StatementError, match="naive datetime"):
            await users.upsert_user(session, 5, now=datetime(2026, 1, 1))


async def test_upsert_chat_and_can_post(db):
    async with db.sessionmaker.begin() as session:
        chat = await chats.upsert_chat(session, -100, type="group", title="Lecteurs")
        assert chat.can_post
        assert await chats.set_can_post(session, -100, False)
        chat = await chats.upsert_chat(session, -100, type="group", title="Lecteurs assidus")
        assert chat.title == "Lecteurs assidus" and not chat.can_post  # upsert leaves can_post alone
        assert not await chats.set_can_post(session, -999, False)
        with pytest.raises(InvalidValue):
            await chats.upsert_chat(session, -5, type="forum")


async def test_migrate_chat_moves_subscription_and_pending_deliveries(db):
    async with db.sessionmaker.begin() as session:
        await chats.upsert_chat(session, -1, type=ChatType.GROUP, title="Club")
        await subscriptions.subscribe(session, -1, summary_sentences=5)
        first, _ = await outbox.enqueue_broadcast(session, kind="article", payload={"t": 1})
        sent, _ = await outbox.enqueue_broadcast(session, kind="article", payload={"t": 2})
        [claimed] = await outbox.claim_deliveries(session, "w", 1, 60, now=T0)
        assert claimed.broadcast_id == first.id
        await outbox.mark_sent(session, claimed.id, message_id=1, now=T0)
        new = await chats.migrate_chat(session, -1, -1001, now=T0)
        assert new.type == ChatType.SUPERGROUP and new.title == "Club" and new.can_post
        old = present(await chats.get_chat(session, -1))
        assert old.migrated_to_id == -1001 and not old.can_post
        assert present(await subscriptions.get_subscription(session, -1001)).summary_sentences == 5
        assert await subscriptions.get_subscription(session, -1) is None
        done = await outbox.get_deliveries(session, first.id)
        pending = await outbox.get_deliveries(session, sent.id)
    assert [(d.chat_id, d.status) for d in done] == [(-1, DeliveryStatus.SENT)]
    assert [(d.chat_id, d.status) for d in pending] == [(-1001, DeliveryStatus.QUEUED)]


async def test_migrate_unknown_chat(db):
    async with db.sessionmaker.begin() as session:
        with pytest.raises(NotFound):
            await chats.migrate_chat(session, -1, -1001)
