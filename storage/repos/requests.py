"""Summary requests: the per-user quota and the statistics shown to admins.

Each request also stores its Europe/Paris ``day``, so per-day counts are a plain GROUP BY on both
engines. The median is computed with ORDER BY/OFFSET for the same reason (SQLite has no
``percentile_cont``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidValue
from storage.models import PARIS, SummaryRequest, utcnow
from storage.repos._common import check_lengths, count
from storage.urls import canonical_url, site_of

# Outcomes that count as a success in the statistics; any other tag is a kind of failure.
SUCCESS_OUTCOMES = ("ok", "cached")
_OUTCOME = re.compile(r"[a-z][a-z0-9_-]{0,31}")


@dataclass(frozen=True, slots=True)
class RequestStats:
    total: int
    succeeded: int
    median_ms: float | None  # of successful requests with a duration

    @property
    def success_rate(self) -> float | None:
        return self.succeeded / self.total if self.total else None


async def record_request(
    session: AsyncSession,
    user_id: int,
    url: str | None,
    *,
    outcome: str,
    duration_ms: int | None = None,
    chat_id: int | None = None,
    article_id: int | None = None,
    now: datetime | None = None,
) -> SummaryRequest:
    """Record a request (``url`` None for a pasted text). The user row must exist."""
    if not _OUTCOME.fullmatch(outcome):
        raise InvalidValue(f"outcome must be a short lower-case tag such as 'ok', got {outcome!r}")
    if duration_ms is not None and (isinstance(duration_ms, bool) or duration_ms < 0):
        raise InvalidValue("duration_ms must be a positive number of milliseconds")
    now = now or utcnow()
    try:
        key: str | None = canonical_url(url) if url else None
    except InvalidValue:
        key = None  # a malformed link is still a request, counted with its outcome
    request = SummaryRequest(
        user_id=user_id,
        chat_id=chat_id,
        url=url or "",
        canonical_url=key,
        site=site_of(key) if key else None,
        article_id=article_id,
        requested_at=now,
        day=now.astimezone(PARIS).date(),
        outcome=outcome,
        duration_ms=duration_ms,
    )
    check_lengths(SummaryRequest, {"url": request.url, "canonical_url": key, "site": request.site})
    session.add(request)
    await session.flush()
    return request


async def count_recent_requests(
    session: AsyncSession, user_id: int, *, seconds: float, now: datetime | None = None
) -> int:
    """The user's requests in the last ``seconds`` (all outcomes), for the quota."""
    since = (now or utcnow()) - timedelta(seconds=seconds)
    query = select(SummaryRequest.id).where(
        SummaryRequest.user_id == user_id, SummaryRequest.requested_at > since
    )
    return await count(session, query)


async def requests_per_day(
    session: AsyncSession, *, days: int, now: datetime | None = None
) -> list[tuple[date, int]]:
    """Requests per Paris day over the last ``days`` days, oldest first, days without any as 0."""
    today = (now or utcnow()).astimezone(PARIS).date()
    first = today - timedelta(days=days - 1)
    query = (
        select(SummaryRequest.day, func.count())
        .where(SummaryRequest.day >= first, SummaryRequest.day <= today)
        .group_by(SummaryRequest.day)
    )
    found = dict((await session.execute(query)).all())
    return [(first + timedelta(days=i), found.get(first + timedelta(days=i), 0)) for i in range(days)]


async def request_stats(
    session: AsyncSession, *, since: datetime, until: datetime | None = None
) -> RequestStats:
    """Total, successes and median duration of successful requests in [since, until)."""
    window = [SummaryRequest.requested_at >= since]
    if until is not None:
        window.append(SummaryRequest.requested_at < until)
    success = SummaryRequest.outcome.in_(SUCCESS_OUTCOMES)
    totals = select(func.count(), func.coalesce(func.sum(case((success, 1), else_=0)), 0)).where(*window)
    total, succeeded = (await session.execute(totals)).one()
    durations = select(SummaryRequest.duration_ms).where(
        *window, success, SummaryRequest.duration_ms.is_not(None)
    )
    timed = await count(session, durations)
    median: float | None = None
    if timed:
        middle = durations.order_by(SummaryRequest.duration_ms).offset((timed - 1) // 2).limit(2 - timed % 2)
        values = list((await session.scalars(middle)).all())
        median = sum(v for v in values if v is not None) / len(values)
    return RequestStats(total=int(total), succeeded=int(succeeded), median_ms=median)


async def top_sites(session: AsyncSession, *, since: datetime, limit: int = 5) -> list[tuple[str, int]]:
    """The sites most asked for since ``since``, with their request counts."""
    query = (
        select(SummaryRequest.site, func.count().label("n"))
        .where(SummaryRequest.requested_at >= since, SummaryRequest.site.is_not(None))
        .group_by(SummaryRequest.site)
        .order_by(func.count().desc(), SummaryRequest.site)
        .limit(limit)
    )
    return [(str(site), int(n)) for site, n in (await session.execute(query)).all()]
