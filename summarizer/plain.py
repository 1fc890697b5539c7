"""Plain text as an article: pasted and forwarded texts, text files, ``text/plain`` pages.

A reader who copies a whole web page pastes its menus, its title (often twice), bylines, cookie and
newsletter notices, captions, calls to action and footer along with the article. The text goes
through the same French clean-up as an extracted page (cleanup.py); then what comes before the
title is dropped as page chrome, the title becomes the article's title (and is never repeated in
the body), and hard-wrapped lines are joined back.
"""

from __future__ import annotations

import re

from summarizer.cleanup import clean_paragraphs, is_boilerplate_line, normalize_text, text_key
from summarizer.language import detect_language
from summarizer.models import Article
from summarizer.pagekind import check_article

__all__ = ["plain_article"]

_WORDS = re.compile(r"\w+")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?:;»\"”…]$")
_NOT_A_TITLE_END = re.compile(r"[.,;:…]$")
_COMMENTS = re.compile(
    r"^(?:(?:\d+\s+)?(?:commentaires?|réactions?)\W*$|(?:vos réactions|laisser un commentaire|"
    r"ajouter un commentaire|réagissez à cet article)\b)",
    re.I,
)
CHROME_LINE_WORDS = 6  # a line of a menu, a link list or a button bar
CHROME_RUN = 8  # that many of them in a row, below the article's prose: its footer has begun
PROSE_WORDS = 20  # a line this long is the article's prose (standfirst or body), not chrome
ARTICLE_STARTED_WORDS = 60  # prose words above a line before it may end the article (a slogan is shorter)
TITLE_WORDS = (3, 25)  # a title-like line: a few words, no closing full stop
TITLE_LOOKBACK = 4  # the title sits at most this many lines above the first prose line
STANDFIRST_WORDS = 10  # a title-like line this long right above the prose may be the standfirst


def plain_article(text: str, url: str | None = None, *, check: bool = True) -> Article:
    """The article in a plain text; raises ``NotAnArticle`` as ``extract`` does for pages when
    ``check`` (a text the reader pasted is theirs to choose: only its length is judged, later)."""
    blocks = [b for b in _BLANK_LINES.split(text.replace("\r\n", "\n").replace("\r", "\n")) if b.strip()]
    lines = _before_chrome(_before_comments([line for block in blocks for line in _unwrap(block)]))
    cleaned = clean_paragraphs(lines)
    title, start = _title(cleaned.paragraphs)
    title_key = text_key(title or "")
    body_lines = [p for p in cleaned.paragraphs[start:] if not title_key or text_key(p) != title_key]
    body = "\n".join(body_lines)
    if check:
        check_article(None, body, cleaned.dropped)
    return Article(
        text=body,
        title=normalize_text(title) if title else None,
        language=detect_language(body),
        url=url,
        extractor="plain",
    )


def _before_comments(lines: list[str]) -> list[str]:
    """The lines above the readers' comments, when the paste goes down to them (a page's own text
    never has a line that is just "12 commentaires" once its prose has started)."""
    prose = 0
    for k, line in enumerate(lines):
        if prose >= ARTICLE_STARTED_WORDS and _COMMENTS.match(line):
            return lines[:k]
        prose += _words(line) if _is_prose(line) else 0
    return lines


def _before_chrome(lines: list[str]) -> list[str]:
    """The lines above the page's footer: once the prose has started, a long run of short lines
    (menus, link lists, teasers of other articles, the consent dialog's buttons) ends the article."""
    prose, run = 0, 0
    for k, line in enumerate(lines):
        words = _words(line)
        if prose >= ARTICLE_STARTED_WORDS and words <= CHROME_LINE_WORDS and not _SENTENCE_END.search(line):
            run += 1
            if run == CHROME_RUN:
                return lines[: k - CHROME_RUN + 1]
        else:
            run = 0
        prose += words if _is_prose(line) else 0
    return lines


def _is_prose(line: str) -> bool:
    """A line of the article's own prose: long, and not a notice that the clean-up would drop."""
    return _words(line) >= PROSE_WORDS and not is_boilerplate_line(line)


def _unwrap(block: str) -> list[str]:
    """Lines of a block, hard-wrapped ones joined back (a line that continues in lower case)."""
    out: list[str] = []
    for line in (raw.strip() for raw in block.split("\n")):
        if not line:
            continue
        if out and not _SENTENCE_END.search(out[-1]) and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _words(line: str) -> int:
    return len(_WORDS.findall(line))


def _looks_like_title(line: str) -> bool:
    low, high = TITLE_WORDS
    return low <= _words(line) <= high and not _NOT_A_TITLE_END.search(line) and not line.islower()


def _title(paragraphs: list[str]) -> tuple[str | None, int]:
    """The title line and where the article starts (after the chrome above the title)."""
    prose = next((k for k, p in enumerate(paragraphs) if _words(p) >= PROSE_WORDS), None)
    if prose is None or prose == 0:
        return None, 0
    window = [k for k in range(max(0, prose - TITLE_LOOKBACK), prose) if _looks_like_title(paragraphs[k])]
    if not window:
        return None, prose
    k = window[-1]
    if window[0] == 0:
        k = 0  # copied from the headline down: the most common paste
    elif _words(paragraphs[k]) >= STANDFIRST_WORDS and k - 1 in window and k == prose - 1:
        k -= 1  # headline, then a standfirst that lost its full stop
    return paragraphs[k], k + 1
