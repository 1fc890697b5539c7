"""The outbox: write a broadcast and its deliveries in one transaction, then drain them.

Senders claim deliveries with a lease. On PostgreSQL several senders may run at once: the claim
locks rows with ``FOR UPDATE SKIP LOCKED``, so two senders never get the same delivery. On SQLite
the lock clause does not exist and is left out; one sender process is assumed there (SQLite also
serialises writers, so concurrent claims would still not overlap, but they would queue).

A delivery left ``sending`` by a crashed sender is claimed again once ``leased_until`` passes:
that message may then go out twice if it had been sent just before the crash and not yet marked,
which is the only duplicate the design allows (at most one per in-flight delivery).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Broadcast,
    BroadcastKind,
    Chat,
    Delivery,
    DeliveryMode,
    DeliveryStatus,
    Subscription,
    User,
    UTCDateTime,
    utcnow,
)
from storage.repos._common import check_choice, check_json_size, check_lengths, chunks, insert_for, rowcount

MAX_PAYLOAD_CHARS = 100_000
_CHUNK = 1000  # rows per multi-row INSERT: far below both engines' bind-parameter limits
_ERROR_LIMIT = 500


def _clip(text: str) -> str:
    return text if len(text) <= _ERROR_LIMIT else text[: _ERROR_LIMIT - 1] + "…"


async def create_broadcast(
    session: AsyncSession,
    *,
    kind: str,
    payload: dict[str, Any],
    article_id: int | None = None,
    created_by: int | None = None,
    now: datetime | None = None,
) -> Broadcast:
    check_choice("kind", kind, BroadcastKind)
    if not isinstance(payload, dict):
        raise TypeError("payload must be a dict")
    check_json_size("payload", payload, MAX_PAYLOAD_CHARS)
    broadcast = Broadcast(
        kind=str(kind),
        payload=payload,
        article_id=article_id,
        created_by=created_by,
        created_at=now or utcnow(),
    )
    session.add(broadcast)
    await session.flush()
    return broadcast


async def enqueue_subscribers(
    session: AsyncSession, broadcast_id: int, *, now: datetime | None = None
) -> int:
    """One queued delivery per active immediate subscriber, in a single INSERT ... SELECT."""
    now = now or utcnow()
    banned = select(User.id).where(User.banned_at.is_not(None))
    recipients = (
        select(
            literal(broadcast_id),
            Subscription.chat_id,
            literal(str(DeliveryStatus.QUEUED)),
            literal(0),
            literal(now, UTCDateTime()),
            literal(now, UTCDateTime()),
        )
        .join(Chat, Chat.id == Subscription.chat_id)
        .where(
            Subscription.delivery_mode == DeliveryMode.IMMEDIATE,
            Chat.can_post.is_(True),
            Chat.migrated_to_id.is_(None),
            Subscription.chat_id.not_in(banned),
        )
    )
    columns = ["broadcast_id", "chat_id", "status", "attempts", "created_at", "updated_at"]
    statement = insert_for(session, Delivery).from_select(columns, recipients).on_conflict_do_nothing()
    result = await session.execute(statement)
    return rowcount(result)


async def enqueue_chats(
    session: AsyncSession, broadcast_id: int, chat_ids: Iterable[int], *, now: datetime | None = None
) -> int:
    """Queued deliveries to these chats (e.g. the channel, or digest readers); repeats are ignored."""
    now = now or utcnow()
    rows = [
        {"broadcast_id": broadcast_id, "chat_id": chat_id, "status": DeliveryStatus.QUEUED.value,
         "attempts": 0, "created_at": now, "updated_at": now}
        for chat_id in dict.fromkeys(chat_ids)
    ]  # fmt: skip
    added = 0
    for chunk in chunks(rows, _CHUNK):
        statement = insert_for(session, Delivery).values(list(chunk)).on_conflict_do_nothing()
        result = await session.execute(statement)
        added += rowcount(result)
    return added


async def enqueue_broadcast(
    session: AsyncSession,
    *,
    kind: str,
    payload: dict[str, Any],
    article_id: int | None = None,
    created_by: int | None = None,
    subscribers: bool = True,
    chat_ids: Iterable[int] = (),
    now: datetime | None = None,
) -> tuple[Broadcast, int]:
    """The outbox write: a broadcast plus its deliveries. Returns the broadcast and the delivery count.

    Call it inside the caller's transaction, so the broadcast and all its deliveries appear together.
    """
    now = now or utcnow()
    broadcast = await create_broadcast(
        session, kind=kind, payload=payload, article_id=article_id, created_by=created_by, now=now
    )
    total = await enqueue_chats(session, broadcast.id, chat_ids, now=now)
    if subscribers:
        total += await enqueue_subscribers(session, broadcast.id, now=now)
    return broadcast, total


async def claim_deliveries(
    session: AsyncSession, worker: str, limit: int, lease_seconds: float, now: datetime | None = None
) -> list[Delivery]:
    """Lease up to ``limit`` deliveries to ``worker`` and return them: first those whose lease
    expired (a crashed sender's), then queued ones, oldest first. ``attempts`` counts claims.
    Commit right after, so the lease is visible to other senders."""
    check_lengths(Delivery, {"leased_by": worker})
    now = now or utcnow()
    expired = and_(Delivery.status == DeliveryStatus.SENDING, Delivery.leased_until < now)
    ready = and_(
        Delivery.status == DeliveryStatus.QUEUED,
        or_(Delivery.not_before.is_(None), Delivery.not_before <= now),
    )
    claimed: list[Delivery] = []
    # Two statements rather than one OR: each walks the (status, id) index in order and stops
    # after ``limit`` rows, instead of scanning every delivery already sent.
    for condition in (expired, ready):
        if len(claimed) < limit:
            claimed += await _lease(session, condition, worker, limit - len(claimed), lease_seconds, now)
    return sorted(claimed, key=lambda delivery: delivery.id)


async def _lease(
    session: AsyncSession, condition: Any, worker: str, limit: int, lease_seconds: float, now: datetime
) -> Sequence[Delivery]:
    chosen = select(Delivery.id).where(condition).order_by(Delivery.id).limit(limit)
    chosen = chosen.with_for_update(skip_locked=True)  # rendered on PostgreSQL only
    statement = (
        update(Delivery)
        .where(Delivery.id.in_(chosen.scalar_subquery()))
        .values(
            status=DeliveryStatus.SENDING,
            leased_by=worker,
            leased_until=now + timedelta(seconds=lease_seconds),
            attempts=Delivery.attempts + 1,
            updated_at=now,
        )
        .returning(Delivery)
    )
    options = {"populate_existing": True, "synchronize_session": False}
    return (await session.scalars(statement, execution_options=options)).all()


async def _finish(session: AsyncSession, delivery_id: int, **values: Any) -> bool:
    statement = (
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.SENDING)
        .values(leased_until=None, leased_by=None, **values)
        .execution_options(synchronize_session=False)
    )
    return bool(rowcount(await session.execute(statement)))


async def mark_sent(
    session: AsyncSession, delivery_id: int, *, message_id: int | None, now: datetime | None = None
) -> bool:
    """``sent`` with Telegram's message id; False if the delivery was not ``sending``."""
    return await _finish(
        session, delivery_id, status=DeliveryStatus.SENT, telegram_message_id=message_id,
        last_error=None, updated_at=now or utcnow(),
    )  # fmt: skip


async def mark_many_sent(
    session: AsyncSession, sent: Mapping[int, int | None], *, now: datetime | None = None
) -> None:
    """``mark_sent`` for a batch ({delivery id: message id}) in one executemany."""
    if not sent:
        return
    table = cast(Table, Delivery.__table__)
    statement = (
        update(table)
        .where(table.c.id == bindparam("delivery_id"), table.c.status == DeliveryStatus.SENDING)
        .values(status=DeliveryStatus.SENT, telegram_message_id=bindparam("message_id"),
                leased_until=None, leased_by=None, last_error=None, updated_at=now or utcnow())
    )  # fmt: skip
    params = [{"delivery_id": key, "message_id": value} for key, value in sent.items()]
    await session.execute(statement, params)


async def mark_failed(
    session: AsyncSession, delivery_id: int, *, error: str, now: datetime | None = None
) -> bool:
    """``failed`` for good, with the reason (clipped to the column)."""
    return await _finish(
        session,
        delivery_id,
        status=DeliveryStatus.FAILED,
        last_error=_clip(error),
        updated_at=now or utcnow(),
    )


async def mark_skipped(
    session: AsyncSession, delivery_id: int, *, reason: str, now: datetime | None = None
) -> bool:
    """``skipped``: not sent on purpose (chat gone, unsubscribed meanwhile...)."""
    return await _finish(
        session,
        delivery_id,
        status=DeliveryStatus.SKIPPED,
        last_error=_clip(reason),
        updated_at=now or utcnow(),
    )


async def retry_later(
    session: AsyncSession,
    delivery_id: int,
    *,
    not_before: datetime,
    error: str | None = None,
    now: datetime | None = None,
) -> bool:
    """Back to ``queued``, not to be claimed before ``not_before`` (backoff, or Telegram's retry_after)."""
    return await _finish(
        session, delivery_id, status=DeliveryStatus.QUEUED, not_before=not_before,
        last_error=_clip(error) if error else None, updated_at=now or utcnow(),
    )  # fmt: skip


async def release_deliveries(
    session: AsyncSession, delivery_ids: Iterable[int], *, now: datetime | None = None
) -> int:
    """Return claimed deliveries to the queue unsent (graceful shutdown)."""
    ids = list(delivery_ids)
    if not ids:
        return 0
    statement = (
        update(Delivery)
        .where(Delivery.id.in_(ids), Delivery.status == DeliveryStatus.SENDING)
        .values(status=DeliveryStatus.QUEUED, leased_until=None, leased_by=None, updated_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return rowcount(await session.execute(statement))


async def delay_chat(
    session: AsyncSession, chat_id: int, *, until: datetime, now: datetime | None = None
) -> int:
    """Hold every queued delivery to ``chat_id`` until ``until`` (Telegram asked to wait)."""
    statement = (
        update(Delivery)
        .where(
            Delivery.chat_id == chat_id,
            Delivery.status == DeliveryStatus.QUEUED,
            or_(Delivery.not_before.is_(None), Delivery.not_before < until),
        )
        .values(not_before=until, updated_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return rowcount(await session.execute(statement))


async def get_deliveries(session: AsyncSession, broadcast_id: int) -> Sequence[Delivery]:
    query = select(Delivery).where(Delivery.broadcast_id == broadcast_id).order_by(Delivery.id)
    return (await session.scalars(query, execution_options={"populate_existing": True})).all()


async def outbox_depth(session: AsyncSession) -> int:
    """Deliveries still to send (queued or sending), for metrics."""
    query = select(func.count()).where(Delivery.status.in_([DeliveryStatus.QUEUED, DeliveryStatus.SENDING]))
    return int(await session.scalar(query) or 0)


async def release_worker(session: AsyncSession, worker: str, *, now: datetime | None = None) -> int:
    """Return to the queue every delivery leased by ``worker``: a restarted sender with the same
    name takes up its own unfinished work at once instead of waiting for the leases to expire."""
    statement = (
        update(Delivery)
        .where(Delivery.leased_by == worker, Delivery.status == DeliveryStatus.SENDING)
        .values(status=DeliveryStatus.QUEUED, leased_until=None, leased_by=None, updated_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return rowcount(await session.execute(statement))


async def unwanted_chats(session: AsyncSession, chat_ids: Iterable[int]) -> set[int]:
    """Those of ``chat_ids`` that should not get a message any more: the bot cannot post there, the
    group moved, the user was banned, or the chat unsubscribed meanwhile (channels need no
    subscription)."""
    ids = list(dict.fromkeys(chat_ids))
    if not ids:
        return set()
    subscribed = select(Subscription.chat_id).where(Subscription.chat_id.in_(ids))
    banned = select(User.id).where(User.banned_at.is_not(None), User.id.in_(ids))
    query = select(Chat.id).where(
        Chat.id.in_(ids),
        or_(
            Chat.can_post.is_(False),
            Chat.migrated_to_id.is_not(None),
            Chat.id.in_(banned),
            and_(Chat.type != "channel", Chat.id.not_in(subscribed)),
        ),
    )
    return set((await session.scalars(query)).all())
