"""Telegram's sending turns, booked by every replica in one row per lane.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "send_turns",
        sa.Column("lane", sa.String(16), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.Column("booked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("lane", name=op.f("pk_send_turns")),
    )


def downgrade() -> None:
    op.drop_table("send_turns")
