"""Summaries in flight: the placeholders waiting for an answer, so a restart can apologise for them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 03:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "summaries_in_flight",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("interrupted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_summaries_in_flight_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summaries_in_flight")),
        sqlite_autoincrement=True,  # its id is in the retry button of an apology: never reused
    )
    op.create_index(op.f("ix_summaries_in_flight_user_id"), "summaries_in_flight", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_summaries_in_flight_user_id"), table_name="summaries_in_flight")
    op.drop_table("summaries_in_flight")
