"""Articles by canonical URL: metadata and the summary, never the article's text.

``text_hash`` (see ``hash_text``) tells whether a refetched article changed.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidValue
from storage.models import Article, SummaryRequest, utcnow
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


async def find_article(session: AsyncSession, url: str) -> Article | None:
    """The article for this link: stored under its canonical form, or else the article an earlier
    successful request for the same link gave (the page declared another canonical URL)."""
    found = await get_article(session, url)
    if found is not None:
        return found
    key = canonical_url(url)
    query = (
        select(Article)
        .join(SummaryRequest, SummaryRequest.article_id == Article.id)
        .where(SummaryRequest.canonical_url == key)
        .order_by(SummaryRequest.id.desc())
        .limit(1)
    )
    return (await session.scalars(query, execution_options={"populate_existing": True})).first()


async def get_article_by_id(session: AsyncSession, article_id: int) -> Article | None:
    return await session.get(Article, article_id)


async def get_articles_by_ids(session: AsyncSession, article_ids: Sequence[int]) -> dict[int, Article]:
    """The stored ones of ``article_ids``, by id, in one query."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return {}
    found = await session.scalars(select(Article).where(Article.id.in_(ids)))
    return {article.id: article for article in found}


def _check_summary(sentences: Sequence[str] | None, length: int | None) -> list[str] | None:
    if sentences is None:
        return None
    if isinstance(sentences, str) or not all(isinstance(s, str) for s in sentences):
        raise InvalidValue("summary_sentences must be a list of strings")
    if length is not None and (isinstance(length, bool) or not 1 <= length <= 50):
        raise InvalidValue("summary_length must be from 1 to 50")
    check_json_size("summary_sentences", list(sentences), MAX_SUMMARY_CHARS)
    return list(sentences)


def _check_scores(scores: Sequence[float] | None, sentences: Sequence[str] | None) -> list[float] | None:
    if scores is None:
        return None
    if sentences is None or len(scores) != len(sentences):
        raise InvalidValue("summary_scores needs summary_sentences, one score per sentence")
    if not all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in scores):
        raise InvalidValue("summary_scores must be finite numbers")
    return [float(x) for x in scores]


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
    summary_scores: Sequence[float] | None = None,
    now: datetime | None = None,
) -> Article:
    """Insert or update the article stored under the canonical form of ``url``.

    Fields given replace the stored ones, fields left None keep them (a metadata refresh does not
    erase the summary); ``site`` defaults to the URL's host. ``summary_scores`` (one per sentence,
    higher = chosen first) go with the sentences: a new summary without scores clears the old ones.
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
        "summary_scores": _check_scores(summary_scores, summary_sentences),
        "summarized_at": now if summary_sentences is not None else None,
        "updated_at": now,
    }
    check_lengths(Article, {"canonical_url": key, **values})
    statement = insert_for(session, Article).values(canonical_url=key, created_at=now, **values)
    update: dict[str, object] = {
        name: value for name, value in values.items() if name != "url" and value is not None
    }
    if summary_sentences is not None:
        update["summary_scores"] = values["summary_scores"]
    statement = statement.on_conflict_do_update(index_elements=[Article.canonical_url], set_=update)
    result = await session.scalars(
        statement.returning(Article), execution_options={"populate_existing": True}
    )
    row: Article = result.one()
    return row
