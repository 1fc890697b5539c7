"""Feeds, their health, and the items already seen (the moderation queue is the ``pending`` ones)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidValue, NotFound
from storage.models import Feed, FeedItem, FeedItemStatus, utcnow
from storage.repos._common import check_choice, check_lengths, count, insert_for, rowcount, savepoint
from storage.urls import canonical_url

_ERROR_LIMIT = 500


async def add_feed(
    session: AsyncSession, url: str, *, title: str | None = None, added_by: int | None = None,
    now: datetime | None = None,
) -> Feed:  # fmt: skip
    """A new feed; ``Duplicate`` if this URL is already a feed (nothing is written then)."""
    url = url.strip()
    canonical_url(url)  # refuses what is not an http(s) URL
    check_lengths(Feed, {"url": url, "title": title})
    feed = Feed(url=url, title=title, added_by=added_by, created_at=now or utcnow())
    async with savepoint(session, f"the feed {url} already exists"):
        session.add(feed)
    return feed


async def ensure_feed(session: AsyncSession, url: str, *, now: datetime | None = None) -> Feed:
    """The feed for this URL, created (and reactivated) if needed: for the feeds of config.toml."""
    url = url.strip()
    canonical_url(url)
    check_lengths(Feed, {"url": url})
    statement = insert_for(session, Feed).values(url=url, created_at=now or utcnow(), consecutive_failures=0,
                                                 failure_notified=False, active=True)  # fmt: skip
    statement = statement.on_conflict_do_update(index_elements=[Feed.url], set_={"active": True})
    result = await session.scalars(statement.returning(Feed), execution_options={"populate_existing": True})
    row: Feed = result.one()
    return row


async def get_feed(session: AsyncSession, feed_id: int) -> Feed | None:
    return await session.get(Feed, feed_id, populate_existing=True)


async def list_feeds(session: AsyncSession, *, active_only: bool = False) -> Sequence[Feed]:
    query = select(Feed).order_by(Feed.id)
    if active_only:
        query = query.where(Feed.active.is_(True))
    return (await session.scalars(query)).all()


async def remove_feed(session: AsyncSession, feed_id: int) -> bool:
    """Delete the feed and its items; False if there was none."""
    await session.execute(delete(FeedItem).where(FeedItem.feed_id == feed_id))
    result = await session.execute(delete(Feed).where(Feed.id == feed_id))
    return bool(rowcount(result))


async def record_check(
    session: AsyncSession,
    feed_id: int,
    *,
    error: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    title: str | None = None,
    now: datetime | None = None,
) -> Feed:
    """Record a poll: success (``error`` None) resets the failure count and stores the validators;
    failure increments it. The bot reads ``consecutive_failures``/``failure_notified`` to decide
    when to tell admins and how long to back off."""
    feed = await get_feed(session, feed_id)
    if feed is None:
        raise NotFound(f"no feed {feed_id}")
    now = now or utcnow()
    feed.last_checked_at = now
    if error is None:
        check_lengths(Feed, {"etag": etag, "last_modified": last_modified, "title": title})
        feed.consecutive_failures = 0
        feed.last_error = None
        feed.last_success_at = now
        feed.etag = etag or feed.etag
        feed.last_modified = last_modified or feed.last_modified
        feed.title = title or feed.title
    else:
        feed.consecutive_failures += 1
        feed.last_error = error if len(error) <= _ERROR_LIMIT else error[: _ERROR_LIMIT - 1] + "…"
    await session.flush()
    return feed


async def set_failure_notified(session: AsyncSession, feed_id: int, notified: bool) -> None:
    await session.execute(update(Feed).where(Feed.id == feed_id).values(failure_notified=notified))


async def count_feeds_in_error(session: AsyncSession) -> int:
    return await count(session, select(Feed.id).where(Feed.active.is_(True), Feed.consecutive_failures > 0))


async def has_items(session: AsyncSession, feed_id: int) -> bool:
    """Whether the feed was ever read (its first poll should not flood the moderation queue)."""
    return (await session.scalar(select(FeedItem.id).where(FeedItem.feed_id == feed_id).limit(1))) is not None


async def add_item(
    session: AsyncSession,
    feed_id: int,
    *,
    guid: str | None,
    url: str | None,
    title: str | None = None,
    status: str = FeedItemStatus.PENDING,
    now: datetime | None = None,
) -> FeedItem | None:
    """Remember an item; None if the feed already had it (same GUID or same canonical URL)."""
    key = canonical_url(url) if url else None
    guid = guid.strip() if guid and guid.strip() else None
    if guid is None and key is None:
        raise InvalidValue("a feed item needs a GUID or a URL")
    check_choice("status", status, FeedItemStatus)
    check_lengths(FeedItem, {"guid": guid, "canonical_url": key, "title": title})
    same = [FeedItem.guid == guid] if guid else []
    same += [FeedItem.canonical_url == key] if key else []
    seen = select(FeedItem.id).where(FeedItem.feed_id == feed_id, or_(*same))
    if (await session.scalar(seen.limit(1))) is not None:
        return None
    values = {"feed_id": feed_id, "guid": guid, "canonical_url": key, "title": title, "status": str(status),
              "seen_at": now or utcnow()}  # fmt: skip
    # A concurrent poller may have inserted it meanwhile: the unique keys settle it.
    statement = insert_for(session, FeedItem).values(**values).on_conflict_do_nothing().returning(FeedItem)
    return (await session.scalars(statement)).first()


@dataclass(frozen=True, slots=True)
class NewItem:
    guid: str | None
    url: str | None
    title: str | None = None


async def add_items(
    session: AsyncSession,
    feed_id: int,
    entries: Sequence[NewItem],
    *,
    review: int,
    now: datetime | None = None,
) -> list[FeedItem]:
    """Remember a batch of items in one multi-row INSERT; returns the new ones in ``entries`` order.

    Items the feed already had (same GUID or same canonical URL, in the database or earlier in the
    batch) are left out. The first ``review`` new items are pending, the others ignored (seen).
    Callers keep batches small (a few hundred items) so that each transaction stays short.
    """
    keyed: list[tuple[str | None, str | None, str | None]] = []
    for entry in entries:
        key = canonical_url(entry.url) if entry.url else None
        guid = entry.guid.strip() if entry.guid and entry.guid.strip() else None
        if guid is None and key is None:
            raise InvalidValue("a feed item needs a GUID or a URL")
        check_lengths(FeedItem, {"guid": guid, "canonical_url": key, "title": entry.title})
        keyed.append((guid, key, entry.title))
    if not keyed:
        return []
    # What is still unseen; an item is known as soon as its GUID or its URL is.
    guids = {guid for guid, _, _ in keyed if guid}
    keys = {key for _, key, _ in keyed if key}
    known = select(FeedItem.guid, FeedItem.canonical_url).where(
        FeedItem.feed_id == feed_id, or_(FeedItem.guid.in_(guids), FeedItem.canonical_url.in_(keys))
    )
    for known_guid, known_key in (await session.execute(known)).all():
        guids.discard(known_guid)
        keys.discard(known_key)
    rows: list[dict[str, object]] = []
    for guid, key, title in keyed:
        if (guid is not None and guid not in guids) or (key is not None and key not in keys):
            continue  # known, or a repeat within the batch
        guids.discard(guid)
        keys.discard(key)
        status = FeedItemStatus.PENDING if len(rows) < review else FeedItemStatus.IGNORED
        rows.append({"feed_id": feed_id, "guid": guid, "canonical_url": key, "title": title,
                     "status": str(status), "seen_at": now or utcnow()})  # fmt: skip
    if not rows:
        return []
    # A concurrent poller may have inserted some meanwhile: the unique keys settle it.
    # One statement with the rows as parameters: SQLAlchemy batches it as multi-row VALUES itself,
    # and compiles it once for every batch (a .values(rows) statement is compiled anew each time).
    statement = insert_for(session, FeedItem).on_conflict_do_nothing().returning(FeedItem)
    return sorted((await session.scalars(statement, rows)).all(), key=lambda item: item.id)


async def set_item_article(session: AsyncSession, item_id: int, article_id: int) -> None:
    await session.execute(update(FeedItem).where(FeedItem.id == item_id).values(article_id=article_id))


async def pending_items(session: AsyncSession, *, limit: int = 20, offset: int = 0) -> Sequence[FeedItem]:
    """The moderation queue, oldest first."""
    query = select(FeedItem).where(FeedItem.status == FeedItemStatus.PENDING).order_by(FeedItem.id)
    return (await session.scalars(query.limit(limit).offset(offset))).all()


async def count_pending(session: AsyncSession) -> int:
    return await count(session, select(FeedItem.id).where(FeedItem.status == FeedItemStatus.PENDING))


async def decide_item(
    session: AsyncSession, item_id: int, *, status: str, by: int | None, now: datetime | None = None
) -> bool:
    """Publish or ignore a pending item. False if it was already decided: the first decision wins."""
    if check_choice("status", status, FeedItemStatus) == FeedItemStatus.PENDING:
        raise InvalidValue("decide_item needs 'published' or 'ignored'")
    result = await session.execute(
        update(FeedItem)
        .where(FeedItem.id == item_id, FeedItem.status == FeedItemStatus.PENDING)
        .values(status=status, decided_by=by, decided_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(rowcount(result))


async def get_item(session: AsyncSession, item_id: int) -> FeedItem | None:
    return await session.get(FeedItem, item_id, populate_existing=True)
