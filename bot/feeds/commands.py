"""/flux (feeds and their health), /flux_ajouter URL, /flux_retirer ID, /file (the moderation queue),
the Publier / Ignorer buttons, and the job that polls the feeds."""

from __future__ import annotations

import logging
from datetime import datetime
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, links, texts
from bot.broadcast.runtime import add_job, broadcasting
from bot.context import BotApplication, BotContext, Services
from bot.feeds import queue
from bot.feeds.watcher import feed_name, poll_due, poll_feed
from bot.handlers.summary import NO_PREVIEW
from bot.ids import parse_id
from bot.roles import requires
from storage.errors import Duplicate, InvalidValue
from storage.models import Feed, FeedItem
from storage.repos import feeds

log = logging.getLogger(__name__)


def _ago(then: datetime | None, now: datetime) -> str | None:
    return None if then is None else texts.duration((now - then).total_seconds())


def feeds_text(rows: list[Feed], now: datetime) -> str:
    if not rows:
        return texts.FEEDS_EMPTY
    lines = [texts.FEEDS_TITLE, ""]
    for feed in rows:
        health = texts.feed_health(
            feed.consecutive_failures, feed.last_error, _ago(feed.last_checked_at, now)
        )
        lines.append(f"n°{feed.id} {feed_name(feed)}\n   {escape(feed.url)}\n   {escape(health)}")
    return "\n".join(lines)


@requires("flux")
async def list_feeds(update: Update, context: BotContext) -> None:
    if update.effective_message is None:
        return
    async with context.services.sessionmaker() as session:
        rows = list(await feeds.list_feeds(session))
    now = broadcasting(context.services).clock.now()
    await update.effective_message.reply_text(
        feeds_text(rows, now), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
    )


@requires("flux_ajouter")
async def add_feed(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    url = links.normalize(context.args[0]) if context.args else None
    if url is None:
        await message.reply_text(texts.FLUX_AJOUTER_USAGE, parse_mode=ParseMode.HTML)
        return
    services = context.services
    try:
        async with services.sessionmaker.begin() as session:
            feed = await feeds.add_feed(session, url, added_by=user.id)
    except Duplicate:
        await message.reply_text(texts.FLUX_DUPLICATE)
        return
    except InvalidValue:
        await message.reply_text(texts.FLUX_BAD_URL)
        return
    result = await poll_feed(context, feed, broadcasting(services).clock.now())  # the back catalogue
    if not result.ok:
        await message.reply_text(texts.feed_added_failing(feed.id, escape(result.error or "")))
        return
    async with services.sessionmaker() as session:
        stored = await feeds.get_feed(session, feed.id)
    await message.reply_text(
        texts.feed_added(feed.id, feed_name(stored or feed), result.seen), parse_mode=ParseMode.HTML
    )


@requires("flux_retirer")
async def remove_feed(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    raw = context.args[0] if context.args else ""
    feed_id = parse_id(raw)
    if feed_id is None:
        await message.reply_text(texts.FLUX_RETIRER_USAGE, parse_mode=ParseMode.HTML)
        return
    services = context.services
    async with services.sessionmaker.begin() as session:
        feed = await feeds.get_feed(session, feed_id)
        removed = feed is not None and await feeds.remove_feed(session, feed_id)
    if feed is None or not removed:
        await message.reply_text(texts.feed_unknown(escape(raw[:20])))
        return
    await message.reply_text(texts.feed_removed(feed.id, feed.url in services.config.feeds.urls))


def queue_markup(items: list[FeedItem]) -> InlineKeyboardMarkup | None:
    rows = [
        [
            InlineKeyboardButton(f"{texts.BUTTON_PUBLISH} {n}", callback_data=_data(item.id, True)),
            InlineKeyboardButton(f"{texts.BUTTON_IGNORE} {n}", callback_data=_data(item.id, False)),
        ]
        for n, item in enumerate(items, 1)
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def _data(item_id: int, publish: bool) -> str:
    return callbacks.encode(callbacks.QueueDecision(item_id, publish))


@requires("file")
async def show_queue(update: Update, context: BotContext) -> None:
    if update.effective_message is None:
        return
    text, items = await queue.queue_text(context.services)
    await update.effective_message.reply_text(
        text, parse_mode=ParseMode.HTML, reply_markup=queue_markup(items), link_preview_options=NO_PREVIEW
    )


@requires("button:queue")
async def on_decision(update: Update, context: BotContext) -> None:
    query = update.callback_query
    action = callbacks.parse(query.data) if query else None
    if (
        query is None
        or not isinstance(action, callbacks.QueueDecision)
        or not isinstance(query.message, Message)
    ):
        return
    who = query.from_user
    decision = await queue.decide(
        context, action.item_id, publish_it=action.publish, by=who.id, chat_id=query.message.chat.id
    )
    if decision.error is not None:
        await query.answer(decision.error, show_alert=True)
        return
    if not decision.done:
        await query.answer(texts.QUEUE_DONE, show_alert=True)
        await _refresh(query.message, context, texts.QUEUE_DONE)
        return
    await query.answer(texts.QUEUE_PUBLISHED if action.publish else texts.QUEUE_IGNORED)
    await _refresh(query.message, context, texts.queue_decided(action.publish, escape(who.first_name)))


async def _refresh(message: Message, context: BotContext, decided: str) -> None:
    """A /file list is redrawn; a single item's message keeps its text, with who decided, without buttons."""
    if (message.text or "").startswith("File de modération"):
        text, items = await queue.queue_text(context.services)
        await message.edit_text(
            text, parse_mode=ParseMode.HTML, reply_markup=queue_markup(items), link_preview_options=NO_PREVIEW
        )
        return
    links_only = [
        [b for b in row if b.url]
        for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
    ]
    await message.edit_text(
        f"{message.text_html}\n\n{decided}",
        parse_mode=ParseMode.HTML,
        reply_markup=InlineKeyboardMarkup([row for row in links_only if row]),
        link_preview_options=NO_PREVIEW,
    )


async def feeds_tick(context: BotContext) -> None:
    try:
        await poll_due(context, broadcasting(context.services).clock.now())
    except Exception:
        log.exception("feed polling failed")


def tick_seconds(services: Services) -> float:
    return min(services.config.feeds.interval_seconds, 30.0)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("flux", list_feeds))
    application.add_handler(CommandHandler("flux_ajouter", add_feed))
    application.add_handler(CommandHandler("flux_retirer", remove_feed))
    application.add_handler(CommandHandler("file", show_queue))
    application.add_handler(
        CallbackQueryHandler(on_decision, pattern=callbacks.matches(callbacks.QueueDecision))
    )
    add_job("feeds", feeds_tick, tick_seconds)
