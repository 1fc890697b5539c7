"""Summaries on demand: a link in a private chat, ``/resume URL`` anywhere, ``/resume`` in reply to a text
or followed by one.

In groups the bot answers only commands and messages that mention it. The result replaces a short
placeholder (cached answers come at once, without one); every failure gets its own French message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ChatAction, ChatType, MessageEntityType, ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import callbacks, inflight, keyboards, links, summaries, texts
from bot.context import BotApplication, BotContext
from bot.handlers.common import is_group, requester
from bot.handlers.errors import mark_told
from bot.limits import Busy
from bot.render import SummaryView, render_summary
from summarizer.errors import InvalidURL, SummarizerError, UnsupportedContentType

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def article_view(card: summaries.ArticleCard, n: int) -> SummaryView:
    return SummaryView(
        sentences=card.summary(n).sentences,
        title=card.title,
        url=card.url,
        site=card.site,
        reading_minutes=card.reading_minutes,
    )


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    markup: InlineKeyboardMarkup | None = None


def article_message(card: summaries.ArticleCard, n: int, context: BotContext) -> Reply:
    """Text and buttons of a summary message, for send, edit and inline results alike."""
    shown = max(1, min(n, len(card.sentences)))
    markup = keyboards.summary_keyboard(
        url=card.url,
        article_id=card.article_id,
        shown=shown,
        available=len(card.sentences),
        minimum=context.services.config.summarizer.min_sentences,
    )
    return Reply(render_summary(article_view(card, shown)), markup)


def failure_text(error: Exception) -> str:
    if isinstance(error, summaries.QuotaExceeded):
        return texts.QUOTA
    if isinstance(error, Busy):
        return texts.BUSY
    if isinstance(error, UnsupportedContentType):
        kind = error.content_type.split("/")[0]
        if error.content_type == "application/pdf":
            return texts.PDF
        if kind == "image":
            return texts.IMAGE
        if kind in ("video", "audio"):
            return texts.VIDEO
    if isinstance(error, SummarizerError):
        return error.user_message
    return texts.FAILED


async def summarize_link_for(message: Message, update: Update, context: BotContext, url: str) -> None:
    """Answer ``message`` with the summary of ``url``, editing a placeholder when the work is slow."""
    services = context.services
    placeholder: Message | None = None
    in_flight: int | None = None

    async def show_placeholder() -> None:
        nonlocal placeholder, in_flight
        await message.chat.send_action(ChatAction.TYPING)
        placeholder = await message.reply_text(texts.WORKING)
        in_flight = await inflight.begin(services, requester(update), placeholder, url)

    try:
        try:
            card = await summaries.summarize_link(services, url, requester(update), on_miss=show_placeholder)
            n = await summaries.preferred_length(services, message.chat.id, _user_id(update))
        except (SummarizerError, summaries.QuotaExceeded, Busy) as exc:
            await _answer(message, placeholder, Reply(failure_text(exc)))
            return
        except Exception as exc:
            if placeholder is not None:  # never leave "⏳" hanging; the error handler logs the rest
                await placeholder.edit_text(texts.FAILED)
                mark_told(exc)
            raise
        await _answer(message, placeholder, article_message(card, n, context))
    finally:
        if in_flight is not None:  # answered (or failed for good): nothing to apologise for later
            await inflight.end(services, in_flight)


def _user_id(update: Update) -> int | None:
    return update.effective_user.id if update.effective_user is not None else None


async def _answer(message: Message, placeholder: Message | None, reply: Reply) -> None:
    if placeholder is not None:
        await placeholder.edit_text(
            reply.text, parse_mode=ParseMode.HTML, reply_markup=reply.markup, link_preview_options=NO_PREVIEW
        )
    else:
        await message.reply_text(
            reply.text, parse_mode=ParseMode.HTML, reply_markup=reply.markup, link_preview_options=NO_PREVIEW
        )


async def summarize_text_for(message: Message, update: Update, context: BotContext, text: str) -> None:
    await message.chat.send_action(ChatAction.TYPING)
    placeholder = await message.reply_text(texts.WORKING_TEXT)
    in_flight: int | None = None
    try:
        try:
            in_flight = await inflight.begin(context.services, requester(update), placeholder, None)
            n = await summaries.preferred_length(context.services, message.chat.id, _user_id(update))
            result = await summaries.summarize_pasted(context.services, text, requester(update), sentences=n)
        except (SummarizerError, summaries.QuotaExceeded, Busy) as exc:
            await placeholder.edit_text(failure_text(exc))
            return
        except Exception as exc:
            await placeholder.edit_text(texts.FAILED)
            mark_told(exc)
            raise
        article = result.article
        view = SummaryView(sentences=result.summary.sentences, title=article.title, words=article.word_count)
        # No buttons: the text is not stored, so there is nothing to open, resize or share later.
        await placeholder.edit_text(render_summary(view), parse_mode=ParseMode.HTML)
    finally:
        if in_flight is not None:
            await inflight.end(context.services, in_flight)


async def on_link_message(update: Update, context: BotContext) -> None:
    """A plain message: in a private chat always; in a group only when it mentions the bot."""
    message = update.effective_message
    if message is None:
        return
    if is_group(message.chat) and not _mentions_bot(message, context):
        return
    body = links.message_text(message)
    if links.is_pasted_article(body):
        await summarize_text_for(message, update, context, body)
        return
    url = links.find_in_message(message)
    if url is None and message.reply_to_message is not None:
        url = links.find_in_message(message.reply_to_message)  # "@bot" in reply to a shared link
    if url is None:
        private = message.chat.type == ChatType.PRIVATE
        await message.reply_text(texts.NO_LINK if private else texts.NO_LINK_GROUP, parse_mode=ParseMode.HTML)
        return
    await summarize_link_for(message, update, context, url)


def _mentions_bot(message: Message, context: BotContext) -> bool:
    mention = f"@{context.bot.username}".lower()
    found = message.parse_entities([MessageEntityType.MENTION])
    return any(text.lower() == mention for text in found.values())


async def on_resume_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    if context.args:
        body = links.after_command(message)
        url = None if links.is_pasted_article(body) else links.normalize(context.args[0])
        if url is not None:
            await summarize_link_for(message, update, context, url)
        elif len(context.args) > 1:  # "/resume" followed by a pasted text: summarize that text
            await summarize_text_for(message, update, context, body)
        else:
            await message.reply_text(InvalidURL().user_message)
        return
    replied = message.reply_to_message
    if replied is not None:
        body = links.message_text(replied)
        url = None if links.is_pasted_article(body) else links.find_in_message(replied)
        if url is not None:
            await summarize_link_for(message, update, context, url)
            return
        if body.strip():
            await summarize_text_for(message, update, context, body)
            return
    private = message.chat.type == ChatType.PRIVATE
    await message.reply_text(texts.NO_LINK if private else texts.NO_LINK_GROUP, parse_mode=ParseMode.HTML)


async def on_resize(update: Update, context: BotContext) -> None:
    """Longer/shorter: re-render the stored summary at the asked length, editing the message in place."""
    query = update.callback_query
    if query is None:
        return
    action = callbacks.parse(query.data)
    if not isinstance(action, callbacks.ResizeSummary):
        await query.answer()
        return
    card = await summaries.load_card(context.services, action.article_id)
    if card is None:
        await query.answer(texts.SUMMARY_GONE, show_alert=True)
        return
    await query.answer()
    reply = article_message(card, action.sentences, context)
    try:
        await query.edit_message_text(
            reply.text, parse_mode=ParseMode.HTML, reply_markup=reply.markup, link_preview_options=NO_PREVIEW
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise  # a double tap on the same button leaves the message as it is


async def on_retry(update: Update, context: BotContext) -> None:
    """« Réessayer » under the apology for a summary a crash cut short: the same link, once more."""
    query = update.callback_query
    if query is None:
        return
    action = callbacks.parse(query.data)
    row = await inflight.take_retry(context.services, action.request_id) if isinstance(
        action, callbacks.RetrySummary
    ) else None  # fmt: skip
    message = query.message
    if row is None or row.url is None or not isinstance(message, Message):
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    try:
        await message.edit_reply_markup(None)
    except BadRequest:
        log.info("could not remove the retry button of message %s", message.message_id)
    await summarize_link_for(message, update, context, row.url)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler(["resume", "summary"], on_resume_command))
    private_text = filters.ChatType.PRIVATE & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND
    group_mention = filters.ChatType.GROUPS & filters.Entity(MessageEntityType.MENTION) & ~filters.COMMAND
    application.add_handler(MessageHandler(private_text | group_mention, on_link_message))
    application.add_handler(
        CallbackQueryHandler(on_resize, pattern=callbacks.matches(callbacks.ResizeSummary))
    )
    application.add_handler(CallbackQueryHandler(on_retry, pattern=callbacks.matches(callbacks.RetrySummary)))
