"""``/healthz`` and ``/metrics`` on a small aiohttp server beside the bot (``[ops]`` in config.toml).

``/healthz`` answers 200 when every check passes and 503 otherwise, with a JSON body naming each
check: the process (answering at all), the database (``SELECT 1`` within two seconds), the broadcast
sender's task when broadcasting runs, and whatever else registered itself with :func:`add_check`.
``/metrics`` is the Prometheus text format of :mod:`bot.metrics`, the outbox depth read at scrape time.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import weakref
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot import metrics
from bot.context import BotApplication, Services
from storage.database import check_connection
from storage.errors import DatabaseUnavailable
from storage.repos import outbox

log = logging.getLogger(__name__)

Check = Callable[[], Awaitable[bool]]
Stopper = Callable[[], Awaitable[None]]
DATABASE_TIMEOUT = 2.0
_CHECKS: weakref.WeakKeyDictionary[BotApplication, dict[str, Check]] = weakref.WeakKeyDictionary()


def add_check(application: BotApplication, name: str, check: Check) -> None:
    """Make ``/healthz`` also require ``await check()`` to be true (e.g. "sender": its task is alive)."""
    _CHECKS.setdefault(application, {})[name] = check


def remove_check(application: BotApplication, name: str) -> None:
    _CHECKS.get(application, {}).pop(name, None)


async def _database(services: Services) -> str:
    try:
        await check_connection(services.database.engine, DATABASE_TIMEOUT)
    except DatabaseUnavailable as exc:
        log.warning("health check: %s", exc)
        return "unavailable"
    return "ok"


async def _run(check: Check) -> str:
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT):
            return "ok" if await check() else "failing"
    except Exception:
        log.warning("health check raised", exc_info=True)
        return "failing"


async def health(application: BotApplication, started: float) -> tuple[int, dict[str, object]]:
    services = application.bot_data.services
    checks: dict[str, str] = {"process": "ok"}
    checks["database"] = "stopped" if services is None else await _database(services)
    if services is not None and services.broadcasting is not None:
        checks["sender"] = "ok" if services.broadcasting.sender.alive() else "stopped"
    for name, check in list(_CHECKS.get(application, {}).items()):
        checks[name] = await _run(check)
    healthy = all(value == "ok" for value in checks.values())
    body: dict[str, object] = {
        "status": "ok" if healthy else "failing",
        "checks": checks,
        "uptime_seconds": round(time.monotonic() - started, 1),
    }
    return (200 if healthy else 503), body


async def _collect(application: BotApplication) -> None:
    services = application.bot_data.services
    if services is None:
        return
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT), services.sessionmaker() as session:
            metrics.OUTBOX_DEPTH.set(await outbox.outbox_depth(session))
    except Exception:  # a scrape must answer even when the database does not
        log.warning("cannot read the outbox depth", exc_info=True)


def web_app(application: BotApplication) -> web.Application:
    started = time.monotonic()

    async def healthz(request: web.Request) -> web.Response:
        status, body = await health(application, started)
        return web.Response(status=status, text=json.dumps(body), content_type="application/json")

    async def metrics_page(request: web.Request) -> web.Response:
        await _collect(application)
        return web.Response(body=metrics.render(), headers={"Content-Type": metrics.CONTENT_TYPE})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_page)
    return app


async def start(application: BotApplication) -> Stopper:
    """Serve ``/healthz`` and ``/metrics`` if ``[ops] port`` is set; returns what stops the server."""
    services = application.bot_data.services
    assert services is not None, "start the ops server after the services"
    settings = services.config.ops

    async def nothing() -> None:
        return None

    if not settings.enabled:
        return nothing
    runner = web.AppRunner(web_app(application), access_log=None, handle_signals=False)
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.listen, settings.port).start()
    except OSError:
        await runner.cleanup()
        raise
    log.info("health and metrics on http://%s:%d/healthz and /metrics", settings.listen, settings.port)
    return runner.cleanup
