"""Paragraph breaks lost by scrapers: "parité.Comme quoi", "projetsLe lundi", "TRANSPORTSLa".

Each function judges one candidate found by the sentence splitter. The hard part is not to cut
camel-case names (iPhone, YouTube, McDonald's, PlayStation, OpenAI) nor dotted ones (ASP.NET).
"""

from __future__ import annotations

import re

from summarizer.abbreviations import BRANDS, NON_FINAL, STARTERS

__all__ = [
    "BULLETS",
    "CLOSERS",
    "INITIALS",
    "SPACES",
    "UPPER",
    "UPPER_WORD",
    "glue_kind",
    "glued_period",
    "glued_words",
]

LOWER = "a-zß-öø-ÿœæ"
UPPER = "A-ZÀ-ÖØ-ÞŒÆ"
# Spaces inside a line (line breaks are handled before): no-break and thin spaces included.
SPACES = frozenset(" \t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))
CLOSERS = ")]}”’»"
INITIALS = re.compile(rf"[{UPPER}](?:\.-?[{UPPER}])*")
UPPER_WORD = re.compile(rf"[{UPPER}][{LOWER}]*")
_LETTERS = re.compile(r"[^\W\d_]+")
_DASHES = "-–—"
BULLETS = "•▪►■"
_ELIDED_STARTERS = frozenset({"L", "D", "J", "C", "S", "N", "M", "Qu", "Lorsqu", "Jusqu", "Puisqu"})


def glue_kind(text: str, pos: int) -> str | None:
    """What a character glued before ``text[pos]`` (a capital or an opening quote) may hide."""
    prev, char = text[pos - 1], text[pos]
    if char in '"“«':
        rest = pos + 1 + (pos + 1 < len(text) and char == "«" and text[pos + 1] in SPACES)
        return "quote" if rest < len(text) and text[rest].isupper() and prev != "»" else None
    if prev == "»":
        return "close"
    if prev in _DASHES:
        return "dash" if pos >= 2 and text[pos - 2] in SPACES else None  # "- Intertitre -Suite"
    if prev.islower():
        return "camel" if glued_words(text, pos) else None
    if pos >= 2 and prev.isupper() and text[pos - 2].isupper() and pos + 1 < len(text):
        return "caps" if text[pos + 1].islower() and _glued_caps(text, pos) else None
    return None


def glued_period(text: str, token: str, nxt: int) -> bool:
    """A period with a capital right after it: "parité.Comme" glued by a scraper, or "U.S.A"."""
    core = token.rstrip(CLOSERS)
    if not token or token in NON_FINAL:
        return False
    if text[nxt] not in '"“«' and (INITIALS.fullmatch(core) or (len(core) == 1 and core.isalpha())):
        return False  # "J.K. Rowling", "U.S.A", but 'vitamine E."Même' ends a sentence
    if (
        text[nxt] in '"“«'
        or text[nxt] in BULLETS
        or (text[nxt] in _DASHES and text[nxt + 1 : nxt + 2] in SPACES)
    ):
        nxt += 1  # 'fin."Le', 'fin.« Le', 'fin.• Le' or 'fin.- Intertitre': the next sentence opens
        while nxt < len(text) and text[nxt] in SPACES:
            nxt += 1
        if nxt < len(text) and text[nxt] in '"“«':
            nxt += 1
        if nxt < len(text) and text[nxt].isdigit():
            return True  # 'fermer."250 cas': a quotation may open on a number, a decimal cannot
    word = _LETTERS.match(text, nxt)
    if word is None or not word.group()[0].isupper():
        return False
    letters = word.group()
    after = text[word.end()] if word.end() < len(text) else " "
    if len(letters) == 1:
        return after in SPACES or after in "'’" or (after == "." and letters in NON_FINAL)
    if letters.isupper():
        return not core.isupper()  # "associations.EDF" splits, "ASP.NET" stays
    return True


def glued_words(text: str, pos: int) -> bool:
    """A lowercase letter right before a capital: a glued paragraph ("projetsLe") or a brand."""
    begin = pos
    while begin > 0 and pos - begin < 40 and text[begin - 1].isalpha():
        begin -= 1
    end, stop = pos, min(len(text), pos + 40)  # bounded: a long run of letters must stay linear
    while end < stop and text[end].isalpha():
        end += 1
    if text[begin:end].lower() in BRANDS:
        return False
    left = text[begin:pos]
    right, after = _word_at(text, pos)
    elided = after in "'’" and right in _ELIDED_STARTERS
    if len(right) == 1 and not elided and not (right in {"À", "A"} and after in SPACES):
        return False  # "iOS", "SpaceX", "OpenAI"
    if after.isupper():
        return False  # "BioNTech"
    if left[:1].isupper():
        return elided or right in STARTERS  # "YouTube" stays, "ParisLe" splits
    return len(left) >= 3  # "eBay", "iPhone" have a one-letter prefix


def _glued_caps(text: str, pos: int) -> bool:
    """A capitalised word glued after a word in capitals: a heading, "TRANSPORTSLa candidate"."""
    begin = pos
    while begin > 0 and pos - begin < 40 and text[begin - 1].isupper():
        begin -= 1
    if begin > 0 and text[begin - 1].isalpha():
        return False  # a word mixing cases ("McDONALD") is a name
    right, after = _word_at(text, pos)
    if after in "'’":
        return right in _ELIDED_STARTERS
    if pos - begin < 3 and len(right) < 3:
        return False  # too short to tell from an acronym: "PUMa"
    return right in STARTERS or (right in NON_FINAL and after in ". ")


def _word_at(text: str, pos: int) -> tuple[str, str]:
    """The capitalised word at ``pos`` and the character after it (a space at the end)."""
    match = UPPER_WORD.match(text, pos)
    word = match.group() if match else ""
    end = pos + len(word)
    return word, text[end] if end < len(text) else " "
