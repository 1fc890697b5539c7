"""Admins' commands on applications: /candidatures (by status, paged), /candidature ID and
/export_candidatures (CSV). Guarded by ``bot.roles``; each use is written to the audit log."""

from __future__ import annotations

import math
from datetime import datetime

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot import keyboards, texts
from bot.callbacks import ListApplications, ListStatus, ShowApplication, parse
from bot.context import BotContext
from bot.ids import parse_id
from bot.notify import NO_PREVIEW
from bot.roles import requires
from bot.volunteers import cards
from bot.volunteers.render import applications_csv, list_line
from storage.models import PARIS, Application, ApplicationStatus
from storage.repos import applications, audit

PAGE_SIZE = 8
EXPORT_BATCH = 500
# What admins may type after /candidatures (accents and plurals are optional).
STATUS_WORDS: dict[str, ListStatus] = {
    "attente": "submitted",
    "en_attente": "submitted",
    "acceptee": "accepted",
    "acceptees": "accepted",
    "refusee": "refused",
    "refusees": "refused",
    "retiree": "withdrawn",
    "retirees": "withdrawn",
    "toutes": "all",
    "tout": "all",
}


async def _audit(context: BotContext, update: Update, action: str, **details: object) -> None:
    user = update.effective_user
    async with context.services.sessionmaker.begin() as session:
        target = f"application:{details.pop('id')}" if "id" in details else None
        await audit.record_action(
            session, user.id if user else None, action, target=target, details=details or None
        )


async def page(context: BotContext, status: ListStatus, number: int) -> tuple[str, InlineKeyboardMarkup]:
    async with context.services.sessionmaker() as session:
        counts = await applications.count_applications(session)
        total = (
            sum(v for k, v in counts.items() if k != ApplicationStatus.DRAFT)
            if status == "all"
            else counts[status]
        )
        pages = max(1, math.ceil(total / PAGE_SIZE))
        number = min(number, pages - 1)
        rows = await applications.list_applications(
            session, status=None if status == "all" else status, limit=PAGE_SIZE, offset=number * PAGE_SIZE
        )
    header = texts.applications_header(texts.LIST_FILTERS[status], total, number + 1, pages)
    text = header if rows else f"{header}\n\n{texts.APPLICATIONS_EMPTY}"
    items = [(row.id, list_line(row)) for row in rows]
    return text, keyboards.applications_page(items, status, number, pages)


@requires("candidatures")
async def list_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    word = context.args[0].lower().replace("é", "e") if context.args else "attente"
    status = STATUS_WORDS.get(word, "submitted")
    text, markup = await page(context, status, 0)
    await _audit(context, update, "applications.list", status=status)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


@requires("candidatures")
async def on_page(update: Update, context: BotContext) -> None:
    query = update.callback_query
    action = parse(query.data) if query is not None else None
    if query is None or not isinstance(action, ListApplications):
        return
    text, markup = await page(context, action.status, action.page)
    await query.answer()
    if query.message is not None and getattr(query.message, "text_html", None) == text:
        await query.edit_message_reply_markup(markup)  # same text: only the buttons may differ
        return
    await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def _show(update: Update, context: BotContext, application_id: int) -> None:
    async with context.services.sessionmaker() as session:
        application = await applications.get_application(session, application_id)
    chat = update.effective_chat
    if chat is None:
        return
    if application is None or application.status == ApplicationStatus.DRAFT:
        await context.bot.send_message(chat.id, texts.application_not_found(application_id))
        return
    text = await cards.card_text(context, application, detail=True)
    await _audit(context, update, "application.view", id=application.id)
    card = await context.bot.send_message(
        chat.id,
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=cards.card_buttons(application),
        link_preview_options=NO_PREVIEW,
    )
    if application.status == ApplicationStatus.SUBMITTED:  # kept up to date like the team's copies
        async with context.services.sessionmaker.begin() as session:
            await applications.add_review_messages(session, application.id, [(chat.id, card.message_id)])


@requires("candidature")
async def show_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    raw = context.args[0].lstrip("#") if context.args else ""
    application_id = parse_id(raw)
    if application_id is None:
        await message.reply_text(texts.APPLICATION_USAGE)
        return
    await _show(update, context, application_id)


@requires("candidature")
async def on_show(update: Update, context: BotContext) -> None:
    query = update.callback_query
    action = parse(query.data) if query is not None else None
    if query is None or not isinstance(action, ShowApplication):
        return
    await query.answer()
    await _show(update, context, action.application_id)


async def all_applications(context: BotContext) -> list[Application]:
    found: list[Application] = []
    async with context.services.sessionmaker() as session:
        while batch := await applications.list_applications(session, limit=EXPORT_BATCH, offset=len(found)):
            found.extend(batch)
    return found


@requires("export_candidatures")
async def export_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    rows = await all_applications(context)
    await _audit(context, update, "applications.export", count=len(rows))
    if not rows:
        await message.reply_text(texts.NOTHING_TO_EXPORT)
        return
    name = f"candidatures-{datetime.now(PARIS):%Y-%m-%d}.csv"
    await message.reply_document(
        applications_csv(rows), filename=name, caption=texts.export_caption(len(rows))
    )
