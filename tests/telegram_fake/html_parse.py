"""Telegram's HTML parse mode: turn a message source into plain text plus entities, or refuse it.

Rules follow https://core.telegram.org/bots/api#html-style: only the listed tags, `&lt; &gt; &amp; &quot;`
and numeric entities.  One deliberate strictness: a bare `&` directly followed by a name or `#` without a
closing `;` (for example an unescaped "AT&T") is refused, since the API documents that every `&` outside an
entity must be escaped and a bot relying on the server's leniency is a bug waiting to happen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .models import JSON, ApiError, bad_request

SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME = re.compile(r"[A-Za-z0-9-]*")
_ATTRIBUTE = re.compile(r"\s*([A-Za-z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
_SPECIAL = re.compile(r"[<&]")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*)(;?)")


def utf16_len(text: str) -> int:
    """Length the way Telegram counts offsets and limits: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _fail(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


@dataclass
class _Open:
    tag: str
    start: int  # UTF-16 offset in the output text
    entity: JSON
    language: str | None = None


@dataclass
class _Parser:
    source: str
    out: list[str] = field(default_factory=list)
    length: int = 0
    stack: list[_Open] = field(default_factory=list)
    entities: list[JSON] = field(default_factory=list)

    def byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode("utf-8"))

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.length += utf16_len(text)

    def run(self) -> tuple[str, list[JSON]]:
        i = 0
        while i < len(self.source):
            char = self.source[i]
            if char == "&":
                i = self.character_entity(i)
            elif char == "<":
                i = self.end_tag(i) if self.source.startswith("</", i) else self.start_tag(i)
            else:
                # Plain text up to the next markup character, in one piece (keeps long texts fast).
                match = _SPECIAL.search(self.source, i)
                end = match.start() if match else len(self.source)
                self.emit(self.source[i:end])
                i = end
        if self.stack:
            raise _fail(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def character_entity(self, i: int) -> int:
        match = _ENTITY.match(self.source, i)
        if match is None:  # "&" followed by a space, punctuation or the end: taken literally
            self.emit("&")
            return i + 1
        name, semicolon = match.groups()
        if not semicolon:
            raise _fail(f"Character entity expected a closing ';' at byte offset {self.byte_offset(i)}")
        if name.startswith("#"):
            number = int(name[2:], 16) if name[1:2] in "xX" else int(name[1:])
            if number == 0 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
                raise _fail(f"Wrong character entity at byte offset {self.byte_offset(i)}")
            self.emit(chr(number))
        elif name.lower() in NAMED_ENTITIES:
            self.emit(NAMED_ENTITIES[name.lower()])
        else:  # unknown named entity such as &nbsp;: Telegram keeps it as typed
            self.emit(match.group(0))
        return match.end()

    def start_tag(self, i: int) -> int:
        name_match = _TAG_NAME.match(self.source, i + 1)
        assert name_match is not None  # the pattern accepts the empty string
        tag = name_match.group(0).lower()
        if tag not in SIMPLE_TAGS and tag not in {"a", "span", "blockquote", "tg-emoji"}:
            raise _fail(f'Unsupported start tag "{tag}" at byte offset {self.byte_offset(i)}')
        attributes, end = self.attributes(i, name_match.end())
        entity = self.entity_for(tag, attributes, i)
        opened = _Open(tag, self.length, entity)
        if tag == "code" and attributes.get("class", "").startswith("language-"):
            opened.language = attributes["class"].removeprefix("language-")
        self.stack.append(opened)
        return end

    def attributes(self, tag_start: int, i: int) -> tuple[dict[str, str], int]:
        found: dict[str, str] = {}
        while True:
            close = self.source.find(">", i)
            if close == -1:
                raise _fail(f"Unclosed start tag at byte offset {self.byte_offset(tag_start)}")
            rest = self.source[i:close].strip()
            if not rest or rest == "/":
                return found, close + 1
            match = _ATTRIBUTE.match(self.source, i)
            if match is None or match.end() == i:
                raise _fail(f"Invalid attribute in start tag at byte offset {self.byte_offset(tag_start)}")
            value = (match.group(2) or "").strip("\"'")
            found[match.group(1).lower()] = _decode_attribute(value)
            i = match.end()

    def entity_for(self, tag: str, attributes: dict[str, str], i: int) -> JSON:
        if tag in SIMPLE_TAGS:
            return {"type": SIMPLE_TAGS[tag]}
        if tag == "span":
            if attributes.get("class") != "tg-spoiler":
                raise _fail(f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(i)}')
            return {"type": "spoiler"}
        if tag == "a":
            href = attributes.get("href", "")
            if not href:
                raise _fail(f"Can't find the URL of the link at byte offset {self.byte_offset(i)}")
            return {"type": "text_link", "url": href}
        if tag == "tg-emoji":
            if not attributes.get("emoji-id", "").isdigit():
                raise _fail(f"Invalid custom emoji identifier specified at byte offset {self.byte_offset(i)}")
            return {"type": "custom_emoji", "custom_emoji_id": attributes["emoji-id"]}
        expandable = "expandable" in attributes
        return {"type": "expandable_blockquote" if expandable else "blockquote"}

    def end_tag(self, i: int) -> int:
        close = self.source.find(">", i)
        if close == -1:
            raise _fail(f"Unclosed end tag at byte offset {self.byte_offset(i)}")
        tag = self.source[i + 2 : close].strip().lower()
        if not self.stack:
            raise _fail(f"Unexpected end tag at byte offset {self.byte_offset(i)}")
        opened = self.stack[-1]
        if opened.tag != tag:
            raise _fail(
                f'Unmatched end tag at byte offset {self.byte_offset(i)}, expected "</{opened.tag}>", '
                f'found "</{tag}>"'
            )
        self.stack.pop()
        self.close(opened)
        return close + 1

    def close(self, opened: _Open) -> None:
        parent = self.stack[-1] if self.stack else None
        if opened.tag == "code" and parent is not None and parent.tag == "pre":
            # <pre><code class="language-x"> is one pre entity carrying the language
            if opened.language:
                parent.entity["language"] = opened.language
            return
        length = self.length - opened.start
        if length > 0:
            self.entities.append({**opened.entity, "offset": opened.start, "length": length})


def _decode_attribute(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#"):
            return chr(int(name[2:], 16) if name[1:2] in "xX" else int(name[1:]))
        return NAMED_ENTITIES.get(name.lower(), match.group(0))

    return _ENTITY.sub(replace, value)


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Plain text and entities (UTF-16 offsets) of an HTML-formatted text; ApiError 400 if refused."""
    return _Parser(source).run()
