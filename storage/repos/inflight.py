"""Summaries in flight: one row per placeholder waiting for its answer (see ``SummaryInFlight``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SummaryInFlight, utcnow
from storage.repos._common import check_lengths, rowcount


async def start(
    session: AsyncSession, user_id: int, chat_id: int, message_id: int, url: str | None,
    *, now: datetime | None = None,
) -> int:  # fmt: skip
    """Record a placeholder waiting for the summary of ``url`` (None: a pasted text); the user row
    must exist. Returns the row's id, for ``finish``."""
    check_lengths(SummaryInFlight, {"url": url})
    row = SummaryInFlight(user_id=user_id, chat_id=chat_id, message_id=message_id, url=url,
                          started_at=now or utcnow())  # fmt: skip
    session.add(row)
    await session.flush()
    return row.id


async def finish(session: AsyncSession, row_id: int) -> None:
    await session.execute(delete(SummaryInFlight).where(SummaryInFlight.id == row_id))


async def leftovers(
    session: AsyncSession, *, started_before: datetime | None = None
) -> Sequence[SummaryInFlight]:
    """Placeholders left waiting (not yet turned into an apology), oldest first; with
    ``started_before``, only those started before then (younger ones may be in another replica's
    hands)."""
    query = select(SummaryInFlight).where(SummaryInFlight.interrupted_at.is_(None))
    if started_before is not None:
        query = query.where(SummaryInFlight.started_at < started_before)
    return (await session.scalars(query.order_by(SummaryInFlight.id))).all()


async def mark_interrupted(session: AsyncSession, row_id: int, *, now: datetime | None = None) -> None:
    await session.execute(
        update(SummaryInFlight).where(SummaryInFlight.id == row_id).values(interrupted_at=now or utcnow())
    )


async def take_interrupted(session: AsyncSession, row_id: int) -> SummaryInFlight | None:
    """The interrupted request behind a retry button, deleted so that it is retried once; None if
    there is none (already retried, or too old)."""
    query = select(SummaryInFlight).where(
        SummaryInFlight.id == row_id, SummaryInFlight.interrupted_at.is_not(None)
    )
    row = await session.scalar(query)
    if row is None:
        return None
    taken = await session.execute(delete(SummaryInFlight).where(SummaryInFlight.id == row_id))
    return row if rowcount(taken) else None  # a double tap: only one of them wins


async def purge_interrupted(session: AsyncSession, before: datetime) -> int:
    """Forget apologies older than ``before`` (their retry buttons then say « plus valable »)."""
    result = await session.execute(delete(SummaryInFlight).where(SummaryInFlight.interrupted_at < before))
    return rowcount(result)
