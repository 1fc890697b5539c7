"""Helpers of the broadcasting tests: subscribers made directly in storage, a hand-moved clock, waits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from storage.models import Broadcast, Delivery, DeliveryStatus
from storage.repos import broadcasts, chats, outbox, subscriptions, users
from tests.bot.conftest import Harness, eventually
from tests.telegram_fake.models import JSON

ADMIN_ID = 900_001


@dataclass
class ManualClock:
    """``now()`` returns what the test set; ``advance`` moves it."""

    current: datetime

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


async def subscribe(bot: Harness, chat: JSON, *, digest_hour: int | None = None, sentences: int = 3) -> None:
    """Store ``chat`` (a chat, or a user for their private chat) and subscribe it, as /abonner would,
    with summaries of ``sentences``."""
    kind = chat.get("type", "private")
    async with bot.services.sessionmaker.begin() as session:
        if kind == "private":
            await users.upsert_user(session, chat["id"], first_name=chat.get("first_name"))
        await chats.upsert_chat(session, chat["id"], type=kind, title=chat.get("title"))
        mode = "digest" if digest_hour is not None else "immediate"
        await subscriptions.subscribe(
            session, chat["id"], delivery_mode=mode, digest_hour=digest_hour, summary_sentences=sentences
        )


async def deliveries(bot: Harness, broadcast_id: int) -> list[Delivery]:
    async with bot.services.sessionmaker() as session:
        return list(await outbox.get_deliveries(session, broadcast_id))


async def wait_finished(bot: Harness, broadcast_id: int, timeout: float = 15) -> None:  # noqa: ASYNC109
    async def done() -> bool:
        async with bot.services.sessionmaker() as session:
            found = await broadcasts.get_broadcast(session, broadcast_id)
        return found is not None and found.finished_at is not None

    await eventually(done, timeout)


async def wait_sent(bot: Harness, broadcast_id: int, timeout: float = 15) -> None:  # noqa: ASYNC109
    async def done() -> bool:
        progress = await progress_of(bot, broadcast_id)
        return progress[DeliveryStatus.QUEUED] + progress[DeliveryStatus.SENDING] == 0

    await eventually(done, timeout)


async def progress_of(bot: Harness, broadcast_id: int) -> dict[str, int]:
    async with bot.services.sessionmaker() as session:
        return await broadcasts.broadcast_progress(session, broadcast_id)


async def last_broadcast_id(bot: Harness) -> int:
    """The newest broadcast, once it is queued (the progress message is sent just before)."""
    found: list[int] = []

    async def queued() -> bool:
        async with bot.services.sessionmaker() as session:
            newest = await session.scalar(select(func.max(Broadcast.id)))
        found[:] = [newest] if newest is not None else []
        return bool(found)

    await eventually(queued)
    return found[0]
