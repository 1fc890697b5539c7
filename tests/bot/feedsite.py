"""A feed server on 127.0.0.1 for the feed tests: RSS or Atom built from a list of items, with ETag
and Last-Modified (answering 304 to a conditional GET), and a switch to make it fail."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from aiohttp import web


@dataclass
class FeedSite:
    items: list[tuple[str, str, str]] = field(default_factory=list)  # (guid, url, title), newest first
    atom: bool = False
    status: int = 200  # 500: broken
    body_override: bytes | None = None
    requests: int = 0
    conditional_hits: int = 0
    version: int = 0
    _runner: web.AppRunner | None = None
    port: int = 0

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/feed.xml"

    def publish(self, guid: str, url: str, title: str) -> None:
        self.items.insert(0, (guid, url, title))
        self.version += 1

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/feed.xml", self._feed)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _feed(self, request: web.Request) -> web.Response:
        self.requests += 1
        if self.status != 200:
            return web.Response(status=self.status, text="erreur")
        etag = f'"v{self.version}"'
        if request.headers.get("If-None-Match") == etag:
            self.conditional_hits += 1
            return web.Response(status=304, headers={"ETag": etag})
        body = self.body_override or (self._atom() if self.atom else self._rss()).encode()
        kind = "application/atom+xml" if self.atom else "application/rss+xml"
        return web.Response(body=body, content_type=kind, headers={"ETag": etag})

    def _rss(self) -> str:
        items = "".join(
            f"<item><title>{escape(t)}</title><link>{escape(u)}</link><guid>{escape(g)}</guid></item>"
            for g, u, t in self.items
        )
        head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Le Journal</title>'
        return f"{head}{items}</channel></rss>"

    def _atom(self) -> str:
        entries = "".join(
            f'<entry><title>{escape(t)}</title><link href="{escape(u)}"/><id>{escape(g)}</id>'
            "<updated>2026-11-25T10:00:00Z</updated></entry>"
            for g, u, t in self.items
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Le Journal (Atom)</title><id>urn:journal</id><updated>2026-11-25T10:00:00Z</updated>"
            f"{entries}</feed>"
        )
