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
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import cast

from sqlalchemy import func, insert, select

from bot.replicas.leader import LEASE
from storage.models import ApplicationStatus, Chat, Delivery, Subscription, User
from storage.repos import applications, outbox, shared
from tests.bot.articles import ArticleSite
from tests.bot.broadcasting import ADMIN_ID
from tests.bot.conftest import Harness, eventually, said
from tests.bot.replica_cluster import RoundRobin, no_collector_pauses, replicas
from tests.bot.volunteer_steps import submit
from tests.storage.databases import TestDatabase, postgres_db, postgres_url  # noqa: F401  (fixture)
from tests.telegram_fake import FakeTelegram, StoredMessage
from tests.telegram_fake.models import JSON

REPLICAS = 3
SUBSCRIBERS = 5000
# The bot token's budget, for the fake and the replicas alike. Telegram's is 30 a second: 5,000
# messages would take three minutes; at 150 the same rule is checked in about 35 seconds.
RATE = 150


async def final_reply(fake: FakeTelegram, chat: JSON) -> StoredMessage:
    message = await fake.next_message(chat, timeout=15)
    if (message.text or "").startswith("⏳"):
        await fake.wait_for_edit(message, timeout=15)
    return message


@asynccontextmanager
async def three_replicas(fake: FakeTelegram, db: TestDatabase, tmp_path: Path) -> AsyncIterator[RoundRobin]:
    config = (
        "[admin]\nflood_messages = 0\n[broadcast]\nprogress_seconds = 0.5\n"
        f"[sending]\nmessages_per_second = {RATE}\n[limits]\nsummaries_per_minute = 2\n"
    )
    schema = db.settings.schema
    assert schema is not None
    async with replicas(
        fake, postgres_url(), schema, tmp_path, count=REPLICAS, config=config, admin_id=ADMIN_ID
    ) as proxy:
        yield proxy


async def test_three_replicas_share_forms_previews_and_the_outbox(
    fake_telegram: FakeTelegram,
    postgres_db: TestDatabase,  # noqa: F811
    article_site: ArticleSite,
    tmp_path: Path,
) -> None:
    fake, db = fake_telegram, postgres_db
    flood = fake.enable_flood_control(global_per_second=RATE)
    async with three_replicas(fake, db, tmp_path) as proxy:
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
