"""A chat's subscription and its settings, read and changed in storage (no Telegram here).

The settings screen always shows ``ChatSettings`` read back after a change, so what the buttons show
is what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import SetDelivery, SetDigestHour, SetLength
from bot.context import Services
from storage.models import DeliveryMode
from storage.repos import subscriptions

DEFAULT_DIGEST_HOUR = 8  # Europe/Paris; the first hour offered when switching to a digest


@dataclass(frozen=True, slots=True)
class ChatSettings:
    subscribed: bool
    sentences: int
    digest: bool
    hour: int


async def read_settings(services: Services, chat_id: int) -> ChatSettings:
    async with services.sessionmaker() as session:
        subscription = await subscriptions.get_subscription(session, chat_id)
    if subscription is None:
        return ChatSettings(False, services.config.summarizer.sentences, False, DEFAULT_DIGEST_HOUR)
    return ChatSettings(
        subscribed=True,
        sentences=subscription.summary_sentences,
        digest=subscription.delivery_mode == DeliveryMode.DIGEST,
        hour=subscription.digest_hour if subscription.digest_hour is not None else DEFAULT_DIGEST_HOUR,
    )


async def subscribe(services: Services, chat_id: int, by: int | None, *, digest: bool = False) -> bool:
    """Subscribe the (already stored) chat; False if it already was."""
    async with services.sessionmaker.begin() as session:
        _, created = await subscriptions.subscribe(
            session,
            chat_id,
            by=by,
            summary_sentences=services.config.summarizer.sentences,
            delivery_mode=DeliveryMode.DIGEST if digest else DeliveryMode.IMMEDIATE,
            digest_hour=DEFAULT_DIGEST_HOUR if digest else None,
        )
    return created


async def unsubscribe(services: Services, chat_id: int) -> bool:
    async with services.sessionmaker.begin() as session:
        return await subscriptions.unsubscribe(session, chat_id)


async def apply(
    services: Services, chat_id: int, by: int | None, action: SetLength | SetDelivery | SetDigestHour
) -> ChatSettings:
    """Apply one settings button and return the stored result."""
    settings = services.config.summarizer
    if isinstance(action, SetDelivery) and action.mode == "off":
        await unsubscribe(services, chat_id)
        return await read_settings(services, chat_id)
    current = await read_settings(services, chat_id)
    if not current.subscribed:
        if not isinstance(action, SetDelivery):
            return current  # an old length/hour button after unsubscribing: nothing to change
        await subscribe(services, chat_id, by, digest=action.mode == "digest")
        return await read_settings(services, chat_id)
    async with services.sessionmaker.begin() as session:
        if isinstance(action, SetLength):
            if settings.min_sentences <= action.sentences <= settings.max_sentences:
                await subscriptions.update_subscription(session, chat_id, summary_sentences=action.sentences)
        elif isinstance(action, SetDigestHour):
            await subscriptions.update_subscription(
                session, chat_id, delivery_mode=DeliveryMode.DIGEST, digest_hour=action.hour
            )
        else:
            digest = action.mode == "digest"
            await subscriptions.update_subscription(
                session,
                chat_id,
                delivery_mode=DeliveryMode.DIGEST if digest else DeliveryMode.IMMEDIATE,
                digest_hour=current.hour if digest else None,
            )
    return await read_settings(services, chat_id)
