"""fetch() against real HTTP servers on 127.0.0.1 (private networks allowed for these tests)."""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import socket
import time
import tracemalloc
import zlib

import aiohttp
import pytest
from aiohttp import web

from summarizer.errors import (
    ConnectionFailed,
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    TooLarge,
    TooManyRedirects,
    UnsupportedContentType,
)
from summarizer.fetch import create_session, fetch

from .conftest import Handler, Route, Serve, ServeRaw

ARTICLE = "<!doctype html><html><head><title>Vélo</title></head><body><p>Le vélo à Paris.</p></body></html>"
CP1252_TEXT = "<html><body><p>L’été « chaud » : café, œuvre, 5 €</p></body></html>"


def raw(body: bytes, content_type: str, status: int = 200, encoding: str | None = None) -> Handler:
    """A handler answering exactly these bytes with this Content-Type (aiohttp sends one always)."""

    async def handler(request: web.Request) -> web.StreamResponse:
        resp = web.Response(body=body, status=status)
        if encoding:
            resp.headers["Content-Encoding"] = encoding
        resp.headers["Content-Type"] = content_type
        return resp

    return handler


def redirect(location: str, status: int = 302) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, headers={"Location": location})

    return handler


async def test_fetches_html_page(serve: Serve, local_session, local_settings) -> None:
    server = await serve({"/article": ARTICLE})
    page = await fetch(server.url("/article?id=3"), session=local_session, settings=local_settings)
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert page.body == ARTICLE.encode()
    assert page.url == server.url("/article?id=3")


async def test_sends_user_agent_and_french_accept_language(serve: Serve, local_session, local_settings):
    seen: dict[str, str] = {}

    async def handler(request: web.Request) -> web.StreamResponse:
        seen.update(request.headers)
        return web.Response(text=ARTICLE, content_type="text/html")

    server = await serve({"/": handler})
    await fetch(server.url("/"), session=local_session, settings=local_settings)
    assert seen["User-Agent"] == local_settings.user_agent
    assert seen["Accept-Language"].startswith("fr")
    assert "gzip" in seen["Accept-Encoding"]


async def test_follows_redirect_chain_of_three(serve: Serve, local_session, local_settings) -> None:
    server = await serve(
        {"/a": redirect("/b", 301), "/b": redirect("/c", 307), "/c": redirect("/end", 308), "/end": ARTICLE}
    )
    page = await fetch(server.url("/a"), session=local_session, settings=local_settings)
    assert page.url == server.url("/end")
    assert page.body == ARTICLE.encode()
    assert [server.hits[p] for p in ("/a", "/b", "/c", "/end")] == [1, 1, 1, 1]


async def test_follows_relative_locations(serve: Serve, local_session, local_settings) -> None:
    async def scheme_relative(request: web.Request) -> web.StreamResponse:
        return web.Response(status=302, headers={"Location": f"//{request.host}/final"})

    server = await serve(
        {
            "/news/2024/start": redirect("next"),  # same directory
            "/news/2024/next": redirect("../archive/page?x=1"),
            "/news/archive/page": scheme_relative,
            "/final": ARTICLE,
        }
    )
    page = await fetch(server.url("/news/2024/start"), session=local_session, settings=local_settings)
    assert page.url == server.url("/final")
    assert server.hits["/news/archive/page"] == 1


async def test_five_redirects_allowed_six_refused(serve: Serve, local_session, local_settings) -> None:
    routes: dict[str, Route] = {f"/r{n}": redirect(f"/r{n - 1}") for n in range(1, 7)}
    routes["/r0"] = ARTICLE
    server = await serve(routes)
    assert local_settings.max_redirects == 5
    page = await fetch(server.url("/r5"), session=local_session, settings=local_settings)
    assert page.url == server.url("/r0")
    with pytest.raises(TooManyRedirects) as info:
        await fetch(server.url("/r6"), session=local_session, settings=local_settings)
    assert server.hits["/r0"] == 1  # the sixth hop was never requested
    assert "redirige" in info.value.user_message


async def test_redirect_loop_stops(serve: Serve, local_session, local_settings) -> None:
    server = await serve({"/loop": redirect("/loop")})
    with pytest.raises(TooManyRedirects):
        await fetch(server.url("/loop"), session=local_session, settings=local_settings)
    assert server.hits["/loop"] == local_settings.max_redirects + 1


@pytest.mark.parametrize("location", ["ftp://127.0.0.1/file", "file:///etc/passwd", "javascript:alert(1)"])
async def test_redirect_to_other_scheme_refused(
    serve: Serve, local_session, local_settings, location
) -> None:
    server = await serve({"/": redirect(location)})
    with pytest.raises(InvalidURL):
        await fetch(server.url("/"), session=local_session, settings=local_settings)


async def test_redirect_without_location_is_an_error(serve: Serve, local_session, local_settings) -> None:
    server = await serve({"/": raw(b"", "text/html", status=302)})
    with pytest.raises(HTTPStatusError) as info:
        await fetch(server.url("/"), session=local_session, settings=local_settings)
    assert info.value.status == 302


async def test_cookie_set_on_redirect_is_sent_on_next_hop(serve: Serve, local_session, local_settings):
    async def set_cookie(request: web.Request) -> web.StreamResponse:
        resp = web.Response(status=302, headers={"Location": "/page"})
        resp.set_cookie("consent", "yes")
        return resp

    async def page(request: web.Request) -> web.StreamResponse:
        consent = request.cookies.get("consent", "none")
        return web.Response(text=f"<p>consent={consent}</p>", content_type="text/html")

    server = await serve({"/": set_cookie, "/page": page})
    result = await fetch(server.url("/"), session=local_session, settings=local_settings)
    assert result.body == b"<p>consent=yes</p>"
    # The cookie lived for that fetch only: the session keeps no jar shared between users.
    again = await fetch(server.url("/page"), session=local_session, settings=local_settings)
    assert again.body == b"<p>consent=none</p>"


@pytest.mark.parametrize(
    ("status", "words"), [(404, "introuvable"), (500, "erreur 500"), (503, "erreur 503"), (403, "refuse")]
)
async def test_error_status(serve: Serve, local_session, local_settings, status, words) -> None:
    server = await serve({"/": raw(b"<html>oops</html>", "text/html", status=status)})
    with pytest.raises(HTTPStatusError) as info:
        await fetch(server.url("/"), session=local_session, settings=local_settings)
    assert info.value.status == status
    assert words in info.value.user_message


@pytest.mark.parametrize(
    ("content_type", "words"),
    [
        ("application/pdf", "un PDF"),
        ("image/png", "une image"),
        ("video/mp4", "une vidéo"),
        ("application/octet-stream", "un fichier à télécharger"),
        ("application/json", "page web que je sais lire"),
    ],
)
async def test_wrong_content_type_refused_before_reading(
    serve: Serve, local_session, local_settings, content_type, words
) -> None:
    server = await serve({"/file": raw(b"%PDF-1.7" + b"\0" * 1000, content_type)})
    with pytest.raises(UnsupportedContentType) as info:
        await fetch(server.url("/file"), session=local_session, settings=local_settings)
    assert info.value.content_type == content_type
    assert words in info.value.user_message


@pytest.mark.parametrize("content_type", ["application/xhtml+xml", "text/plain", "TEXT/HTML"])
async def test_allowed_content_types(serve: Serve, local_session, local_settings, content_type) -> None:
    server = await serve({"/": raw(b"Bonjour", f"{content_type}; charset=UTF-8")})
    page = await fetch(server.url("/"), session=local_session, settings=local_settings)
    assert page.content_type == content_type.lower()
    assert page.charset == "UTF-8"


def untyped_response(body: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)


async def test_missing_content_type_sniffed(serve_raw: ServeRaw, local_session, local_settings) -> None:
    html = await serve_raw(untyped_response(b"\n  <!DOCTYPE html><html></html>"))
    binary = await serve_raw(untyped_response(b"\x89PNG\r\n"))
    page = await fetch(html.url(), session=local_session, settings=local_settings)
    assert page.content_type == "text/html"
    assert page.charset is None
    with pytest.raises(UnsupportedContentType):
        await fetch(binary.url(), session=local_session, settings=local_settings)


async def test_windows_1252_with_charset_in_header(serve: Serve, local_session, local_settings) -> None:
    body = CP1252_TEXT.encode("windows-1252")
    server = await serve({"/": raw(body, "text/html; charset=windows-1252")})
    page = await fetch(server.url("/"), session=local_session, settings=local_settings)
    assert page.charset == "windows-1252"
    assert page.body == body  # bytes untouched: decoding is the decoder's job


@pytest.mark.parametrize(
    "page",
    [CP1252_TEXT, CP1252_TEXT.replace("<html>", '<html><head><meta charset="windows-1252"></head>')],
    ids=["no-declaration", "meta-only"],
)
async def test_windows_1252_without_http_charset(serve: Serve, local_session, local_settings, page) -> None:
    body = page.encode("windows-1252")
    server = await serve({"/": raw(body, "text/html")})
    fetched = await fetch(server.url("/"), session=local_session, settings=local_settings)
    assert fetched.charset is None
    assert fetched.body == body


async def test_gzip_page_is_decompressed(serve: Serve, local_session, local_settings) -> None:
    body = ARTICLE.encode() * 50
    server = await serve({"/": raw(gzip.compress(body), "text/html", encoding="gzip")})
    page = await fetch(server.url("/"), session=local_session, settings=local_settings)
    assert page.body == body


async def test_large_content_length_refused_early(serve: Serve, local_session, local_settings) -> None:
    server = await serve({"/": raw(b"x" * (local_settings.max_bytes + 1), "text/html")})
    with pytest.raises(TooLarge) as info:
        await fetch(server.url("/"), session=local_session, settings=local_settings)
    assert "trop lourde" in info.value.user_message


async def test_body_at_exact_limit_accepted(serve: Serve, local_session, local_settings) -> None:
    body = b"x" * local_settings.max_bytes
    server = await serve({"/": raw(body, "text/plain")})
    page = await fetch(server.url("/"), session=local_session, settings=local_settings)
    assert len(page.body) == local_settings.max_bytes


async def endless(request: web.Request) -> web.StreamResponse:
    resp = web.StreamResponse(headers={"Content-Type": "text/html"})
    resp.enable_chunked_encoding()
    await resp.prepare(request)
    chunk = b"<p>" + b"encore " * 2000 + b"</p>"
    try:
        while True:  # until the client hangs up
            await resp.write(chunk)
    except ConnectionResetError:
        return resp


async def test_endless_body_stops_at_limit_with_bounded_memory(serve: Serve, local_session, local_settings):
    server = await serve({"/": endless})
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            await fetch(server.url("/"), session=local_session, settings=local_settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * local_settings.max_bytes  # server and client together, not an endless buffer


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """About 64 KB on the wire, 64 MB once inflated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    return b"".join([packer.compress(zeros) for _ in range(64)] + [packer.flush()])


async def test_gzip_bomb_stops_quickly(serve: Serve, local_session, local_settings, gzip_bomb) -> None:
    assert len(gzip_bomb) < 100_000 < local_settings.max_bytes  # Content-Length cannot catch it
    server = await serve({"/": raw(gzip_bomb, "text/html", encoding="gzip")})
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(TooLarge):
            await fetch(server.url("/"), session=local_session, settings=local_settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # far below the 64 MB the bomb would inflate to
    assert time.perf_counter() - started < 2.0


async def slow_answer(request: web.Request) -> web.StreamResponse:
    await asyncio.sleep(10)
    return web.Response(text=ARTICLE, content_type="text/html")


async def slow_body(request: web.Request) -> web.StreamResponse:
    resp = web.StreamResponse(headers={"Content-Type": "text/html"})
    await resp.prepare(request)
    try:
        for _ in range(100):  # a trickle that never finishes in time
            await resp.write(b"<p>...</p>")
            await asyncio.sleep(0.1)
    except ConnectionResetError:
        pass
    return resp


@pytest.mark.parametrize("handler", [slow_answer, slow_body])
async def test_slow_server_times_out(serve: Serve, local_settings, handler) -> None:
    settings = dataclasses.replace(local_settings, total_timeout=0.5)
    server = await serve({"/": handler})
    async with create_session(settings) as session:
        started = time.perf_counter()
        with pytest.raises(FetchTimeout) as info:
            await fetch(server.url("/"), session=session, settings=settings)
    assert time.perf_counter() - started < 2.0
    assert "trop de temps" in info.value.user_message


async def test_total_timeout_covers_all_redirect_hops(serve: Serve, local_settings) -> None:
    async def slow_redirect(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(0.2)
        n = int(request.match_info["n"])
        return web.Response(status=302, headers={"Location": f"/r/{n + 1}"})

    settings = dataclasses.replace(local_settings, total_timeout=0.5)
    server = await serve({"/r/{n}": slow_redirect})
    async with create_session(settings) as session:
        with pytest.raises(FetchTimeout):
            await fetch(server.url("/r/0"), session=session, settings=settings)
    assert sum(server.hits.values()) <= 4


async def test_connection_refused(local_session, local_settings) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and has no listener
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConnectionFailed) as info:
        await fetch(f"http://127.0.0.1:{port}/", session=local_session, settings=local_settings)
    assert "joindre" in info.value.user_message


async def test_connect_timeout(local_settings) -> None:
    # A listener whose accept queue is full: the kernel drops further SYNs, so connect() hangs.
    settings = dataclasses.replace(local_settings, connect_timeout=0.3, total_timeout=5.0)
    with socket.socket() as listener, socket.socket() as filler:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        filler.connect(("127.0.0.1", port))
        async with create_session(settings) as session:
            started = time.perf_counter()
            with pytest.raises(FetchTimeout):
                await fetch(f"http://127.0.0.1:{port}/", session=session, settings=settings)
    assert time.perf_counter() - started < 2.0


async def test_per_host_limit_caps_concurrency(serve: Serve, local_settings) -> None:
    state = {"now": 0, "max": 0}

    async def handler(request: web.Request) -> web.StreamResponse:
        state["now"] += 1
        state["max"] = max(state["max"], state["now"])
        await asyncio.sleep(0.05)
        state["now"] -= 1
        return web.Response(text=ARTICLE, content_type="text/html")

    settings = dataclasses.replace(local_settings, per_host_limit=2)
    server = await serve({"/": handler})
    async with create_session(settings) as session:
        pages = await asyncio.gather(
            *(fetch(server.url(f"/?n={n}"), session=session, settings=settings) for n in range(8))
        )
    assert len(pages) == 8
    assert state["max"] == 2


async def test_refuses_a_session_without_the_guard(local_settings) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(TypeError, match="create_session"):
            await fetch("http://127.0.0.1/", session=session, settings=local_settings)
