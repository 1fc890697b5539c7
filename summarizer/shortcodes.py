"""WordPress and BBCode shortcodes that leak into extracted text: ``[caption …]…[/caption]``…

Captions, embeds and widgets go with what they enclose; page-builder layout tags and formatting
BBCode keep their text; footnote calls such as "[1]", "[sic]" or "[…]" are left alone.
"""

from __future__ import annotations

import re

__all__ = ["strip_shortcodes"]

# Shortcodes whose content is a caption, an embed or a widget: dropped with what they enclose.
_MEDIA_CODES = (
    "caption|wp_caption|embed|gallery|video|audio|playlist|soundcloud|youtube|vimeo|tweet|twitter|"
    "instagram|facebook|iframe|contact-form(?:-7)?|gravityforms?|button|newsletter|mailpoet"
)
# A caption may span lines; the bound keeps an unclosed tag from swallowing the article.
_MEDIA_BLOCK = re.compile(rf"\[({_MEDIA_CODES})\b[^\]]*\].{{0,600}}?\[/\1\]", re.I | re.S)
_MEDIA_TAG = re.compile(rf"\[/?(?:{_MEDIA_CODES})\b[^\]]*\]", re.I)
# Page-builder layout (Visual Composer, Divi, Avada…) and formatting BBCode keep their text.
_LAYOUT_TAG = re.compile(r"\[/?(?:vc|et_pb|fusion|av|cs|tdb)_[a-z0-9_]*\b[^\]]*\]", re.I)
_FORMAT_TAG = re.compile(
    r"\[/?(?:b|i|u|s|em|strong|url|quote|color|size|font|center|left|right|spoiler)\b(?:=[^\]]*)?\]", re.I
)
# Any other shortcode that carries attributes: [foo id="1"] (never "[1]", "[sic]" or "[…]").
_ATTR_TAG = re.compile(r"""\[([a-z][\w-]*)(?:\s+[\w-]+=(?:"[^"]*"|'[^']*'|[^\s\]"']+))+\s*/?\]""", re.I)


def strip_shortcodes(text: str) -> str:
    """Remove WordPress/BBCode shortcodes; captions and embeds go with their content."""
    if "[" not in text:
        return text
    text = _MEDIA_BLOCK.sub(" ", text)
    text = _MEDIA_TAG.sub(" ", text)
    text = _LAYOUT_TAG.sub(" ", text)
    text = _FORMAT_TAG.sub("", text)
    names = {match.group(1) for match in _ATTR_TAG.finditer(text)}
    text = _ATTR_TAG.sub(" ", text)
    for name in names:  # closing tags of the shortcodes just removed: [/foo]
        text = re.sub(rf"\[/{re.escape(name)}\]", " ", text, flags=re.I)
    return text
