"""Ids shown in buttons, messages and the journal are never handed out again (issue 14, defect 1)."""

from datetime import UTC, datetime

from sqlalchemy import delete, text

from storage.models import Application, ApplicationNote, Article, AuditEntry, Base
from storage.repos import applications, audit, users
from storage.repos.applications import ApplicationFields

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
