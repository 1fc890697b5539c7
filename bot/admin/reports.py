"""/stats (the bot at a glance, for a phone screen) and /journal (the audit log, newest first)."""

from __future__ import annotations

from html import escape
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards
from bot.admin import stats, texts
from bot.admin.common import answer, clip, fitting, names
from bot.context import BotApplication, BotContext, Services
from bot.roles import requires
from storage.models import AuditEntry
from storage.repos import audit as audit_log

USER_PREFIX = "user:"


@requires("stats")
async def show_stats(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    services = context.services
    async with services.sessionmaker() as session:
        figures = await stats.gather(session, top=services.config.admin.stats_top_sites)
    await answer(message, texts.stats_report(figures, stats.sparkline(figures.per_day)))


def _page(args: list[str] | None) -> int | None:
    if not args:
        return 1
    value = args[0]
    return int(value) if value.isdigit() and 0 < len(value) <= 6 and int(value) > 0 else None


def _detail(details: dict[str, Any] | None) -> str | None:
    if not details:
        return None
    if set(details) == {"reason"}:
        return str(details["reason"])
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


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("stats", show_stats))
    application.add_handler(CommandHandler("journal", show_journal))
    application.add_handler(
        CallbackQueryHandler(turn_journal_page, pattern=callbacks.matches(callbacks.JournalPage))
    )
