"""sumy's ratings of the candidate sentences, computed in time that stays bounded.

sumy's ``LexRankSummarizer`` fills its similarity matrix with two nested Python loops and finds each
term's document frequency by rescanning every sentence: fine for a short article, seconds for a
long one. ``FastLexRank`` keeps sumy's definitions (idf-modified cosine, 0.1 threshold, sumy's own
power method) and only replaces those two steps with linear counting and one matrix product, so
its ratings are sumy's ratings. The cosine matrix it builds also gives the centrality, lead
similarity and novelty features, and sumy's SumBasic word probabilities come from the same counts.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sumy.models.dom import ObjectDocumentModel
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from summarizer.errors import UnsupportedLanguage

FloatArray = np.ndarray[Any, np.dtype[np.float64]]

SUMY_LANGUAGES = {"fr": "french", "en": "english"}
_STEM_CACHE_SIZE = 100_000  # distinct words; a few MB at most


@functools.cache
def stemmer_for(language: str) -> Callable[[str], str]:
    """sumy's Snowball stemmer for ``language``, memoised: news vocabulary repeats a lot."""
    stem: Callable[[str], str] = Stemmer(_sumy_language(language))
    return functools.lru_cache(maxsize=_STEM_CACHE_SIZE)(stem)


@functools.cache
def stop_words_for(language: str) -> frozenset[str]:
    return frozenset(w.lower() for w in get_stop_words(_sumy_language(language)))


def _sumy_language(language: str) -> str:
    try:
        return SUMY_LANGUAGES[language]
    except KeyError:
        raise UnsupportedLanguage(language) from None


class FastLexRank(LexRankSummarizer):  # type: ignore[misc]  # sumy ships no type hints
    """sumy's LexRank with its two quadratic Python loops replaced by counting and numpy."""

    def __init__(self, language: str) -> None:
        super().__init__(stemmer_for(language))
        self.stop_words = stop_words_for(language)
        self.last_cosine: FloatArray = np.zeros((0, 0))
        self.last_similarity: FloatArray = np.zeros((0, 0))

    @staticmethod
    def _compute_idf(sentences: Sequence[Sequence[str]]) -> dict[str, float]:
        # Same formula as sumy (log(N / (1 + n_j))); n_j counted in one pass instead of N passes.
        count = len(sentences)
        doc_freq = Counter(term for sentence in sentences for term in set(sentence))
        return {term: math.log(count / (1 + n_j)) for term, n_j in doc_freq.items()}

    def _create_matrix(
        self,
        sentences: Sequence[Sequence[str]],
        threshold: float,
        tf_metrics: Sequence[dict[str, float]],
        idf_metrics: dict[str, float],
    ) -> FloatArray:
        tf, terms = _term_matrix(tf_metrics)
        count = len(sentences)
        doc_freq = (tf > 0).sum(axis=0)
        cosine = _cosine(tf, np.array([idf_metrics[t] for t in terms]), doc_freq)
        self.last_cosine = cosine
        # The similarity used beside LexRank, with an idf that never goes negative (see _cosine).
        self.last_similarity = _cosine(tf, np.log((1 + count) / (1 + doc_freq)) + 1.0, doc_freq)
        linked = (cosine > threshold).astype(np.float64)
        degrees = linked.sum(axis=1)
        degrees[degrees == 0] = 1.0
        matrix: FloatArray = linked / degrees[:, None]
        return matrix

    def content_words(self, document: ObjectDocumentModel) -> list[list[str]]:
        """Stemmed, lower-cased words of each sentence without stop words (sumy's own view)."""
        return [self._to_words_set(s) for s in document.sentences]

    def ratings(self, words: Sequence[Sequence[str]]) -> FloatArray:
        """LexRank score of each sentence, as sumy's ``__call__`` computes it."""
        if not words:
            return np.zeros(0)
        tf_metrics = self._compute_tf(words)
        idf_metrics = self._compute_idf(words)
        matrix = self._create_matrix(words, self.threshold, tf_metrics, idf_metrics)
        if not matrix.any():
            # No sentence has a weighted word (two sentences share nothing: every idf is 0), and
            # sumy's power method would divide 0 by 0: every sentence is equally central.
            return np.full(len(words), 1.0 / len(words))
        scores: FloatArray = np.asarray(self.power_method(matrix, self.epsilon), dtype=np.float64)
        return scores


def _term_matrix(tf_metrics: Sequence[dict[str, float]]) -> tuple[FloatArray, list[str]]:
    """Term frequencies as a matrix (one row per sentence), and the term of each column."""
    vocabulary: dict[str, int] = {}
    for metrics in tf_metrics:
        for term in metrics:
            vocabulary.setdefault(term, len(vocabulary))
    tf = np.zeros((len(tf_metrics), len(vocabulary)))
    for row, metrics in enumerate(tf_metrics):
        for term, value in metrics.items():
            tf[row, vocabulary[term]] = value
    return tf, list(vocabulary)


def _cosine(tf: FloatArray, idf: FloatArray, doc_freq: np.ndarray[Any, Any]) -> FloatArray:
    """Cosine similarity of the tf-idf rows. A term found in one sentence only adds to that row's
    norm but to no product, so the products are taken over shared terms only (a few times fewer).

    sumy's idf, log(N / (1 + n_j)), is negative for a word found in every sentence, and on a short
    text that makes two unrelated sentences look alike; LexRank keeps it (its ratings are sumy's),
    the redundancy check and the features use log((1 + N) / (1 + n_j)) + 1, which never is.
    """
    weights = tf * idf
    norms = np.sqrt((weights * weights).sum(axis=1))
    shared = weights[:, doc_freq > 1]
    safe = np.where(norms > 0, norms, 1.0)
    cosine: FloatArray = (shared @ shared.T) / np.outer(safe, safe)
    np.fill_diagonal(cosine, 1.0)
    cosine[norms == 0, :] = 0.0
    cosine[:, norms == 0] = 0.0
    return cosine


@dataclass(frozen=True, slots=True)
class SentenceRatings:
    """Per-sentence ratings, one entry per sentence of the document given to ``rate``."""

    lexrank: FloatArray  # sumy LexRank, scaled so that the mean is 1 whatever the length
    centroid: FloatArray  # mean cosine similarity to the other sentences
    lead_similarity: FloatArray  # cosine similarity to the first sentence
    novelty: FloatArray  # 1 - highest similarity to an earlier sentence
    sum_basic: FloatArray  # sumy SumBasic rating: mean document probability of the content words
    cosine: FloatArray  # similarity between sentences (non-negative idf), for redundancy checks
    words: list[list[str]]  # stemmed content words of each sentence, as sumy sees them


def rate(document: ObjectDocumentModel, lexrank: FastLexRank) -> SentenceRatings:
    words = lexrank.content_words(document)
    n = len(words)
    scores = lexrank.ratings(words)
    cosine = lexrank.last_similarity if n else np.zeros((0, 0))
    if n:
        scores = scores * (n / max(float(scores.sum()), 1e-12))
    off_diagonal = cosine - np.diag(np.diag(cosine))
    centroid = off_diagonal.sum(axis=1) / max(n - 1, 1)
    lead = cosine[:, 0] if n else np.zeros(0)
    earlier = np.tril(off_diagonal, k=-1)
    novelty = 1.0 - (earlier.max(axis=1) if n else np.zeros(0))
    return SentenceRatings(scores, centroid, lead, novelty, _sum_basic(words), cosine, words)


def _sum_basic(words: Sequence[Sequence[str]]) -> FloatArray:
    counts = Counter(w for sentence in words for w in sentence)
    total = max(sum(counts.values()), 1)
    return np.array(
        [sum(counts[w] for w in sentence) / total / len(sentence) if sentence else 0.0 for sentence in words]
    )
