"""/abonner, /desabonner (/subscribe, /unsubscribe) and /reglages (/settings) with their buttons.

In a private chat the user manages their own subscription and their summary length (subscribed or
not); in a group only its administrators manage the group's subscription.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, preferences, texts
from bot.context import BotApplication, BotContext
from bot.handlers.common import is_group, may_manage, remember

log = logging.getLogger(__name__)


async def _refuse_if_not_allowed(update: Update, context: BotContext) -> Message | None:
    """The command's message if the sender may manage this chat's subscription, else None (told why)."""
    message = update.effective_message
    if message is None:
        return None
    if not await may_manage(message, update.effective_user, context):
        await message.reply_text(texts.GROUP_ADMINS_ONLY)
        return None
    return message


async def subscribe(update: Update, context: BotContext) -> None:
    message = await _refuse_if_not_allowed(update, context)
    if message is None:
        return
    await subscribe_here(message, update, context)


async def subscribe_here(message: Message, update: Update, context: BotContext) -> None:
    """Subscribe the message's chat (also the ?start=abonner deep link)."""
    services = context.services
    await remember(services, message.chat, update.effective_user)
    user_id = update.effective_user.id if update.effective_user else None
    created = await preferences.subscribe(services, message.chat.id, user_id)
    group = is_group(message.chat)
    if created:
        await message.reply_text(texts.SUBSCRIBED_GROUP if group else texts.SUBSCRIBED)
    else:
        await message.reply_text(texts.ALREADY_SUBSCRIBED_GROUP if group else texts.ALREADY_SUBSCRIBED)


async def unsubscribe(update: Update, context: BotContext) -> None:
    message = await _refuse_if_not_allowed(update, context)
    if message is None:
        return
    removed = await preferences.unsubscribe(context.services, message.chat.id)
    group = is_group(message.chat)
    if removed:
        await message.reply_text(texts.UNSUBSCRIBED_GROUP if group else texts.UNSUBSCRIBED)
    else:
        await message.reply_text(texts.NOT_SUBSCRIBED_GROUP if group else texts.NOT_SUBSCRIBED)


def _screen(state: preferences.ChatSettings, context: BotContext) -> tuple[str, InlineKeyboardMarkup]:
    settings = context.services.config.summarizer
    text = texts.settings_text(
        subscribed=state.subscribed,
        sentences=state.sentences,
        digest=state.digest,
        hour=state.hour,
        personal=state.personal,
    )
    markup = keyboards.settings_keyboard(
        subscribed=state.subscribed,
        sentences=state.sentences,
        digest=state.digest,
        hour=state.hour,
        minimum=settings.min_sentences,
        maximum=settings.max_sentences,
        personal=state.personal,
    )
    return text, markup


async def show_settings(update: Update, context: BotContext) -> None:
    message = await _refuse_if_not_allowed(update, context)
    if message is None:
        return
    await remember(context.services, message.chat, update.effective_user)
    user_id = update.effective_user.id if update.effective_user is not None else None
    state = await preferences.read_settings(context.services, message.chat.id, user_id)
    text, markup = _screen(state, context)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_setting(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    action = callbacks.parse(query.data)
    if not isinstance(action, callbacks.SetLength | callbacks.SetDelivery | callbacks.SetDigestHour):
        await query.answer()
        return
    if not await may_manage(query.message, query.from_user, context):
        await query.answer(texts.GROUP_ADMINS_ONLY, show_alert=True)
        return
    if isinstance(action, callbacks.SetLength) and not preferences.offered(
        context.services, action.sentences
    ):
        await query.answer(texts.STALE_BUTTON, show_alert=True)  # the configured range changed since
        return
    await remember(context.services, query.message.chat, query.from_user)
    state = await preferences.apply(context.services, query.message.chat.id, query.from_user.id, action)
    await query.answer(texts.SETTINGS_SAVED)  # stored: say so at once, the screen follows
    text, markup = _screen(state, context)
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise  # a double tap leaves the screen as it is; anything else is a real error


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler(["abonner", "subscribe"], subscribe))
    application.add_handler(CommandHandler(["desabonner", "unsubscribe"], unsubscribe))
    application.add_handler(CommandHandler(["reglages", "settings"], show_settings))
    for kind in (callbacks.SetLength, callbacks.SetDelivery, callbacks.SetDigestHour):
        application.add_handler(CallbackQueryHandler(on_setting, pattern=callbacks.matches(kind)))
