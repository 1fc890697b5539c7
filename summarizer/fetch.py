"""Fetch a web page safely: http(s) only, no private addresses, bounded time, size and redirects.

The application creates one session with ``create_session`` (in ``post_init``) and passes it to
every ``fetch``. The session's connector carries the address guard (see ``summarizer.netguard``),
so ``fetch`` refuses a session that was not built here rather than fetch without the guard.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping

import aiohttp
from aiohttp import hdrs
from aiohttp.abc import AbstractResolver
from yarl import URL

from summarizer.errors import (
    BlockedAddress,
    ConnectionFailed,
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    TooLarge,
    TooManyRedirects,
    UnsupportedContentType,
)
from summarizer.models import FetchedPage
from summarizer.netguard import (
    AddressPolicy,
    AddressRefused,
    GuardedConnector,
    GuardedResolver,
    address_policy,
    check_literal_host,
    is_public_address,
    parse_url,
    validate_url,
)
from summarizer.settings import FetchSettings

__all__ = ["create_session", "fetch", "is_public_address", "loggable_url", "validate_url"]

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_SIZE = 64 * 1024
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"
ACCEPT_LANGUAGE = "fr-FR,fr;q=0.9,en;q=0.5"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<!--")


def create_session(
    settings: FetchSettings,
    *,
    address_allowed: AddressPolicy | None = None,
    resolver: AbstractResolver | None = None,
) -> aiohttp.ClientSession:
    """The application's one HTTP session, with the address guard in its connector.

    ``address_allowed`` and ``resolver`` exist for tests (a policy that admits only the local test
    server, a resolver with fixed answers); production passes neither, and then only public
    addresses are reachable unless ``settings.allow_private_networks``.
    """
    policy = address_allowed or address_policy(settings.allow_private_networks)
    inner = resolver or aiohttp.ThreadedResolver()
    connector = GuardedConnector(
        policy,
        resolver=GuardedResolver(inner, policy),
        limit_per_host=settings.per_host_limit,
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=settings.total_timeout, sock_connect=settings.connect_timeout),
        headers={
            hdrs.USER_AGENT: settings.user_agent,
            hdrs.ACCEPT: ACCEPT,
            hdrs.ACCEPT_LANGUAGE: ACCEPT_LANGUAGE,
        },
        # Cookies live for one fetch only (see _follow): a shared jar would grow forever.
        cookie_jar=aiohttp.DummyCookieJar(),
        auto_decompress=True,
        trust_env=False,  # a proxy from the environment would resolve names past the guard
    )


async def fetch(
    url: str,
    *,
    session: aiohttp.ClientSession,
    settings: FetchSettings,
    headers: Mapping[str, str] | None = None,
) -> FetchedPage:
    """Fetch ``url`` and return its body, following at most ``settings.max_redirects`` redirects.

    ``headers`` are added to the request (for a conditional GET: ``If-None-Match``,
    ``If-Modified-Since``); when the server then answers 304, the page has that status and no body.

    Raises a ``FetchError`` subclass for every failure the user should hear about. The address
    policy is the session's own (set by ``create_session``), so it cannot differ between the
    checks made here and the connector's.
    """
    connector = session.connector
    if not isinstance(connector, GuardedConnector):
        raise TypeError("fetch() needs a session made by summarizer.fetch.create_session()")
    target = parse_url(url)
    try:
        async with asyncio.timeout(settings.total_timeout):
            return await _follow(target, session, settings, connector.address_policy, headers or {})
    except TimeoutError as exc:
        raise FetchTimeout(f"{loggable_url(target)}: no complete answer in time") from exc
    except aiohttp.InvalidUrlClientError as exc:
        raise InvalidURL(f"{loggable_url(target)}: invalid URL") from exc
    except aiohttp.ClientConnectorCertificateError as exc:
        raise ConnectionFailed(
            str(exc), user_message="Le certificat de sécurité de ce site n'est pas valide."
        ) from exc
    except aiohttp.ClientConnectorDNSError as exc:
        raise ConnectionFailed(
            str(exc), user_message="Je ne trouve pas ce site : vérifiez l'adresse du lien."
        ) from exc
    except aiohttp.ClientConnectorError as exc:
        if isinstance(exc.os_error, AddressRefused):
            raise BlockedAddress(str(exc.os_error)) from exc
        raise ConnectionFailed(str(exc)) from exc
    except aiohttp.ClientError as exc:
        raise ConnectionFailed(f"{loggable_url(target)}: {exc!r}") from exc


async def _follow(
    url: URL,
    session: aiohttp.ClientSession,
    settings: FetchSettings,
    policy: AddressPolicy,
    headers: Mapping[str, str],
) -> FetchedPage:
    # Some sites set a cookie on a redirect and expect it on the next hop (consent, A/B tests).
    jar = aiohttp.CookieJar(unsafe=True)
    for hop in range(settings.max_redirects + 1):
        check_literal_host(url, policy)
        logger.debug("fetch hop %s: %s", hop, loggable_url(url))
        get = session.get(url, allow_redirects=False, cookies=jar.filter_cookies(url), headers=headers)
        async with get as resp:
            jar.update_cookies(resp.cookies, resp.url)
            location = _redirect_target(resp)
            if resp.status == 304 and headers:
                return _not_modified(resp)
            if location is None:
                return await _read_page(resp, settings)
        url = location
    raise TooManyRedirects(f"more than {settings.max_redirects} redirects")


def _not_modified(resp: aiohttp.ClientResponse) -> FetchedPage:
    return FetchedPage(
        url=str(resp.url),
        status=304,
        content_type="",
        charset=None,
        body=b"",
        etag=resp.headers.get(hdrs.ETAG),
        last_modified=resp.headers.get(hdrs.LAST_MODIFIED),
    )


def _redirect_target(resp: aiohttp.ClientResponse) -> URL | None:
    """The next URL when ``resp`` is a redirect, already checked by ``parse_url``."""
    if resp.status not in REDIRECT_STATUSES:
        return None
    location = resp.headers.get(hdrs.LOCATION, "").strip()
    if not location:
        raise HTTPStatusError(resp.status)
    try:
        target = resp.url.join(URL(location))
    except ValueError as exc:
        raise InvalidURL(f"bad redirect target {loggable_url(location)!r}") from exc
    return parse_url(target)


async def _read_page(resp: aiohttp.ClientResponse, settings: FetchSettings) -> FetchedPage:
    if resp.status >= 300:
        raise HTTPStatusError(resp.status)
    declared = hdrs.CONTENT_TYPE in resp.headers
    media_type = resp.content_type.lower()
    if declared and media_type not in settings.allowed_content_types:
        raise UnsupportedContentType(media_type)
    if resp.content_length is not None and resp.content_length > settings.max_bytes:
        raise TooLarge(f"Content-Length {resp.content_length} > {settings.max_bytes}")
    body = await _read_capped(resp, settings.max_bytes)
    if not declared:
        media_type = _sniff(body)
    return FetchedPage(
        url=str(resp.url),
        status=resp.status,
        content_type=media_type,
        charset=resp.charset,
        body=body,
        etag=resp.headers.get(hdrs.ETAG),
        last_modified=resp.headers.get(hdrs.LAST_MODIFIED),
    )


async def _read_capped(resp: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    """The decompressed body, refused as soon as it passes ``max_bytes``.

    aiohttp inflates in bounded steps as we read, so stopping here also stops a gzip bomb
    before it fills memory.
    """
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(f"body larger than {max_bytes} bytes after decompression")
        chunks.append(chunk)
    return b"".join(chunks)


def _sniff(body: bytes) -> str:
    """A media type for a response without Content-Type: HTML if it plainly starts as HTML."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML_STARTS):
        return "text/html"
    raise UnsupportedContentType("application/octet-stream")


MASK = "***"
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


def loggable_url(url: str | URL) -> str:
    """``url`` as it may appear in logs and error details: the user and password (``user:pw@``) and
    every query value (``?token=…``) replaced by ``***``, the fragment dropped. Works on any text, so
    that even a URL that does not parse is never logged whole."""
    text = str(url).split("#", 1)[0]
    text = _USERINFO.sub(rf"\1{MASK}@", text, count=1)
    base, mark, query = text.partition("?")
    if not mark:
        return base
    pairs = (part.partition("=") for part in query.split("&") if part)
    parts = [f"{key}={MASK}" if sep else MASK for key, sep, _ in pairs]
    return f"{base}?{'&'.join(parts)}"
