"""Which sentences may appear in a summary at all.

A summary line must stand on its own: headlines, titles, teasers cut with "...", captions, bylines
and other fragments are never candidates, whatever their rating; neither is a sentence that repeats
an earlier one. Rejected sentences still count for positions, so the ranker sees where the
candidates really were in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MIN_WORDS = 6  # shorter "sentences" are labels, bylines or captions, not statements
MAX_WORDS = 120  # longer ones are lists or unpunctuated text that the splitter could not cut
NEAR_DUPLICATE = 0.7  # Jaccard similarity of word sets above which a sentence repeats an earlier one
CONTAINED = 0.9  # share of a sentence's words found in an earlier one that makes it a repeat
MAX_CANDIDATES = 150  # how many candidates the (quadratic) ranking sees, whatever the text's length
LEAD_CANDIDATES = 100  # of those, how many are simply the first ones (news puts the facts first)

_WORD = re.compile(r"\w+")
_CLOSERS = "\"'»”’)]"
_TERMINAL = re.compile(r"[.!?][" + re.escape(_CLOSERS) + r"\s]*$")
_QUESTION = re.compile(r"\?[" + re.escape(_CLOSERS) + r"\s]*$")
_EXCLAIM = re.compile(r"![" + re.escape(_CLOSERS) + r"\s]*$")
_ELLIPSIS = re.compile(r"(\.\.\.|…)\s*$")
_OPENING = re.compile(r"^[\s\"'«“‘(\[—–-]*")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may be chosen, with where it sits in the text."""

    text: str
    index: int  # position among all the sentences of the text
    paragraph: int  # index of its paragraph
    in_paragraph: int  # position inside the paragraph
    paragraph_size: int  # sentences in that paragraph
    words: tuple[str, ...]  # lower-cased word tokens


def words_of(sentence: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(sentence.lower()))


def is_fragment(sentence: str, words: Sequence[str]) -> bool:
    """True for what cannot stand alone in a summary: too short or long, unpunctuated, cut, a question,
    or starting mid-sentence."""
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return True
    stripped = sentence.strip()
    # A question ("Karim Ouali vit-il à Hong Kong ?") is a hook or the reporter's, never a summary line.
    if _ELLIPSIS.search(stripped) or not _TERMINAL.search(stripped) or _QUESTION.search(stripped):
        return True
    start = _OPENING.sub("", stripped)
    if not start or not (start[0].isalnum()):
        return True
    # "et la suite…" starts mid-sentence; "iPhone", "eBay" are names and may start a sentence.
    return start[0].islower() and not (len(start) > 1 and start[1].isupper())


def _is_headline(paragraph: Sequence[str], index: int, words: Sequence[str]) -> bool:
    """A short exclamation alone at the top is a title ("Les Bleus champions du monde !").

    Questions need no such rule: no question is ever a candidate."""
    return index == 0 and len(paragraph) == 1 and len(words) <= 15 and bool(_EXCLAIM.search(paragraph[0]))


def candidates(paragraphs: Sequence[Sequence[str]]) -> tuple[list[Candidate], int]:
    """The sentences that may be chosen, in document order, and the total number of sentences."""
    found: list[Candidate] = []
    seen: set[tuple[str, ...]] = set()
    index = 0
    for p, paragraph in enumerate(paragraphs):
        for j, sentence in enumerate(paragraph):
            words = words_of(sentence)
            if not (is_fragment(sentence, words) or _is_headline(paragraph, p, words) or words in seen):
                seen.add(words)
                found.append(Candidate(sentence.strip(), index, p, j, len(paragraph), words))
            index += 1
    return found, index


def _frequency_scores(found: Sequence[Candidate]) -> list[float]:
    counts: dict[str, int] = {}
    for candidate in found:
        for word in set(candidate.words):
            counts[word] = counts.get(word, 0) + 1
    return [sum(counts[w] for w in set(c.words)) / len(c.words) for c in found]


def bound(found: list[Candidate]) -> list[Candidate]:
    """At most MAX_CANDIDATES: the first ones, then the most frequent-worded of the rest, in order.

    Linear in the text's length, so the quadratic steps after it see a bounded number of sentences.
    """
    if len(found) <= MAX_CANDIDATES:
        return found
    rest = found[LEAD_CANDIDATES:]
    scores = _frequency_scores(rest)
    best = sorted(range(len(rest)), key=lambda i: -scores[i])[: MAX_CANDIDATES - LEAD_CANDIDATES]
    return found[:LEAD_CANDIDATES] + [rest[i] for i in sorted(best)]


def without_near_duplicates(found: Sequence[Candidate]) -> list[Candidate]:
    """Drop a candidate whose words mostly repeat an earlier candidate's (quadratic: bound first)."""
    kept: list[Candidate] = []
    sets: list[frozenset[str]] = []
    for candidate in found:
        words = frozenset(candidate.words)
        if not any(_repeats(words, earlier) for earlier in sets):
            kept.append(candidate)
            sets.append(words)
    return kept


def _repeats(words: frozenset[str], earlier: frozenset[str]) -> bool:
    common = len(words & earlier)
    if not common:
        return False
    return common / len(words | earlier) >= NEAR_DUPLICATE or common / len(words) >= CONTAINED
