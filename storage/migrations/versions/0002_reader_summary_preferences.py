"""Readers' summaries: sentence scores, each reader's own length, requests looked up by link.

- ``articles.summary_scores``: the engine's priority of each stored sentence, so a shorter version
  is the engine's best n sentences rather than the first n.
- ``users.summary_sentences``: a reader's default length, for readers without a subscription too.
- an index on ``summary_requests.canonical_url``: a link whose page declares another canonical URL
  is answered from storage through its earlier request.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch_op:
        batch_op.add_column(sa.Column("summary_scores", sa.JSON(none_as_null=True), nullable=True))
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("summary_sentences", sa.SmallInteger(), nullable=True))
        batch_op.create_check_constraint("summary_sentences", "summary_sentences BETWEEN 1 AND 10")
    with op.batch_alter_table("summary_requests") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_summary_requests_canonical_url"), ["canonical_url"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("summary_requests") as batch_op:
        batch_op.drop_index(batch_op.f("ix_summary_requests_canonical_url"))
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_users_summary_sentences"), type_="check")
        batch_op.drop_column("summary_sentences")
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("summary_scores")
