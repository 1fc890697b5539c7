"""Day-by-day series for the /stats chart, per Europe/Paris day, oldest first, days without any as 0.

Subscribers come from the daily readings of ``subscriber_counts``; a day before the first reading
counts today's active subscriptions that already existed then (what can be known once rows of
ended subscriptions are gone). Deliveries are counted per broadcast (one row per broadcast and
status), so a long period costs a few rows, not one per message.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    PARIS,
    Application,
    Broadcast,
    Delivery,
    DeliveryStatus,
    SubscriberCount,
    utcnow,
)
from storage.repos import subscriptions
from storage.repos._common import insert_for


def paris_day(moment: datetime) -> date:
    return moment.astimezone(PARIS).date()


def _days(today: date, days: int) -> list[date]:
    first = today - timedelta(days=days - 1)
    return [first + timedelta(days=i) for i in range(days)]


def _start_of(day: date) -> datetime:
    """The UTC moment the Paris day ``day`` begins."""
    return datetime.combine(day, time(), tzinfo=PARIS).astimezone(UTC)


def _per_day(days: list[date], moments: Iterable[tuple[datetime, int]]) -> list[int]:
    totals = dict.fromkeys(days, 0)
    for moment, number in moments:
        day = paris_day(moment)
        if day in totals:
            totals[day] += number
    return list(totals.values())


async def active_subscribers(session: AsyncSession) -> int:
    return sum((await subscriptions.count_subscriptions(session)).values())


async def record_subscribers(session: AsyncSession, *, now: datetime | None = None) -> int:
    """Store today's reading of the active subscriptions (the latest reading of a day wins)."""
    now = now or utcnow()
    subscribers = await active_subscribers(session)
    statement = insert_for(session, SubscriberCount).values(
        day=paris_day(now), subscribers=subscribers, recorded_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[SubscriberCount.day], set_={"subscribers": subscribers, "recorded_at": now}
        )
    )
    return subscribers


async def subscribers_per_day(session: AsyncSession, *, days: int, now: datetime | None = None) -> list[int]:
    """Subscribers at the end of each day (today: now)."""
    now = now or utcnow()
    span = _days(paris_day(now), days)
    readings = dict(
        (
            await session.execute(
                select(SubscriberCount.day, SubscriberCount.subscribers).where(SubscriberCount.day >= span[0])
            )
        ).all()
    )
    first_reading = await session.scalar(select(func.min(SubscriberCount.day)))
    joined = await subscriptions.active_since(session)
    series: list[int] = []
    for day in span:
        if day in readings:
            series.append(int(readings[day]))
        elif first_reading is None or day < first_reading:
            end = _start_of(day + timedelta(days=1))
            series.append(sum(1 for created in joined if created < end))
        else:
            series.append(series[-1] if series else 0)  # the bot did not run that day: last reading
    series[-1] = await active_subscribers(session)
    return series


async def deliveries_per_day(
    session: AsyncSession, *, days: int, now: datetime | None = None
) -> dict[str, list[int]]:
    """Deliveries ``sent`` and ``failed`` per day of their broadcast."""
    span = _days(paris_day(now or utcnow()), days)
    query = (
        select(Broadcast.created_at, Delivery.status, func.count())
        .join(Delivery, Delivery.broadcast_id == Broadcast.id)
        .where(Broadcast.created_at >= _start_of(span[0]))
        .where(Delivery.status.in_([DeliveryStatus.SENT, DeliveryStatus.FAILED]))
        .group_by(Broadcast.id, Broadcast.created_at, Delivery.status)
    )
    rows = (await session.execute(query)).all()
    return {
        status: _per_day(span, ((created, n) for created, s, n in rows if s == status))
        for status in (DeliveryStatus.SENT, DeliveryStatus.FAILED)
    }


async def applications_per_day(session: AsyncSession, *, days: int, now: datetime | None = None) -> list[int]:
    """Volunteer applications submitted per day."""
    span = _days(paris_day(now or utcnow()), days)
    query = select(Application.submitted_at).where(Application.submitted_at >= _start_of(span[0]))
    return _per_day(span, ((moment, 1) for moment in (await session.scalars(query)).all() if moment))
