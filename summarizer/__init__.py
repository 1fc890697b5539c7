"""The text engine: fetch a page, decode it, extract the article, split French sentences, rank them.

Bytes or str in, dataclasses out: no Telegram, no database. See DESIGN.md for the fixed interface.
"""

from summarizer.errors import (
    BlockedAddress,
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    NotAnArticle,
    SummarizerError,
    TextTooShort,
    TooLarge,
    TooManyRedirects,
    UnsupportedContentType,
    UnsupportedLanguage,
)
from summarizer.extract import extract
from summarizer.language import detect_language
from summarizer.models import Article, ArticleSummary, FetchedPage, Summary
from summarizer.settings import FetchSettings, SummarizerSettings
from summarizer.summarize import summarize_text

__all__ = [
    "Article",
    "ArticleSummary",
    "BlockedAddress",
    "ConnectionFailed",
    "FetchError",
    "FetchSettings",
    "FetchTimeout",
    "FetchedPage",
    "HTTPStatusError",
    "InvalidURL",
    "NotAnArticle",
    "SummarizerError",
    "SummarizerSettings",
    "Summary",
    "TextTooShort",
    "TooLarge",
    "TooManyRedirects",
    "UnsupportedContentType",
    "UnsupportedLanguage",
    "detect_language",
    "extract",
    "summarize_text",
]
