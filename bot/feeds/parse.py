"""RSS and Atom through feedparser, on bytes already fetched by the guarded session.

feedparser is never given a URL or a string (it would fetch a URL itself, or open a string as a
file name): the body goes in as a stream. Items come out newest first when the feed gives dates,
else in the feed's own order, which is newest first by convention.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import feedparser

from storage.errors import InvalidValue
from storage.urls import canonical_url

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "application/feed+json",
    "text/html",  # some servers label their feed so; feedparser decides
    "text/plain",
)


class NotAFeed(ValueError):
    """The body is neither RSS nor Atom."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    guid: str | None
    url: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]


def parse_feed(body: bytes, url: str, limit: int | None = None) -> ParsedFeed:
    """The feed's title and its first ``limit`` items (all by default); ``NotAFeed`` if feedparser
    finds no feed in ``body``."""
    parsed: Any = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url})
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS or Atom feed found"
        raise NotAFeed(str(reason)[:200])
    entries = [entry for entry in (_entry(item) for item in parsed.entries) if entry is not None][:limit]
    title = str(parsed.feed.get("title") or "").strip() or None
    return ParsedFeed(title=title[:500] if title else None, entries=entries)


def _entry(item: Any) -> FeedEntry | None:
    link = str(item.get("link") or "").strip() or None
    if link is not None:
        try:
            canonical_url(link)
        except InvalidValue:
            link = None  # a mailto: or a relative link feedparser could not resolve
    guid = str(item.get("id") or "").strip()[:1024] or None
    if guid is None and link is None:
        return None
    title = " ".join(str(item.get("title") or "").split())[:500] or None
    return FeedEntry(guid=guid, url=link, title=title)
