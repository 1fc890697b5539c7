"""Subscriptions per chat: summary length and delivery mode (immediate, or a daily digest).

Digest hours are Europe/Paris hours; ``due_digests`` compares them with the Paris time of ``now``,
so the digest follows daylight saving time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidValue, NotFound
from storage.models import PARIS, Chat, DeliveryMode, Subscription, User, utcnow
from storage.repos._common import check_choice, insert_for, rowcount

MIN_SENTENCES = 1
MAX_SENTENCES = 10


def _validate(summary_sentences: int, delivery_mode: str, digest_hour: int | None) -> None:
    check_choice("delivery_mode", delivery_mode, DeliveryMode)
    if isinstance(summary_sentences, bool) or not MIN_SENTENCES <= summary_sentences <= MAX_SENTENCES:
        raise InvalidValue(f"summary_sentences must be from {MIN_SENTENCES} to {MAX_SENTENCES}")
    if digest_hour is not None and (isinstance(digest_hour, bool) or not 0 <= digest_hour <= 23):
        raise InvalidValue("digest_hour must be an hour from 0 to 23")
    if delivery_mode == DeliveryMode.DIGEST and digest_hour is None:
        raise InvalidValue("a daily digest needs digest_hour")


async def subscribe(
    session: AsyncSession,
    chat_id: int,
    *,
    by: int | None = None,
    summary_sentences: int = 3,
    delivery_mode: str = DeliveryMode.IMMEDIATE,
    digest_hour: int | None = None,
    now: datetime | None = None,
) -> tuple[Subscription, bool]:
    """Subscribe the chat (which must exist). Returns the subscription and whether it is new;
    an existing subscription is returned unchanged."""
    _validate(summary_sentences, delivery_mode, digest_hour)
    if await session.get(Chat, chat_id) is None:
        raise NotFound(f"no chat {chat_id}")
    now = now or utcnow()
    statement = insert_for(session, Subscription).values(
        chat_id=chat_id,
        subscribed_by=by,
        summary_sentences=summary_sentences,
        delivery_mode=str(delivery_mode),
        digest_hour=digest_hour,
        created_at=now,
        updated_at=now,
    )
    result = await session.execute(statement.on_conflict_do_nothing(index_elements=[Subscription.chat_id]))
    created = bool(rowcount(result))
    subscription = await get_subscription(session, chat_id)
    assert subscription is not None  # inserted or already there, in this transaction
    return subscription, created


async def get_subscription(session: AsyncSession, chat_id: int) -> Subscription | None:
    query = select(Subscription).where(Subscription.chat_id == chat_id)
    return (await session.scalars(query, execution_options={"populate_existing": True})).first()


async def summary_lengths(session: AsyncSession, chat_ids: Iterable[int]) -> dict[int, int]:
    """The subscription length of each of ``chat_ids`` that has a subscription, in one query."""
    ids = list(dict.fromkeys(chat_ids))
    if not ids:
        return {}
    query = select(Subscription.chat_id, Subscription.summary_sentences).where(Subscription.chat_id.in_(ids))
    return dict((await session.execute(query)).all())


async def unsubscribe(session: AsyncSession, chat_id: int) -> bool:
    """Remove the chat's subscription; False if it had none."""
    result = await session.execute(delete(Subscription).where(Subscription.chat_id == chat_id))
    return bool(rowcount(result))


async def update_subscription(
    session: AsyncSession,
    chat_id: int,
    *,
    summary_sentences: int | None = None,
    delivery_mode: str | None = None,
    digest_hour: int | None = None,
    now: datetime | None = None,
) -> Subscription:
    """Change the settings given (the others are kept); switching to immediate clears the hour."""
    subscription = await get_subscription(session, chat_id)
    if subscription is None:
        raise NotFound(f"chat {chat_id} is not subscribed")
    sentences = subscription.summary_sentences if summary_sentences is None else summary_sentences
    mode = subscription.delivery_mode if delivery_mode is None else delivery_mode
    hour = subscription.digest_hour if digest_hour is None else digest_hour
    if mode == DeliveryMode.IMMEDIATE:
        hour = None
    _validate(sentences, mode, hour)
    subscription.summary_sentences = sentences
    subscription.delivery_mode = str(mode)
    subscription.digest_hour = hour
    subscription.updated_at = now or utcnow()
    await session.flush()
    return subscription


def _active() -> list[object]:
    """Subscriptions whose chat can receive messages and is not a banned user's private chat."""
    banned = select(User.id).where(User.banned_at.is_not(None))
    return [Chat.can_post.is_(True), Chat.migrated_to_id.is_(None), Subscription.chat_id.not_in(banned)]


async def count_subscriptions(session: AsyncSession) -> dict[str, int]:
    """Active subscriptions per delivery mode: ``{"immediate": n, "digest": m}``."""
    query = (
        select(Subscription.delivery_mode, func.count())
        .join(Chat, Chat.id == Subscription.chat_id)
        .where(*_active())  # type: ignore[arg-type]
        .group_by(Subscription.delivery_mode)
    )
    counts = {str(mode): 0 for mode in DeliveryMode}
    for mode, number in (await session.execute(query)).all():
        counts[mode] = number
    return counts


async def active_since(session: AsyncSession) -> list[datetime]:
    """When each active subscription began, oldest first (the /stats chart's early history)."""
    query = (
        select(Subscription.created_at)
        .join(Chat, Chat.id == Subscription.chat_id)
        .where(*_active())  # type: ignore[arg-type]
        .order_by(Subscription.created_at)
    )
    return list((await session.scalars(query)).all())


async def due_digests(session: AsyncSession, *, now: datetime | None = None) -> Sequence[Subscription]:
    """Digest subscriptions whose Paris hour is the current one and not yet served this hour."""
    now = now or utcnow()
    paris = now.astimezone(PARIS)
    hour_start = paris.replace(minute=0, second=0, microsecond=0).astimezone(UTC)
    query = (
        select(Subscription)
        .join(Chat, Chat.id == Subscription.chat_id)
        .where(
            Subscription.delivery_mode == DeliveryMode.DIGEST,
            Subscription.digest_hour == paris.hour,
            or_(Subscription.last_digest_at.is_(None), Subscription.last_digest_at < hour_start),
            *_active(),  # type: ignore[arg-type]
        )
        .order_by(Subscription.chat_id)
    )
    return (await session.scalars(query)).all()


async def mark_digest_sent(session: AsyncSession, chat_id: int, *, now: datetime | None = None) -> None:
    """Record that today's digest was handled (sent, or skipped because it was empty)."""
    subscription = await get_subscription(session, chat_id)
    if subscription is None:
        raise NotFound(f"chat {chat_id} is not subscribed")
    subscription.last_digest_at = now or utcnow()
    await session.flush()
