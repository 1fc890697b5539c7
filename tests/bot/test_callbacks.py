"""bot.callbacks: compact callback data, parsed in one place, refusing anything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.callbacks import (
    MAX_BYTES,
    CallbackAction,
    ResizeSummary,
    SetDelivery,
    SetDigestHour,
    SetLength,
    encode,
    matches,
    parse,
)

ACTIONS: list[CallbackAction] = [
    ResizeSummary(article_id=2**63 - 1, sentences=7),
    ResizeSummary(article_id=1, sentences=1),
    SetLength(sentences=5),
    SetDelivery(mode="immediate"),
    SetDelivery(mode="digest"),
    SetDelivery(mode="off"),
    SetDigestHour(hour=0),
    SetDigestHour(hour=23),
]


@pytest.mark.parametrize("action", ACTIONS)
def test_round_trip_and_size(action: CallbackAction) -> None:
    data = encode(action)
    assert len(data.encode()) <= MAX_BYTES
    assert parse(data) == action


@pytest.mark.parametrize(
    "data",
    [
        None,
        12,
        "",
        "r",
        "r:1",
        "r:1:2:3",
        "r:-1:2",
        "r:a:2",
        "l:",
        "m:x",
        "h:24",
        "h:-1",
        "x:1",
        "r:1:" + "9" * 30,
    ],
)
def test_garbage_is_refused(data: object) -> None:
    assert parse(data) is None


def test_matches_filters_by_kind() -> None:
    is_resize = matches(ResizeSummary)
    assert is_resize("r:3:2") is True
    assert is_resize("l:3") is False
    assert is_resize(None) is False


@settings(max_examples=100)
@given(st.text(max_size=70))
def test_parse_never_raises(data: str) -> None:
    action = parse(data)
    if action is not None:
        assert parse(encode(action)) == action
