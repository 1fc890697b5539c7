"""Summaries on demand: quota, cache by canonical URL, the engine under a global cap, storage.

No Telegram here: handlers pass plain values in and render what comes out. Every request ends with
one ``summary_requests`` row carrying its outcome; a failed request stores nothing else.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from bot import metrics, preferences
from bot.context import Services
from bot.limits import Busy
from bot.people import remember_user
from storage.errors import InvalidValue
from storage.models import Article as StoredArticle
from storage.models import utcnow
from storage.repos import articles, requests
from summarizer import errors
from summarizer.fetch import fetch, loggable_url
from summarizer.models import WORDS_PER_MINUTE, ArticleSummary, Summary, TextSummary
from summarizer.pipeline import summarize_page, summarize_plain_text

log = logging.getLogger(__name__)


class QuotaExceeded(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"quota exceeded, retry in {retry_after:.0f} s")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Requester:
    """Who asks, as Telegram describes them (stored so requests can be counted per user)."""

    user_id: int
    chat_id: int | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    language_code: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleCard:
    """A stored article and its summary (at the longest length; shown shortened)."""

    article_id: int
    url: str
    title: str | None
    site: str | None
    reading_minutes: int | None
    sentences: tuple[str, ...]
    cached: bool = False
    scores: tuple[float, ...] = ()  # the engine's priority of each sentence; empty for old rows

    def summary(self, n: int) -> Summary:
        """The engine's ``n`` best stored sentences, in document order (the first ``n`` for a row
        stored without scores)."""
        stored = Summary(sentences=list(self.sentences), language="fr", scores=list(self.scores))
        return stored.shortened(n)


def outcome_of(error: BaseException) -> str:
    """The short tag stored as a failed request's outcome."""
    match error:
        case errors.HTTPStatusError(status=status):
            return f"http_{status}"
        case errors.UnsupportedContentType():
            return "unsupported_type"
        case errors.NotAnArticle():
            return "not_article"
        case QuotaExceeded():
            return "quota"
        case Busy():
            return "busy"
    tags: dict[type[BaseException], str] = {
        errors.InvalidURL: "invalid_url",
        errors.BlockedAddress: "blocked_address",
        errors.TooManyRedirects: "redirects",
        errors.FetchTimeout: "timeout",
        errors.TooLarge: "too_large",
        errors.ConnectionFailed: "connection",
        errors.TextTooShort: "too_short",
        errors.UnsupportedLanguage: "language",
    }
    for kind, tag in tags.items():
        if isinstance(error, kind):
            return tag
    return "fetch_error" if isinstance(error, errors.FetchError) else "error"


def card_of(article: StoredArticle, *, cached: bool) -> ArticleCard:
    words = article.word_count
    return ArticleCard(
        article_id=article.id,
        url=article.url,
        title=article.title,
        site=article.site,
        reading_minutes=max(1, round(words / WORDS_PER_MINUTE)) if words else None,
        sentences=tuple(article.summary_sentences or ()),
        cached=cached,
        scores=tuple(article.summary_scores or ()),
    )


def _fresh(article: StoredArticle | None, services: Services) -> bool:
    if article is None or not article.summary_sentences or article.summarized_at is None:
        return False
    return article.summarized_at >= utcnow() - timedelta(hours=services.config.limits.cache_hours)


async def check_quota(services: Services, user_id: int) -> None:
    wait = await services.quota.check(user_id)
    if wait > 0:
        raise QuotaExceeded(wait)


async def _record(
    services: Services,
    who: Requester,
    url: str | None,
    outcome: str,
    started: float,
    article_id: int | None = None,
) -> None:
    metrics.summary_finished(outcome)
    async with services.sessionmaker.begin() as session:
        await remember_user(session, who.user_id, who)
        await requests.record_request(
            session,
            who.user_id,
            url,
            outcome=outcome,
            duration_ms=int((time.perf_counter() - started) * 1000),
            chat_id=who.chat_id,
            article_id=article_id,
        )


async def cached_card(services: Services, url: str) -> ArticleCard | None:
    """The stored summary of ``url`` if it is within the cache lifetime (no quota, no fetch)."""
    try:
        async with services.sessionmaker() as session:
            article = await articles.find_article(session, url)
    except InvalidValue:
        return None
    return card_of(article, cached=True) if article is not None and _fresh(article, services) else None


async def load_card(services: Services, article_id: int) -> ArticleCard | None:
    async with services.sessionmaker() as session:
        article = await articles.get_article_by_id(session, article_id)
    return card_of(article, cached=True) if article is not None and article.summary_sentences else None


async def summarize_link(
    services: Services, url: str, who: Requester, *, on_miss: Callable[[], Awaitable[object]] | None = None
) -> ArticleCard:
    """The summary of ``url`` from the cache or the engine; raises a domain error with a user message.

    ``on_miss`` runs once the quota passed and the cache missed, before the slow part (the handler
    shows its placeholder there, so cached answers come without one).
    """
    started = time.perf_counter()
    try:
        await check_quota(services, who.user_id)
        card = await cached_card(services, url)
        if card is None:
            if on_miss is not None:
                await on_miss()
            async with services.slots.slot():
                result = await _summarize_url(services, url)
            card = await _store(services, result)
    except Exception as exc:
        log.info("summary of %s failed: %s", loggable_url(url), exc)
        await _record(services, who, url, outcome_of(exc), started)
        raise
    await _record(services, who, url, "cached" if card.cached else "ok", started, card.article_id)
    return card


async def _summarize_url(services: Services, url: str) -> ArticleSummary:
    """``summarizer.pipeline.summarize_url`` in its two steps, each timed for the metrics."""
    with metrics.FETCH_SECONDS.time():
        page = await fetch(url, session=services.http, settings=services.config.fetch)
    job = functools.partial(
        summarize_page,
        page,
        settings=services.config.summarizer,
        sentences=services.config.summarizer.max_sentences,
    )
    with metrics.SUMMARY_SECONDS.time():
        return await asyncio.get_running_loop().run_in_executor(services.executor, job)


async def _store(services: Services, result: ArticleSummary) -> ArticleCard:
    article, summary = result.article, result.summary
    async with services.sessionmaker.begin() as session:
        stored = await articles.save_article(
            session,
            result.url,
            title=(article.title or "")[:500] or None,
            site=(article.site or "")[:255] or None,
            author=(article.author or "")[:255] or None,
            language=summary.language,
            word_count=article.word_count,
            text_hash=articles.hash_text(article.text),
            summary_sentences=summary.sentences,
            summary_length=len(summary.sentences),
            summary_scores=summary.scores if len(summary.scores) == len(summary.sentences) else None,
        )
    return card_of(stored, cached=False)


async def summarize_pasted(
    services: Services, text: str, who: Requester, *, sentences: int | None = None
) -> TextSummary:
    """Summarize a pasted or forwarded text in ``sentences`` (default: the configured length), with
    the title found in it; the text itself is never stored, so this is the only length it will have."""
    started = time.perf_counter()
    limits = services.config.limits
    try:
        await check_quota(services, who.user_id)
        if len(text.strip()) < limits.min_text_chars:
            raise errors.TextTooShort(f"{len(text.strip())} characters < {limits.min_text_chars}")
        async with services.slots.slot():
            with metrics.SUMMARY_SECONDS.time():
                summary = await summarize_plain_text(
                    text[: limits.max_text_chars],
                    settings=services.config.summarizer,
                    sentences=sentences,
                    executor=services.executor,
                )
    except Exception as exc:
        await _record(services, who, None, outcome_of(exc), started)
        raise
    await _record(services, who, None, "ok", started)
    return summary


async def preferred_length(services: Services, chat_id: int, user_id: int | None = None) -> int:
    """Sentences to show a summary with in this chat (``chat_id`` alone: the user's private chat)."""
    return await preferences.summary_length(services, chat_id, chat_id if user_id is None else user_id)


async def summarize_unattended(services: Services, url: str) -> ArticleCard:
    """The summary of ``url`` for the bot's own work (new feed items): from the cache, else the engine
    under the global cap. No user, so no quota and no request row; raises the engine's errors."""
    card = await cached_card(services, url)
    if card is not None:
        return card
    async with services.slots.slot():
        result = await _summarize_url(services, url)
    return await _store(services, result)
