"""One sentence as a French reader sees it: folding, boilerplate, openers, completeness.

Plain functions for the reader benchmark (bench/bench_reader.py, bench/reader_metrics.py; tested in
tests/bench). Matching works on folded text (``fold``): lower case, no accents or ligatures, straight
apostrophes and double quotes, single spaces, so annotations may be written with or without accents.

- ``boilerplate_reason``: ALL-CAPS lines, then the generic detectors of ``GENERIC`` (update lines,
  UI and calls to action, "read more", cookie/newsletter/subscription/paywall notices, donation
  calls, captions and credits, reading time, legal lines), then a page's own patterns.
- ``dangling_opener``: the pronoun or connector a sentence opens with (Il, Elle, Ils, Elles, Lui,
  Eux, Leur, Ce, Cet, Cette, Ces, Cela, Ça, Celui-ci…; Et, Ou, Mais, Or, Donc, Car, Puis, Ainsi,
  Pourtant, Cependant, Toutefois, Enfin, En effet, Par ailleurs, De plus, En outre, D'ailleurs,
  C'est pourquoi, C'est ce que, Selon lui…). Only the very start counts: an opener inside a
  quotation (« Elle… ») is the speaker's. Pronouns count only before a lower-case word (or an
  elision, or a comma), so "Elle Macpherson", "Il Corriere" or "Ces Français" are not flagged
  (demonstratives before a capital are missed: simple on purpose). Impersonal "Il y a", "Il faut",
  "Il est … de", cataphoric "Ce que…", time phrases ("Ce lundi", "Cette année", "Ces derniers
  jours"), "De plus en plus", "Ainsi que" are not openers. Definite anaphora ("Les trois…",
  "Le ministre…") is not detected.
- ``is_complete``: what a reader takes as a sentence (the "lead three" baseline).
- ``is_cut_quote``: a quotation opened and not closed, or the reverse.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"'})
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "\u00ad": None, "\u200b": None})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case, accents and ligatures removed, typographic apostrophes and double quotes made
    straight (guillemets kept), whitespace runs made one space."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES).translate(_QUOTES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", bare).strip().lower()


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """An annotation regex, matched case-insensitively against folded text (its own accents folded
    too, so "é" in a pattern matches "e" and "é" alike)."""
    decomposed = unicodedata.normalize("NFKD", pattern.translate(_LIGATURES).translate(_QUOTES))
    return re.compile("".join(c for c in decomposed if not unicodedata.combining(c)), re.IGNORECASE)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


# --------------------------------------------------------------------------- boilerplate

GENERIC: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, compile_pattern("|".join(patterns)))
    for name, patterns in (
        (
            "update line",
            [r"\bmise? a jour (le|:)", r"\bmis a jour\b", "initialement publie", r"^(article )?publie le \d"],
        ),
        (
            "click/UI",
            [
                r"\bcliqu(ez|er|ant)\b",
                r"\btelecharge[rz]? l'application",
                r"\bappuyez sur\b",
                r"\bse connecter\b",
                r"\bconnectez-vous\b",
                r"\bcode embed\b",
                r"\bpartager (sur|cet article)",
                r"\bimprimer cet article",
            ],
        ),
        (
            "read more",
            [
                r"\b(a )?lire (aussi|egalement|la suite)\b",
                r"\bvoir aussi\b",
                "^en savoir plus",
                r"\ben savoir plus\W*$",
                r"\bvous aimerez aussi\b",
                r"\bsur le meme sujet\b",
            ],
        ),
        ("cookies", [r"\bcookies?\b", r"\btraceurs\b", r"\bdonnees personnelles\b"]),
        (
            "newsletter",
            [
                r"\bnewsletters?\b",
                r"\blettres? d'information\b",
                r"\binscrivez-vous\b",
                r"\bvotre adresse (e-?mail|de messagerie)\b",
            ],
        ),
        (
            "subscription",
            [
                r"\babonnez-vous\b",
                r"\bs'abonner\b",
                r"\bvous abonner\b",
                r"\bdeja abonne",
                r"\breserve aux abonnes",
                r"\boffre d'abonnement",
                r"\barticles? gratuits?\b",
                r"\bvous avez lu \d",
                r"\barticles? a lire\b",
                r"\bpour lire la suite\b",
                r"\bacceder en illimite",
            ],
        ),
        (
            "donation",
            [
                r"\bfaire un don\b",
                r"\bfaites un don\b",
                r"\bje fais un don\b",
                r"\bdeductible de vos impots\b",
            ],
        ),
        (
            "caption/credit",
            [
                r"^(photos?|credits?( photos?)?|image|illustration|video|source)\s*:",
                "©",
                r"\(c\) ",
                r"\((photo|credit)",
                r"\bphoto ?: ",
                r"/ ?(afp|reuters|ap|maxppp|sipa|abaca|getty images)\b",
                r"\b(afp|reuters|getty images|maxppp|bestimage|shutterstock|istock|keystone)\)?\.?$",
            ],
        ),
        ("reading time", [r"\b\d+ ?min(utes?)? de lecture\b", r"\btemps de lecture\b"]),
        ("legal", [r"\btous droits reserves\b", r"\bmentions legales\b", r"\bconditions generales\b"]),
    )
)
_CAPS_MIN_LETTERS = 8
_CAPS_SHARE = 0.7


def is_all_caps(sentence: str) -> bool:
    """A line in capitals ("DONNEZ, PARTAGEZ, INVESTISSEZ DANS LA LUTTE !"), not a sentence with
    acronyms in it."""
    letters = [c for c in sentence if c.isalpha()]
    if len(letters) < _CAPS_MIN_LETTERS:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= _CAPS_SHARE


def is_cut_quote(sentence: str) -> bool:
    """A quotation opened and not closed, or closed and not opened (« Notre règlement… »)."""
    return sentence.count("«") != sentence.count("»") or sentence.count("“") != sentence.count("”")


def boilerplate_reason(sentence: str, page_patterns: Iterable[re.Pattern[str]] = ()) -> str | None:
    """Why ``sentence`` is boilerplate, or None."""
    if is_all_caps(sentence):
        return "all caps"
    folded = fold(sentence)
    for name, pattern in GENERIC:
        if pattern.search(folded):
            return name
    for pattern in page_patterns:
        if pattern.search(folded):
            return f"page: {pattern.pattern[:40]}"
    return None


# --------------------------------------------------------------------------- dangling openers

_CONNECTORS = (
    "et",
    "ou",
    "mais",
    "or",
    "donc",
    "car",
    "puis",
    "ainsi",
    "pourtant",
    "cependant",
    "toutefois",
    "neanmoins",
    "enfin",
    "en effet",
    "par ailleurs",
    "de plus",
    "en outre",
    "d'ailleurs",
    "du coup",
    "en revanche",
    "pour autant",
    "au contraire",
    "par consequent",
    "c'est pourquoi",
    "c'est ce qu",
    "c'est pour (ca|cela)",
    "c'est ainsi",
    "c'est la que",
    "c'est le cas",
    "selon (lui|elle|eux|elles)",
    "pour (lui|elle|eux|elles)",
    "celui-ci",
    "celle-ci",
    "ceux-ci",
    "celles-ci",
    "celui-la",
    "celle-la",
)
_CONNECTOR = re.compile(r"^(" + "|".join(_CONNECTORS) + r")(?=[\s,;:!?.']|$)")
# a comparison, a quantity, a preposition
_NOT_CONNECTORS = (
    "ainsi que ",
    "de plus en plus ",
    "de plus de ",
    "au contraire de ",
    "au contraire des ",
    "au contraire du ",
)
_PRONOUNS = (
    "il",
    "ils",
    "elle",
    "elles",
    "lui",
    "eux",
    "leur",
    "leurs",
    "ce",
    "cet",
    "cette",
    "ces",
    "cela",
    "ceci",
    "ça",
)
# case-insensitive pronoun, then a lower-case word (or an elision: "Il n'a", "Ce n'est") or a comma
_PRONOUN = re.compile(r"^(?i:" + "|".join(_PRONOUNS) + r")(\s*,|\s+[a-zß-öø-ÿœæ])")
_IMPERSONAL = re.compile(
    r"^il (ne |n')?(y (a|aura|avait|eut)|faut|faudra|faudrait|fallait|existe|reste|restait|suffit|semble"
    r"|semblerait|parait|importe|convient|vaut mieux|arrive (qu|que)|etait une fois|en va|empeche"
    r"|est (\S+ ){0,2}(de|d'|que|qu')|sera (\S+ ){0,2}(de|d'|que|qu')|etait (\S+ ){0,2}(de|d'|que|qu'))"
)
_TIME = re.compile(
    r"^(ce|cet|cette|ces) ((lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|matin|soir|midi|week-?end"
    r"|mois|jour|annee|an|semaine|nuit|printemps|ete|automne|hiver|apres-midi|saison)\b"
    r"|(dernier|derniere|derniers|dernieres) (jours|semaines|mois|annees|temps|heures|decennies)\b)"
)
_CATAPHORIC = re.compile(r"^ce (qui|que|qu'|dont)")
_LEADING = re.compile(r"^[\s\-–—•*·]+")


def dangling_opener(sentence: str) -> str | None:
    """The pronoun or connector ``sentence`` opens with (see the module docstring), or None."""
    start = _LEADING.sub("", sentence)
    folded = fold(start)
    connector = _CONNECTOR.match(folded)
    if connector and not folded.startswith(_NOT_CONNECTORS) and start[:2].lower() != "où":
        return connector.group(1)
    if _IMPERSONAL.match(folded) or _TIME.match(folded) or _CATAPHORIC.match(folded):
        return None
    if _PRONOUN.match(start):
        return folded.split()[0].rstrip(",")
    return None


# --------------------------------------------------------------------------- complete sentences

_COMPLETE_END = re.compile(r"[.!…][\"'»”’)\]\s]*$")
_COMPLETE_START = re.compile(r"^[\"'«“(\[—–-]*\s*[A-ZÀ-ÖØ-Þ0-9]")
LEAD_MIN_WORDS = 6


def is_complete(sentence: str) -> bool:
    """A sentence a reader takes as one: at least six words, a capital (or a digit) first, a full
    stop, "!" or "…" last. Menu items, headings, captions without a stop and questions are not."""
    text = sentence.strip()
    return len(words(text)) >= LEAD_MIN_WORDS and bool(
        _COMPLETE_START.match(text) and _COMPLETE_END.search(text)
    )
