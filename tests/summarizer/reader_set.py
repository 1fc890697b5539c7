"""The reader set: French articles written for the project, each as a page and as a pasted text,
with what a reader needs from its summary (see fixtures/reader/README.md).

This module loads the set, runs the real engine on it the way the bot does, and judges each summary
the way a reader would: which key facts it states, which sentences are boilerplate, which open with
a pronoun or a connector whose antecedent is not shown, which repeat the title. The judging rules
are deliberately the engine's opposite: simple, written for these texts, and independent of the
engine's own filters (its splitter is not used either), so that a change in the engine cannot move
the yardstick.
"""

from __future__ import annotations

import asyncio
import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.summaries import ArticleCard
from summarizer.models import FetchedPage
from summarizer.pipeline import summarize_page, summarize_plain_text
from summarizer.settings import SummarizerSettings

READER = Path(__file__).resolve().parent / "fixtures" / "reader"
SENTENCES = 3  # the length readers get by default
SETTINGS = SummarizerSettings()
# page: summarize_page at 3 sentences (the engine's API for a fetched page);
# link: what the bot shows for a link at 3 (stored at the longest length, shortened by score);
# paste: summarize_plain_text at 3 (what /resume in reply to a pasted or forwarded text runs).
MODES = ("page", "link", "paste")

# Never part of an article, whatever the page: consent, newsletter, subscription and sharing
# prompts, teasers, update lines, UI instructions, captions and credits, recruiting calls, site chrome.
BOILERPLATE = tuple(
    re.compile(p, re.I)
    for p in (
        r"\bcookies?\b",
        r"newsletter|lettre d'information",
        r"^(?:à )?lire (?:aussi|l'article)",
        r"\bclique[rz]\b",
        r"\bmise? à jour le\b",
        r"articles? gratuits?|\babonn(?:é|ez|er|ement)\b",
        r"\bpartag(?:er|ez)\b",
        r"^photo\b|\bphoto ?:|\(photo\b|photo d'archives|©",
        r"\[/?caption",
        r"don pour la rédaction|contacte-nous|\bpostuler\b",
        r"\bpublié le\b|temps de lecture|\blecture : \d",
        r"mentions légales|propulsé par|adresse e-mail ne sera",
    )
)
# Openers that lean on the sentence before (« Elle appelle à… », « Et pourtant, … », « En effet, … »).
DANGLING = re.compile(
    r"^(?:(?:Il|Elle|Ils|Elles)\b(?! y a\b| faut\b)"
    r"|(?:Et pourtant|Pourtant|En effet|Mais|Cependant|Toutefois|Néanmoins|Or|Cela|Ça|Ceci)\b"
    r"|C'est\b"
    r"|(?:Ce dernier|Cette dernière|Ces derniers|Celui-ci|Celle-ci|Ceux-ci|Celles-ci)\b)"
)
# A quotation alone, with no speaker (« Je ne pars pas le cœur léger. »), or cut in two by a splitter.
_CUT_QUOTE = re.compile(r"^«[^»]*(?:»\W*)?$")
_WORD = re.compile(r"\w+")
_SPLIT = re.compile(r"(?<=[.!?…»])\s+(?=[«\"A-ZÀ-Ý])")
_TERMINAL = re.compile(r"[.!?…][»\"”)\s]*$")
_SPACES = re.compile(r"\s+")


def normal(text: str) -> str:
    """One spelling for matching: NFC, straight apostrophes, plain single spaces."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("‘", "'")
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(normal(text).casefold())


@dataclass(frozen=True)
class Fact:
    name: str
    pattern: re.Pattern[str]
    essential: bool = False  # the news itself, which every summary of the article must tell


@dataclass(frozen=True)
class ReaderArticle:
    slug: str
    kind: str
    title: str
    standfirst: str | None
    facts: tuple[Fact, ...]
    boilerplate: tuple[re.Pattern[str], ...]  # this page's own, beside BOILERPLATE
    must_choose: tuple[re.Pattern[str], ...]  # sentences any 3-sentence summary must contain
    html: bytes
    paste: str

    def is_boilerplate(self, sentence: str) -> bool:
        text = normal(sentence)
        if is_shouting(text) or _CUT_QUOTE.match(text):
            return True
        return any(p.search(text) for p in (*BOILERPLATE, *self.boilerplate))

    def is_title(self, sentence: str) -> bool:
        """The headline given as a sentence (alone, or with the site's name after it)."""
        title, found = words(self.title), words(sentence)
        return found[: len(title)] == title and len(found) - len(title) <= 4

    def states(self, fact: Fact, sentence: str) -> bool:
        return bool(fact.pattern.search(normal(sentence))) and not (
            self.is_boilerplate(sentence) or self.is_title(sentence)
        )


def is_shouting(text: str) -> bool:
    """An ALL-CAPS line (« DONNEZ UN JOUET, OFFREZ UN SOURIRE ! ») is a slogan, not a sentence."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 10 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _compiled(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(normal(p), re.I) for p in patterns)


@functools.cache
def load_articles() -> tuple[ReaderArticle, ...]:
    found = []
    for manifest in sorted(READER.glob("*.toml")):
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        found.append(
            ReaderArticle(
                slug=manifest.stem,
                kind=data["kind"],
                title=data["title"],
                standfirst=data.get("standfirst"),
                facts=tuple(
                    Fact(f["name"], re.compile(normal(f["pattern"]), re.I), f.get("essential", False))
                    for f in data["facts"]
                ),
                boilerplate=_compiled(data.get("boilerplate", [])),
                must_choose=_compiled(data.get("must_choose", [])),
                html=manifest.with_suffix(".html").read_bytes(),
                paste=manifest.with_suffix(".txt").read_text(encoding="utf-8"),
            )
        )
    return tuple(found)


def article(slug: str) -> ReaderArticle:
    return next(a for a in load_articles() if a.slug == slug)


def split(text: str) -> list[str]:
    """Sentences of a reader-set text: a line break or terminal punctuation before a capital ends one
    (enough for these texts, which were written with clean punctuation)."""
    return [s for line in text.splitlines() for s in _SPLIT.split(line.strip()) if s.strip()]


@dataclass(frozen=True)
class Reading:
    """One summary of one article in one mode, with the text its sentences come from."""

    article: ReaderArticle
    mode: str
    source: str
    sentences: tuple[str, ...]

    @property
    def facts(self) -> set[str]:
        return {f.name for f in self.article.facts if any(self.article.states(f, s) for s in self.sentences)}

    @property
    def boilerplate(self) -> list[str]:
        return [s for s in self.sentences if self.article.is_boilerplate(s)]

    @property
    def title_repeats(self) -> list[str]:
        return [s for s in self.sentences if self.article.is_title(s)]

    @property
    def dangling(self) -> list[str]:
        return dangling(self.article, self.source, self.sentences)

    def has_standfirst(self) -> bool:
        assert self.article.standfirst is not None
        opening = words(self.article.standfirst)[:12]
        return any(words(s)[:12] == opening for s in self.sentences)


def dangling(piece: ReaderArticle, source: str, chosen: tuple[str, ...]) -> list[str]:
    """Chosen sentences that open with a leaning word while the article sentence before them (captions,
    headings and boilerplate skipped) is not chosen too."""
    spans: list[tuple[int, int]] = []  # token span of each source sentence
    tokens: list[str] = []
    prose: list[bool] = []
    for sentence in split(source):
        found = words(sentence)
        spans.append((len(tokens), len(tokens) + len(found)))
        tokens.extend(found)
        prose.append(
            len(found) >= 6
            and bool(_TERMINAL.search(sentence))
            and not (piece.is_boilerplate(sentence) or piece.is_title(sentence))
        )
    joined = " " + " ".join(tokens) + " "
    covered: set[int] = set()
    starts: dict[str, int] = {}
    for sentence in chosen:
        key = " ".join(words(sentence))
        at = joined.find(" " + key + " ")
        if at < 0:
            continue  # not in the source as such (a join of lines?): judged by the other checks
        first = joined[:at].count(" ")
        starts[sentence] = first
        covered.update(range(first, first + len(key.split())))
    bad = []
    for sentence, first in starts.items():
        if not DANGLING.match(normal(sentence)):
            continue
        here = next(i for i, (a, b) in enumerate(spans) if a <= first < b)
        before = [i for i in range(here) if prose[i]]
        if before and not covered.intersection(range(*spans[before[-1]])):
            bad.append(sentence)
    return bad


def _page(piece: ReaderArticle) -> FetchedPage:
    url = f"https://reader.example/{piece.slug}"
    return FetchedPage(url=url, status=200, content_type="text/html", charset="utf-8", body=piece.html)


@functools.cache
def page_text(slug: str) -> str:
    """The article text the engine extracts from the page."""
    return summarize_page(_page(article(slug)), settings=SETTINGS, sentences=SENTENCES).article.text


@functools.cache
def reading(slug: str, mode: str, sentences: int = SENTENCES) -> Reading:
    piece = article(slug)
    if mode == "paste":
        pasted = asyncio.run(summarize_plain_text(piece.paste, settings=SETTINGS, sentences=sentences))
        return Reading(piece, mode, piece.paste, tuple(pasted.summary.sentences))
    if mode == "page":
        result = summarize_page(_page(piece), settings=SETTINGS, sentences=sentences)
        return Reading(piece, mode, result.article.text, tuple(result.summary.sentences))
    assert mode == "link", mode
    stored = summarize_page(_page(piece), settings=SETTINGS, sentences=SETTINGS.max_sentences)
    card = ArticleCard(
        article_id=0,
        url=stored.url,
        title=stored.article.title,
        site=stored.article.site,
        reading_minutes=stored.article.reading_minutes,
        sentences=tuple(stored.summary.sentences),
        scores=tuple(stored.summary.scores),
    )
    return Reading(piece, mode, stored.article.text, tuple(card.summary(sentences).sentences))


def first_three(slug: str) -> Reading:
    """The baseline: the first three sentences of the text extracted from the page."""
    text = page_text(slug)
    return Reading(article(slug), "first-3", text, tuple(split(text)[:SENTENCES]))


def recall(readings: list[Reading]) -> float:
    total = sum(len(r.article.facts) for r in readings)
    return sum(len(r.facts) for r in readings) / total
