"""From a URL, a fetched page or a pasted text to a summary: the engine's one composition.

The CPU-bound part (decode, extract, split, rank) is a plain function, ``summarize_page``, run off
the event loop: in a worker thread by default, or in the executor the caller passes (a process
pool keeps a busy bot responsive; every argument here is picklable for that reason).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from concurrent.futures import Executor

import aiohttp

from summarizer.decode import decode_html
from summarizer.errors import TextTooShort, UnsupportedLanguage
from summarizer.extract import extract
from summarizer.fetch import fetch
from summarizer.language import detect_language
from summarizer.models import Article, ArticleSummary, FetchedPage, Summary, TextSummary
from summarizer.plain import plain_article
from summarizer.settings import FetchSettings, SummarizerSettings
from summarizer.summarize import summarize_text

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("fr", "en")


def _language_of(declared: str | None, text: str) -> str:
    """What the text itself says first (templates often declare the wrong language), then the page's
    declaration; French when neither knows, since that is what our readers send."""
    language = detect_language(text) or (declared or "").split("-")[0].split("_")[0].lower() or "fr"
    if language not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(language)
    return language


def clamp_sentences(settings: SummarizerSettings, sentences: int | None) -> int:
    wanted = settings.sentences if sentences is None else sentences
    return max(settings.min_sentences, min(settings.max_sentences, wanted))


def summarize_article(
    article: Article, *, settings: SummarizerSettings, sentences: int | None = None
) -> Summary:
    """Rank the sentences of an extracted article (or of a pasted text wrapped as one)."""
    text = article.text[: settings.max_chars]
    if len(text.split()) < settings.min_words:
        raise TextTooShort(f"{len(text.split())} words < {settings.min_words}")
    language = _language_of(article.language, text)
    return summarize_text(
        text, sentences=clamp_sentences(settings, sentences), language=language, title=article.title
    )


def article_from_page(page: FetchedPage) -> Article:
    """Decode and extract a fetched page; plain-text pages are taken as they are."""
    if page.content_type == "text/plain":
        return plain_article(decode_html(page.body, page.charset), url=page.url, check=False)
    return extract(page.body, url=page.url, http_charset=page.charset)


def summarize_page(
    page: FetchedPage, *, settings: SummarizerSettings, sentences: int | None = None
) -> ArticleSummary:
    """The whole CPU-bound part for one fetched page."""
    article = article_from_page(page)
    summary = summarize_article(article, settings=settings, sentences=sentences)
    return ArticleSummary(article=article, summary=summary, url=article.url or page.url, fetched_url=page.url)


async def summarize_url(
    url: str,
    *,
    session: aiohttp.ClientSession,
    fetch_settings: FetchSettings,
    settings: SummarizerSettings,
    sentences: int | None = None,
    executor: Executor | None = None,
) -> ArticleSummary:
    """Fetch ``url`` through the guarded session and summarize it, off the event loop."""
    page = await fetch(url, session=session, settings=fetch_settings)
    loop = asyncio.get_running_loop()
    job = functools.partial(summarize_page, page, settings=settings, sentences=sentences)
    return await loop.run_in_executor(executor, job)


def summarize_pasted(
    text: str, *, settings: SummarizerSettings, sentences: int | None = None
) -> TextSummary:
    """The CPU-bound part for a pasted or forwarded text: the same clean-up as a page (page chrome,
    calls to action, notices, the title repeated), then the same ranking."""
    article = plain_article(text, check=False)
    return TextSummary(article, summarize_article(article, settings=settings, sentences=sentences))


async def summarize_plain_text(
    text: str,
    *,
    settings: SummarizerSettings,
    sentences: int | None = None,
    executor: Executor | None = None,
) -> TextSummary:
    """Summarize a pasted or forwarded text off the event loop; its language comes from the text."""
    loop = asyncio.get_running_loop()
    job = functools.partial(summarize_pasted, text, settings=settings, sentences=sentences)
    return await loop.run_in_executor(executor, job)
