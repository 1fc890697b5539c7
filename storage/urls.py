"""Canonical article URLs: the key under which an article, a feed item or a request is stored.

Two links to the same article should give the same key, so the cache and "already seen" checks
work: tracking parameters are removed, the fragment is dropped, the host is lower-cased and default
ports go. The path and the remaining query are kept as they are (their order and case can matter).
"""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit, urlunsplit

from storage.errors import InvalidValue

# Exact names of tracking parameters (ads, newsletters, analytics such as AT Internet's ``xtor``,
# very common on French news sites).
_TRACKING_NAMES = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "xtor",
        "ocid", "cmpid", "ncid", "sr_share", "__twitter_impression", "oly_enc_id", "oly_anon_id",
        "vero_id", "rb_clickid", "s_cid", "spm", "utm",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def _host(raw: str) -> str:
    host = raw.lower().rstrip(".")
    try:
        # One spelling per host: "exemple.fr" in Unicode and in punycode are the same site.
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL; ``InvalidValue`` if it is not one."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidValue(f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise InvalidValue("only http:// and https:// URLs with a host can be stored")
    host = _host(parts.hostname)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    # Filter the raw segments so the kept parameters keep their exact encoding.
    kept = [
        segment
        for segment in parts.query.split("&")
        if segment and not is_tracking_parameter(unquote_plus(segment.split("=", 1)[0]))
    ]
    query = "&".join(kept)
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def site_of(url: str) -> str:
    """The site a URL belongs to, for statistics: its host without a leading ``www.``."""
    host = urlsplit(url).hostname or ""
    return host.lower().removeprefix("www.")
