"""Telegram's MarkdownV2 and legacy Markdown parse modes, strict where Telegram is strict.

MarkdownV2: every reserved character outside markup must be escaped with a backslash, as the Bot API
requires ("Character '.' is reserved and must be escaped with the preceding '\\'").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .html_parse import utf16_len
from .models import JSON, ApiError, bad_request

RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
V2_MARKERS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler"}
LEGACY_MARKERS = {"*": "bold", "_": "italic"}


def _fail(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


@dataclass
class _Markdown:
    source: str
    v2: bool
    out: list[str] = field(default_factory=list)
    length: int = 0
    open_marks: list[tuple[str, int, int]] = field(default_factory=list)  # marker, UTF-16 start, byte offset
    link_starts: list[tuple[int, int]] = field(default_factory=list)
    entities: list[JSON] = field(default_factory=list)

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.length += utf16_len(text)

    def byte_offset(self, i: int) -> int:
        return len(self.source[:i].encode("utf-8"))

    def run(self) -> tuple[str, list[JSON]]:
        i = 0
        markers = V2_MARKERS if self.v2 else LEGACY_MARKERS
        while i < len(self.source):
            char = self.source[i]
            pair = self.source[i : i + 2]
            if char == "\\" and i + 1 < len(self.source) and (self.v2 or self.source[i + 1] in "_*`["):
                self.emit(self.source[i + 1])
                i += 2
            elif char == "`":
                i = self.code(i)
            elif char == "[":
                self.link_starts.append((self.length, i))
                i += 1
            elif char == "]" and self.link_starts:
                i = self.link_end(i)
            elif self.v2 and char == ">" and (i == 0 or self.source[i - 1] == "\n"):
                i = self.quote(i)
            elif self.v2 and pair in markers:
                i = self.toggle(pair, i)
            elif char in markers:
                i = self.toggle(char, i)
            elif self.v2 and char in RESERVED:
                raise _fail(f"Character '{char}' is reserved and must be escaped with the preceding '\\'")
            else:
                self.emit(char)
                i += 1
        self.finish()
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def finish(self) -> None:
        if self.open_marks:
            marker, _, offset = self.open_marks[-1]
            kind = (V2_MARKERS if self.v2 else LEGACY_MARKERS)[marker]
            if self.v2:
                raise _fail(f"Can't find end of {kind.capitalize()} entity at byte offset {offset}")
            raise _fail(f"Can't find end of the entity starting at byte offset {offset}")
        if self.link_starts:
            offset = self.byte_offset(self.link_starts[-1][1])
            raise _fail(f"Can't find end of TextUrl entity at byte offset {offset}")

    def toggle(self, marker: str, i: int) -> int:
        if self.open_marks and self.open_marks[-1][0] == marker:
            _, start, _ = self.open_marks.pop()
            kind = (V2_MARKERS if self.v2 else LEGACY_MARKERS)[marker]
            if self.length > start:
                self.entities.append({"type": kind, "offset": start, "length": self.length - start})
        else:
            self.open_marks.append((marker, self.length, self.byte_offset(i)))
        return i + len(marker)

    def code(self, i: int) -> int:
        fence = "```" if self.source.startswith("```", i) else "`"
        end = self.source.find(fence, i + len(fence))
        if end == -1:
            kind = "Pre" if fence == "```" else "Code"
            raise _fail(f"Can't find end of {kind} entity at byte offset {self.byte_offset(i)}")
        body = self.source[i + len(fence) : end]
        entity: JSON = {"type": "code"}
        if fence == "```":
            entity = {"type": "pre"}
            first, newline, rest = body.partition("\n")
            if newline and first and " " not in first:
                entity["language"], body = first, rest
        if self.v2:
            body = body.replace("\\`", "`").replace("\\\\", "\\")
        start = self.length
        self.emit(body)
        if self.length > start:
            self.entities.append({**entity, "offset": start, "length": self.length - start})
        return end + len(fence)

    def link_end(self, i: int) -> int:
        start, _ = self.link_starts.pop()
        if not self.source.startswith("(", i + 1):
            if self.v2:
                raise _fail("Character ']' is reserved and must be escaped with the preceding '\\'")
            self.emit("]")
            return i + 1
        close = self.source.find(")", i + 2)
        while close != -1 and self.v2 and self.source[close - 1] == "\\":
            close = self.source.find(")", close + 1)
        if close == -1:
            raise _fail(f"Can't find end of a URL at byte offset {self.byte_offset(i)}")
        url = self.source[i + 2 : close].replace("\\)", ")").replace("\\\\", "\\")
        if self.length > start and url:
            self.entities.append(
                {"type": "text_link", "offset": start, "length": self.length - start, "url": url}
            )
        return close + 1

    def quote(self, i: int) -> int:
        end = self.source.find("\n", i)
        line_end = len(self.source) if end == -1 else end
        start = self.length
        inner = _Markdown(self.source[i + 1 : line_end], v2=True)
        text, inner_entities = inner.run()
        self.emit(text)
        for entity in inner_entities:
            self.entities.append({**entity, "offset": entity["offset"] + start})
        previous = self.entities[-1] if self.entities else None
        if (
            previous
            and previous["type"] == "blockquote"
            and previous["offset"] + previous["length"] + 1 == start
        ):
            previous["length"] = self.length - previous["offset"]  # consecutive quoted lines: one quote
        elif self.length > start:
            self.entities.append({"type": "blockquote", "offset": start, "length": self.length - start})
        return line_end


def parse_markdown_v2(source: str) -> tuple[str, list[JSON]]:
    """Plain text and entities of a MarkdownV2 text; ApiError 400 when Telegram would refuse it."""
    return _Markdown(source, v2=True).run()


def parse_markdown(source: str) -> tuple[str, list[JSON]]:
    """The legacy Markdown mode: *bold*, _italic_, `code`, ```pre```, [text](url); no escaping rules."""
    return _Markdown(source, v2=False).run()
