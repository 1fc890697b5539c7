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
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
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
from summarizer.fetch import fetch, loggable_url
from summarizer.models import FetchedPage

log = logging.getLogger(__name__)

IN_THREAD_BYTES = 256 * 1024  # feeds up to this size are parsed in a thread, larger ones in a process
BATCH_SIZE = 200  # feed items stored per transaction (a few milliseconds of database lock each)
# Between two batches: SQLite lets a connection waiting for the lock retry only every 100 ms at most
# (its busy handler sleeps), so a shorter pause lets the next batch take the lock again first.
BATCH_PAUSE = 0.1


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
    return page, await parse_off_loop(page.body, page.url, services.config.feeds.max_items_per_poll)


async def parse_off_loop(body: bytes, url: str, limit: int) -> ParsedFeed:
    """``parse_feed`` away from the event loop: in a thread for an ordinary feed, in a child process
    for a large one (feedparser is pure Python: tens of seconds for 60,000 items, holding the GIL,
    so in a thread it would slow every reader's update down for as long)."""
    if len(body) <= IN_THREAD_BYTES:
        return await asyncio.to_thread(parse_feed, body, url, limit)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, parse_feed, body, url, limit)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


async def poll_feed(context: BotContext, feed: Feed, now: datetime) -> PollResult:
    """Poll one feed; new items are stored as pending (or seen, on a first poll) and returned."""
    in_poll = context.services.feeds_in_poll
    in_poll.add(feed.id)  # the job leaves it alone meanwhile (see poll_due)
    try:
        return await _poll(context, feed, now)
    finally:
        in_poll.discard(feed.id)


async def _poll(context: BotContext, feed: Feed, now: datetime) -> PollResult:
    services = context.services
    try:
        page, parsed = await _download(services, feed)
    except (FetchError, NotAFeed) as exc:
        reason = getattr(exc, "user_message", None) or str(exc)
        log.info("feed %s failed: %s", loggable_url(feed.url), exc)
        metrics.feed_error()
        async with services.sessionmaker.begin() as session:
            row = await feeds.record_check(session, feed.id, error=str(reason), now=now)
        await _maybe_alert(context, row)
        return PollResult(False, [], error=str(reason))
    first = feed.last_success_at is None
    entries = parsed.entries if parsed else []  # at most max_items_per_poll (see _download)
    new: list[FeedItem] = []
    seen = 0
    # Items go in small batches, each in its own short transaction: one big feed must not hold the
    # database (on SQLite, the only writer's lock) while readers wait. The check is recorded last,
    # so a poll cut short is still a first poll next time and floods no one.
    for start in range(0, len(entries), BATCH_SIZE):
        batch = [feeds.NewItem(e.guid, e.url, e.title) for e in entries[start : start + BATCH_SIZE]]
        review = 0 if first else services.config.feeds.max_new_items - len(new)
        async with services.sessionmaker.begin() as session:
            added = await feeds.add_items(session, feed.id, batch, review=review, now=now)
        new += [item for item in added if item.status == FeedItemStatus.PENDING]
        seen += sum(1 for item in added if item.status != FeedItemStatus.PENDING)
        if start + BATCH_SIZE < len(entries):
            await asyncio.sleep(BATCH_PAUSE)  # the readers' turn (see BATCH_PAUSE)
    async with services.sessionmaker.begin() as session:
        row = await feeds.record_check(
            session, feed.id, etag=page.etag, last_modified=page.last_modified,
            title=parsed.title if parsed else None, now=now,
        )  # fmt: skip
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
    due = [f for f in active if is_due(f, now, services.config.feeds) and f.id not in services.feeds_in_poll]
    results = await asyncio.gather(*(poll_feed(context, feed, now) for feed in due))
    for feed, result in zip(due, results, strict=True):
        for item in result.new:
            await offer(context, feed, item)
    return list(results)
