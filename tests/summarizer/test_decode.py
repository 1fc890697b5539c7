"""Charset decoding: BOM, HTTP charset, <meta> prescan, strict UTF-8, windows-1252; never a guess."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.decode import decode_html, encoding_for_label, fix_mojibake, sniff_meta_charset

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
FRENCH = "Où est passé l’été ? « Déjà là », répond Chloé à l’œil vif — même à Noël."


def _page(charset_tag: str, text: str = FRENCH) -> str:
    return f"<html><head>{charset_tag}<title>t</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("utf-8", "utf-8"),
        (" UTF8 ", "utf-8"),
        ('"utf-8"', "utf-8"),
        ("iso-8859-1", "cp1252"),
        ("ISO_8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("latin-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("windows-1252", "cp1252"),
        ("iso-8859-15", "iso8859-15"),
        ("koi8-r", "koi8-r"),
        ("shift_jis", "shift_jis"),
        ("gb2312", "gb18030"),
        ("x-unknown-charset", None),
        ("", None),
        (None, None),
    ],
)
def test_labels_follow_the_whatwg_table(label: str | None, codec: str | None) -> None:
    assert encoding_for_label(label) == codec


def test_utf8_bom_beats_http_and_meta() -> None:
    body = b"\xef\xbb\xbf" + _page('<meta charset="windows-1252">').encode("utf-8")
    assert FRENCH in decode_html(body, "iso-8859-1")


def test_utf16_bom() -> None:
    body = b"\xff\xfe" + _page("").encode("utf-16-le")
    assert FRENCH in decode_html(body)


def test_http_charset_beats_meta() -> None:
    body = _page('<meta charset="utf-8">').encode("cp1252")
    assert FRENCH in decode_html(body, "windows-1252")


def test_wrong_http_charset_falls_through_without_replacement_characters() -> None:
    body = _page('<meta charset="windows-1252">').encode("cp1252")
    text = decode_html(body, "utf-8")
    assert FRENCH in text
    assert "\ufffd" not in text


def test_latin1_server_default_on_a_utf8_page_is_read_as_utf8() -> None:
    # Apache's old "charset=ISO-8859-1" default in front of a UTF-8 page.
    body = _page('<meta charset="utf-8">').encode("utf-8")
    assert FRENCH in decode_html(body, "ISO-8859-1")


@pytest.mark.parametrize(
    "tag",
    [
        '<meta charset="windows-1252">',
        "<meta charset=iso-8859-1>",
        "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'>",
        '<meta content="text/html; charset=latin1" http-equiv="content-type" />',
    ],
)
def test_meta_declarations_read_as_windows_1252(tag: str) -> None:
    # "’", "œ" and "—" only exist in windows-1252, not in ISO-8859-1: browsers use the superset.
    assert FRENCH in decode_html(_page(tag).encode("cp1252"))


def test_meta_in_a_comment_is_ignored() -> None:
    body = _page('<!-- <meta charset="koi8-r"> -->').encode("utf-8")
    assert FRENCH in decode_html(body)


def test_no_declaration_utf8_then_windows_1252() -> None:
    assert FRENCH in decode_html(_page("").encode("utf-8"))
    assert FRENCH in decode_html(_page("").encode("cp1252"))


def test_unknown_label_falls_through() -> None:
    assert FRENCH in decode_html(_page('<meta charset="x-martian">').encode("utf-8"), "x-martian")


def test_late_meta_for_a_legacy_encoding_is_found_in_head() -> None:
    russian = "Привет, мир: это проверка кодировки."
    filler = "<script>" + "var x = 1;\n" * 600 + "</script>"
    body = f'<html><head>{filler}<meta charset="koi8-r"></head><body><p>{russian}</p></body></html>'
    assert russian in decode_html(body.encode("koi8-r"))


def test_meta_utf16_label_means_utf8() -> None:
    assert sniff_meta_charset(b'<meta charset="utf-16">') == "utf-8"


def test_undefined_windows_1252_bytes_do_not_raise() -> None:
    text = decode_html(b"<p>caf\xe9 \x81\x8d\x8f\x90\x9d</p>")
    assert "café" in text
    assert "\ufffd" not in text


def test_utf8_page_with_a_stray_windows_1252_byte_keeps_its_accents() -> None:
    # One byte pasted from a windows-1252 source into a UTF-8 page.
    body = f"<p>{FRENCH} Caf".encode() + b"\xe9</p>"
    text = decode_html(body)
    assert FRENCH in text
    assert "Café" in text


@pytest.mark.parametrize(
    ("name", "http_charset"),
    [
        ("article_fr.html", None),
        ("article_cp1252_meta.html", None),
        ("article_cp1252_nometa.html", None),
        ("article_cp1252_nometa.html", "windows-1252"),
        ("article_latin1_label.html", None),
        ("article_bom_utf8.html", None),
        ("article_bom_utf16.html", None),
    ],
)
def test_fixture_pages_decode_to_the_same_text(name: str, http_charset: str | None) -> None:
    text = decode_html((PAGES / name).read_bytes(), http_charset)
    assert "l’association a remis en circulation plus de cent quarante vélos" in text
    assert "Ã" not in text and "â€" not in text and "\ufffd" not in text


@pytest.mark.parametrize(
    ("garbled", "fixed"),
    [
        ("Ã©tÃ© Ã  la plage", "été à la plage"),
        ("Ã©tÃ© Ã\u00a0 la plage", "été à la plage"),
        ("SÃO PAULO", "SÃO PAULO"),
        ("lâ€™Ã©cole", "l’école"),
        ("Â« Oui Â»", "« Oui »"),
        ("ðŸ˜€", "😀"),
        ("50 â‚¬", "50 €"),
    ],
)
def test_fix_mojibake_repairs_double_encoding(garbled: str, fixed: str) -> None:
    assert fix_mojibake(garbled) == fixed


@pytest.mark.parametrize("text", ["«ÉTÉ»", "CAFÉ…", "L’ÉTÉ–", "Ça va", "naïve", "Ô»"])
def test_fix_mojibake_leaves_real_french_alone(text: str) -> None:
    assert fix_mojibake(text) == text


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([None, "utf-8", "iso-8859-1", "x-bogus", "koi8-r"]))
def test_any_bytes_decode_without_error_or_replacement_character(data: bytes, charset: str | None) -> None:
    text = decode_html(data, charset)
    assert "\ufffd" not in text or b"\xef\xbf\xbd" in data or data.startswith((b"\xff\xfe", b"\xfe\xff"))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abcdefgh éèàùçâêîôûëïüœ’«»—…", max_size=200))
def test_french_text_round_trips_in_utf8_and_windows_1252(text: str) -> None:
    assert decode_html(text.encode("utf-8")) == text
    legacy = text.encode("cp1252")
    try:
        legacy.decode("utf-8")
    except UnicodeDecodeError:
        assert decode_html(legacy) == text
