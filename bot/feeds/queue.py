"""The moderation queue: new feed items offered to the team, published or ignored (the first decision wins).

An item is summarized when it arrives (so the team sees what readers would get) and its summary is
kept with the article; with ``[feeds] auto_publish`` it goes out at once instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape

from bot import keyboards, summaries, texts
from bot.broadcast import payload
from bot.broadcast.publish import publish
from bot.context import BotContext, Services
from bot.notify import notify_admins
from bot.render import utf16_len
from storage.models import BroadcastKind, Feed, FeedItem, FeedItemStatus
from storage.repos import feeds
from summarizer.errors import SummarizerError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Decision:
    done: bool  # False: someone decided first
    published: bool = False
    error: str | None = None


def item_url(item: FeedItem) -> str | None:
    return item.canonical_url or (item.guid if item.guid and item.guid.startswith("http") else None)


async def card_for(services: Services, item: FeedItem) -> summaries.ArticleCard:
    if item.article_id is not None:
        card = await summaries.load_card(services, item.article_id)
        if card is not None:
            return card
    url = item_url(item)
    if url is None:
        raise SummarizerError("the item has no link")
    card = await summaries.summarize_unattended(services, url)
    async with services.sessionmaker.begin() as session:
        await feeds.set_item_article(session, item.id, card.article_id)
    return card


def subscriber_message(services: Services, card: summaries.ArticleCard) -> payload.Message:
    settings = services.config.summarizer
    return payload.article_message(card, settings.sentences, settings.min_sentences)


async def offer(context: BotContext, feed: Feed, item: FeedItem) -> None:
    """A new item: published at once (auto_publish) or sent to the team with Publish / Ignore."""
    services = context.services
    try:
        card: summaries.ArticleCard | None = await card_for(services, item)
    except SummarizerError as exc:
        log.info("feed item %s could not be summarized: %s", item.id, exc)
        card, reason = None, exc.user_message
    if card is not None and services.config.feeds.auto_publish:
        await _publish(context, item, card, by=None, report_chat_id=None)
        await notify_admins(context, texts.auto_published(escape(card.title or card.url)))
        return
    header = texts.queue_header(escape(feed.title or feed.url))
    if card is not None:
        body = subscriber_message(services, card).text
    else:
        body = f"<b>{escape(item.title or '')}</b>\n\n" + texts.QUEUE_SUMMARY_FAILED.format(
            reason=escape(reason)
        )
    text = f"{header}\n\n{body}"
    if utf16_len(text) > 4096:
        text = body
    await notify_admins(context, text, reply_markup=keyboards.queue_keyboard(item.id, item_url(item)))


async def _publish(
    context: BotContext,
    item: FeedItem,
    card: summaries.ArticleCard,
    *,
    by: int | None,
    report_chat_id: int | None,
) -> bool:
    async with context.services.sessionmaker.begin() as session:
        if not await feeds.decide_item(session, item.id, status=FeedItemStatus.PUBLISHED, by=by):
            return False
    await publish(
        context.services,
        context.bot,
        subscriber_message(context.services, card),
        kind=BroadcastKind.ARTICLE,
        title=card.title or card.url,
        by=by,
        article_id=card.article_id,
        url=card.url,
        report_chat_id=report_chat_id,
    )
    return True


async def decide(context: BotContext, item_id: int, *, publish_it: bool, by: int, chat_id: int) -> Decision:
    """An admin's choice on a queued item; publishing reports its progress in ``chat_id``."""
    services = context.services
    async with services.sessionmaker() as session:
        item = await feeds.get_item(session, item_id)
    if item is None or item.status != FeedItemStatus.PENDING:
        return Decision(False)
    if not publish_it:
        async with services.sessionmaker.begin() as session:
            done = await feeds.decide_item(session, item_id, status=FeedItemStatus.IGNORED, by=by)
        return Decision(done)
    try:
        card = await card_for(services, item)
    except SummarizerError as exc:
        return Decision(True, error=exc.user_message)
    return Decision(await _publish(context, item, card, by=by, report_chat_id=chat_id), published=True)


async def queue_text(services: Services, limit: int = 10) -> tuple[str, list[FeedItem]]:
    """The /file message: pending items, oldest first, numbered as their buttons are."""
    async with services.sessionmaker() as session:
        total = await feeds.count_pending(session)
        items = list(await feeds.pending_items(session, limit=limit))
    if not items:
        return texts.QUEUE_EMPTY, []
    lines = [texts.queue_list(total), ""]
    for number, item in enumerate(items, 1):
        title = escape(item.title or item_url(item) or f"n°{item.id}")
        url = item_url(item)
        lines.append(f'{number}. <a href="{escape(url)}">{title}</a>' if url else f"{number}. {title}")
    return "\n".join(lines), items
