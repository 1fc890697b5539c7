"""Summary lengths and subscriptions, read and changed in storage (no Telegram here).

A reader has their own length (``users.summary_sentences``), for the summaries they ask for, whether
they subscribe or not; in their private chat, /reglages sets it and, if they subscribe, the
subscription's length too, which deliveries use. A group has only its subscription's length, set by
its administrators. A private chat's id is its user's id (Telegram's rule), which is how a chat is
recognised here as the reader's own.

The settings screen always shows ``ChatSettings`` read back after a change, so what the buttons show
is what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import SetDelivery, SetDigestHour, SetLength
from bot.context import Services
from storage.models import DeliveryMode, Subscription
from storage.repos import subscriptions, users

DEFAULT_DIGEST_HOUR = 8  # Europe/Paris; the first hour offered when switching to a digest


@dataclass(frozen=True, slots=True)
class ChatSettings:
    subscribed: bool
    sentences: int
    digest: bool
    hour: int
    personal: bool = False  # the reader's private chat: the length is theirs, subscribed or not


def offered(services: Services, sentences: int) -> bool:
    """Whether this length is one the settings screen offers (the configured range, within what the
    database accepts)."""
    settings = services.config.summarizer
    return (
        settings.min_sentences <= sentences <= settings.max_sentences and sentences in users.SUMMARY_SENTENCES
    )


def _clamp(services: Services, sentences: int | None) -> int:
    settings = services.config.summarizer
    wanted = settings.sentences if sentences is None else sentences
    return max(settings.min_sentences, min(settings.max_sentences, wanted))


async def _read(services: Services, chat_id: int, user_id: int | None) -> tuple[Subscription | None, int]:
    """The chat's subscription and the length of summaries shown in it, asked for by ``user_id``.

    In the reader's private chat: their own length, else (chosen before readers had one) their
    subscription's. In a group: the group's subscription's, else the asking reader's own.
    """
    async with services.sessionmaker() as session:
        subscription = await subscriptions.get_subscription(session, chat_id)
        own = await users.get_summary_sentences(session, user_id) if user_id is not None else None
    chat_length = subscription.summary_sentences if subscription is not None else None
    wanted = (own or chat_length) if chat_id == user_id else (chat_length or own)
    return subscription, _clamp(services, wanted)


async def summary_length(services: Services, chat_id: int, user_id: int | None = None) -> int:
    """Sentences to show a summary with in this chat, asked for by ``user_id``."""
    _, sentences = await _read(services, chat_id, user_id)
    return sentences


async def read_settings(services: Services, chat_id: int, user_id: int | None = None) -> ChatSettings:
    """The chat's settings as ``user_id`` (who opened them) sees them: in a group, the group's."""
    personal = chat_id == user_id
    subscription, sentences = await _read(services, chat_id, user_id if personal else None)
    if subscription is None:
        return ChatSettings(False, sentences, False, DEFAULT_DIGEST_HOUR, personal)
    return ChatSettings(
        subscribed=True,
        sentences=sentences,
        digest=subscription.delivery_mode == DeliveryMode.DIGEST,
        hour=subscription.digest_hour if subscription.digest_hour is not None else DEFAULT_DIGEST_HOUR,
        personal=personal,
    )


async def subscribe(services: Services, chat_id: int, by: int | None, *, digest: bool = False) -> bool:
    """Subscribe the (already stored) chat; False if it already was.

    A reader's own subscription starts at their own length; a group's at the site's default.
    """
    sentences = await summary_length(services, chat_id, by) if chat_id == by else _clamp(services, None)
    async with services.sessionmaker.begin() as session:
        _, created = await subscriptions.subscribe(
            session,
            chat_id,
            by=by,
            summary_sentences=sentences,
            delivery_mode=DeliveryMode.DIGEST if digest else DeliveryMode.IMMEDIATE,
            digest_hour=DEFAULT_DIGEST_HOUR if digest else None,
        )
    return created


async def unsubscribe(services: Services, chat_id: int) -> bool:
    async with services.sessionmaker.begin() as session:
        return await subscriptions.unsubscribe(session, chat_id)


async def _set_length(
    services: Services, chat_id: int, by: int | None, sentences: int, subscribed: bool
) -> None:
    if not offered(services, sentences):
        return  # a button from before the configured range changed: nothing to store
    async with services.sessionmaker.begin() as session:
        if by is not None and chat_id == by:
            await users.set_summary_sentences(session, by, sentences)
        if subscribed:
            await subscriptions.update_subscription(session, chat_id, summary_sentences=sentences)


async def apply(
    services: Services, chat_id: int, by: int | None, action: SetLength | SetDelivery | SetDigestHour
) -> ChatSettings:
    """Apply one settings button pressed by ``by`` (a stored user) and return the stored result."""
    if isinstance(action, SetDelivery) and action.mode == "off":
        await unsubscribe(services, chat_id)
        return await read_settings(services, chat_id, by)
    current = await read_settings(services, chat_id, by)
    if isinstance(action, SetLength):
        await _set_length(services, chat_id, by, action.sentences, current.subscribed)
        return await read_settings(services, chat_id, by)
    if not current.subscribed:
        if not isinstance(action, SetDelivery):
            return current  # an old hour button after unsubscribing: nothing to change
        await subscribe(services, chat_id, by, digest=action.mode == "digest")
        return await read_settings(services, chat_id, by)
    async with services.sessionmaker.begin() as session:
        if isinstance(action, SetDigestHour):
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
    return await read_settings(services, chat_id, by)
