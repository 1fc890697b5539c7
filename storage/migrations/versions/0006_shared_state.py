"""State shared by several replicas: rate windows, leases, version counters, broadcast drafts.

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-06 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rate_windows",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("muted_until", sa.Float(), nullable=False),
        sa.Column("told_until", sa.Float(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_rate_windows")),
    )
    op.create_index(op.f("ix_rate_windows_updated_at"), "rate_windows", ["updated_at"])
    op.create_table(
        "leases",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("holder", sa.String(128), nullable=False),
        sa.Column("expires_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    op.create_table(
        "state_versions",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_state_versions")),
    )
    op.create_table(
        "broadcast_drafts",
        sa.Column("id", BigId, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("article_id", sa.BigInteger(), nullable=True),
        sa.Column("sentences", sa.SmallInteger(), nullable=False),
        sa.Column("intro_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("intro_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast_drafts")),
        sqlite_autoincrement=True,  # its id is in the preview's buttons: never reused
    )
    op.create_index(op.f("ix_broadcast_drafts_created_at"), "broadcast_drafts", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_broadcast_drafts_created_at"), table_name="broadcast_drafts")
    op.drop_table("broadcast_drafts")
    op.drop_table("state_versions")
    op.drop_table("leases")
    op.drop_index(op.f("ix_rate_windows_updated_at"), table_name="rate_windows")
    op.drop_table("rate_windows")
