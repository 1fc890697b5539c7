"""Page metadata read straight from the tree: Open Graph, JSON-LD, <meta>, <link rel=canonical>.

A few XPath look-ups (about a millisecond), instead of trafilatura's exhaustive search, which
costs more than the extraction itself.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from summarizer.cleanup import normalize_text

__all__ = ["PageMeta", "read_metadata"]

logger = logging.getLogger(__name__)


# fmt: off
_DATE_TAGS = (
    "article:published_time", "datepublished", "og:article:published_time", "date", "pubdate", "publish-date",
    "dc.date", "dc.date.issued", "dcterms.date", "sailthru.date",
)
# fmt: on
_AUTHOR_XPATH = (
    "//body//*[@rel='author' or @itemprop='author' or contains(@class, 'author')"
    " or contains(@class, 'byline') or contains(@class, 'signature')][not(self::meta or self::script)]"
)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—·»]|-|::)\s+")
_WORDS = re.compile(r"\w+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})/(\d{1,2})/(\d{1,2})/")
_DATE_ONLY = re.compile(r"^[\d\s./:-]+$")
_AUTHOR_PREFIX = re.compile(r"^(?:par|by|auteur|autrice|auteurs|écrit par)\s*:?\s+", re.I)
_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "scholarlyarticle",
        "techarticle",
        "report",
        "posting",
        "socialmediaposting",
    }
)


@dataclass
class PageMeta:
    title: str | None = None
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD
    site: str | None = None
    description: str | None = None
    language: str | None = None
    url: str | None = None  # canonical when declared, else the URL given
    og_type: str | None = None
    ld_types: set[str] = field(default_factory=set)  # JSON-LD @type values, lower case
    free: bool | None = None  # JSON-LD isAccessibleForFree
    descriptions: list[str] = field(default_factory=list)  # og:description, description, twitter:…

    @property
    def declares_article(self) -> bool:
        return self.og_type == "article" or bool(self.ld_types & _ARTICLE_TYPES)


Tags = dict[str, str]


def _meta_tags(tree: HtmlElement) -> Tags:
    """Every <meta> content by lower-case property/name/itemprop, first occurrence wins (one pass)."""
    tags: Tags = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = element.get(attribute)
            if key:
                tags.setdefault(key.strip().lower(), content)
    return tags


def _first(tags: Tags, *names: str) -> str | None:
    for name in names:
        text = normalize_text(tags.get(name, ""))
        if text:
            return text
    return None


def _json_ld(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page, @graph members included."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(str(script))
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                stack.extend(graph if isinstance(graph, list) else [])
            elif isinstance(item, list):
                stack.extend(item)


def _ld_types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _iso_date(value: str | None) -> str | None:
    match = _ISO_DATE.search(value or "")
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


def _canonical(tree: HtmlElement, tags: Tags, url: str | None) -> str | None:
    candidates = [
        str(link.get("href", ""))
        for link in tree.iter("link")
        if "canonical" in str(link.get("rel", "")).lower().split()
    ]
    candidates.append(_first(tags, "og:url") or "")
    given_path = urlsplit(url).path if url else ""
    for href in candidates:
        absolute = urljoin(url or "", href.strip())
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            continue
        # A canonical pointing at the home page from an article is a template mistake.
        if parts.path.strip("/") == "" and given_path.strip("/") != "":
            continue
        return absolute
    return url


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _clean_title(title: str | None, site: str | None, host: str | None, tree: HtmlElement) -> str | None:
    if not title:
        return None
    brands = [_key(name) for name in (site, host, (host or "").split(".")[0]) if name]
    parts = _TITLE_SEPARATORS.split(title)

    def is_brand(part: str) -> bool:
        key = _key(part)
        return bool(_DATE_ONLY.match(part)) or any(
            key and (key in b or b in key) for b in brands if len(b) >= 2
        )

    while len(parts) > 1 and is_brand(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_brand(parts[0]):
        parts.pop(0)
    cleaned = " - ".join(parts)
    # The page's own headline, when the title merely wraps it ("Rubrique : headline - Site").
    title_key = _key(title)
    for h1 in tree.iter("h1"):
        heading = normalize_text(h1.text_content())
        key = _key(heading)
        if len(key) >= 10 and (title_key.startswith(key) or title_key.endswith(key)):
            return heading
    return cleaned


def _headline(tree: HtmlElement, site: str | None) -> str | None:
    """The first <h1> of the article (of the page otherwise) that is neither a link nor the site's name."""
    site_key = _key(site or "")
    for h1 in [*tree.xpath("//article//h1"), *tree.xpath("//main//h1"), *tree.iter("h1")]:
        if h1.xpath("ancestor-or-self::a or .//a"):
            continue
        heading = normalize_text(h1.text_content())
        if 2 <= len(_WORDS.findall(heading)) <= 40 and _key(heading) != site_key:
            return heading
    return None


def _key(text: str) -> str:
    return "".join(_WORDS.findall(text.casefold()))


def read_metadata(tree: HtmlElement, url: str | None) -> PageMeta:
    meta = PageMeta()
    ld_title = ld_author = ld_date = ld_site = None
    for item in _json_ld(tree):
        types = _ld_types(item)
        meta.ld_types |= types
        if types & _ARTICLE_TYPES:
            ld_title = ld_title or next(iter(_names(item.get("headline"))), None)
            ld_author = ld_author or ", ".join(dict.fromkeys(_names(item.get("author")))) or None
            ld_date = ld_date or _iso_date(str(item.get("datePublished") or ""))
            ld_site = ld_site or next(iter(_names(item.get("publisher"))), None)
            if item.get("isAccessibleForFree") in (False, "False", "false"):
                meta.free = False
    tags = _meta_tags(tree)
    meta.url = _canonical(tree, tags, url)
    og_type = _first(tags, "og:type")
    meta.og_type = og_type.lower() if og_type else None
    meta.site = _first(tags, "og:site_name", "application-name") or ld_site or _host(meta.url)
    if meta.site and meta.site.startswith("http"):
        meta.site = _host(meta.site)
    meta.site = meta.site.strip("/ ") if meta.site else None
    declared_title = _first(tags, "og:title", "twitter:title") or ld_title
    if declared_title:
        meta.title = _clean_title(declared_title, meta.site, _host(meta.url), tree)
    else:  # <title> is often a bare label ("Piscine", "Accueil"): the page's own headline is better
        meta.title = _headline(tree, meta.site) or _clean_title(
            _title_element(tree), meta.site, _host(meta.url), tree
        )
    meta.author = _author(
        _first(tags, "author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
        or ld_author
    ) or _author_in_page(tree)
    meta.date = (
        _iso_date(_first(tags, *_DATE_TAGS))
        or ld_date
        or _iso_date(
            next(iter(tree.xpath("//time/@datetime|//*[@itemprop='datePublished']/@datetime")), None)
        )
        or _url_date(meta.url)
    )
    descriptions = [
        d for d in (_first(tags, n) for n in ("og:description", "description", "twitter:description")) if d
    ]
    meta.description = descriptions[0] if descriptions else None
    meta.descriptions = descriptions
    meta.language = _language(tree, tags)
    return meta


def _title_element(tree: HtmlElement) -> str | None:
    title = tree.find(".//title")
    return normalize_text(title.text_content()) or None if title is not None else None


def _author(value: str | None) -> str | None:
    if not value or value.startswith(("http://", "https://")):
        return None
    return _AUTHOR_PREFIX.sub("", value).strip() or None


def _author_in_page(tree: HtmlElement) -> str | None:
    """A byline in the page itself: a short run of capitalised words in an author-ish element."""
    for element in tree.xpath(_AUTHOR_XPATH)[:8]:
        name = _author(normalize_text(element.text_content()))
        words = name.split() if name else []
        if name and 2 <= len(words) <= 5 and len(name) <= 60 and _looks_like_name(name):
            return name
    return None


def _looks_like_name(text: str) -> bool:
    return all(w[:1].isupper() for w in text.split()[-2:]) and not any(
        c.isdigit() or c in "@:|" for c in text
    )


def _url_date(url: str | None) -> str | None:
    match = _URL_DATE.search(url or "")
    return _iso_date("-".join(match.groups())) if match else None


def _language(tree: HtmlElement, tags: Tags) -> str | None:
    value = (
        tree.get("lang") or tree.get("xml:lang") or _first(tags, "og:locale", "content-language", "language")
    )
    code = re.split(r"[-_]", value.strip().lower())[0] if value else ""
    return code if 2 <= len(code) <= 3 and code.isalpha() else None
