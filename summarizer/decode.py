"""Bytes to text the way browsers do it, without any statistical guess.

Order: byte-order mark, then the HTTP ``charset``, then ``<meta charset>``/``http-equiv`` found by a
prescan of the document start, then strict UTF-8, then windows-1252. Labels go through a WHATWG-style
table, so ``iso-8859-1``, ``latin-1`` and ``us-ascii`` mean windows-1252 as in every browser; unknown
labels are ignored. A declaration that cannot be right (a "UTF-8" page with invalid bytes) falls
through to the next step instead of producing replacement characters.

Two checks on the bytes themselves (validity, not statistics) keep accents intact where the rules
alone would garble a whole page: a windows-1252/latin-1 label over bytes that are entirely valid,
non-ASCII UTF-8 is a server default left on a UTF-8 page, so UTF-8 wins; and a UTF-8 page with a few
stray windows-1252 bytes pasted in is read as UTF-8 with those bytes read as windows-1252, instead of
reading every "é" of the page as "Ã©".
"""

from __future__ import annotations

import codecs
import logging
import re

__all__ = ["decode_html", "encoding_for_label", "fix_mojibake", "sniff_meta_charset"]

logger = logging.getLogger(__name__)

PRESCAN_BYTES = 4096  # where browsers look for <meta charset> before anything else
HEAD_SCAN_BYTES = 65536  # second look, within <head>, when a late declaration is all we have

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.S)
_META = re.compile(rb"<meta[\s/]([^>]*)>?", re.I)
_ATTR = re.compile(rb"""([^\s=/>]+)\s*(?:=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?""")
_CONTENT_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([^\s"';]+)""", re.I)
_XML_DECL = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']""")
_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.I)


def _whatwg_1252_errors(error: UnicodeError) -> tuple[str, int]:
    # The five bytes cp1252 leaves undefined map to the C1 controls of the same value (WHATWG).
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(chr(b) for b in bad), error.end


def _utf8_or_1252_errors(error: UnicodeError) -> tuple[str, int]:
    # Pages built from a UTF-8 template with pasted windows-1252 snippets: read the stray bytes as 1252.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="whatwg-1252"), error.end


codecs.register_error("whatwg-1252", _whatwg_1252_errors)
codecs.register_error("utf8-or-1252", _utf8_or_1252_errors)


def _labels(codec: str, *labels: str) -> dict[str, str]:
    return dict.fromkeys(labels, codec)


# The common labels of the WHATWG Encoding Standard, mapped to Python codecs. Latin-1 and ASCII are
# read as windows-1252, a superset, as browsers do; "latin-1" is not a WHATWG label but is common.
WHATWG_LABELS: dict[str, str] = {
    **_labels(
        "utf-8", "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"
    ),
    **_labels(
        "cp1252",
        "windows-1252",
        "cp1252",
        "x-cp1252",
        "iso-8859-1",
        "iso8859-1",
        "iso88591",
        "iso_8859-1",
        "iso_8859-1:1987",
        "iso-ir-100",
        "latin1",
        "latin-1",
        "l1",
        "csisolatin1",
        "ibm819",
        "cp819",
        "us-ascii",
        "ascii",
        "ansi_x3.4-1968",
    ),
    **_labels("iso8859-15", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "csisolatin9", "l9"),
    **_labels(
        "iso8859-2", "iso-8859-2", "iso8859-2", "iso88592", "iso_8859-2", "latin2", "l2", "csisolatin2"
    ),
    **_labels("cp1250", "windows-1250", "cp1250", "x-cp1250"),
    **_labels("cp1251", "windows-1251", "cp1251", "x-cp1251"),
    **_labels("cp1253", "windows-1253", "cp1253", "x-cp1253"),
    **_labels("cp1254", "windows-1254", "cp1254", "x-cp1254", "iso-8859-9", "iso8859-9", "latin5", "l5"),
    **_labels("cp1256", "windows-1256", "cp1256", "x-cp1256"),
    **_labels("iso8859-5", "iso-8859-5", "iso8859-5", "iso88595", "cyrillic", "csisolatincyrillic"),
    **_labels("iso8859-7", "iso-8859-7", "iso8859-7", "iso88597", "greek", "greek8"),
    **_labels("koi8-r", "koi8-r", "koi8_r", "koi8", "koi", "cskoi8r"),
    **_labels("koi8-u", "koi8-u", "koi8-ru"),
    **_labels(
        "shift_jis", "shift_jis", "shift-jis", "sjis", "ms_kanji", "csshiftjis", "windows-31j", "x-sjis"
    ),
    **_labels("euc_jp", "euc-jp", "cseucpkdfmtjapanese", "x-euc-jp"),
    **_labels("iso2022_jp", "iso-2022-jp", "csiso2022jp"),
    **_labels("cp949", "euc-kr", "ks_c_5601-1987", "windows-949", "cseuckr", "korean"),
    **_labels("gb18030", "gb18030", "gbk", "gb2312", "x-gbk", "cp936", "chinese", "csgb2312", "euc-cn"),
    **_labels("big5hkscs", "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"),
    **_labels("utf-16-le", "utf-16", "utf-16le"),
    **_labels("utf-16-be", "utf-16be"),
}


def encoding_for_label(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    return WHATWG_LABELS.get(label.strip().strip("\"'").lower())


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    attrs: dict[bytes, bytes] = {}
    for match in _ATTR.finditer(raw):
        name = match.group(1).lower()
        if name not in attrs:  # first occurrence wins, as in the HTML tokenizer
            attrs[name] = match.group(2) or match.group(3) or match.group(4) or b""
    return attrs


def sniff_meta_charset(head: bytes) -> str | None:
    """The codec declared by ``<meta charset>``, ``http-equiv`` or an XML declaration in ``head``."""
    xml = _XML_DECL.match(head)
    if xml:
        found = encoding_for_label(xml.group(1).decode("ascii", "replace"))
        if found:
            return _ascii_compatible(found)
    for meta in _META.finditer(_COMMENT.sub(b"", head)):
        attrs = _attributes(meta.group(1))
        label = attrs.get(b"charset")
        if label is None and attrs.get(b"http-equiv", b"").lower() == b"content-type":
            in_content = _CONTENT_CHARSET.search(attrs.get(b"content", b""))
            label = in_content.group(1) if in_content else None
        encoding = encoding_for_label(label.decode("ascii", "replace")) if label else None
        if encoding:
            return _ascii_compatible(encoding)
    return None


def _ascii_compatible(encoding: str) -> str:
    # A document whose <meta> could be read as ASCII is not UTF-16, whatever it claims (WHATWG).
    return "utf-8" if encoding.startswith("utf-16") else encoding


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        if encoding == "cp1252":
            return body.decode("cp1252", errors="whatwg-1252")
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_utf8(body: bytes) -> bool:
    """True when non-ASCII bytes exist and all of them form valid UTF-8 sequences."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(body: bytes) -> bool:
    """More well-formed multi-byte UTF-8 sequences than invalid bytes: a UTF-8 page with a few strays."""
    text = body.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    return valid > 2 * max(invalid, 1)


def _declared(body: bytes, encoding: str, source: str) -> str | None:
    # A legacy single-byte label over bytes that are valid, non-ASCII UTF-8 is a server default
    # ("charset=ISO-8859-1") left on a UTF-8 page; reading it as 1252 would garble every accent.
    if encoding == "cp1252" and _looks_utf8(body):
        logger.debug("%s charset says windows-1252 but the bytes are UTF-8", source)
        return body.decode("utf-8")
    text = _strict(body, encoding)
    if text is None:
        logger.debug("%s charset %s does not fit the bytes; trying the next rule", source, encoding)
    return text


def decode_html(body: bytes, http_charset: str | None = None) -> str:
    """Decode a page body to text: BOM, HTTP charset, meta prescan, strict UTF-8, windows-1252."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            if encoding == "utf-8":
                return body[len(bom) :].decode("utf-8", errors="utf8-or-1252")
            return body[len(bom) :].decode(encoding, errors="replace").replace("\ufffd", "")
    http_encoding = encoding_for_label(http_charset)
    if http_encoding:
        text = _declared(body, http_encoding, "HTTP")
        if text is not None:
            return text
    meta_encoding = sniff_meta_charset(body[:PRESCAN_BYTES])
    if meta_encoding:
        text = _declared(body, meta_encoding, "meta")
        if text is not None:
            return text
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if not meta_encoding:
        late = _late_meta_charset(body)
        if late and late not in ("utf-8", "cp1252"):
            text = _strict(body, late)
            if text is not None:
                return text
    if _mostly_utf8(body):
        return body.decode("utf-8", errors="utf8-or-1252")
    return body.decode("cp1252", errors="whatwg-1252")


def _late_meta_charset(body: bytes) -> str | None:
    # Some pages declare their charset after 4 KB of scripts; look again, but only inside <head>.
    end = _HEAD_END.search(body, 0, HEAD_SCAN_BYTES)
    return sniff_meta_charset(body[: end.start() if end else HEAD_SCAN_BYTES])


# UTF-8 text that was once read as windows-1252: "Ã©" for "é", "â€™" for "’", "Â " for a no-break space.
# One class holds what the bytes 0x80-0xBF become in windows-1252 (UTF-8 continuation bytes).
_CONT = "[" + re.escape(bytes(range(0x80, 0xC0)).decode("cp1252", errors="whatwg-1252")) + "]"
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}")


# What a repaired sequence may become: accented Latin letters, punctuation, currency, ™, emoji. An
# uppercase "É" before "»" or "…" also looks like a lead byte, and must stay as it is.
_PLAUSIBLE = ((0xA0, 0x17F), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x214F), (0x1F000, 0x1FAFF))


_LOST_A_GRAVE = re.compile(r"(?<![A-ZÀ-Ý])Ã  ?")


def _repair(match: re.Match[str]) -> str:
    try:
        fixed = match.group(0).encode("cp1252").decode("utf-8")
    except UnicodeError:
        return match.group(0)
    code = ord(fixed)
    return fixed if any(low <= code <= high for low, high in _PLAUSIBLE) else match.group(0)


def fix_mojibake(text: str) -> str:
    """Undo double encoding where a sequence re-encodes to plausible UTF-8; leave anything else as is."""
    if not _MOJIBAKE.search(text):
        return text
    fixed = _MOJIBAKE.sub(_repair, text)
    if fixed != text:
        # "à" is C3 A0: once the no-break space has become a plain space, only "Ã " is left of it.
        fixed = _LOST_A_GRAVE.sub("à ", fixed)
    return fixed
