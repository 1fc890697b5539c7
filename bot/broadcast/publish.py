"""Publishing: the outbox write of a broadcast (channel + every active subscriber) in one transaction.

The admin's progress message is sent first and recorded with the broadcast, so the progress
reporter (and a restarted bot) keeps editing that same message. It says the list is being prepared
until the reporter's first look at the outbox (never « 0 restant » before anything was counted).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot import texts
from bot.broadcast.payload import Message, to_payload
from bot.context import Services
from storage.models import BroadcastKind, ChatType, DeliveryMode
from storage.repos import broadcasts, chats, outbox, subscriptions

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Published:
    broadcast_id: int
    deliveries: int
    channel: bool


async def immediate_subscribers(services: Services) -> int:
    async with services.sessionmaker() as session:
        counts = await subscriptions.count_subscriptions(session)
    return counts[DeliveryMode.IMMEDIATE]


async def channel_chat_id(services: Services, bot: Bot) -> int | None:
    """The channel's numeric id (CHANNEL_ID may be @name), stored as a chat; None if none or unreachable."""
    channel = services.config.bot.channel_id
    if channel is None:
        return None
    try:
        chat = await bot.get_chat(channel)
    except TelegramError as exc:
        log.warning("channel %s unreachable: %s", channel, exc)
        return None
    async with services.sessionmaker.begin() as session:
        await chats.upsert_chat(
            session, chat.id, type=ChatType.CHANNEL, title=chat.title, username=chat.username
        )
        await chats.set_can_post(session, chat.id, True)
    return chat.id


async def publish(
    services: Services,
    bot: Bot,
    message: Message,
    *,
    kind: BroadcastKind,
    title: str,
    by: int | None,
    article_id: int | None = None,
    url: str | None = None,
    report_chat_id: int | None = None,
) -> Published:
    """Queue ``message`` for the channel and every active immediate subscriber; wake the sender.

    ``report_chat_id`` receives the progress message, edited as the broadcast goes out.
    """
    channel = await channel_chat_id(services, bot)
    if services.config.bot.channel_id and channel is None and report_chat_id is not None:
        warning = texts.CHANNEL_UNREACHABLE.format(channel=escape(services.config.bot.channel_id))
        await bot.send_message(report_chat_id, warning)
    progress = None
    if report_chat_id is not None:
        counting = texts.progress_counting(escape(title))
        progress = await bot.send_message(report_chat_id, counting, parse_mode=ParseMode.HTML)
    payload = to_payload(message, channel_id=channel, extra={"title": title, "url": url})
    async with services.sessionmaker.begin() as session:
        broadcast, total = await outbox.enqueue_broadcast(
            session,
            kind=kind,
            payload=payload,
            article_id=article_id,
            created_by=by,
            chat_ids=[channel] if channel is not None else [],
        )
        if progress is not None:
            await broadcasts.set_progress_message(
                session, broadcast.id, chat_id=progress.chat_id, message_id=progress.message_id
            )
    if services.broadcasting is not None:
        services.broadcasting.sender.wake()
    log.info("broadcast %s (%s) queued for %d chats by %s", broadcast.id, kind, total, by)
    return Published(broadcast.id, total, channel is not None)
