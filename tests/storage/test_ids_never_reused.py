"""Ids shown in buttons, messages and the journal are never handed out again (issue 14, defect 1)."""

from datetime import UTC, datetime

from sqlalchemy import delete, text

from storage import migrate
from storage.database import create_engine, create_sessionmaker
from storage.models import Application, ApplicationNote, Article, AuditEntry, Base
from storage.repos import applications, audit, users
from storage.repos.applications import ApplicationFields
from tests.storage.databases import sqlite_settings

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
FIELDS = ApplicationFields(first_name="Zoé", last_name="Martin", email="zoe@exemple.fr", motivation="x" * 40)

# Every table whose key is a surrogate id (users and chats use Telegram's own ids).
SURROGATE = sorted(
    table.name
    for table in Base.metadata.sorted_tables
    if [column.name for column in table.primary_key.columns] == ["id"]
    and table.primary_key.columns["id"].autoincrement is not False
)


def test_every_surrogate_id_table_is_covered():
    assert "applications" in SURROGATE and "audit_log" in SURROGATE and "users" not in SURROGATE
    for name in SURROGATE:
        assert Base.metadata.tables[name].dialect_options["sqlite"]["autoincrement"], name


async def test_the_migrated_schema_never_reuses_ids(db):
    async with db.engine.connect() as conn:
        for name in SURROGATE:
            if db.dialect == "sqlite":
                sql = (
                    await conn.execute(
                        text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": name}
                    )
                ).scalar_one()
                assert "AUTOINCREMENT" in sql, name
            else:
                sequence = (
                    await conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": name})
                ).scalar_one()
                assert sequence is not None, name


async def _submitted(db, user_id: int) -> int:
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, user_id, first_name="Zoé")
        draft, _ = await applications.start_draft(session, user_id, step="first_name", now=T0)
        await applications.submit_application(session, draft.id, FIELDS, consent_at=T0, now=T0)
        return draft.id


async def test_a_deleted_newest_row_does_not_give_its_id_away(db):
    zoe = await _submitted(db, 1)
    async with db.sessionmaker.begin() as session:
        await session.execute(delete(Application).where(Application.id == zoe))  # erased by Zoé
        article = Article(canonical_url="https://a.fr/1", url="https://a.fr/1")
        session.add(article)
        await session.flush()
        first_article = article.id
        await session.delete(article)
        entry = await audit.record_action(session, 1, "x", now=T0)
        first_entry = entry.id
        await session.execute(delete(AuditEntry).where(AuditEntry.id == first_entry))
    hugo = await _submitted(db, 2)
    assert hugo > zoe
    async with db.sessionmaker.begin() as session:
        article = Article(canonical_url="https://a.fr/2", url="https://a.fr/2")
        session.add(article)
        entry = await audit.record_action(session, 1, "x", now=T0)
        note = ApplicationNote(application_id=hugo, author_id=1, kind="note", text="Bien")
        session.add(note)
        await session.flush()
        assert article.id > first_article and entry.id > first_entry and note.id >= 1


async def test_upgrading_sqlite_keeps_numbers_the_journal_already_used(tmp_path):
    """Before 0004 SQLite could have reused ids: the counter now starts above every application
    number the journal mentions, so ``application:7`` keeps meaning one application."""
    engine = create_engine(sqlite_settings(tmp_path / "old.sqlite3"))
    try:
        await migrate.upgrade(engine, "0002")
        async with engine.begin() as conn:
            for statement in (
                "INSERT INTO users (id, role, first_seen_at, last_seen_at, ban_notified)"
                " VALUES (5, 'user', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0)",
                "INSERT INTO applications"
                " (id, user_id, status, answers, review_messages, created_at, updated_at)"
                " VALUES (2, 5, 'accepted', '{}', '[]', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
                "INSERT INTO audit_log (actor_id, action, target, created_at)"
                " VALUES (1, 'application.accept', 'application:7', '2026-01-01 00:00:00')",
            ):
                await conn.execute(text(statement))
        await migrate.upgrade(engine)
        sessionmaker = create_sessionmaker(engine)
        async with sessionmaker.begin() as session:
            kept = await applications.get_application(session, 2)
            assert kept is not None and kept.status == "accepted"  # rows survive the rebuild
            draft, _ = await applications.start_draft(session, 5, step="first_name")
            assert draft.id == 8
    finally:
        await engine.dispose()
