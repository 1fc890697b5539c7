"""/diffuser URL (/broadcast) and /annonce TEXTE: a preview exactly as subscribers will see it, then
Publier / Plus court / Plus long / Annuler. Publishing queues the broadcast and the progress reporter
takes over the admin's chat."""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import replace
from datetime import datetime

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, links, summaries, texts
from bot.broadcast import digest, payload
from bot.broadcast.drafts import Draft
from bot.broadcast.publish import immediate_subscribers, publish
from bot.broadcast.runtime import broadcasting
from bot.context import BotApplication, BotContext
from bot.handlers.common import requester
from bot.handlers.summary import NO_PREVIEW, failure_text
from bot.limits import Busy
from bot.roles import requires
from storage.models import BroadcastKind
from summarizer.errors import SummarizerError

log = logging.getLogger(__name__)

_COMMAND = re.compile(r"^\s*/\w+(@\w+)?\s*")


def article_draft(card: summaries.ArticleCard, sentences: int, by: int, now: datetime, minimum: int) -> Draft:
    message = payload.article_message(card, sentences, minimum)
    return Draft(0, "article", by, message, now, card=card, sentences=sentences)


async def _intro_text(context: BotContext, draft: Draft) -> str:
    services = context.services
    channel = services.config.bot.channel_id is not None
    text = texts.preview_intro(await immediate_subscribers(services), channel)
    return f"{text}\n{texts.preview_lengths(draft.sentences, channel)}" if draft.card else text


async def _show_preview(message: Message, context: BotContext, draft: Draft, intro: Message | None) -> None:
    text = await _intro_text(context, draft)
    if intro is None:
        intro = await message.reply_text(text, parse_mode=ParseMode.HTML)
    else:
        await intro.edit_text(text, parse_mode=ParseMode.HTML)
    draft = replace(draft, intro=(intro.chat_id, intro.message_id))
    await broadcasting(context.services).drafts.update(draft)
    await message.chat.send_message(
        draft.message.text,
        parse_mode=ParseMode.HTML,
        reply_markup=_controls(draft),
        link_preview_options=NO_PREVIEW,
    )


def _controls(draft: Draft) -> InlineKeyboardMarkup:
    return keyboards.draft_keyboard(draft.draft_id, draft.message.markup, shorter=True, longer=True)


@requires("diffuser")
async def diffuser(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    url = links.normalize(context.args[0]) if context.args else None
    if url is None:
        await message.reply_text(texts.DIFFUSER_USAGE, parse_mode=ParseMode.HTML)
        return
    services = context.services
    placeholder: Message | None = None

    async def show_placeholder() -> None:
        nonlocal placeholder
        placeholder = await message.reply_text(texts.WORKING)

    try:
        card = await summaries.summarize_link(services, url, requester(update), on_miss=show_placeholder)
    except (SummarizerError, summaries.QuotaExceeded, Busy) as exc:
        if placeholder is not None:
            await placeholder.edit_text(failure_text(exc))
        else:
            await message.reply_text(failure_text(exc))
        return
    runtime = broadcasting(services)
    settings = services.config.summarizer
    draft = await runtime.drafts.add(
        article_draft(card, settings.sentences, user.id, runtime.clock.now(), settings.min_sentences)
    )
    await _show_preview(message, context, draft, placeholder)


@requires("annonce")
async def annonce(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    # The admin's own formatting (bold, links…) is kept: Telegram's entities rendered back to HTML.
    text = _COMMAND.sub("", message.text_html, count=1).strip()
    if not text:
        await message.reply_text(texts.ANNONCE_USAGE, parse_mode=ParseMode.HTML)
        return
    runtime = broadcasting(context.services)
    draft = await runtime.drafts.add(
        Draft(0, "announcement", user.id, payload.Message(text), runtime.clock.now())
    )
    await _show_preview(message, context, draft, None)


@requires("button:broadcast")
async def on_draft_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    action = callbacks.parse(query.data) if query else None
    if (
        query is None
        or not isinstance(action, callbacks.DraftButton)
        or not isinstance(query.message, Message)
    ):
        return
    runtime = broadcasting(context.services)
    take = action.step in ("publish", "cancel")
    draft = await (runtime.drafts.take(action.draft_id) if take else runtime.drafts.get(action.draft_id))
    if draft is None:
        await query.answer(texts.DRAFT_GONE, show_alert=True)
        return
    if action.step == "cancel":
        await query.answer(texts.PUBLISH_CANCELLED)
        await query.edit_message_reply_markup(None)
        await query.message.reply_text(texts.PUBLISH_CANCELLED)
    elif action.step == "publish":
        await query.answer(texts.PUBLISH_STARTED)
        await query.edit_message_reply_markup(draft.message.markup)  # now exactly what subscribers get
        kind = BroadcastKind.ARTICLE if draft.card else BroadcastKind.ANNOUNCEMENT
        await publish(
            context.services,
            context.bot,
            draft.message,
            kind=kind,
            title=draft.title or texts.ANNOUNCEMENT_TITLE,
            by=query.from_user.id,
            article_id=draft.card.article_id if draft.card else None,
            url=draft.card.url if draft.card else None,
            report_chat_id=query.message.chat.id,
        )
    else:
        await _resize(update, context, draft, 1 if action.step == "longer" else -1)


async def _resize(update: Update, context: BotContext, draft: Draft, change: int) -> None:
    query = update.callback_query
    if query is None or draft.card is None:
        return
    settings = context.services.config.summarizer
    wanted = max(settings.min_sentences, min(len(draft.card.sentences), draft.sentences + change))
    resized = article_draft(draft.card, wanted, draft.by, draft.created_at, settings.min_sentences)
    resized = replace(draft, message=resized.message, sentences=wanted)
    await broadcasting(context.services).drafts.update(resized)
    await query.answer()
    try:
        await query.edit_message_text(
            resized.message.text,
            parse_mode=ParseMode.HTML,
            reply_markup=_controls(resized),
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
    if resized.intro is not None:  # its line names the preview's length
        chat_id, message_id = resized.intro
        text = await _intro_text(context, resized)
        with contextlib.suppress(BadRequest):
            await context.bot.edit_message_text(text, chat_id, message_id, parse_mode=ParseMode.HTML)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler(["diffuser", "broadcast"], diffuser))
    application.add_handler(CommandHandler("annonce", annonce))
    application.add_handler(
        CallbackQueryHandler(on_draft_button, pattern=callbacks.matches(callbacks.DraftButton))
    )
    digest.register(application)
