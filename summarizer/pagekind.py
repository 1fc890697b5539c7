"""Is this page an article? Home pages, listings, consent walls, paywall stubs and near-empty pages
raise ``NotAnArticle`` with a reason tag, so the bot explains instead of summarising junk.

Signals are structural (URL shape, Open Graph/JSON-LD types, teaser headings) and lexical (what the
French clean-up dropped, consent and paywall vocabulary); each rule needs two signals to agree, so
that a real article with a related-links box or a cookie banner still goes through.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from summarizer.errors import NotAnArticle
from summarizer.metadata import PageMeta

__all__ = ["MIN_ARTICLE_WORDS", "PAYWALL_STUB_WORDS", "check_article", "check_listing"]


MIN_ARTICLE_WORDS = 25  # fewer words than this is not an article (the summarizer has its own minimum)
PAYWALL_STUB_WORDS = 150  # a paywall prompt with less free text than this is a stub
CONSENT_WALL_WORDS = 300  # consent dialogs are short; an article with a banner is longer
CONSENT_DENSITY = 0.04  # consent terms per word in a consent dialog (news prose: almost none)
LISTING_HEADING_LINKS = 10  # linked headings of a home or section page
LISTING_PROSE_SHARE = 0.5  # an article has most of its words in real paragraphs

_HOME_MESSAGE = "Ce lien mène à la page d'accueil du site, pas à un article. Envoyez le lien d'un article."
_LISTING_MESSAGE = "Cette page est une liste d'articles. Envoyez le lien de l'article à résumer."
_CONSENT_MESSAGE = "Ce site affiche un bandeau de cookies au lieu de l'article : je ne peux pas le lire."
_PAYWALL_MESSAGE = "Cet article est réservé aux abonnés : je n'en vois que le début."

_WORDS = re.compile(r"\w+")
# fmt: off
_LISTING_SEGMENTS = frozenset({
    "category", "categorie", "categories", "tag", "tags", "rubrique", "rubriques", "theme", "themes",
    "auteur", "auteurs", "author", "authors", "archives", "page", "search", "recherche", "topics",
})
# fmt: on
_LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage"})
_HOME_PATH = re.compile(r"^(?:|index\.(?:html?|php)|accueil|home|[a-z]{2}(?:[-_][a-z]{2})?)$", re.I)
_CONSENT_TERMS = re.compile(
    r"\b(?:cookies?|traceurs?|consentement|consentez|partenaires|confidentialité|données personnelles|"
    r"vie privée|publicités? personnalisées?|accepter|refuser|paramétrer|vos choix|vos préférences)\b",
    re.I,
)
# Strong enough to be read anywhere in the page text (not "Déjà abonné ?", which sits in headers).
_PAYWALL_TERMS = re.compile(
    r"réservée? aux abonnés|pour lire la suite|il vous reste \d+ ?%|la suite est réservée|"
    r"(?:article|contenu) réservé",
    re.I,
)


def _words(text: str) -> int:
    return len(_WORDS.findall(text))


def _prose_share(paragraphs: list[str]) -> float:
    counts = [_words(p) for p in paragraphs]
    total = sum(counts)
    return sum(c for c in counts if c >= 25) / total if total else 0.0


def _linked_headings(tree: HtmlElement) -> int:
    return len(tree.xpath("//*[self::h2 or self::h3 or self::h4][.//a[@href] or ancestor::a[@href]]"))


def _is_home(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    return not parts.query and bool(_HOME_PATH.match(parts.path.strip("/")))


def check_listing(tree: HtmlElement, meta: PageMeta, paragraphs: list[str], url: str | None) -> None:
    """Raise ``NotAnArticle`` for a home page or a list of articles (section, tag, search page).

    A page that declares itself an article is only doubted at the site's root, where some templates
    put ``og:type=article`` on everything.
    """
    page_url = url or meta.url
    teasers = _linked_headings(tree)
    if _is_home(page_url) and (not meta.declares_article or teasers >= LISTING_HEADING_LINKS):
        raise NotAnArticle("home-page", page_url or "", user_message=_HOME_MESSAGE)
    if meta.declares_article:
        return
    segments = {s.lower() for s in urlsplit(page_url or "").path.split("/") if s}
    listing_hint = bool(segments & _LISTING_SEGMENTS or meta.ld_types & _LISTING_TYPES)
    if (listing_hint or teasers >= LISTING_HEADING_LINKS) and _prose_share(paragraphs) < LISTING_PROSE_SHARE:
        raise NotAnArticle("listing", f"{teasers} linked headings", user_message=_LISTING_MESSAGE)


def _page_text(tree: HtmlElement | None, *, outside_chrome: bool = False) -> str:
    """The page's visible text (without links, lists, menus, header, footer when ``outside_chrome``)."""
    if tree is None:
        return ""
    # Link lists carry "réservé aux abonnés" badges for other articles: they say nothing of this one.
    chrome = " or ancestor::a or ancestor::li or ancestor::nav or ancestor::header or ancestor::footer"
    chrome = chrome if outside_chrome else ""
    return " ".join(tree.xpath(f"//body//text()[not(ancestor::script or ancestor::style{chrome})]"))


def _consent_density(text: str) -> float:
    words = _words(text)
    return len(_CONSENT_TERMS.findall(text)) / words if words else 0.0


def _is_consent_wall(tree: HtmlElement | None, body: str, words: int, dropped: Counter[str]) -> bool:
    if words >= CONSENT_WALL_WORDS or not (dropped["consent"] or words < MIN_ARTICLE_WORDS):
        return False
    if _consent_density(body) >= CONSENT_DENSITY:
        return True
    return words < MIN_ARTICLE_WORDS and _consent_density(_page_text(tree)) >= CONSENT_DENSITY


def _is_paywall_stub(tree: HtmlElement | None, words: int, dropped: Counter[str], paywalled: bool) -> bool:
    if words >= PAYWALL_STUB_WORDS:
        return False
    if dropped["paywall"] or paywalled:
        return True
    # The extractor may have removed the prompt along with its box: look at the page itself.
    return bool(_PAYWALL_TERMS.search(_page_text(tree, outside_chrome=True)))


def check_article(
    tree: HtmlElement | None, body: str, dropped: Counter[str], *, paywalled: bool = False
) -> None:
    """Raise ``NotAnArticle`` for a consent wall, a paywall stub or a page with almost no text.

    ``paywalled``: the page says so itself (JSON-LD ``isAccessibleForFree: false``).
    """
    words = _words(body)
    if _is_consent_wall(tree, body, words, dropped):
        raise NotAnArticle("consent-wall", user_message=_CONSENT_MESSAGE)
    if _is_paywall_stub(tree, words, dropped, paywalled):
        raise NotAnArticle("paywall", f"{words} free words", user_message=_PAYWALL_MESSAGE)
    if words < MIN_ARTICLE_WORDS:
        raise NotAnArticle("too-short", f"{words} words")
