"""Three ``python -m bot`` processes in webhook mode on one PostgreSQL, behind a round-robin proxy.

The fake Bot API POSTs every update to the proxy, which hands them to the replicas in turn, as a load
balancer would: consecutive updates of one user land on different processes. The fake enforces
Telegram's limits throughout, with a global budget of ``RATE`` messages a second for the bot's token
(the replicas are configured with the same). A volunteer fills the whole form (each answer on another
replica than the last), an admin previews an announcement on one replica and publishes it from
another, and every one of 5,000 subscribers gets it exactly once, sent by the three replicas' senders
from the one outbox, without the fake ever refusing a message for the global budget.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import aiohttp
from aiohttp import web
from sqlalchemy import func, insert, select

from bot.replicas.leader import LEASE
from storage.models import ApplicationStatus, Chat, Delivery, Subscription, User
from storage.repos import applications, outbox, shared
from tests.bot.articles import ArticleSite
from tests.bot.broadcasting import ADMIN_ID
from tests.bot.conftest import Harness, eventually, said
from tests.bot.test_main import environment
from tests.bot.test_ops_endpoints import free_port
from tests.bot.test_ops_shutdown import start_bot_process, stop_bot_process
from tests.bot.volunteer_steps import submit
from tests.storage.databases import TestDatabase, postgres_db, postgres_url  # noqa: F401  (fixture)
from tests.telegram_fake import FakeTelegram, StoredMessage
from tests.telegram_fake.models import JSON

REPLICAS = 3
SECRET = "replicas-secret"
SUBSCRIBERS = 5000
# The bot token's budget, for the fake and the replicas alike. Telegram's is 30 a second: 5,000
# messages would take three minutes; at 150 the same rule is checked in about 35 seconds.
RATE = 150


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


async def final_reply(fake: FakeTelegram, chat: JSON) -> StoredMessage:
    message = await fake.next_message(chat, timeout=15)
    if (message.text or "").startswith("⏳"):
        await fake.wait_for_edit(message, timeout=15)
    return message


@asynccontextmanager
async def replicas(fake: FakeTelegram, db: TestDatabase, tmp_path: Path) -> AsyncIterator[RoundRobin]:
    ports = [free_port() for _ in range(REPLICAS)]
    async with RoundRobin(ports) as proxy:
        processes = []
        try:
            for index, port in enumerate(ports):
                folder = tmp_path / f"replica{index}"
                folder.mkdir()
                (folder / "config.toml").write_text(
                    f'[telegram]\nmode = "webhook"\nwebhook_url = "http://127.0.0.1:{proxy.port}/telegram"\n'
                    f'port = {port}\n[database]\nschema = "{db.settings.schema}"\n[ops]\nport = 0\n'
                    "[admin]\nflood_messages = 0\n[broadcast]\nprogress_seconds = 0.5\n"
                    f"[sending]\nmessages_per_second = {RATE}\n"
                    "[limits]\nsummaries_per_minute = 2\n",
                    encoding="utf-8",
                )  # fmt: skip
                env = environment(
                    folder,
                    TELEGRAM_BOT_TOKEN=fake.token,
                    TELEGRAM_API_BASE_URL=fake.base_url,
                    TELEGRAM_API_FILE_URL=fake.file_url,
                    TELEGRAM_WEBHOOK_SECRET=SECRET,
                    DATABASE_URL=postgres_url(),
                    ADMIN_IDS=str(ADMIN_ID),
                    FETCH_ALLOW_PRIVATE_NETWORKS="1",
                )
                processes.append(await start_bot_process(env))

            async def all_listening() -> bool:
                return len(fake.calls("setWebhook")) >= REPLICAS

            await eventually(all_listening, timeout=90)
            yield proxy
        finally:
            for process in processes:
                await stop_bot_process(process)


async def test_three_replicas_share_forms_previews_and_the_outbox(
    fake_telegram: FakeTelegram,
    postgres_db: TestDatabase,  # noqa: F811
    article_site: ArticleSite,
    tmp_path: Path,
) -> None:
    fake, db = fake_telegram, postgres_db
    flood = fake.enable_flood_control(global_per_second=RATE)
    async with replicas(fake, db, tmp_path) as proxy:
        # The feed, digest and purge jobs: one replica holds the lease.
        async with db.sessionmaker() as session:
            assert await shared.lease_holder(session, LEASE) is not None
        # The summary quota is counted across replicas: the third link in a minute is refused.
        reader = fake.user("Zoé")
        for n in (1, 2):
            fake.send_text(reader, article_site.url(f"/article/{n}"))
            assert said(await final_reply(fake, reader)).count("\n• ") == 3
        fake.send_text(reader, article_site.url("/article/3"))
        assert said(await fake.next_message(reader, timeout=10)).startswith("Doucement")

        bot = cast(
            Harness, SimpleNamespace(fake=fake, services=SimpleNamespace(sessionmaker=db.sessionmaker))
        )
        # A volunteer application, answered across the replicas.
        volunteer = fake.user("Marie")
        mark = len(proxy.routed)
        application = await submit(bot, volunteer)
        assert application.first_name == "Marie" and application.email == "marie.curie@exemple.fr"
        assert application.sections == ["cinéma", "tech"]
        used = {replica for _, replica in proxy.routed[mark:]}
        assert used == set(range(REPLICAS))
        async with db.sessionmaker() as session:
            stored = await applications.get_active_application(session, volunteer["id"])
            assert stored is not None and stored.status == ApplicationStatus.SUBMITTED

        # Readers subscribe (each /abonner on some replica).
        readers = [fake.user(f"Lecteur {i}") for i in range(6)]
        for reader in readers:
            fake.send_text(reader, "/abonner")
            await fake.next_message(reader, timeout=10)

        # Many more subscribers, stored directly: the three senders share the outbox and the budget.
        crowd = [fake.user(f"Abonné {i}") for i in range(SUBSCRIBERS - len(readers))]
        async with db.sessionmaker.begin() as session:
            await session.execute(
                insert(User), [{"id": u["id"], "first_name": u["first_name"]} for u in crowd]
            )
            await session.execute(insert(Chat), [{"id": u["id"], "type": "private"} for u in crowd])
            await session.execute(insert(Subscription), [{"chat_id": u["id"]} for u in crowd])
        readers += crowd

        # An announcement previewed on one replica, published from another.
        admin = fake.user("Admin", user_id=ADMIN_ID)
        fake.send_text(admin, "/annonce Réunion de rédaction <b>jeudi</b>")
        await fake.next_message(admin, timeout=10)
        preview = await fake.next_message(admin, timeout=10)
        press = fake.press(admin, preview, button_text="Publier")
        await fake.wait_for_call(
            "answerCallbackQuery",
            lambda call: call.params.get("callback_query_id") == press["callback_query"]["id"],
            timeout=10,
        )
        made = proxy.replica_of(lambda u: u.get("message", {}).get("text", "").startswith("/annonce"))
        query_id = press["callback_query"]["id"]
        published = proxy.replica_of(lambda u: u.get("callback_query", {}).get("id") == query_id)
        assert made != published

        async def all_sent() -> bool:
            await asyncio.sleep(0.5)  # (the fake runs in this loop: polling lightly keeps it on time)
            async with db.sessionmaker() as session:
                sent = await session.scalar(
                    select(func.count()).select_from(Delivery).where(Delivery.status == "sent")
                )
            return sent == SUBSCRIBERS

        with no_collector_pauses():
            await eventually(all_sent, timeout=150)
        await asyncio.sleep(1.5)  # time for a duplicate, had one been sent
        for reader in readers:
            copies = [m for m in fake.messages(reader) if "Réunion de rédaction" in (m.text or "")]
            assert len(copies) == 1, reader
        async with db.sessionmaker() as session:
            assert await outbox.outbox_depth(session) == 0
            statuses = (
                await session.execute(select(Delivery.status, func.count()).group_by(Delivery.status))
            ).all()
            assert dict(statuses) == {"sent": SUBSCRIBERS}
        # Three replicas sent, at most RATE a second together: the budget is the token's, not each one's.
        assert flood.refused_by["global"] == 0, flood.refused_by
        assert flood.early == []
