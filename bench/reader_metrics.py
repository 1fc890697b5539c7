"""What a French reader checks in a summary, as plain functions (used by ``bench_reader.py``, tested
in tests/bench); single sentences are judged by bench/reader_sentences.py.

- **facts**: an annotated key fact is present when one summary sentence matches its regex (after
  folding, see ``reader_sentences.fold``).
- **boilerplate**: a summary sentence flagged by ``reader_sentences.boilerplate_reason`` (generic
  detectors, then the page's own patterns).
- **dangling opener**: a sentence that begins with a pronoun or a connector
  (``reader_sentences.dangling_opener``) while the sentence before it in the document is not in
  the summary. The first sentence of a document never dangles (the title is shown above it).
- **title repeat**: a sentence made mostly of the title's words (``is_title_repeat``).
- **off-article**: a sentence whose word trigrams are mostly not in the article's reference body.
- **cut quote**: a quotation opened and not closed, or the reverse.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bench.reader_sentences import (
    boilerplate_reason,
    compile_pattern,
    dangling_opener,
    fold,
    is_complete,
    is_cut_quote,
    words,
)


def locate(sentence: str, document: Sequence[str], start: int = 0) -> int | None:
    """Index of ``sentence`` in ``document`` (sentences), by folded text; else the first document
    sentence containing it or contained in it."""
    key = fold(sentence)
    folded = [fold(s) for s in document]
    for i in range(start, len(folded)):
        if folded[i] == key:
            return i
    for i in range(start, len(folded)):
        if key and folded[i] and (key in folded[i] or folded[i] in key):
            return i
    return None


def dangling(summary: Sequence[str], document: Sequence[str]) -> tuple[list[int], int]:
    """Indices (in ``summary``) of dangling sentences, and how many summary sentences could not be
    found in ``document`` (those are not judged)."""
    positions: list[int | None] = []
    for sentence in summary:
        positions.append(locate(sentence, document))
    chosen = {p for p in positions if p is not None}
    found = [
        i
        for i, (sentence, p) in enumerate(zip(summary, positions, strict=True))
        if p is not None and p > 0 and p - 1 not in chosen and dangling_opener(sentence)
    ]
    return found, sum(p is None for p in positions)


def lead(sentences: Sequence[str], n: int = 3) -> list[str]:
    """The first ``n`` complete sentences: the reader's own baseline, whatever the splitter keeps."""
    return [s for s in sentences if is_complete(s)][:n]


# --------------------------------------------------------------------------- title, facts, article

TITLE_SHARE_OF_SENTENCE = 0.8
TITLE_SHARE_OF_TITLE = 0.6


def is_title_repeat(sentence: str, title: str | None) -> bool:
    """Mostly the title's words, and most of them: the headline again, not a sentence about it."""
    own, heading = set(words(sentence)), set(words(title or ""))
    if not own or not heading:
        return False
    common = len(own & heading)
    return common / len(own) >= TITLE_SHARE_OF_SENTENCE and common / len(heading) >= TITLE_SHARE_OF_TITLE


def in_article(sentence: str, body_words: set[tuple[str, ...]], n: int = 3, share: float = 0.5) -> bool:
    """Whether most of the sentence's word n-grams occur in the body (``ngrams(body, n)``)."""
    grams = ngrams(sentence, n)
    if not grams:
        return True
    return sum(g in body_words for g in grams) / len(grams) >= share


def ngrams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    tokens = words(text)
    if len(tokens) < n:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


@dataclass(frozen=True, slots=True)
class Fact:
    what: str
    pattern: re.Pattern[str]

    def found_in(self, sentences: Iterable[str]) -> bool:
        return any(self.pattern.search(fold(s)) for s in sentences)


@dataclass(frozen=True, slots=True)
class Page:
    """One annotated page: its title, key facts and the boilerplate patterns of its own."""

    id: str
    title: str
    facts: tuple[Fact, ...]
    boilerplate: tuple[re.Pattern[str], ...] = ()


@dataclass(slots=True)
class Score:
    """A summary judged against its page and document."""

    facts: list[bool] = field(default_factory=list)
    boilerplate: list[tuple[int, str]] = field(default_factory=list)  # (sentence index, reason)
    dangling: list[int] = field(default_factory=list)
    title_repeats: list[int] = field(default_factory=list)
    off_article: list[int] = field(default_factory=list)
    cut_quotes: list[int] = field(default_factory=list)
    unlocated: int = 0
    chars: int = 0


def score(
    summary: Sequence[str],
    document: Sequence[str],
    page: Page,
    body_grams: set[tuple[str, ...]] | None = None,
) -> Score:
    """Judge ``summary`` (its sentences) taken from ``document`` (the text's sentences, in order)."""
    result = Score(facts=[fact.found_in(summary) for fact in page.facts])
    for i, sentence in enumerate(summary):
        reason = boilerplate_reason(sentence, page.boilerplate)
        if reason:
            result.boilerplate.append((i, reason))
        if is_cut_quote(sentence):
            result.cut_quotes.append(i)
        if is_title_repeat(sentence, page.title):
            result.title_repeats.append(i)
        elif body_grams is not None and not in_article(sentence, body_grams):
            result.off_article.append(i)
    result.dangling, result.unlocated = dangling(summary, document)
    result.chars = len(" ".join(summary))
    return result


def load_pages(path: str | os.PathLike[str]) -> list[Page]:
    """The annotated pages of a TOML file like bench/reader_facts.toml (checked: ids unique, a title,
    2 to 4 facts, every regex compiles)."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    pages: list[Page] = []
    for entry in data.get("page", []):
        page_id, title, facts = entry["id"], entry["title"], entry["facts"]
        if not title or not 2 <= len(facts) <= 4:
            raise ValueError(f"{page_id}: needs a title and 2 to 4 facts, has {len(facts)}")
        if any(p.id == page_id for p in pages):
            raise ValueError(f"{page_id}: annotated twice")
        pages.append(
            Page(
                id=page_id,
                title=title,
                facts=tuple(Fact(f["what"], compile_pattern(f["re"])) for f in facts),
                boilerplate=tuple(compile_pattern(p) for p in entry.get("boilerplate", [])),
            )
        )
    return pages
