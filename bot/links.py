"""Finding the article link in a message: Telegram's own entities first, then a plain scan of the text."""

from __future__ import annotations

import re
import unicodedata

from telegram import Message, MessageEntity

_URL = re.compile(r"https?://[^\s<>\"«»]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"’»…"
_PROSE_END = re.compile(r"[.!?»”…]\s*$")
PROSE_LINE_WORDS = 12  # a line this long that ends a sentence is prose, not page chrome
ARTICLE_PROSE_WORDS = 150  # this much prose is an article's text, whatever links it holds


def visible(text: str) -> str:
    """``text`` without invisible format characters (zero-width space and joiners, word joiner,
    direction marks, BOM, soft hyphen…): apps glue them to copied links, where they would become
    part of the URL (a 404), and some insert them inside a link to keep it from being clickable."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def normalize(link: str) -> str | None:
    """An absolute http(s) URL for what a user typed ("exemple.fr/a" too), or None."""
    link = visible(link).strip().rstrip(_TRAILING)
    if not link or any(c.isspace() for c in link):
        return None
    if not re.match(r"^[a-z][a-z0-9+.-]*://", link, re.IGNORECASE):
        if "." not in link.split("/", 1)[0] or link.startswith(("@", "/")):
            return None
        link = "https://" + link
    return link if re.match(r"^https?://[^/\s]+", link, re.IGNORECASE) else None


def find_in_text(text: str | None) -> str | None:
    match = _URL.search(visible(text or ""))
    return normalize(match.group(0)) if match else None


def find_in_message(message: Message) -> str | None:
    """The first link of a message or of its caption (a text link's target counts)."""
    kinds: list[str | None] = [MessageEntity.URL, MessageEntity.TEXT_LINK]
    for entities in (message.parse_entities(kinds), message.parse_caption_entities(kinds)):
        for entity, text in sorted(entities.items(), key=lambda item: item[0].offset):
            found = normalize(entity.url if entity.type == MessageEntity.TEXT_LINK and entity.url else text)
            if found:
                return found
    return find_in_text(message.text or message.caption)


def message_text(message: Message) -> str:
    return message.text or message.caption or ""


def is_pasted_article(text: str) -> bool:
    """Whether a message is an article's text, pasted or forwarded, rather than a link with a few
    lines of page chrome around it (menus, a title, "Partager"): prose lines are counted, links aside.

    A pasted article often ends with its own link ("Lire sur le site : https://…"): the text is
    what the reader chose to send, so it is what gets summarized.
    """
    prose = 0
    for line in text.splitlines():
        words = len(_URL.sub(" ", line).split())
        if words >= PROSE_LINE_WORDS and _PROSE_END.search(line):
            prose += words
    return prose >= ARTICLE_PROSE_WORDS


def after_command(message: Message) -> str:
    """What follows the command in ``/resume …``, line breaks kept (a pasted text, or a link)."""
    parts = re.split(r"\s", message_text(message), maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""
