"""Sentence features for the learned scorer: where a sentence sits, what it looks like, how central it is.

The same function builds the features at training time (scripts/train_scorer.py) and at run time, so
the committed weights always see what they were trained on; the weight file stores FEATURE_NAMES and
is refused if they differ.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from summarizer.ranking import FloatArray, SentenceRatings
from summarizer.ranking_filters import Candidate

FEATURE_NAMES: tuple[str, ...] = (
    "position",  # index among all sentences / number of sentences
    "position_inverse",  # 1 / (1 + index)
    "first",
    "second",
    "third",
    "candidate_inverse",  # 1 / (1 + rank among candidates): skipped lines do not push the lead down
    "first_candidate",
    "paragraph_position",
    "paragraph_inverse",
    "first_in_paragraph",
    "in_paragraph_inverse",
    "paragraph_size_inverse",
    "log_words",
    "words",  # words / 30
    "words_squared",
    "lexrank",  # sumy LexRank, mean 1
    "centroid",
    "lead_similarity",
    "novelty",
    "sum_basic",  # sumy SumBasic rating / its mean
    "digits",
    "quote",
    "starts_with_quote",
    "question",
    "colon",
    "parenthesis",
    "capitalized",  # share of capitalised words after the first: names, places, institutions
    "weekday",  # news abstracts say when: "samedi", "lundi soir"
    "starts_with_connector",  # "Mais", "Pourtant", "However": continues a thought, rarely opens one
    "starts_with_pronoun",  # "Il", "Elle", "They": needs the sentence before to be understood
    "stop_ratio",
    "log_sentences",
    "title_overlap",  # share of the title's content words the sentence has (0 when no title is known)
    "title_known",
)

TITLE_FEATURES = ("title_overlap", "title_known")  # all zero when no title is known

_QUOTES = re.compile(r"[\"«»“”]")
_STARTS_QUOTED = re.compile(r"^\s*[\"«“—–-]")
_CAPITALISED = re.compile(r"(?<![\w'’])[A-ZÀ-ÖØ-Þ]\w*")
_WORD_START = re.compile(r"(?<![\w'’])\w")
_FIRST_WORD = re.compile(r"^\W*(\w+)")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# French and English together: the lists do not collide, and pasted texts mix both at times.
_WEEKDAYS = _word_set(
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "monday tuesday wednesday thursday friday saturday sunday"
)
_CONNECTORS = _word_set(
    "mais pourtant cependant toutefois ainsi donc alors aussi puis ensuite enfin or néanmoins "
    "but however yet so also then still thus therefore"
)
_PRONOUNS = _word_set(
    "il elle ils elles ce cela ceci celui celle ceux celles cette ces on he she it they this these those"
)


def _shape(text: str, words: tuple[str, ...]) -> list[float]:
    capitals = len(_CAPITALISED.findall(text)) - (1 if _CAPITALISED.match(text.lstrip()) else 0)
    starts = max(len(_WORD_START.findall(text)) - 1, 1)
    match = _FIRST_WORD.match(text)
    first = match.group(1).lower() if match else ""
    return [
        float(any(c.isdigit() for c in text)),
        float(bool(_QUOTES.search(text))),
        float(bool(_STARTS_QUOTED.match(text))),
        float("?" in text),
        float(":" in text),
        float("(" in text),
        max(capitals, 0) / starts,
        float(any(w in _WEEKDAYS for w in words)),
        float(first in _CONNECTORS),
        float(first in _PRONOUNS),
    ]


def feature_matrix(
    found: Sequence[Candidate],
    total_sentences: int,
    total_paragraphs: int,
    ratings: SentenceRatings,
    stop_words: frozenset[str],
    title_words: frozenset[str] = frozenset(),
) -> FloatArray:
    """One row per candidate, one column per FEATURE_NAMES entry."""
    n = len(found)
    if not n:
        return np.zeros((0, len(FEATURE_NAMES)))
    index = np.array([c.index for c in found], dtype=np.float64)
    rank = np.arange(n, dtype=np.float64)
    paragraph = np.array([c.paragraph for c in found], dtype=np.float64)
    in_paragraph = np.array([c.in_paragraph for c in found], dtype=np.float64)
    paragraph_size = np.array([c.paragraph_size for c in found], dtype=np.float64)
    words = np.array([len(c.words) for c in found], dtype=np.float64)
    stops = np.array([sum(w in stop_words for w in c.words) for c in found], dtype=np.float64)
    sum_basic = ratings.sum_basic / max(float(ratings.sum_basic.mean()), 1e-12)
    columns = [
        index / max(total_sentences, 1),
        1.0 / (1.0 + index),
        (index == 0).astype(np.float64),
        (index == 1).astype(np.float64),
        (index == 2).astype(np.float64),
        1.0 / (1.0 + rank),
        (rank == 0).astype(np.float64),
        paragraph / max(total_paragraphs, 1),
        1.0 / (1.0 + paragraph),
        (in_paragraph == 0).astype(np.float64),
        1.0 / (1.0 + in_paragraph),
        1.0 / paragraph_size,
        np.log1p(words),
        words / 30.0,
        (words / 30.0) ** 2,
        ratings.lexrank,
        ratings.centroid,
        ratings.lead_similarity,
        ratings.novelty,
        sum_basic,
    ]
    shape = np.array([_shape(c.text, c.words) for c in found], dtype=np.float64)
    overlap = np.array([len(title_words.intersection(w)) for w in ratings.words], dtype=np.float64)
    tail = [
        stops / words,
        np.full(n, np.log1p(total_sentences)),
        overlap / max(len(title_words), 1),
        np.full(n, float(bool(title_words))),
    ]
    matrix: FloatArray = np.column_stack([*columns, shape, *tail])
    return matrix
