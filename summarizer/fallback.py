"""A second extractor for pages where trafilatura finds nothing useful.

It looks for the container holding the densest run of paragraph text (the way readability does:
each paragraph credits its parent fully and its grandparent by half), then collects the text blocks
of that container in document order, skipping navigation, asides, forms, captions, widgets and
link lists. It never changes the tree it is given.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from lxml.html import HtmlElement

__all__ = ["fallback_paragraphs"]


_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "td", "div"}
)
_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "aside",
        "footer",
        "button",
        "select",
        "figure",
        "figcaption",
        "iframe",
        "svg",
        "header",
        "menu",
        "dialog",
        "label",
        "input",
        "textarea",
        "object",
    }
)
_BOILERPLATE = re.compile(
    r"comment|share|partage|social|related|connexe|newsletter|cookie|consent|didomi|footer|sidebar|"
    r"menu|navig|promo|advert|banner|breadcrumb|\btags?\b|byline|caption|legende|credit|widget|popup|"
    r"modal|subscri|abonne|paywall|outbrain|taboola|recommend|lire-aussi|read-more|most-read|"
    r"\bpub\b|\bads?\b|skip|hidden|sr-only|visually-hidden",
    re.I,
)
_COMMENT_AREA = re.compile(
    r"\bcomments?\b|\bcomment[-_]|[-_]comments?\b|disqus|\breplies\b|\brespond\b", re.I
)
_SPACES = re.compile(r"\s+")
MIN_BLOCK_CHARS = 25  # shorter blocks do not vote for their container
MAX_LINK_DENSITY = 0.5  # blocks made mostly of links are menus or teaser lists


def _skipped(element: HtmlElement, by_class: bool) -> bool:
    """Structural boilerplate (navigation, scripts…); with ``by_class`` also widgets named as such."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIP_TAGS or element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if not by_class:
        return False
    if tag == "form":  # some sites wrap the whole page in one <form>: only skipped inside the article
        return True
    names = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
    return bool(names.strip()) and bool(_BOILERPLATE.search(names))


def _containers_of_blocks(root: HtmlElement) -> set[HtmlElement]:
    """Every element that has a block element below it (one pass, stopping at known ancestors)."""
    found: set[HtmlElement] = set()
    for block in root.iter(*_BLOCKS):
        for ancestor in block.iterancestors():
            if ancestor in found:
                break
            found.add(ancestor)
    return found


def _text(element: HtmlElement) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


def _link_density(element: HtmlElement, text: str) -> float:
    linked = sum(len(_text(a)) for a in element.iter("a"))
    return linked / max(len(text), 1)


def _blocks(
    root: HtmlElement, containers: set[HtmlElement], by_class: bool
) -> Iterator[tuple[HtmlElement, str]]:
    """Leaf text blocks under ``root`` in document order, boilerplate subtrees skipped."""
    stack = list(reversed(root))
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str) or _skipped(element, by_class):
            continue
        if element.tag in _BLOCKS and element not in containers:
            text = _text(element)
            if text:
                yield element, text
            continue
        stack.extend(reversed(element))


def _best_container(blocks: list[tuple[HtmlElement, str]]) -> HtmlElement | None:
    scores: defaultdict[HtmlElement, float] = defaultdict(float)
    for element, text in blocks:
        if len(text) < MIN_BLOCK_CHARS or _link_density(element, text) > MAX_LINK_DENSITY:
            continue
        parent = element.getparent()
        if parent is None:
            continue
        scores[parent] += len(text)
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] += len(text) / 2
    candidates = [element for element in scores if not _is_comment_area(element)]
    return max(candidates, key=scores.__getitem__) if candidates else None


def _is_comment_area(element: HtmlElement) -> bool:
    """Readers' comments can hold more text than a short article.

    Only the element and its two nearest ancestors count: page wrappers carry "has-comments"-style
    flags. French "commentaire" is left alone, as it also names columns ("le commentaire du jour").
    """
    nearby = [element, *list(element.iterancestors())[:2]]
    return any(
        _COMMENT_AREA.search(f"{e.get('class', '')} {e.get('id', '')}")
        for e in nearby
        if e.tag not in ("body", "html")
    )


def fallback_paragraphs(tree: HtmlElement) -> list[str]:
    """The paragraphs of the page's densest text container, or [] when there is none.

    The container is chosen on structure alone (class names of page wrappers are too noisy:
    "has-sidebar", "tag-cookies"…); inside it, widgets named by their class are skipped too.
    """
    body = tree.find(".//body")
    root = body if body is not None else tree
    containers = _containers_of_blocks(root)
    container = _best_container(list(_blocks(root, containers, by_class=False)))
    if container is None:
        return []
    return [
        text
        for element, text in _blocks(container, containers, by_class=True)
        if _link_density(element, text) <= MAX_LINK_DENSITY
    ]
