"""Main text and metadata of a page: ``extract(html) -> Article``.

trafilatura (precision mode) does the heavy lifting on a tree we parse from text we decoded
ourselves; a standfirst it dropped is put back, the French clean-up removes what it still lets
through, and a density-based extractor takes over when it finds nothing. Pages that are not
articles raise ``NotAnArticle`` instead of yielding a summary of junk.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from summarizer.cleanup import Cleaned, clean_paragraphs, normalize_text, text_key
from summarizer.decode import decode_html, fix_mojibake
from summarizer.fallback import fallback_paragraphs
from summarizer.fetch import loggable_url
from summarizer.language import detect_language
from summarizer.metadata import PageMeta, read_metadata
from summarizer.models import Article
from summarizer.pagekind import MIN_ARTICLE_WORDS, check_article, check_listing
from summarizer.plain import plain_article

__all__ = ["extract"]

logger = logging.getLogger(__name__)

# Below this, trafilatura found nothing and the fallback may take over; above it, a short text is
# more likely a short article than a miss (the fallback would add its neighbours' teasers).
FALLBACK_BELOW_WORDS = MIN_ARTICLE_WORDS


_PARSER = lxml_html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BAD_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HTML_HINT = re.compile(
    r"<(?:!doctype|html|head|body|meta|title|p|div|article|main|section|span|br|a|h[1-6]|ul|table)[\s>/]",
    re.I,
)
_WORDS = re.compile(r"\w+")
MAX_STANDFIRST_WORDS = 150
_INLINE = frozenset({"span", "strong", "em", "b", "i", "font", "small", "mark", "abbr"})
_NOT_CONTENT = frozenset(
    {"a", "script", "style", "title", "button", "option", "nav", "aside", "footer", "form"}
)
# Never part of an article, and removed by every extractor anyway: gone before trafilatura walks the
# tree a dozen times (a third faster). Metadata is read before, <form> is kept (some sites wrap the
# whole page in one).
# fmt: off
_INERT = (
    "script", "style", "noscript", "svg", "template", "iframe", "link", "head", "nav", "aside", "footer",
    "button", "select", "input", "textarea", "menu",
)
# fmt: on


def extract(html: bytes | str, *, url: str | None = None, http_charset: str | None = None) -> Article:
    """The article in ``html`` (bytes are decoded with the project's charset rules).

    Raises ``NotAnArticle`` for consent walls, paywall stubs, home and listing pages, and pages
    with too little text. Plain text (not HTML) is taken as the article itself.
    """
    text = decode_html(html, http_charset) if isinstance(html, bytes) else fix_mojibake(html)
    if not _HTML_HINT.search(text[:5000]):
        return plain_article(text, url)
    tree = _parse(text)
    if tree is None:
        return plain_article(text, url)
    meta = read_metadata(tree, url)
    etree.strip_elements(tree, *_INERT, with_tail=False)
    cleaned, extractor = _main_text(tree, meta, url)
    body = "\n".join(_without_title(cleaned.paragraphs, meta.title))
    check_listing(tree, meta, cleaned.paragraphs, url)
    check_article(tree, body, cleaned.dropped, paywalled=meta.free is False)
    return Article(
        text=body,
        title=meta.title,
        language=detect_language(body) or meta.language,
        url=meta.url or url,
        author=meta.author,
        date=meta.date,
        site=meta.site,
        description=meta.description,
        extractor=extractor,
    )


def _parse(text: str) -> HtmlElement | None:
    # lxml refuses str input that carries an XML encoding declaration, and XML-invalid controls.
    text = _BAD_XML_CHARS.sub("", _XML_DECLARATION.sub("", text, count=1))
    try:
        tree = lxml_html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        logger.info("unparsable HTML, read as plain text: %s", error)
        return None
    return tree if isinstance(tree, HtmlElement) else None


def _trafilatura_paragraphs(tree: HtmlElement, url: str | None) -> list[str]:
    escaped = _escape_ampersands(tree)
    try:
        document: Any = trafilatura.bare_extraction(
            tree, url=url, favor_precision=True, include_comments=False, include_tables=True
        )
    except Exception:  # a third-party bug on one odd page must not cost the fallback its chance
        logger.warning("trafilatura failed on %s", loggable_url(url or ""), exc_info=True)
        return []
    finally:
        _restore(escaped)
    if document is None or not document.text:
        return []
    return str(document.text).split("\n")


_Saved = list[tuple[HtmlElement, str, str]]


def _escape_ampersands(tree: HtmlElement) -> _Saved:
    """trafilatura unescapes the text it returns, which the parser has already decoded: a page that
    shows "&lt;b&gt;" would read "<b>". Escaping "&" in the few text nodes that have one beforehand
    makes that second decoding give the page's text back."""
    saved: _Saved = []
    for node in tree.xpath("//text()[contains(., '&')]"):
        holder = node.getparent()
        if holder is None:
            continue
        attribute = "tail" if node.is_tail else "text"
        saved.append((holder, attribute, str(node)))
        setattr(holder, attribute, str(node).replace("&", "&amp;"))
    return saved


def _restore(saved: _Saved) -> None:
    for holder, attribute, original in saved:
        setattr(holder, attribute, original)


def _main_text(tree: HtmlElement, meta: PageMeta, url: str | None) -> tuple[Cleaned, str]:
    paragraphs = _trafilatura_paragraphs(tree, url)
    cleaned = clean_paragraphs(_with_standfirst(paragraphs, tree, meta.descriptions))
    extractor = "trafilatura"
    if _word_count(cleaned.paragraphs) < FALLBACK_BELOW_WORDS:
        other = clean_paragraphs(fallback_paragraphs(tree))
        if _word_count(other.paragraphs) > 2 * _word_count(cleaned.paragraphs):
            logger.debug("fallback extractor used for %s", loggable_url(url or ""))
            other.dropped.update(cleaned.dropped)
            cleaned, extractor = other, "fallback"
    return cleaned, extractor


def _with_standfirst(paragraphs: list[str], tree: HtmlElement, descriptions: list[str]) -> list[str]:
    """Put back the standfirst (chapô) when the extractor left it out."""
    if not paragraphs:
        return paragraphs
    whole = text_key(" ".join(paragraphs))
    if any(len(k) >= 30 and k[:50] in whole for k in map(text_key, descriptions)):
        return paragraphs  # the description is the opening of the text, or the chapô is there already
    standfirst = _standfirst(tree, descriptions)
    if standfirst is None or text_key(standfirst)[:60] in whole:
        return paragraphs
    return [standfirst, *paragraphs]


def _without_title(paragraphs: list[str], title: str | None) -> list[str]:
    """The text must not start with the headline (the title is a field of its own)."""
    start = 0
    title_key = text_key(title or "")
    while title_key and start < min(2, len(paragraphs)) and text_key(paragraphs[start]) == title_key:
        start += 1
    return paragraphs[start:]


def _standfirst(tree: HtmlElement, descriptions: list[str]) -> str | None:
    """The visible block that shows the page's own description: the chapô."""
    keys = [k[:50] for k in (text_key(d) for d in descriptions) if len(k) >= 30]
    body = tree.find(".//body")
    if not keys or body is None:
        return None
    # A cheap filter before the real test: the longest of each description's first words.
    probes = {max(_WORDS.findall(d.casefold())[:5], key=len) for d in descriptions if _WORDS.search(d)}
    for node in body.xpath(".//text()[normalize-space()]"):
        folded = str(node).casefold()
        if not any(probe in folded for probe in probes):
            continue
        node_key = text_key(folded)
        if len(node_key) < 20 or not any(
            k.startswith(node_key[:20]) or node_key.startswith(k[:20]) for k in keys
        ):
            continue
        holder = node.getparent()
        block = _enclosing_block(holder.getparent() if node.is_tail and holder is not None else holder)
        if block is None:
            continue
        text = normalize_text(block.text_content())
        if any(k in text_key(text) for k in keys) and len(_WORDS.findall(text)) <= MAX_STANDFIRST_WORDS:
            return text
    return None


def _enclosing_block(element: HtmlElement | None) -> HtmlElement | None:
    """The block around an inline element, or None when it sits in a link, a menu or a script."""
    while element is not None and element.tag in _INLINE:
        element = element.getparent()
    if element is None or not isinstance(element.tag, str) or element.tag in _NOT_CONTENT:
        return None
    if any(ancestor.tag in _NOT_CONTENT for ancestor in element.iterancestors()):
        return None
    return element



def _word_count(paragraphs: list[str]) -> int:
    return sum(len(_WORDS.findall(p)) for p in paragraphs)
