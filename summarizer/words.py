"""Word tokens for sumy's stemmers and stop-word lists (French and English)."""

from __future__ import annotations

import re

from summarizer.abbreviations import ELISIONS
from summarizer.errors import UnsupportedLanguage

__all__ = ["to_words", "tokenizer_language"]

_LANGUAGES = {"fr": "french", "french": "french", "en": "english", "english": "english"}
# A word starts with a letter; inner hyphens and apostrophes join parts ("aujourd'hui", "COVID-19").
_WORD = re.compile(r"[^\W\d_]\w*(?:[-']\w+)*")
# "a-t-il", "dit-elle": the verb carries the meaning, the inverted pronoun is a stop word.
_INVERSION = re.compile(r"(?:-t)?-(?:je|tu|il|elle|on|nous|vous|ils|elles|ce)$", re.IGNORECASE)


def tokenizer_language(language: str) -> str:
    """sumy's language name for an ISO code or a name: "fr" -> "french"; others are refused."""
    key = language.strip().lower().replace("_", "-").split("-")[0]
    try:
        return _LANGUAGES[key]
    except KeyError:
        raise UnsupportedLanguage(language) from None


def to_words(sentence: str, language: str = "french") -> tuple[str, ...]:
    """Words of ``sentence``: elided articles dropped in French, possessive "'s" in English."""
    if "’" in sentence:
        sentence = sentence.replace("’", "'")
    if tokenizer_language(language) == "french":
        return tuple(_french_words(sentence))
    words = []
    for found in _WORD.findall(sentence):
        word = _from_letter(found)
        if word:
            words.append(word[:-2] if word.endswith("'s") else word)  # "McDonald's" -> "McDonald"
    return tuple(words)


def _french_words(sentence: str) -> list[str]:
    words = []
    for word in _WORD.findall(sentence):
        if "'" in word:
            word = _without_elision(word)
        if "-" in word:
            word = _INVERSION.sub("", word)
        word = _from_letter(word)
        if word:
            words.append(word)
    return words


def _without_elision(word: str) -> str:
    """ "l'article" -> "article", "qu'aujourd'hui" -> "aujourd'hui", "presqu'île" unchanged."""
    head, _, rest = word.partition("'")
    while rest and head.lower() in ELISIONS:
        word = rest
        head, _, rest = word.partition("'")
    return word


def _from_letter(word: str) -> str:
    """``word`` from its first letter: "¼" and other number signs match \\w but are no digits."""
    if not word or word[0].isalpha():
        return word
    return word[next((i for i, char in enumerate(word) if char.isalpha()), len(word)) :]
