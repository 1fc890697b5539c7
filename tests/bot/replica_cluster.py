"""Several ``python -m bot`` processes in webhook mode on one PostgreSQL, behind a round-robin proxy.

The fake Bot API POSTs every update to the proxy, which hands them to the replicas in turn, as a load
balancer would: consecutive updates of one user land on different processes. Used by
``tests/bot/test_replicas_processes.py`` and ``bench/bench_broadcast.py --replicas``.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from tests.bot.conftest import eventually
from tests.bot.test_main import environment
from tests.bot.test_ops_endpoints import free_port
from tests.bot.test_ops_shutdown import start_bot_process, stop_bot_process
from tests.telegram_fake import FakeTelegram

SECRET = "replicas-secret"


class RoundRobin:
    """A tiny load balancer: each POST goes to the next replica; remembers where each update went."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.turn = itertools.cycle(range(len(ports)))
        self.routed: list[tuple[dict[str, Any], int]] = []  # (update, replica index), in order
        self.port = free_port()
        self.runner: web.AppRunner | None = None
        self.session: aiohttp.ClientSession | None = None

    async def forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        replica = next(self.turn)
        assert self.session is not None
        headers = {"Content-Type": "application/json"}
        if secret := request.headers.get("X-Telegram-Bot-Api-Secret-Token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        url = f"http://127.0.0.1:{self.ports[replica]}/telegram"
        try:
            async with self.session.post(url, data=body, headers=headers) as response:
                status = response.status
        except aiohttp.ClientError:
            return web.Response(status=502)
        if status == 200:
            self.routed.append((await request.json(), replica))
        return web.Response(status=status)

    def replica_of(self, predicate: Callable[[dict[str, Any]], bool]) -> int:
        return next(replica for update, replica in self.routed if predicate(update))

    async def __aenter__(self) -> RoundRobin:
        app = web.Application()
        app.router.add_post("/telegram", self.forward)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.session is not None:
            await self.session.close()
        if self.runner is not None:
            await self.runner.cleanup()


@asynccontextmanager
async def replicas(
    fake: FakeTelegram,
    database_url: str,
    schema: str,
    folder: Path,
    *,
    count: int,
    config: str,
    admin_id: int,
    env: dict[str, str] | None = None,
    pids: list[int] | None = None,
) -> AsyncIterator[RoundRobin]:
    """``count`` replicas with ``config`` (TOML, besides the webhook and database sections) listening
    behind a RoundRobin; stopped with SIGTERM at the end (each must exit cleanly). Their pids are
    appended to ``pids``."""
    ports = [free_port() for _ in range(count)]
    async with RoundRobin(ports) as proxy:
        processes = []
        try:
            for index, port in enumerate(ports):
                home = folder / f"replica{index}"
                home.mkdir()
                (home / "config.toml").write_text(
                    f'[telegram]\nmode = "webhook"\nwebhook_url = "http://127.0.0.1:{proxy.port}/telegram"\n'
                    f'port = {port}\n[database]\nschema = "{schema}"\n[ops]\nport = 0\n' + config,
                    encoding="utf-8",
                )  # fmt: skip
                variables = environment(
                    home,
                    TELEGRAM_BOT_TOKEN=fake.token,
                    TELEGRAM_API_BASE_URL=fake.base_url,
                    TELEGRAM_API_FILE_URL=fake.file_url,
                    TELEGRAM_WEBHOOK_SECRET=SECRET,
                    DATABASE_URL=database_url,
                    ADMIN_IDS=str(admin_id),
                    FETCH_ALLOW_PRIVATE_NETWORKS="1",
                    **(env or {}),
                )
                processes.append(await start_bot_process(variables))
                if pids is not None:
                    pids.append(processes[-1].pid)

            async def all_listening() -> bool:
                return len(fake.calls("setWebhook")) >= count

            await eventually(all_listening, timeout=90)
            yield proxy
        finally:
            for process in processes:
                await stop_bot_process(process)


@contextmanager
def no_collector_pauses() -> Iterator[None]:
    """The fake stands for Telegram's servers but runs in this process: a full garbage collection over
    5,000 people's chats stops it for 100 ms or more (measured: 133 ms), after which it timestamps the
    requests that waited as arriving in the same millisecond, and sees more than the rate in a second
    that the replicas never sent. Reference counting still frees memory meanwhile."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
