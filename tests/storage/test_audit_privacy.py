import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import FieldTooLong, InvalidValue
from storage.models import ChatType
from storage.repos import applications, audit, chats, outbox, privacy, requests, subscriptions, users
from storage.repos.applications import ApplicationFields
from tests.storage.databases import present

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_audit_log_records_and_lists_newest_first(db):
    async with db.sessionmaker.begin() as session:
        await audit.record_action(session, 1, "ban", target="user:7", details={"reason": "spam"}, now=T0)
        await audit.record_action(session, 2, "feed.add", target="feed:3", now=T0 + timedelta(minutes=1))
        await audit.record_action(session, None, "feed.disabled", now=T0 + timedelta(minutes=2))
        with pytest.raises(FieldTooLong):
            await audit.record_action(session, 1, "a" * 65)
        with pytest.raises(InvalidValue):
            await audit.record_action(session, 1, "x", details={"blob": "b" * 9000})
        entries = await audit.recent_actions(session, limit=2)
        mine = await audit.recent_actions(session, actor_id=1)
    assert [e.action for e in entries] == ["feed.disabled", "feed.add"]
    assert [(e.target, e.details, e.created_at) for e in mine] == [("user:7", {"reason": "spam"}, T0)]


async def _someone_with_everything(session: AsyncSession, user_id: int = 5) -> None:
    await users.upsert_user(session, user_id, username="lea", first_name="Léa", now=T0)
    await chats.upsert_chat(session, user_id, type=ChatType.PRIVATE)
    await subscriptions.subscribe(session, user_id, by=user_id)
    await chats.upsert_chat(session, -100, type=ChatType.GROUP, title="Club")
    await subscriptions.subscribe(session, -100, by=user_id)
    await requests.record_request(
        session, user_id, "https://exemple.fr/a", outcome="ok", duration_ms=3, now=T0
    )
    draft, _ = await applications.start_draft(session, user_id, step="name")
    fields = ApplicationFields("Léa", "Martin", "lea@example.org", "Motivée")
    await applications.submit_application(session, draft.id, fields, consent_at=T0)
    await outbox.enqueue_broadcast(session, kind="article", payload={})


async def test_export_is_json_and_contains_everything_personal(db):
    async with db.sessionmaker.begin() as session:
        await _someone_with_everything(session)
        await users.upsert_user(session, 6, first_name="Autre")
        await requests.record_request(session, 6, "https://exemple.fr/b", outcome="ok")
        data = await privacy.export_user_data(session, 5, now=T0)
    text = json.dumps(data, ensure_ascii=False)
    assert "exemple.fr/b" not in text
    assert data["user"]["first_name"] == "Léa" and data["user"]["first_seen_at"] == T0.isoformat()
    assert data["private_chat"]["id"] == 5
    assert sorted(s["chat_id"] for s in data["subscriptions"]) == [-100, 5]
    assert [r["url"] for r in data["summary_requests"]] == ["https://exemple.fr/a"]
    assert data["applications"][0]["email"] == "lea@example.org"
    async with db.sessionmaker() as session:
        nobody = await privacy.export_user_data(session, 404)
    assert nobody["user"] is None and nobody["summary_requests"] == []


async def test_delete_removes_personal_data_and_keeps_the_rest(db):
    async with db.sessionmaker.begin() as session:
        await _someone_with_everything(session)
        await users.upsert_user(session, 6)
        await requests.record_request(session, 6, "https://exemple.fr/b", outcome="ok")
        counts = await privacy.delete_user_data(session, 5)
    assert counts == {
        "summary_requests": 1, "applications": 1, "subscriptions": 1,
        "group_subscriptions_anonymised": 1, "private_chat": 1, "user": 1,
    }  # fmt: skip
    async with db.sessionmaker() as session:
        left = await privacy.export_user_data(session, 5)
        group = await subscriptions.get_subscription(session, -100)
        assert await requests.count_recent_requests(session, 6, seconds=3600) == 1
    assert left["user"] is None and left["private_chat"] is None
    assert left["subscriptions"] == left["summary_requests"] == left["applications"] == []
    assert group is not None and group.subscribed_by is None


async def test_deleting_data_does_not_lift_a_ban(db):
    async with db.sessionmaker.begin() as session:
        await _someone_with_everything(session)
        await users.ban_user(session, 5, by=1, reason="spam")
        counts = await privacy.delete_user_data(session, 5)
    assert counts["user"] == 0
    async with db.sessionmaker() as session:
        user = present(await users.get_user(session, 5))
    assert user.is_banned and user.ban_reason == "spam"
    assert (user.username, user.first_name) == (None, None)
