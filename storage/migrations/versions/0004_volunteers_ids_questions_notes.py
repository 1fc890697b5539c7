"""Volunteers (issue 14): ids never reused, the form's new questions, refusal reasons, reviewers' notes.

- SQLite tables get AUTOINCREMENT: without it SQLite hands the highest id out again once that row
  is deleted, so a button, a message or the journal could name a different application (or article,
  broadcast, feed item…) than the one it was made for. PostgreSQL sequences never reuse an id.
  The applications' counter also starts above every ``application:N`` already in the journal.
- ``applications``: the optional questions (availability, pen name, city, age, how they found us),
  the refusal reason and whether it was sent, and when the team was last reminded.
- ``application_notes``: reviewers' notes and questions to the applicant with their answers.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-06 02:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table with a surrogate id (children after parents, as batch mode rebuilds them one by one).
TABLES = (
    "articles",
    "summary_requests",
    "feeds",
    "feed_items",
    "broadcasts",
    "deliveries",
    "subscriptions",
    "applications",
    "audit_log",
)


def _new_columns() -> tuple[sa.Column[object], ...]:
    return (
        sa.Column("availability", sa.String(length=100), nullable=True),
        sa.Column("pen_name", sa.String(length=100), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("age", sa.SmallInteger(), nullable=True),
        sa.Column("found_via", sa.String(length=200), nullable=True),
        sa.Column("refusal_reason", sa.String(length=500), nullable=True),
        sa.Column("refusal_reason_sent", sa.Boolean(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
    )


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild(table: str, *, autoincrement: bool) -> None:
    with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
        pass


def _journal_floor() -> None:
    """Start the applications' counter above every application number the journal mentions."""
    bind = op.get_bind()
    targets = bind.exec_driver_sql("SELECT target FROM audit_log WHERE target LIKE 'application:%'").scalars()
    mentioned = [int(t.split(":", 1)[1]) for t in targets if t.split(":", 1)[1].isdigit()]
    highest = max(mentioned, default=0)
    current = bind.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'applications'").scalar()
    if current is None:
        bind.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES ('applications', ?)", (highest,))
    elif highest > current:
        bind.exec_driver_sql("UPDATE sqlite_sequence SET seq = ? WHERE name = 'applications'", (highest,))


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch_op:
        for column in _new_columns():
            batch_op.add_column(column)
    op.create_table(
        "application_notes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("application_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("answer", sa.String(length=1000), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('note', 'question')", name=op.f("ck_application_notes_kind")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_notes_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_notes")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("application_notes") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_notes_application_id"), ["application_id"], unique=False
        )
    if _sqlite():
        for table in TABLES:
            _rebuild(table, autoincrement=True)
        _journal_floor()


def downgrade() -> None:
    if _sqlite():
        for table in reversed(TABLES):
            _rebuild(table, autoincrement=False)
    with op.batch_alter_table("application_notes") as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_notes_application_id"))
    op.drop_table("application_notes")
    with op.batch_alter_table("applications") as batch_op:
        for column in reversed(_new_columns()):
            batch_op.drop_column(column.name)
