"""Broadcast previews waiting for an admin's decision, readable and publishable by any replica."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BroadcastDraft, utcnow
from storage.repos._common import check_choice, rowcount

KINDS = ("article", "announcement")


async def add_draft(
    session: AsyncSession,
    kind: str,
    created_by: int,
    *,
    text: str | None = None,
    article_id: int | None = None,
    sentences: int = 0,
    now: datetime | None = None,
) -> BroadcastDraft:
    draft = BroadcastDraft(
        kind=check_choice("kind", kind, KINDS),
        created_by=created_by,
        text=text,
        article_id=article_id,
        sentences=sentences,
        created_at=now or utcnow(),
    )
    session.add(draft)
    await session.flush()
    return draft


async def get_draft(session: AsyncSession, draft_id: int, *, since: datetime) -> BroadcastDraft | None:
    """The draft if it was made after ``since`` (older ones are expired)."""
    query = select(BroadcastDraft).where(BroadcastDraft.id == draft_id, BroadcastDraft.created_at > since)
    return await session.scalar(query.execution_options(populate_existing=True))


async def update_draft(
    session: AsyncSession, draft_id: int, *, sentences: int, intro: tuple[int, int] | None
) -> bool:
    statement = (
        update(BroadcastDraft)
        .where(BroadcastDraft.id == draft_id)
        .values(
            sentences=sentences,
            intro_chat_id=intro[0] if intro else None,
            intro_message_id=intro[1] if intro else None,
        )
        .execution_options(synchronize_session=False)
    )
    return rowcount(await session.execute(statement)) == 1


async def take_draft(session: AsyncSession, draft_id: int, *, since: datetime) -> BroadcastDraft | None:
    """The draft, deleted: of two presses on Publish (on any replicas), only one gets it."""
    draft = await get_draft(session, draft_id, since=since)
    if draft is None:
        return None
    statement = delete(BroadcastDraft).where(BroadcastDraft.id == draft_id)
    taken = rowcount(await session.execute(statement.execution_options(synchronize_session=False)))
    if taken != 1:
        return None
    session.expunge(draft)
    return draft


async def purge_drafts(session: AsyncSession, before: datetime) -> int:
    statement = delete(BroadcastDraft).where(BroadcastDraft.created_at <= before)
    return rowcount(await session.execute(statement.execution_options(synchronize_session=False)))
