"""fetch() with extra headers: a conditional GET answered 304, validators read back, and the guard kept."""

from __future__ import annotations

import aiohttp
import pytest
from aiohttp import web

from summarizer.errors import BlockedAddress, HTTPStatusError
from summarizer.fetch import create_session, fetch
from summarizer.settings import FetchSettings

from .conftest import Serve

FEED = b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>"
ETAG = '"v1"'
MODIFIED = "Wed, 25 Nov 2026 10:00:00 GMT"


async def conditional(request: web.Request) -> web.StreamResponse:
    if request.headers.get("If-None-Match") == ETAG or request.headers.get("If-Modified-Since") == MODIFIED:
        return web.Response(status=304, headers={"ETag": ETAG})
    return web.Response(
        body=FEED, content_type="application/rss+xml", headers={"ETag": ETAG, "Last-Modified": MODIFIED}
    )


async def test_validators_then_not_modified(
    serve: Serve, local_session: aiohttp.ClientSession, local_settings: FetchSettings
) -> None:
    server = await serve({"/feed": conditional})
    settings = FetchSettings(allowed_content_types=("application/rss+xml",), allow_private_networks=True)
    page = await fetch(server.url("/feed"), session=local_session, settings=settings)
    assert (page.status, page.body, page.etag, page.last_modified) == (200, FEED, ETAG, MODIFIED)
    assert not page.not_modified
    for headers in ({"If-None-Match": ETAG}, {"If-Modified-Since": MODIFIED}):
        again = await fetch(server.url("/feed"), session=local_session, settings=settings, headers=headers)
        assert again.not_modified and again.body == b"" and again.etag == ETAG
    assert server.hits["/feed"] == 3


async def test_unconditional_304_is_still_an_error(serve: Serve, local_session: aiohttp.ClientSession,
                                                   local_settings: FetchSettings) -> None:  # fmt: skip
    async def always_304(request: web.Request) -> web.StreamResponse:
        return web.Response(status=304)

    server = await serve({"/odd": always_304})
    with pytest.raises(HTTPStatusError):
        await fetch(server.url("/odd"), session=local_session, settings=local_settings)


async def test_headers_do_not_bypass_the_address_guard(serve: Serve) -> None:
    server = await serve({"/feed": conditional})
    guarded = create_session(FetchSettings())  # private networks refused, as in production
    try:
        with pytest.raises(BlockedAddress):
            await fetch(server.url("/feed"), session=guarded, settings=FetchSettings(),
                        headers={"If-None-Match": ETAG, "Host": "example.org"})  # fmt: skip
    finally:
        await guarded.close()
