"""What a French reader checks in a summary, as plain functions (used by ``bench_reader.py``, tested
in tests/bench). Everything works on folded text (``fold``): lower case, no accents, straight
apostrophes and quotes, single spaces, so annotations may be written with or without accents.

- **facts**: an annotated key fact is present when one summary sentence matches its regex.
- **boilerplate**: a summary sentence that a generic detector (``GENERIC``: ALL-CAPS lines, update
  lines, UI and calls to action, cookie/newsletter/subscription/paywall notices, captions and
  credits, a quotation cut open or shut) or one of the page's own patterns flags.
- **dangling opener**: a sentence that begins with a pronoun or a connector (``dangling_opener``)
  while the sentence before it in the document is not in the summary. The first sentence of a
  document never dangles (the title is shown above it). Only the very start counts: an opener
  inside a quotation (« Elle… ») is the speaker's, and pronouns are flagged only before a lower-case
  word, so "Elle Macpherson", "Il Corriere" or "Ces Français" are not (demonstratives before a
  capital are missed: kept simple on purpose). Impersonal "Il y a", "Il faut", "Il est … de",
  cataphoric "Ce que…", and time phrases ("Ce lundi", "Cette année") are not openers.
- **title repeat**: a sentence made mostly of the title's words (``is_title_repeat``).
- **off-article**: a sentence whose words are mostly not in the article's reference body.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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


# --------------------------------------------------------------------------- baseline

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
