"""Temporary bans and the /stats chart's history (issue 14).

- ``users.banned_until``: the end of a ban that is lifted automatically.
- ``subscriber_counts``: active subscriptions as last read on each Paris day.

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-06 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subscriber_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("subscribers", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_subscriber_counts")),
    )
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("banned_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_banned_until"), ["banned_until"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_banned_until"))
        batch_op.drop_column("banned_until")
    op.drop_table("subscriber_counts")
