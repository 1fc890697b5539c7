"""/stats (the bot at a glance, for a phone screen: today's figures as text, then a chart of the last
30 days, or N with ``/stats N``) and /journal (the audit log, newest first)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from html import escape
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards
from bot.admin import chart, stats, texts
from bot.admin.common import answer, clip, fitting, names
from bot.context import BotApplication, BotContext, Services
from bot.roles import requires
from storage.models import AuditEntry
from storage.repos import audit as audit_log
from storage.repos import history

USER_PREFIX = "user:"
READING_EVERY = timedelta(hours=1)  # each day the bot runs gets a reading, the last one kept
FIRST_READING = timedelta(seconds=30)  # not at start-up itself: let the bot answer first


@requires("stats")
async def show_stats(update: Update, context: BotContext) -> None:
    """Today's figures as text (what a screen reader reads), then the chart of the last N days."""
    message = update.effective_message
    if message is None:
        return
    days = _chart_days(context.args)
    if days is None:
        await answer(message, texts.STATS_USAGE)
        return
    services = context.services
    async with services.sessionmaker.begin() as session:
        figures = await stats.gather(session, top=services.config.admin.stats_top_sites)
        await history.record_subscribers(session)
        series = await chart.gather(session, days=days)
    await answer(message, texts.stats_report(figures, stats.sparkline(figures.per_day)))
    await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    png = await asyncio.to_thread(chart.render, series)  # ~0.5 s of CPU: off the event loop
    await message.reply_photo(png, caption=chart.caption(series), parse_mode=ParseMode.HTML)


def _chart_days(args: list[str] | None) -> int | None:
    """The chart's period from ``/stats [days]``; None when the argument is not a number of days."""
    if not args:
        return chart.DEFAULT_DAYS
    value = args[0].lower().removesuffix("j").removesuffix("jours")
    if len(args) > 1 or not value.isdigit() or len(value) > 4:
        return None
    days = int(value)
    return days if chart.MIN_DAYS <= days <= chart.MAX_DAYS else None


def _page(args: list[str] | None) -> int | None:
    if not args:
        return 1
    value = args[0]
    return int(value) if value.isdigit() and 0 < len(value) <= 6 and int(value) > 0 else None


def _detail(details: dict[str, Any] | None) -> str | None:
    if not details:
        return None
    if set(details) <= {"reason", "duration"}:  # a ban: its reason, and how long a temporary one lasts
        parts = [str(details["reason"])] if "reason" in details else []
        return ", ".join(parts + ([f"pour {details['duration']}"] if "duration" in details else []))
    return clip(", ".join(f"{key} : {value}" for key, value in details.items()), 120)


async def journal_view(services: Services, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and the paging buttons of page ``page`` (1 = the newest actions)."""
    size = services.config.admin.journal_page_size
    async with services.sessionmaker() as session:
        # One more than a page: whether an older page exists, without counting the whole log.
        found = list(await audit_log.recent_actions(session, limit=size + 1, offset=(page - 1) * size))
        entries = found[:size]
        people = await names(session, [*(e.actor_id for e in entries), *map(_target_user, entries)])
    if not entries:
        return (texts.JOURNAL_EMPTY if page == 1 else texts.JOURNAL_END), keyboards.journal_pages(page, False)
    lines = fitting([_line(entry, people) for entry in entries])
    return texts.journal_page(lines, (page - 1) * size), keyboards.journal_pages(page, len(found) > size)


@requires("journal")
async def show_journal(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    page = _page(context.args)
    if page is None:
        await answer(message, texts.JOURNAL_USAGE)
        return
    text, markup = await journal_view(context.services, page)
    await answer(message, text, markup)


@requires("button:journal")
async def turn_journal_page(update: Update, context: BotContext) -> None:
    query = update.callback_query
    action = callbacks.parse(query.data) if query else None
    if query is None or not isinstance(action, callbacks.JournalPage):
        return
    text, markup = await journal_view(context.services, action.page)
    await query.answer()
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise  # a double tap leaves the page as it is


def _target_user(entry: AuditEntry) -> int | None:
    target = entry.target or ""
    number = target.removeprefix(USER_PREFIX)
    return int(number) if target.startswith(USER_PREFIX) and number.isdigit() else None


def _line(entry: AuditEntry, people: dict[int, str]) -> str:
    actor = people.get(entry.actor_id, "") if entry.actor_id is not None else "🤖 Le bot"
    target_id = _target_user(entry)
    target = people.get(target_id) if target_id is not None else None
    if target is None and entry.target:
        target = f"<code>{escape(entry.target)}</code>"
    return texts.journal_line(entry.created_at, actor, entry.action, target, _detail(entry.details))


async def read_subscribers(context: BotContext) -> None:
    """Job: today's number of subscribers, kept for the chart (ended subscriptions leave no row)."""
    async with context.services.sessionmaker.begin() as session:
        await history.record_subscribers(session)


def register(application: BotApplication) -> None:
    if application.job_queue is None:
        raise RuntimeError("the job queue is missing: install python-telegram-bot[job-queue]")
    application.job_queue.run_repeating(
        read_subscribers, interval=READING_EVERY, first=FIRST_READING, name="stats-subscribers"
    )
    application.add_handler(CommandHandler("stats", show_stats))
    application.add_handler(CommandHandler("journal", show_journal))
    application.add_handler(
        CallbackQueryHandler(turn_journal_page, pattern=callbacks.matches(callbacks.JournalPage))
    )
