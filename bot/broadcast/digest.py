"""The daily digest: at each subscriber's hour (Europe/Paris), one message listing the day's articles.

A job looks for due digests every ``digest_check_seconds``. Subscribers whose last digest was at
the same time share one broadcast (same content); the digest broadcast and "digest served" are
written in one transaction, so a restart neither skips nor repeats a day. An empty day sends
nothing but still counts as served.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from html import escape

from bot import texts
from bot.broadcast.payload import Message, to_payload
from bot.broadcast.runtime import add_job, broadcasting
from bot.context import BotApplication, BotContext, Services
from bot.render import MAX_MESSAGE, utf16_len
from storage.models import Broadcast, BroadcastKind
from storage.repos import broadcasts, outbox, subscriptions

log = logging.getLogger(__name__)

DAY = timedelta(days=1)


def digest_text(items: Sequence[Broadcast], limit: int) -> str:
    """The digest: a bold heading and one linked line per article, within Telegram's length."""
    lines = [texts.DIGEST_TITLE, ""]
    shown = 0
    for broadcast in items[:limit]:
        title = escape(str(broadcast.payload.get("title") or ""))
        url = broadcast.payload.get("url")
        line = f'• <a href="{escape(str(url))}">{title}</a>' if url else f"• {title}"
        if utf16_len("\n".join([*lines, line])) > MAX_MESSAGE - 100:
            break
        lines.append(line)
        shown += 1
    if len(items) > shown:
        lines.append(texts.digest_more(len(items) - shown))
    return "\n".join(lines)


async def run_digests(services: Services, now: datetime) -> int:
    """Queue the digests due at ``now``; returns how many chats get one."""
    async with services.sessionmaker() as session:
        due = await subscriptions.due_digests(session, now=now)
    windows: dict[datetime, list[int]] = defaultdict(list)
    for subscription in due:
        last = subscription.last_digest_at
        windows[max(last, now - DAY) if last else now - DAY].append(subscription.chat_id)
    queued = 0
    for since, chat_ids in windows.items():
        async with services.sessionmaker.begin() as session:
            items = await broadcasts.article_broadcasts(session, since=since, until=now)
            if items:
                text = digest_text(items, services.config.broadcast.digest_items)
                await outbox.enqueue_broadcast(
                    session, kind=BroadcastKind.DIGEST, subscribers=False, chat_ids=chat_ids, now=now,
                    payload=to_payload(Message(text), channel_id=None, extra={"title": "récapitulatif"}),
                )  # fmt: skip
                queued += len(chat_ids)
            for chat_id in chat_ids:
                await subscriptions.mark_digest_sent(session, chat_id, now=now)
    if queued and services.broadcasting is not None:
        services.broadcasting.sender.wake()
    log.info("digests: %d due, %d queued", len(due), queued)
    return queued


async def digest_tick(context: BotContext) -> None:
    try:
        await run_digests(context.services, broadcasting(context.services).clock.now())
    except Exception:
        log.exception("daily digests failed")


def register(application: BotApplication) -> None:
    add_job("digests", digest_tick, lambda services: services.config.broadcast.digest_check_seconds)
