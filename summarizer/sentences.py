"""French-first sentence splitting for news text, with no downloaded model.

Rules rather than a trained model: candidate boundaries (terminal punctuation, a capital or a
quote glued to the previous word by a scraper) are found by two compiled regexes, then each is
judged from its immediate context. Every sentence is a slice of the input, so nothing but
whitespace is ever lost or added. A line break always ends a sentence.
"""

from __future__ import annotations

import re

from summarizer.abbreviations import FINAL_OK, NON_FINAL, STARTERS
from summarizer.glue import BULLETS, CLOSERS, INITIALS, SPACES, UPPER, UPPER_WORD, glue_kind, glued_period
from summarizer.quotations import Line
from summarizer.words import to_words, tokenizer_language

__all__ = ["SentenceTokenizer", "split_paragraphs", "split_sentences"]

# Two quick scans (one regex with both alternatives is twice as slow): sentence punctuation, and a
# character glued to a capital or an opening quote, sorted out in Python afterwards.
_PUNCT = re.compile(r"[.!?…‽]+|[•▪►■]")
_GLUE = re.compile(rf"[\w%»\-–—](?=[{UPPER}\"“«])")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_OPENERS = frozenset("«“\"([{—–-‘'*•¿¡") | SPACES
_TOKEN_STRIP = "«\"“([{'‘"  # openers only: a lone "»" is a token of its own
_HEADING_DASHES = frozenset({"- ", "– ", "— "})
_LIST_NUMBER = re.compile(r"\d{1,3}|[IVX]{1,4}|[a-z]")


def split_sentences(text: str, language: str = "fr") -> list[str]:
    """Sentences of ``text`` in order, stripped; a line break always ends a sentence."""
    return [sentence for paragraph in split_paragraphs(text, language) for sentence in paragraph]


def split_paragraphs(text: str, language: str = "fr") -> list[list[str]]:
    """Sentences grouped by paragraph, in order.

    A paragraph is a non-blank line, or part of one where a scraper glued two paragraphs
    together: a sentence that starts right after the previous one, with no space between
    ("février.Le bilan", "la joieEnfant de"), starts a new paragraph.
    """
    del language  # the rules serve French and English alike; kept for a stable signature
    paragraphs: list[list[str]] = []
    for line in _LINE_BREAKS.split(text):
        if line and not line.isspace():
            paragraphs.extend(_split_line(line))
    return paragraphs


class SentenceTokenizer:
    """The project's tokenizer for sumy's parsers, which only call ``to_sentences`` and ``to_words``.

    Unlike sumy's ``Tokenizer`` it needs no NLTK data. ``language`` is sumy's name for it.
    """

    def __init__(self, language: str = "fr") -> None:
        self.language = tokenizer_language(language)

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return to_words(sentence, self.language)


def _split_line(line: str) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    start = 0
    for cut in [*_cuts(line), len(line)]:
        piece = line[start:cut].strip()
        if piece:
            glued = start > 0 and not line[start - 1].isspace() and not line[start].isspace()
            if glued and paragraphs[-1]:
                paragraphs.append([])
            paragraphs[-1].append(piece)
        start = cut
    return [paragraph for paragraph in paragraphs if paragraph]


def _cuts(text: str) -> list[int]:
    line = Line(text)
    cuts: list[int] = []
    for pos, end, kind in _candidates(text):
        if line.spans and line.protected(pos):
            continue
        if kind == "punct":
            cut = _after_punctuation(line, pos, end)
            if cut is not None and text[cut] in SPACES and line.inside_embedded_quote(cut):
                continue  # a glued break is a lost paragraph end, never inside a quotation
        elif kind == "quote" and text[pos] == '"' and not line.opening_quote(pos):
            cut = pos + 1  # '"oui"Le': the quote closes the sentence before
        elif kind == "dash":
            # an AFP-style heading "- Un titre -La suite" ends at its closing dash
            cut = pos if text[line.last_cut : pos].lstrip()[:2] in _HEADING_DASHES else None
        else:
            cut = pos
        if cut is not None and cut > line.last_cut:
            cuts.append(cut)
            line.last_cut = cut
    return cuts


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """Candidate boundaries in order, as (position, end, kind)."""
    found = [
        (match.start(), match.end(), "bullet" if text[match.start()] in BULLETS else "punct")
        for match in _PUNCT.finditer(text)
    ]
    glued = []
    for match in _GLUE.finditer(text):
        pos = match.end()
        kind = glue_kind(text, pos)
        if kind:
            glued.append((pos, pos, kind))
    if glued:
        found.extend(glued)
        found.sort()
    return found


def _after_punctuation(line: Line, start: int, end: int) -> int | None:
    """Where the sentence ends if the punctuation run ``text[start:end]`` ends one, else None."""
    text = line.text
    run = text[start:end]
    if start > 0 and text[start - 1] in "([" and end < len(text) and text[end] in ")]":
        return None  # "(...)" marks words left out of a quotation
    close_end = _closers_end(line, end)
    nxt = close_end
    while nxt < len(text) and text[nxt] in SPACES:
        nxt += 1
    if nxt >= len(text):
        return None  # the end of the line is a boundary anyway
    if "?" in run or "!" in run or "‽" in run:
        if text[nxt] in "-–—" and text[nxt + 1 : nxt + 2] not in SPACES:
            return None  # "- Quel plan? -Symbole": the heading ends at its dash
        return close_end if _starts_sentence(text, nxt, digits=True) else None
    if len(run) > 1 or run == "…":
        return close_end if _starts_sentence(text, nxt, digits=False) else None
    token = _token_before(text, start, line.last_cut)
    if nxt == close_end == end:
        return end if glued_period(text, token, nxt) else None
    return _after_period(line, token, start, close_end, nxt)


def _after_period(line: Line, token: str, start: int, close_end: int, nxt: int) -> int | None:
    """A single period followed by a space: abbreviations, initials and list numbers decide."""
    text = line.text
    last = token.rsplit(".", 1)[-1]  # "l'art.L" is judged by its "L"
    if token in NON_FINAL or last in NON_FINAL:
        return None
    if token in FINAL_OK:
        return close_end if _starts_sentence(text, nxt, digits=False) else None
    if INITIALS.fullmatch(token) or INITIALS.fullmatch(last):
        return close_end if _next_word(text, nxt) in STARTERS else None
    if not _starts_sentence(text, nxt, digits=True):
        return None
    if _LIST_NUMBER.fullmatch(token) and not text[line.last_cut : start - len(token)].strip():
        return None  # "1. Introduction": a list number, not a sentence
    return close_end


def _closers_end(line: Line, pos: int) -> int:
    """The end of the closing quotes and brackets that belong to the sentence ending at ``pos``."""
    text = line.text
    size = len(text)
    while pos < size:
        char = text[pos]
        if char in CLOSERS or (char == '"' and not line.opening_quote(pos)):
            pos += 1
        elif char in SPACES and pos + 1 < size and text[pos + 1] == "»":
            pos += 2  # French typography puts a space before the closing guillemet
        else:
            break
    return pos


def _starts_sentence(text: str, pos: int, *, digits: bool) -> bool:
    """Whether a sentence can start at ``pos``: a capital or a digit, possibly after openers."""
    size = len(text)
    while pos < size and text[pos] in _OPENERS:
        pos += 1
    if pos >= size:
        return False
    char = text[pos]
    return char.isupper() or (digits and char.isdigit())


def _token_before(text: str, pos: int, since: int) -> str:
    window = text[max(since, pos - 40) : pos]
    parts = window.rsplit(None, 1)
    return parts[-1].lstrip(_TOKEN_STRIP) if parts else ""


def _next_word(text: str, pos: int) -> str:
    match = UPPER_WORD.match(text, pos)
    if match is None:
        return ""
    end = match.end()
    if end < len(text) and text[end] == ".":
        return ""  # another initial, as in "J. K. Rowling"
    return match.group()
