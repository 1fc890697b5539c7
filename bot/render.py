"""The one formatting function for a summary: Telegram HTML, every dynamic string escaped, ≤ 4,096 characters.

Telegram counts the limit in UTF-16 code units of the text once tags are parsed; measuring the raw
HTML in UTF-16 is stricter, so a message that fits here always fits there. When it does not fit,
whole sentences are dropped from the end; a single sentence too long on its own is cut in its
plain text before escaping, so neither a tag nor an entity (``&amp;``) is ever split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from bot import texts

MAX_MESSAGE = 4096
MAX_TITLE = 250  # characters of plain title kept
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class SummaryView:
    """What a summary message shows; built from an article or a pasted text."""

    sentences: Sequence[str]
    title: str | None = None
    url: str | None = None
    site: str | None = None
    reading_minutes: int | None = None
    words: int | None = None  # for a pasted text, which has no site


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str, room: int) -> str:
    """``text`` escaped for HTML in at most ``room`` UTF-16 units, cut between words with an ellipsis."""
    escaped = escape(text)
    if utf16_len(escaped) <= room:
        return escaped
    used, end = 1, 0  # one unit is kept for the ellipsis
    for index, char in enumerate(text):
        used += utf16_len(escape(char))
        if used > room:
            break
        end = index + 1
    cut = text[:end]
    space = cut.rfind(" ")
    if space > len(cut) * 0.8:
        cut = cut[:space]
    return escape(cut.rstrip()) + ELLIPSIS


def fit(text: str, room: int) -> str:
    """``text`` HTML-escaped in at most ``room`` UTF-16 units (cut between words, with an ellipsis)."""
    return _fit(text, room)


def site_name(view: SummaryView) -> str | None:
    if view.site:
        return view.site
    if view.url:
        host = urlsplit(view.url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def _footer(view: SummaryView) -> str:
    parts: list[str] = []
    site = site_name(view)
    if site:
        parts.append(_fit(site, 80))
    if view.reading_minutes:
        parts.append(texts.reading_time(view.reading_minutes))
    elif view.words:
        parts.append(texts.text_words(view.words))
    return f"<i>{' · '.join(parts)}</i>" if parts else ""


def render_summary(view: SummaryView, *, limit: int = MAX_MESSAGE) -> str:
    """The summary message in Telegram HTML, never over ``limit`` UTF-16 code units."""
    title = " ".join((view.title or "").split()) or texts.PASTED_TITLE
    head = f"<b>{_fit(title, MAX_TITLE)}</b>"
    footer = _footer(view)
    used = utf16_len(head) + utf16_len(footer) + 4  # the blank lines around the list
    bullets: list[str] = []
    for sentence in filter(None, (" ".join(s.split()) for s in view.sentences)):
        line = "• " + escape(sentence)
        cost = utf16_len(line) + (1 if bullets else 0)
        if used + cost > limit:
            if not bullets:
                # One sentence longer than the whole message: keep its beginning rather than nothing.
                bullets.append("• " + _fit(sentence, limit - used - 2))
            break
        bullets.append(line)
        used += cost
    return "\n\n".join(part for part in (head, "\n".join(bullets), footer) if part)
