"""Reading broadcasts back: progress, final report, digests and statistics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Broadcast, BroadcastKind, Delivery, DeliveryStatus, utcnow
from storage.repos._common import rowcount


async def get_broadcast(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    return await session.get(Broadcast, broadcast_id, populate_existing=True)


async def broadcast_progress(session: AsyncSession, broadcast_id: int) -> dict[str, int]:
    """Deliveries per status, every status present: ``{"queued": 3, "sending": 1, "sent": 40, ...}``."""
    query = (
        select(Delivery.status, func.count())
        .where(Delivery.broadcast_id == broadcast_id)
        .group_by(Delivery.status)
    )
    progress = {str(status): 0 for status in DeliveryStatus}
    for status, number in (await session.execute(query)).all():
        progress[status] = number
    return progress


async def failure_reasons(
    session: AsyncSession, broadcast_id: int, *, limit: int = 10
) -> list[tuple[str, str, int]]:
    """(status, reason, count) of failed and skipped deliveries, most frequent first."""
    query = (
        select(Delivery.status, func.coalesce(Delivery.last_error, ""), func.count())
        .where(
            Delivery.broadcast_id == broadcast_id,
            Delivery.status.in_([DeliveryStatus.FAILED, DeliveryStatus.SKIPPED]),
        )
        .group_by(Delivery.status, Delivery.last_error)
        .order_by(func.count().desc(), Delivery.status)
        .limit(limit)
    )
    return [(str(s), str(r), int(n)) for s, r, n in (await session.execute(query)).all()]


async def set_progress_message(
    session: AsyncSession, broadcast_id: int, *, chat_id: int, message_id: int
) -> None:
    """Remember the admin's progress message, so a restarted bot keeps editing the same one."""
    await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id)
        .values(progress_chat_id=chat_id, progress_message_id=message_id)
    )


async def unfinished_broadcasts(session: AsyncSession) -> Sequence[Broadcast]:
    """Broadcasts whose final report is not sent yet (to resume progress after a restart)."""
    query = select(Broadcast).where(Broadcast.finished_at.is_(None)).order_by(Broadcast.id)
    return (await session.scalars(query)).all()


async def finish_broadcast(session: AsyncSession, broadcast_id: int, *, now: datetime | None = None) -> bool:
    """Mark the final report sent; False if it already was (so only one sender reports)."""
    result = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.finished_at.is_(None))
        .values(finished_at=now or utcnow())
    )
    return bool(rowcount(result))


async def article_broadcasts(
    session: AsyncSession, *, since: datetime, until: datetime | None = None
) -> Sequence[Broadcast]:
    """Article broadcasts created in [since, until), oldest first: the content of a digest."""
    query = select(Broadcast).where(Broadcast.kind == BroadcastKind.ARTICLE, Broadcast.created_at >= since)
    if until is not None:
        query = query.where(Broadcast.created_at < until)
    return (await session.scalars(query.order_by(Broadcast.created_at, Broadcast.id))).all()


async def delivery_counts(session: AsyncSession, *, since: datetime) -> dict[str, int]:
    """Deliveries per status whose state last changed since ``since`` (sent / failed for /stats)."""
    query = (
        select(Delivery.status, func.count()).where(Delivery.updated_at >= since).group_by(Delivery.status)
    )
    counts = {str(status): 0 for status in DeliveryStatus}
    for status, number in (await session.execute(query)).all():
        counts[status] = number
    return counts
