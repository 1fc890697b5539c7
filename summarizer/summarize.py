"""Extractive summaries: choose the sentences a journalist would keep, return them in document order.

Plain centrality (sumy's LexRank and friends) scores below simply taking the first three sentences
on French news, because news puts its facts first. So sumy's ratings are features of a small learned
scorer beside position, length, shape and overlap with the title (see features.py and
scripts/train_scorer.py); the scorer rates, and the selection composes: best first, near-repeats
out, and a sentence that leans on the one before it (« Elle appelle… », « Et pourtant… ») comes
with that sentence or not at all, the pair weighed as one unit. Only complete, standalone
sentences are candidates (ranking_filters.py).

The selection order does not depend on the length asked: the best n-sentence summary is the first
n sentences chosen, so a stored long summary can be shortened without the text (``Summary.shortened``)
and every prefix of the order is coherent.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

from summarizer.errors import TextTooShort, UnsupportedLanguage
from summarizer.features import feature_matrix
from summarizer.models import Summary
from summarizer.ranking import SUMY_LANGUAGES, FastLexRank, FloatArray, rate, stop_words_for
from summarizer.ranking_filters import Candidate, bound, candidates, without_near_duplicates
from summarizer.ranking_model import load_scorer
from summarizer.sentences import SentenceTokenizer, split_paragraphs
from summarizer.settings import SummarizerSettings

log = logging.getLogger(__name__)

METHOD = "sumy-lexrank+learned-scorer"
MAX_CHARS = SummarizerSettings().max_chars  # the engine's own bound, whatever the caller does
_WRAPPED = re.compile(r"([^\s.!?…:;»”\"])[ \t]*\r?\n[ \t]*(?=[a-zß-öø-ÿœæ])")
REDUNDANT = 0.5  # cosine similarity to an already chosen sentence above which a sentence adds little
# The standfirst (chapô) is the author's own summary: under a known title, the opening paragraph's
# sentences get this much on top of the scorer's probability (which never saw one: OrangeSum's texts
# have theirs removed, it is their reference). The body's facts it does not state still compete.
STANDFIRST_BONUS = 0.2
STANDFIRST_MAX_WORDS = 90  # a longer opening paragraph is the body's first, not a standfirst
# A unit of n sentences is worth the sum of their scores / n ** UNIT_POWER: a little more than their
# mean, since a sentence and the one it leans on say more together than either alone.
UNIT_POWER = 0.75
MAX_UNIT = 3  # a chain of leaning sentences longer than this is a passage, not a summary line


@dataclass(frozen=True, slots=True)
class PreparedText:
    """Candidates of a text with their features: what the scorer sees (also used for training)."""

    candidates: list[Candidate]
    features: FloatArray
    cosine: FloatArray  # similarity between candidates, for the redundancy check
    total_sentences: int
    total_words: int
    # The candidate each one needs before it (-1: one that is not a candidate), None: stands alone.
    leans_on: list[int | None]
    standfirst: FloatArray  # 1.0 for the sentences of the standfirst, when there is a title above it


@functools.cache
def _tokenizer(language: str) -> SentenceTokenizer:
    return SentenceTokenizer(language)


@functools.cache
def _lexrank(language: str) -> FastLexRank:
    return FastLexRank(language)


def check_language(language: str) -> str:
    code = language.lower().split("-")[0].split("_")[0]
    if code not in SUMY_LANGUAGES:
        raise UnsupportedLanguage(language)
    return code


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (e-mails, text files): a line that ends without punctuation and is
    followed by one starting in lower case continues the same sentence. Blank lines, headings and
    lines after a full stop stay as they are."""
    return _WRAPPED.sub(r"\1 ", text)


def prepare(text: str, language: str = "fr", title: str | None = None) -> PreparedText:
    """Split ``text``, keep the sentences that may be chosen, and compute their features.

    ``title``: the headline, when known; a sentence that repeats it is not a candidate, and overlap
    with it is a feature (the title says what the article is about)."""
    language = check_language(language)
    paragraphs = split_paragraphs(unwrap(text[:MAX_CHARS]), language=language)
    found, total = candidates(paragraphs, title)
    found = without_near_duplicates(bound(found))
    tokenizer = _tokenizer(language)
    lexrank = _lexrank(language)
    document = ObjectDocumentModel(
        [Paragraph([Sentence(c.text, tokenizer)]) for c in found]  # one sentence each: sumy ignores grouping
    )
    ratings = rate(document, lexrank)
    title_words = _title_words(title, tokenizer, lexrank)
    features = feature_matrix(found, total, len(paragraphs), ratings, stop_words_for(language), title_words)
    words = sum(len(s.split()) for p in paragraphs for s in p)
    standfirst = _standfirst(found, paragraphs) if title else np.zeros(len(found))
    return PreparedText(found, features, ratings.cosine, total, words, _leans_on(found), standfirst)


def _standfirst(found: list[Candidate], paragraphs: list[list[str]]) -> FloatArray:
    """Which candidates belong to the opening paragraph, when it is short enough to be a standfirst
    and the article goes on after it."""
    sizes = (len(" ".join(paragraph).split()) for paragraph in paragraphs)
    opening, size = next(((p, n) for p, n in enumerate(sizes) if n > 3), (None, 0))
    if opening is None or len(paragraphs) < opening + 3 or size > STANDFIRST_MAX_WORDS:
        return np.zeros(len(found))
    return np.array([float(c.paragraph == opening) for c in found])


def _title_words(title: str | None, tokenizer: SentenceTokenizer, lexrank: FastLexRank) -> frozenset[str]:
    if not title:
        return frozenset()
    document = ObjectDocumentModel([Paragraph([Sentence(title, tokenizer)])])
    return frozenset(lexrank.content_words(document)[0])


def _leans_on(found: list[Candidate]) -> list[int | None]:
    """For each candidate that needs the sentence before it, that sentence's candidate position."""
    position = {c.index: k for k, c in enumerate(found)}
    return [position.get(c.before, -1) if c.leans else None for c in found]


def _unit(i: int, leans_on: list[int | None], taken: set[int]) -> list[int] | None:
    """``i`` with the sentences it leans on that are not taken yet, in document order; None when
    one of them cannot be shown (not a candidate) or the chain is too long."""
    unit = [i]
    while (before := leans_on[unit[0]]) is not None and before not in taken:
        if before < 0 or len(unit) == MAX_UNIT:
            return None
        unit.insert(0, before)
    return unit


def selection_order(prepared: PreparedText, scores: FloatArray, limit: int) -> list[int]:
    """Candidates in the order they are chosen, at most ``limit`` (more only to finish a pair).

    Each step takes the unit (a sentence plus the ones it leans on) with the best score (its
    sentences' sum / n ** UNIT_POWER), unless it repeats what is already chosen. Every prefix of
    the order is a coherent summary.
    """
    order: list[int] = []
    taken: set[int] = set()
    refused: set[int] = set()
    cosine = prepared.cosine
    rated: list[float] = scores.tolist()
    while len(order) < limit:
        best: list[int] | None = None
        best_score = -np.inf
        for i, own in enumerate(rated):
            if i in taken or i in refused:
                continue
            if prepared.leans_on[i] is None:
                unit, score = [i], own
            else:
                found = _unit(i, prepared.leans_on, taken)
                if found is None:
                    refused.add(i)
                    continue
                unit, score = found, sum(rated[m] for m in found) / len(found) ** UNIT_POWER
            if score > best_score:
                best, best_score = unit, score
        if best is None:
            break
        if any(cosine[m, j] > REDUNDANT for m in best for j in taken) or _repeats_itself(best, cosine):
            refused.add(best[-1])
            continue
        order.extend(best)
        taken.update(best)
    return order


def _repeats_itself(unit: list[int], cosine: FloatArray) -> bool:
    return any(cosine[a, b] > REDUNDANT for k, a in enumerate(unit) for b in unit[k + 1 :])


def choose(prepared: PreparedText, scores: FloatArray, count: int) -> list[int]:
    """The ``count`` first chosen candidates, in document order."""
    return sorted(selection_order(prepared, scores, count)[:count])


def summarize_text(
    text: str, *, sentences: int = 3, language: str = "fr", title: str | None = None
) -> Summary:
    """The ``sentences`` best sentences of ``text``, verbatim (hard-wrapped lines joined by a space,
    a full stop added to a standfirst that lost its own) and in document order; fewer when the text
    has fewer complete sentences. ``title``: the headline, when known.

    Raises TextTooShort when the text has no complete sentence to offer, UnsupportedLanguage for
    anything but French and English.
    """
    if sentences < 1:
        raise ValueError(f"sentences must be at least 1, got {sentences}")
    prepared = prepare(text, language, title)
    if not prepared.candidates:
        raise TextTooShort(f"no complete sentence among {prepared.total_sentences}")
    scores = load_scorer().probabilities(prepared.features) + STANDFIRST_BONUS * prepared.standfirst
    order = selection_order(prepared, scores, sentences)[:sentences]
    if not order:
        raise TextTooShort(f"no standalone sentence among {prepared.total_sentences}")
    chosen = sorted(order)
    log.debug("chose sentences %s of %d candidates", chosen, len(prepared.candidates))
    # Priorities fall with the order of choice, so that Summary.shortened keeps a coherent prefix.
    priority = {i: round(1.0 - rank / len(order), 4) for rank, i in enumerate(order)}
    return Summary(
        sentences=[prepared.candidates[i].text for i in chosen],
        language=check_language(language),
        source_sentences=prepared.total_sentences,
        source_words=prepared.total_words,
        method=METHOD,
        scores=[priority[i] for i in chosen],
    )
