"""The daily digest: at each subscriber's hour (Europe/Paris), one message listing the day's summaries.

Each article is its linked title and its summary's best sentences: as many as the subscriber's
length, but at most 2 (a digest lists many articles on a phone screen).

A job looks for due digests every ``digest_check_seconds``. Subscribers whose last digest was at
the same time share one broadcast (same content); the digest broadcast and "digest served" are
written in one transaction, so a restart neither skips nor repeats a day. An empty day sends
nothing but still counts as served.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.broadcast.payload import Message, Variant, to_payload
from bot.broadcast.runtime import add_job, broadcasting
from bot.context import BotApplication, BotContext, Services
from bot.render import MAX_MESSAGE, MAX_TITLE, fit, utf16_len
from bot.summaries import ArticleCard, card_of
from storage.models import Broadcast, BroadcastKind
from storage.repos import articles, broadcasts, outbox, subscriptions

log = logging.getLogger(__name__)

DAY = timedelta(days=1)
MAX_DIGEST_SENTENCES = 2  # per article: a digest lists many articles
MAX_SENTENCE = 400  # UTF-16 units kept of one sentence, so one long sentence cannot crowd out the rest


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One article of the day: its title, link and stored summary (None if it has none)."""

    title: str
    url: str | None
    card: ArticleCard | None = None


def _entry(entry: DigestEntry, sentences: int) -> str:
    """Bold linked title, then the summary's best sentences (document order) as one short paragraph."""
    title = fit(" ".join(entry.title.split()) or entry.url or "", MAX_TITLE)
    head = f'<b><a href="{escape(entry.url)}">{title}</a></b>' if entry.url else f"<b>{title}</b>"
    if entry.card is None or not entry.card.sentences:
        return head
    best = entry.card.summary(min(sentences, len(entry.card.sentences))).sentences
    body = " ".join(fit(" ".join(s.split()), MAX_SENTENCE) for s in best)
    return f"{head}\n{body}" if body else head


def digest_text(entries: Sequence[DigestEntry], limit: int, sentences: int = MAX_DIGEST_SENTENCES) -> str:
    """The digest at ``sentences`` per article, within Telegram's length: whole entries are left
    out from the end, and counted in a last line, rather than any HTML being cut."""
    blocks = [_entry(entry, sentences) for entry in entries[:limit]]
    for shown in range(len(blocks), -1, -1):
        parts = [texts.DIGEST_TITLE, *blocks[:shown]]
        if len(entries) > shown:
            parts.append(texts.digest_more(len(entries) - shown))
        text = "\n\n".join(parts)
        if utf16_len(text) <= MAX_MESSAGE:
            break
    return text


def digest_message(entries: Sequence[DigestEntry], limit: int) -> Message:
    """The digest once per length (1 or 2 sentences an article): the sender gives each subscriber
    the one of their length, capped at 2, which is what reads well on a phone."""
    variants = {n: Variant(digest_text(entries, limit, n)) for n in range(1, MAX_DIGEST_SENTENCES + 1)}
    return Message(variants[MAX_DIGEST_SENTENCES].text, variants=variants)


async def _entries(session: AsyncSession, items: Sequence[Broadcast]) -> list[DigestEntry]:
    ids = [item.article_id for item in items if item.article_id is not None]
    stored = await articles.get_articles_by_ids(session, ids)
    entries = []
    for item in items:
        article = stored.get(item.article_id) if item.article_id is not None else None
        card = card_of(article, cached=True) if article is not None and article.summary_sentences else None
        url = item.payload.get("url")
        entries.append(DigestEntry(str(item.payload.get("title") or ""), str(url) if url else None, card))
    return entries


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
                message = digest_message(
                    await _entries(session, items), services.config.broadcast.digest_items
                )
                await outbox.enqueue_broadcast(
                    session, kind=BroadcastKind.DIGEST, subscribers=False, chat_ids=chat_ids, now=now,
                    payload=to_payload(message, channel_id=None, extra={"title": "récapitulatif"}),
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
