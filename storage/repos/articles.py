"""Articles by canonical URL: metadata and the summary, never the article's text.

``text_hash`` (see ``hash_text``) tells whether a refetched article changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidValue
from storage.models import Article, utcnow
from storage.repos._common import check_json_size, check_lengths, insert_for
from storage.urls import canonical_url, site_of

MAX_SUMMARY_CHARS = 20_000


def hash_text(text: str) -> str:
    """The value stored in ``text_hash`` for an article's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def get_article(session: AsyncSession, url: str) -> Article | None:
    """The article stored for this URL (any form of it: the canonical form is looked up)."""
    query = select(Article).where(Article.canonical_url == canonical_url(url))
    return (await session.scalars(query, execution_options={"populate_existing": True})).first()


async def get_article_by_id(session: AsyncSession, article_id: int) -> Article | None:
    return await session.get(Article, article_id)


def _check_summary(sentences: Sequence[str] | None, length: int | None) -> list[str] | None:
    if sentences is None:
        return None
    if isinstance(sentences, str) or not all(isinstance(s, str) for s in sentences):
        raise InvalidValue("summary_sentences must be a list of strings")
    if length is not None and (isinstance(length, bool) or not 1 <= length <= 50):
        raise InvalidValue("summary_length must be from 1 to 50")
    check_json_size("summary_sentences", list(sentences), MAX_SUMMARY_CHARS)
    return list(sentences)


async def save_article(
    session: AsyncSession,
    url: str,
    *,
    title: str | None = None,
    site: str | None = None,
    author: str | None = None,
    published_at: datetime | None = None,
    language: str | None = None,
    word_count: int | None = None,
    text_hash: str | None = None,
    summary_sentences: Sequence[str] | None = None,
    summary_length: int | None = None,
    now: datetime | None = None,
) -> Article:
    """Insert or update the article stored under the canonical form of ``url``.

    Fields given replace the stored ones, fields left None keep them (a metadata refresh does not
    erase the summary); ``site`` defaults to the URL's host.
    """
    now = now or utcnow()
    key = canonical_url(url)
    values = {
        "url": url.strip(),
        "title": title,
        "site": site or site_of(key),
        "author": author,
        "published_at": published_at,
        "language": language,
        "word_count": word_count,
        "text_hash": text_hash,
        "summary_sentences": _check_summary(summary_sentences, summary_length),
        "summary_length": summary_length,
        "summarized_at": now if summary_sentences is not None else None,
        "updated_at": now,
    }
    check_lengths(Article, {"canonical_url": key, **values})
    statement = insert_for(session, Article).values(canonical_url=key, created_at=now, **values)
    update = {name: value for name, value in values.items() if name != "url" and value is not None}
    statement = statement.on_conflict_do_update(index_elements=[Article.canonical_url], set_=update)
    result = await session.scalars(
        statement.returning(Article), execution_options={"populate_existing": True}
    )
    row: Article = result.one()
    return row
