"""Language of a text from its own words: stop-word ratios for Latin-script languages, the script
for the others. Small built-in lists, nothing downloaded; good enough to tell French from English
(and from the other common web languages) on a paragraph or more.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["detect_language"]

MIN_WORDS = 8  # below this, stop words are too few to vote
MIN_RATIO = 0.12  # share of stop words a real text of the winning language reaches
MARGIN = 1.4  # the winner must beat the runner-up by this factor


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": _set(
        "le la les l un une des du de d au aux et ou où est sont été être a ont avait dans pour par sur "
        "avec sans sous ce cet cette ces qui que qu quoi dont il ils elle elles on nous vous je tu se "
        "ne pas plus moins mais comme leur leurs son sa ses mon ma mes notre nos votre vos lui y en "
        "aussi très tout tous toute toutes été fait c n s j m était entre après avant chez"
    ),
    "en": _set(
        "the a an and or of to in on at for with by from is are was were be been being has have had "
        "it its this that these those which who whom what he she they we you i his her their our "
        "not but as if so than then there here will would can could should may might do does did "
        "s t about into over after"
    ),
    "de": _set(
        "der die das den dem des ein eine einer eines einem und oder ist sind war waren wird werden "
        "nicht mit von zu zum zur auf für bei aus nach auch sich es er sie wir ihr ich dass wie im "
        "am um noch nur aber über"
    ),
    "es": _set(
        "el la los las un una unos unas y o de del al en por para con sin es son fue ser está han "
        "que se no lo le les su sus como más pero muy también este esta estos entre sobre hasta "
        "cuando donde ya"
    ),
    "it": _set(
        "il lo la i gli le un una uno e o di del della dei delle da in con su per tra fra è sono era "
        "che non si ci anche come più ma nel nella alla al questo questa sua suo loro"
    ),
    "pt": _set(
        "o a os as um uma uns umas e ou de do da dos das em no na nos nas por para com sem é são foi "
        "ser que se não mais como mas seu sua seus suas também ao aos pelo pela entre sobre já"
    ),
    "nl": _set(
        "de het een en of van in op te met voor door aan bij is zijn was waren wordt worden niet "
        "dat die dit deze er ook als maar om naar uit zich hij zij we ik"
    ),
    "id": _set(
        "yang dan di ke dari untuk dengan ini itu dalam tidak akan pada adalah juga atau oleh sebagai "
        "karena ada bisa telah sudah mereka kami kita saya ia dia namun lebih"
    ),
}

# Scripts that name their language well enough on their own.
_SCRIPT_LANGUAGE = {
    "CYRILLIC": "ru",
    "GREEK": "el",
    "ARABIC": "ar",
    "HEBREW": "he",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "THAI": "th",
    "DEVANAGARI": "hi",
}
_UKRAINIAN_LETTERS = frozenset("іїєґ")
_WORD = re.compile(r"[^\W\d_]+")


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0]


def _script_language(text: str) -> str | None:
    """The language named by a non-Latin script that holds most of the letters, if any."""
    sample = [ch for ch in text[:5000] if ch.isalpha()]
    if not sample:
        return None
    others = [ch for ch in sample if ch > "\u024f"]  # beyond the Latin blocks
    if len(others) < len(sample) / 2:
        return None
    scripts = Counter(_script(ch) for ch in others)
    if scripts["HIRAGANA"] + scripts["KATAKANA"] > len(sample) * 0.05:
        return "ja"  # Japanese mixes kana with CJK ideographs
    script, count = scripts.most_common(1)[0]
    language = _SCRIPT_LANGUAGE.get(script)
    if language == "ru" and _UKRAINIAN_LETTERS.intersection(text.lower()):
        return "uk"
    return language if count >= len(sample) / 2 else None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language ("fr", "en", …), or None when it cannot be told."""
    if not text or not text.strip():
        return None
    by_script = _script_language(text)
    if by_script:
        return by_script
    words = _WORD.findall(text[:20000].lower())
    if len(words) < MIN_WORDS:
        return None
    counts = Counter(words)
    ratios = sorted(
        ((sum(counts[w] for w in stops) / len(words), lang) for lang, stops in _STOP_WORDS.items()),
        reverse=True,
    )
    (best, language), (second, _) = ratios[0], ratios[1]
    if best < MIN_RATIO or best < second * MARGIN:
        return None
    return language
