"""The feed watcher: poll the feeds that are due, remember new items, hand them to the moderation queue.

Each tick of the job polls every active feed whose time has come: ``interval_seconds`` after its
last check when healthy, ``interval × 2^failures`` (at most ``× max_backoff``) when failing. The
GET is conditional (ETag / Last-Modified) and goes through ``summarizer.fetch`` with the app's
guarded session, like any article. The first successful poll of a feed only marks its back
catalogue as seen. Admins are told once when a feed has failed ``alert_after_failures`` times in a
row, and once when it works again.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from html import escape

from bot import metrics, texts
from bot.context import BotContext, Services
from bot.feeds.parse import FEED_TYPES, NotAFeed, ParsedFeed, parse_feed
from bot.feeds.queue import offer
from bot.feeds.settings import FeedsSettings
from bot.notify import notify_admins
from storage.models import Feed, FeedItem, FeedItemStatus
from storage.repos import feeds
from summarizer.errors import FetchError
from summarizer.fetch import fetch
from summarizer.models import FetchedPage

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PollResult:
    ok: bool
    new: list[FeedItem]
    seen: int = 0  # items marked seen without review (back catalogue, or beyond max_new_items)
    error: str | None = None


def is_due(feed: Feed, now: datetime, settings: FeedsSettings) -> bool:
    if feed.last_checked_at is None:
        return True
    factor = min(2 ** min(feed.consecutive_failures, 30), settings.max_backoff)
    return now >= feed.last_checked_at + timedelta(seconds=settings.interval_seconds * factor)


def feed_name(feed: Feed) -> str:
    return f"« {escape(feed.title or feed.url)} »"


async def _download(services: Services, feed: Feed) -> tuple[FetchedPage, ParsedFeed | None]:
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    settings = replace(
        services.config.fetch, allowed_content_types=FEED_TYPES, max_bytes=services.config.feeds.max_bytes
    )
    page = await fetch(feed.url, session=services.http, settings=settings, headers=headers)
    if page.not_modified:
        return page, None
    return page, await asyncio.to_thread(parse_feed, page.body, page.url)


async def poll_feed(context: BotContext, feed: Feed, now: datetime) -> PollResult:
    """Poll one feed; new items are stored as pending (or seen, on a first poll) and returned."""
    services = context.services
    try:
        page, parsed = await _download(services, feed)
    except (FetchError, NotAFeed) as exc:
        reason = getattr(exc, "user_message", None) or str(exc)
        log.info("feed %s failed: %s", feed.url, exc)
        metrics.feed_error()
        async with services.sessionmaker.begin() as session:
            row = await feeds.record_check(session, feed.id, error=str(reason), now=now)
        await _maybe_alert(context, row)
        return PollResult(False, [], error=str(reason))
    first = feed.last_success_at is None
    new: list[FeedItem] = []
    seen = 0
    async with services.sessionmaker.begin() as session:
        row = await feeds.record_check(
            session, feed.id, etag=page.etag, last_modified=page.last_modified,
            title=parsed.title if parsed else None, now=now,
        )  # fmt: skip
        for entry in parsed.entries if parsed else []:
            review = not first and len(new) < services.config.feeds.max_new_items
            status = FeedItemStatus.PENDING if review else FeedItemStatus.IGNORED
            item = await feeds.add_item(
                session, feed.id, guid=entry.guid, url=entry.url, title=entry.title, status=status, now=now
            )
            if item is not None and review:
                new.append(item)
            elif item is not None:
                seen += 1
        recovered = row.failure_notified
        if recovered:
            await feeds.set_failure_notified(session, feed.id, False)
    if recovered:
        await notify_admins(context, texts.feed_recovered(feed_name(row)))
    return PollResult(True, new, seen)


async def _maybe_alert(context: BotContext, feed: Feed) -> None:
    threshold = context.services.config.feeds.alert_after_failures
    if feed.failure_notified or feed.consecutive_failures < threshold:
        return
    async with context.services.sessionmaker.begin() as session:
        await feeds.set_failure_notified(session, feed.id, True)
    text = texts.feed_failing(feed_name(feed), feed.consecutive_failures, escape(feed.last_error or ""))
    await notify_admins(context, text)


async def ensure_config_feeds(services: Services) -> None:
    if not services.config.feeds.urls:
        return
    async with services.sessionmaker.begin() as session:
        for url in services.config.feeds.urls:
            await feeds.ensure_feed(session, url)


async def poll_due(context: BotContext, now: datetime) -> list[PollResult]:
    """Poll every active feed that is due; returns what each poll found."""
    services = context.services
    await ensure_config_feeds(services)
    async with services.sessionmaker() as session:
        active = await feeds.list_feeds(session, active_only=True)
    due = [feed for feed in active if is_due(feed, now, services.config.feeds)]
    results = await asyncio.gather(*(poll_feed(context, feed, now) for feed in due))
    for feed, result in zip(due, results, strict=True):
        for item in result.new:
            await offer(context, feed, item)
    return list(results)
