"""Telegram chats: their type and title, whether the bot may still post, and group migrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import NotFound
from storage.models import Chat, ChatType, Delivery, DeliveryStatus, Subscription, utcnow
from storage.repos._common import check_choice, check_lengths, insert_for, rowcount


async def upsert_chat(
    session: AsyncSession,
    chat_id: int,
    *,
    type: str,
    title: str | None = None,
    username: str | None = None,
    now: datetime | None = None,
) -> Chat:
    """Create the chat or refresh its type, title and username; ``can_post`` is left alone."""
    now = now or utcnow()
    values = {"type": check_choice("type", type, ChatType), "title": title, "username": username}
    check_lengths(Chat, values)
    statement = insert_for(session, Chat).values(id=chat_id, created_at=now, updated_at=now, **values)
    statement = statement.on_conflict_do_update(
        index_elements=[Chat.id], set_={**values, "updated_at": now}
    ).returning(Chat)
    result = await session.scalars(statement, execution_options={"populate_existing": True})
    row: Chat = result.one()
    return row


async def get_chat(session: AsyncSession, chat_id: int) -> Chat | None:
    return await session.get(Chat, chat_id)


async def set_can_post(
    session: AsyncSession, chat_id: int, can_post: bool, *, now: datetime | None = None
) -> bool:
    """Record that the bot was blocked/removed (False) or is welcome again (True); False if unknown."""
    result = await session.execute(
        update(Chat).where(Chat.id == chat_id).values(can_post=can_post, updated_at=now or utcnow())
    )
    return bool(rowcount(result))


async def migrate_chat(
    session: AsyncSession, old_id: int, new_id: int, *, now: datetime | None = None
) -> Chat:
    """A group became the supergroup ``new_id``: move its subscription and pending deliveries there.

    The old chat stays (for history) with ``migrated_to_id`` set and ``can_post`` off. A delivery of a
    broadcast the new chat already has is left on the old chat rather than duplicated.
    """
    now = now or utcnow()
    old = await session.get(Chat, old_id)
    if old is None:
        raise NotFound(f"no chat {old_id}")
    new = await upsert_chat(
        session, new_id, type=ChatType.SUPERGROUP, title=old.title, username=old.username, now=now
    )
    old.migrated_to_id = new_id
    old.can_post = False
    old.updated_at = now
    has_own = select(Subscription.id).where(Subscription.chat_id == new_id)
    if (await session.scalar(has_own)) is None:
        await session.execute(
            update(Subscription).where(Subscription.chat_id == old_id).values(chat_id=new_id, updated_at=now)
        )
    already = select(Delivery.broadcast_id).where(Delivery.chat_id == new_id).scalar_subquery()
    await session.execute(
        update(Delivery)
        .where(
            Delivery.chat_id == old_id,
            Delivery.status.in_([DeliveryStatus.QUEUED, DeliveryStatus.SENDING]),
            Delivery.broadcast_id.not_in(already),
        )
        .values(chat_id=new_id, updated_at=now)
    )
    await session.flush()
    return new
