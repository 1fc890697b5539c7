"""Fixtures shared by the engine's tests: real HTTP servers on 127.0.0.1, fetch sessions.

``serve`` is the reusable one: ``server = await serve({"/article": handler_or_html})`` starts an
aiohttp web server on 127.0.0.1 (a free port) and returns a ``LocalServer`` whose ``url(path)``
gives absolute URLs and whose ``hits`` counts requests per path. A route value is either an
aiohttp handler or the bytes/str of an HTML page (served as UTF-8 HTML). Servers stop at teardown.

``serve_raw`` answers every connection with the same raw bytes, for responses aiohttp's server
will not produce (no Content-Type header at all, broken framing); ``connections`` counts them.
"""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import aiohttp
import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from summarizer.fetch import create_session
from summarizer.settings import FetchSettings

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Route = Handler | bytes | str
Serve = Callable[[Mapping[str, Route]], Awaitable["LocalServer"]]


@dataclass
class LocalServer:
    base: URL
    hits: Counter[str] = field(default_factory=Counter)

    @property
    def port(self) -> int:
        port = self.base.port
        assert port is not None
        return port

    def url(self, path: str = "/") -> str:
        return str(self.base.join(URL(path)))


def _page_handler(page: bytes | str) -> Handler:
    body = page.encode("utf-8") if isinstance(page, str) else page

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    return handler


def _counting(server: LocalServer) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        server.hits[request.path] += 1
        return await handler(request)

    return middleware


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    runners: list[web.AppRunner] = []

    async def start(routes: Mapping[str, Route]) -> LocalServer:
        server = LocalServer(base=URL("http://127.0.0.1"))
        app = web.Application(middlewares=[_counting(server)])
        for path, route in routes.items():
            handler = route if callable(route) else _page_handler(route)
            app.router.add_route("*", path, handler)
        runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.1)
        await runner.setup()
        runners.append(runner)
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        server.base = URL.build(scheme="http", host=host, port=port)
        return server

    yield start
    for runner in reversed(runners):
        await runner.cleanup()


@dataclass
class RawServer:
    port: int
    host: str = "127.0.0.1"
    connections: int = 0

    def url(self, path: str = "/") -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"


class ServeRaw(Protocol):
    def __call__(self, response: bytes, host: str = "127.0.0.1") -> Awaitable[RawServer]: ...


@pytest.fixture
async def serve_raw() -> AsyncIterator[ServeRaw]:
    servers: list[asyncio.Server] = []

    async def start(response: bytes, host: str = "127.0.0.1") -> RawServer:
        raw = RawServer(port=0, host=host)

        async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            raw.connections += 1
            try:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(response)
                await writer.drain()
            except (asyncio.IncompleteReadError, ConnectionError):
                pass
            finally:
                writer.close()

        server = await asyncio.start_server(answer, host, 0)
        servers.append(server)
        raw.port = server.sockets[0].getsockname()[1]
        return raw

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


class StaticResolver(AbstractResolver):
    """Fixed DNS answers, so tests can give a name any address without a DNS server."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.calls.append(host)
        if host not in self.answers:
            raise OSError(f"no such host {host}")
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in self.answers[host]
        ]

    async def close(self) -> None:
        return None


@pytest.fixture
def local_settings() -> FetchSettings:
    """Settings for fetching from the local test servers: private networks allowed, short limits."""
    return FetchSettings(
        connect_timeout=1.0,
        total_timeout=3.0,
        max_bytes=200_000,
        allow_private_networks=True,
    )


@pytest.fixture
async def local_session(local_settings: FetchSettings) -> AsyncIterator[aiohttp.ClientSession]:
    session = create_session(local_settings)
    yield session
    await session.close()
