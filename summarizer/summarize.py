"""Extractive summaries: choose the sentences a journalist would keep, return them in document order.

Plain centrality (sumy's LexRank and friends) scores below simply taking the first three sentences
on French news, because news puts its facts first. So sumy's ratings are features of a small learned
scorer beside position, length and shape (see features.py and scripts/train_scorer.py); the scorer
picks, a redundancy check keeps near-repeats out, and only complete sentences are candidates.
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


@dataclass(frozen=True, slots=True)
class PreparedText:
    """Candidates of a text with their features: what the scorer sees (also used for training)."""

    candidates: list[Candidate]
    features: FloatArray
    cosine: FloatArray  # similarity between candidates, for the redundancy check
    total_sentences: int
    total_words: int


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


def prepare(text: str, language: str = "fr") -> PreparedText:
    """Split ``text``, keep the sentences that may be chosen, and compute their features."""
    language = check_language(language)
    paragraphs = split_paragraphs(unwrap(text[:MAX_CHARS]), language=language)
    found, total = candidates(paragraphs)
    found = without_near_duplicates(bound(found))
    tokenizer = _tokenizer(language)
    document = ObjectDocumentModel(
        [Paragraph([Sentence(c.text, tokenizer)]) for c in found]  # one sentence each: sumy ignores grouping
    )
    ratings = rate(document, _lexrank(language))
    features = feature_matrix(found, total, len(paragraphs), ratings, stop_words_for(language))
    words = sum(len(s.split()) for p in paragraphs for s in p)
    return PreparedText(found, features, ratings.cosine, total, words)


def choose(scores: FloatArray, cosine: FloatArray, count: int) -> list[int]:
    """Best-scored first, skipping near-repeats of what is already chosen; indices in document order."""
    chosen: list[int] = []
    for i in np.argsort(-scores, kind="stable"):
        if len(chosen) == count:
            break
        if all(cosine[i, j] <= REDUNDANT for j in chosen):
            chosen.append(int(i))
    return sorted(chosen)


def summarize_text(text: str, *, sentences: int = 3, language: str = "fr") -> Summary:
    """The ``sentences`` best sentences of ``text``, verbatim (hard-wrapped lines joined by a space)
    and in document order; fewer when the text has fewer complete sentences.

    Raises TextTooShort when the text has no complete sentence to offer, UnsupportedLanguage for
    anything but French and English.
    """
    if sentences < 1:
        raise ValueError(f"sentences must be at least 1, got {sentences}")
    prepared = prepare(text, language)
    if not prepared.candidates:
        raise TextTooShort(f"no complete sentence among {prepared.total_sentences}")
    scores = load_scorer().probabilities(prepared.features)
    chosen = choose(scores, prepared.cosine, sentences)
    log.debug("chose sentences %s of %d candidates", chosen, len(prepared.candidates))
    return Summary(
        sentences=[prepared.candidates[i].text for i in chosen],
        language=check_language(language),
        source_sentences=prepared.total_sentences,
        source_words=prepared.total_words,
        method=METHOD,
        scores=[round(float(scores[i]), 4) for i in chosen],
    )
