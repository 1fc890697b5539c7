"""The text a reader gets by selecting a whole web page in a browser and copying it.

Used by ``bench_reader.py`` to feed the product what a user pastes: everything the page shows,
menus and cookie banners included, one line per block element. Approximates a browser's
"select all, copy": the ``<body>`` only; ``script``, ``style``, ``noscript``, ``template``,
``svg`` (and other non-text embeds) dropped, as are elements hidden with the ``hidden`` attribute
or an inline ``display:none`` / ``visibility:hidden`` style (CSS files are not applied); source
whitespace is one space (line breaks kept inside ``<pre>``); block elements and ``<br>`` start
new lines; blank lines go.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

DROPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object", "canvas"}
)
BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol",
        "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
BREAK = "\x00"  # where a block or a <br> starts or ends a line
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # source whitespace, line breaks included, shows as one space
_SPACES = re.compile(r"[ \t\r\f\v]+")


def _hidden(element: lxml_html.HtmlElement) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style") or ""))


def _text(text: str | None, pre: bool) -> str:
    if not text:
        return ""
    return text.replace("\r\n", "\n").replace("\n", BREAK) if pre else _HTML_SPACE.sub(" ", text)


def _pieces(root: lxml_html.HtmlElement) -> list[str]:
    """Text pieces in document order, BREAK around blocks (iterative: pages nest deeply).

    Stack entries are (element, closing, inside <pre>). A child's tail is its parent's text: it is
    written when the child closes, or at once for a child that is not shown."""
    out: list[str] = []
    stack: list[tuple[lxml_html.HtmlElement, bool, bool]] = [(root, False, False)]
    while stack:
        element, closing, pre = stack.pop()
        tag = element.tag.lower().rsplit("}", 1)[-1] if isinstance(element.tag, str) else None
        tail = _text(element.tail, pre) if element is not root else ""
        if closing:
            out.extend([BREAK if tag in BLOCKS else "", tail])
            continue
        if tag is None or tag in DROPPED or _hidden(element):
            out.append(tail)  # comments, processing instructions, dropped or hidden elements
            continue
        inner = pre or tag == "pre"
        if tag in BLOCKS or tag == "br":
            out.append(BREAK)
        out.append(_text(element.text, inner))
        stack.append((element, True, pre))
        stack.extend((child, False, inner) for child in reversed(element))
    return out


def visible_text(page: str) -> str:
    """The page's visible text, one line per block, as a whole-page copy would paste it."""
    document = lxml_html.document_fromstring(
        page.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8")
    )
    body = document.find("body")
    text = "".join(_pieces(body if body is not None else document))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split(BREAK))
    return "\n".join(line for line in lines if line)
