"""Unit tests of the fake's text rules: HTML and Markdown parse modes, entity detection, UTF-16 counts."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram.helpers import escape_markdown

from tests.telegram_fake import ApiError, detect_entities
from tests.telegram_fake.html_parse import parse_html, utf16_len
from tests.telegram_fake.markdown import parse_markdown, parse_markdown_v2
from tests.telegram_fake.validation import formatted_text


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escaped_text_parses_back_to_itself(text: str) -> None:
    assert parse_html(html.escape(text)) == (text, [])
    assert parse_html(html.escape(text, quote=False)) == (text, [])
    assert parse_markdown_v2(escape_markdown(text, version=2)) == (text, [])


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1), st.sampled_from(["b", "i", "u", "s", "code", "tg-spoiler"]))
def test_entity_offsets_count_utf16_units(text: str, tag: str) -> None:
    prefix = "😀é"
    plain, entities = parse_html(f"{prefix}<{tag}>{html.escape(text)}</{tag}>")
    assert plain == prefix + text
    assert entities[0]["offset"] == 3
    assert entities[0]["length"] == utf16_len(text)


@pytest.mark.parametrize(
    "source",
    [
        "<b>",
        "</b>",
        "<b><i>x</b></i>",
        "a < b",
        "<script>",
        "<a href=x",
        "AT&T",
        "&#0;",
        "&#x110000;",
        "<span>x</span>",
    ],
)
def test_refused_html(source: str) -> None:
    with pytest.raises(ApiError) as refused:
        parse_html(source)
    assert refused.value.code == 400
    assert refused.value.description.startswith("Bad Request: can't parse entities: ")


def test_nested_html_and_attributes() -> None:
    text, entities = parse_html(
        "<B>gras <I>et</I></B> <a href='https://x.fr/?q=&quot;a&quot;'>lien</a> a > b & c"
    )
    assert text == "gras et lien a > b & c"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 7},
        {"type": "italic", "offset": 5, "length": 2},
        {"type": "text_link", "url": 'https://x.fr/?q="a"', "offset": 8, "length": 4},
    ]


def test_trimming_and_limits_are_applied_after_parsing() -> None:
    assert formatted_text("  \n<b>x</b>\n ", "HTML", None) == (
        "x",
        [{"type": "bold", "offset": 0, "length": 1}],
    )
    with pytest.raises(ApiError, match="message text is empty"):
        formatted_text("<b> </b>", "HTML", None)
    with pytest.raises(ApiError, match="unsupported parse_mode"):
        formatted_text("x", "BBCode", None)
    assert formatted_text("ok", None, [{"type": "bold", "offset": 0, "length": 2}])[1][0]["type"] == "bold"


def test_markdown_modes() -> None:
    text, entities = parse_markdown_v2(r"*Titre* \- [lire](https://a.fr/x\)y) ||chut||")
    assert text == "Titre - lire chut"
    assert [e["type"] for e in entities] == ["bold", "text_link", "spoiler"]
    assert entities[1]["url"] == "https://a.fr/x)y"
    assert parse_markdown("*gras* 1+1=2.")[0] == "gras 1+1=2."
    with pytest.raises(ApiError, match="Can't find end of the entity"):
        parse_markdown("*gras")
    with pytest.raises(ApiError, match="Character '!' is reserved"):
        parse_markdown_v2("Bravo !")


def test_entities_detected_in_typed_text() -> None:
    text = "/resume@resume_test_bot https://site.fr/a, lemonde.fr. @camille_r écrit à jean.d@ex.fr"
    found = {text[e["offset"] : e["offset"] + e["length"]]: e["type"] for e in detect_entities(text)}
    assert found == {
        "/resume@resume_test_bot": "bot_command",
        "https://site.fr/a": "url",
        "lemonde.fr": "url",
        "@camille_r": "mention",
        "jean.d@ex.fr": "email",
    }
    assert detect_entities("pas de lien ici, 3.5 euros, a/b") == []
