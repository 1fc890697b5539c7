"""Callback data of every inline button: compact strings (Telegram allows 64 bytes), built and parsed here.

Each action is a small frozen dataclass; ``encode`` turns it into ``"<tag>:<field>:…"`` and ``parse``
turns such a string back, or returns None for anything it does not know (old buttons, forged data).
Handlers match on the dataclass type, never on raw strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

MAX_BYTES = 64


@dataclass(frozen=True, slots=True)
class ResizeSummary:
    """Show the stored summary of ``article_id`` with ``sentences`` sentences (longer/shorter buttons)."""

    article_id: int
    sentences: int


@dataclass(frozen=True, slots=True)
class SetLength:
    """Settings: default summary length."""

    sentences: int


@dataclass(frozen=True, slots=True)
class SetDelivery:
    """Settings: immediate delivery, a daily digest, or no subscription."""

    mode: Literal["immediate", "digest", "off"]


@dataclass(frozen=True, slots=True)
class SetDigestHour:
    hour: int


CallbackAction = ResizeSummary | SetLength | SetDelivery | SetDigestHour

_DELIVERY: dict[str, Literal["immediate", "digest", "off"]] = {"i": "immediate", "d": "digest", "o": "off"}
_DELIVERY_CODE = {mode: code for code, mode in _DELIVERY.items()}


def encode(action: CallbackAction) -> str:
    match action:
        case ResizeSummary(article_id, sentences):
            data = f"r:{article_id}:{sentences}"
        case SetLength(sentences):
            data = f"l:{sentences}"
        case SetDelivery(mode):
            data = f"m:{_DELIVERY_CODE[mode]}"
        case SetDigestHour(hour):
            data = f"h:{hour}"
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def _ints(parts: list[str], count: int) -> list[int] | None:
    if len(parts) != count or not all(p.isdigit() and len(p) <= 19 for p in parts):
        return None
    return [int(p) for p in parts]


def parse(data: object) -> CallbackAction | None:
    """The action behind ``data``, or None when it is not one of ours or is malformed."""
    if not isinstance(data, str):
        return None
    tag, _, rest = data.partition(":")
    parts = rest.split(":")
    if tag == "r" and (nums := _ints(parts, 2)):
        return ResizeSummary(article_id=nums[0], sentences=nums[1])
    if tag == "l" and (nums := _ints(parts, 1)):
        return SetLength(sentences=nums[0])
    if tag == "m" and rest in _DELIVERY:
        return SetDelivery(mode=_DELIVERY[rest])
    if tag == "h" and (nums := _ints(parts, 1)) and nums[0] < 24:
        return SetDigestHour(hour=nums[0])
    return None


def matches(kind: type[CallbackAction]) -> Callable[[object], bool]:
    """A CallbackQueryHandler pattern accepting only data that parses to ``kind``."""

    def check(data: object) -> bool:
        return isinstance(parse(data), kind)

    return check
