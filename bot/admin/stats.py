"""The figures of /stats, read in one session from the repositories."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ApplicationStatus, DeliveryMode, DeliveryStatus, utcnow
from storage.repos import applications, broadcasts, feeds, requests, subscriptions, users

TREND_DAYS = 30
SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Stats:
    users: int
    new_users_week: int
    immediate: int
    digest: int
    per_day: list[int]  # summaries asked per Paris day, oldest first, today last (TREND_DAYS days)
    success_rate: float | None  # over TREND_DAYS days
    median_ms: float | None
    top_sites: list[tuple[str, int]]
    sent: int  # deliveries over TREND_DAYS days
    failed: int
    pending_applications: int
    queue: int  # feed items waiting for a decision
    feeds_in_error: int

    @property
    def today(self) -> int:
        return self.per_day[-1]

    @property
    def week(self) -> int:
        return sum(self.per_day[-7:])

    @property
    def month(self) -> int:
        return sum(self.per_day)


async def gather(session: AsyncSession, *, top: int, now: datetime | None = None) -> Stats:
    now = now or utcnow()
    month_ago = now - timedelta(days=TREND_DAYS)
    subscribed = await subscriptions.count_subscriptions(session)
    per_day = await requests.requests_per_day(session, days=TREND_DAYS, now=now)
    outcome = await requests.request_stats(session, since=month_ago)
    deliveries = await broadcasts.delivery_counts(session, since=month_ago)
    return Stats(
        users=await users.count_users(session),
        new_users_week=await users.count_users(session, since=now - timedelta(days=7)),
        immediate=subscribed.get(DeliveryMode.IMMEDIATE, 0),
        digest=subscribed.get(DeliveryMode.DIGEST, 0),
        per_day=[n for _, n in per_day],
        success_rate=outcome.success_rate,
        median_ms=outcome.median_ms,
        top_sites=await requests.top_sites(session, since=month_ago, limit=top),
        sent=deliveries.get(DeliveryStatus.SENT, 0),
        failed=deliveries.get(DeliveryStatus.FAILED, 0),
        pending_applications=(await applications.count_applications(session)).get(
            ApplicationStatus.SUBMITTED, 0
        ),
        queue=await feeds.count_pending(session),
        feeds_in_error=await feeds.count_feeds_in_error(session),
    )


def sparkline(values: Sequence[int]) -> str:
    """One block character per value: the lowest block for zero, the highest for the peak.

    Any non-zero day shows at least the second block, so a quiet day is told apart from an empty one.
    """
    peak = max(values, default=0)
    if peak <= 0:
        return SPARK[0] * len(values)
    top = len(SPARK) - 1
    return "".join(SPARK[0] if v <= 0 else SPARK[max(1, math.ceil(v / peak * top))] for v in values)
