"""A second local site for the failure messages: error statuses, redirect loops, a video, pages that
are not articles (the synthetic fixtures of tests/fixtures/pages), over HTTP and over HTTPS with a
self-signed certificate (tests/fixtures/tls, made for these tests with ``openssl req -x509``)."""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from tests.bot.articles import article_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = {
    "/actualites/cookies": "consent_wall.html",
    "/actualites/abonnes": "paywall_stub.html",
    "/categorie/societe/": "section_page.html",
}


class HostileSite:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.tls_port = 0
        self.hits: dict[str, int] = {}
        self._runners: list[web.AppRunner] = []

    def url(self, path: str, *, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def tls_url(self, path: str) -> str:
        return f"https://localhost:{self.tls_port}{path}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/status/{code:\\d+}", self._status)
        app.router.add_get("/loop", self._loop)
        app.router.add_get("/to/{target:.+}", self._redirect)
        app.router.add_get("/video.mp4", self._video)
        app.router.add_get("/article/{n:\\d+}", self._article)
        for path, name in PAGES.items():
            app.router.add_get(path, self._fixture(name))
        app.on_response_prepare.append(self._count)
        self.port = await self._serve(app, None)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(FIXTURES / "tls" / "selfsigned.crt", FIXTURES / "tls" / "selfsigned.key")
        self.tls_port = await self._serve(app, context)

    async def _serve(self, app: web.Application, context: ssl.SSLContext | None) -> int:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, self.host, 0, ssl_context=context).start()
        self._runners.append(runner)
        return int(runner.addresses[0][1])

    async def stop(self) -> None:
        for runner in self._runners:
            await runner.cleanup()

    async def _count(self, request: web.Request, response: web.StreamResponse) -> None:
        self.hits[request.path] = self.hits.get(request.path, 0) + 1

    async def _status(self, request: web.Request) -> web.Response:
        return web.Response(status=int(request.match_info["code"]), text="non", content_type="text/html")

    async def _loop(self, request: web.Request) -> web.Response:
        raise web.HTTPFound("/loop")

    async def _redirect(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(request.match_info["target"])

    async def _video(self, request: web.Request) -> web.Response:
        return web.Response(body=b"\0\0\0\x18ftypmp42" + b"\0" * 64, content_type="video/mp4")

    async def _article(self, request: web.Request) -> web.Response:
        return web.Response(text=article_page(int(request.match_info["n"])), content_type="text/html")

    @staticmethod
    def _fixture(name: str) -> Callable[[web.Request], Awaitable[web.Response]]:
        body = (FIXTURES / "pages" / name).read_bytes()

        async def handler(request: web.Request) -> web.Response:
            return web.Response(body=body, content_type="text/html", charset="utf-8")

        return handler
