"""Facts about one line that the sentence rules share: quotation marks and unsplittable spans."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from summarizer.glue import SPACES

__all__ = ["Line"]

EMBEDDED_QUOTE_CHARS = 250  # a longer quotation is a speech: its sentences stand alone
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>«»\"“”]+")
_AT_OR_HASH = re.compile(r"[@#]")
# starts with a literal "." so the regex engine can skip ahead; the name before it is checked after
_DOMAIN = re.compile(
    r"\.(?:com|fr|org|net|eu|io|info|gouv|be|ch|ca|de|uk|co|tv|ly|me|app|dev|ai|js)\b(?:/[^\s<>«»\"“”]*)?"
)
_DOMAIN_CHARS = frozenset("-._")
_ASCII_QUOTE = re.compile('"')
_OPENING = re.compile("[«“]")
_CLOSING = re.compile("[»”]")
_URL_TAIL = re.compile(r"[.,;:!?'’»\"”]+$")


class Line:
    """One paragraph being split: its text, where the last cut fell, and what must stay whole."""

    __slots__ = ("closes", "last_cut", "opens", "quotes", "spans", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.last_cut = 0
        self.spans = _protected_spans(text)
        self.quotes = _positions(text, _ASCII_QUOTE)
        self.opens = _positions(text, _OPENING)
        self.closes = _positions(text, _CLOSING)

    def protected(self, pos: int) -> bool:
        """Whether ``pos`` falls inside a URL, an e-mail address, a #hashtag or a domain name."""
        index = bisect_right(self.spans, (pos, len(self.text) + 1)) - 1
        return index >= 0 and self.spans[index][0] <= pos < self.spans[index][1]

    def opening_quote(self, pos: int) -> bool:
        """Whether the ASCII quote at ``pos`` opens a quotation: an even number before it.

        Counted from the paragraph start: quotations often span several sentences.
        """
        return bisect_left(self.quotes, pos) % 2 == 0

    def inside_embedded_quote(self, pos: int) -> bool:
        """Whether ``pos`` lies in a short quotation, opened in this sentence, that the sentence
        goes on after: « Non. Jamais », a-t-il dit. Cut there, its second half would be a fragment.
        """
        span = self._quotation_around(pos)
        if span is None or span[0] < self.last_cut or span[1] - span[0] > EMBEDDED_QUOTE_CHARS:
            return False
        text = self.text
        after, stop = span[1] + 1, min(len(text), span[1] + 5)
        while after < stop and text[after] in SPACES:
            after += 1
        return after < stop and (text[after] in ",;)" or text[after].islower())

    def _quotation_around(self, pos: int) -> tuple[int, int] | None:
        opened, closed = bisect_left(self.opens, pos), bisect_left(self.closes, pos)
        if opened > closed and closed < len(self.closes):
            return self.opens[opened - 1], self.closes[closed]
        index = bisect_left(self.quotes, pos)
        if index % 2 == 0 or index == len(self.quotes):
            return None
        start, end = self.quotes[index - 1], self.quotes[index]
        # ASCII quotes look alike and one stray quote flips them all: check each looks its part
        text = self.text
        opens = start + 1 < len(text) and not text[start + 1].isspace() and text[start + 1] not in ".,;"
        closes = not text[end - 1].isspace()
        return (start, end) if opens and closes else None


def _positions(text: str, chars: re.Pattern[str]) -> list[int]:
    return [match.start() for match in chars.finditer(text)]


def _protected_spans(text: str) -> list[tuple[int, int]]:
    # cheap substring tests first: the patterns only run on the few lines with a link or a tag
    spans: list[tuple[int, int]] = []
    if "://" in text or "www." in text:
        spans.extend(_trimmed(match.start(), match.group()) for match in _URL.finditer(text))
    if "@" in text or "#" in text:
        spans.extend(_address(text, match.start()) for match in _AT_OR_HASH.finditer(text))
    if "." in text:
        previous_end = 0
        for match in _DOMAIN.finditer(text):
            start, stop = match.start(), max(previous_end, match.start() - 100)  # bounded: stays linear
            previous_end = match.end()
            while start > stop and (text[start - 1].isalnum() or text[start - 1] in _DOMAIN_CHARS):
                start -= 1  # back to the start of "www.site-info.fr"
            if start < match.start() and text[match.start() - 1] != ".":
                spans.append(_trimmed(start, text[start : match.end()]))
    spans.sort()
    return spans


def _address(text: str, pos: int) -> tuple[int, int]:
    """The e-mail address around the "@" at ``pos``, or the @mention or #hashtag starting there."""
    end = pos + 1
    while end < len(text) and (text[end].isalnum() or text[end] in _DOMAIN_CHARS):
        end += 1
    start = pos
    if text[pos] == "@":
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-._+"):
            start -= 1
    return _trimmed(start, text[start:end])


def _trimmed(start: int, link: str) -> tuple[int, int]:
    """A link's span without the sentence punctuation that follows it."""
    tail = _URL_TAIL.search(link)
    return start, start + len(link) - (len(tail.group()) if tail else 0)
