"""/mesdonnees (everything stored about the user, as a JSON file) and /supprimer_mes_donnees
(deletion after a confirmation button). Private chats only: personal data never goes to a group."""

from __future__ import annotations

import json

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, texts
from bot.context import BotApplication, BotContext
from bot.volunteers import review
from storage.repos import privacy


async def _private(update: Update) -> bool:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return False
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text(texts.PRIVACY_PRIVATE_ONLY)
        return False
    return True


async def my_data(update: Update, context: BotContext) -> None:
    if not await _private(update) or update.effective_user is None or update.effective_message is None:
        return
    async with context.services.sessionmaker() as session:
        data = await privacy.export_user_data(session, update.effective_user.id)
    content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    await update.effective_message.reply_document(
        content, filename="mes-donnees.json", caption=texts.MY_DATA_CAPTION
    )


async def delete_my_data(update: Update, context: BotContext) -> None:
    if not await _private(update) or update.effective_message is None:
        return
    await update.effective_message.reply_text(texts.DELETE_CONFIRM, reply_markup=keyboards.delete_my_data())


async def on_delete_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    action = callbacks.parse(query.data) if query is not None else None
    if query is None or not isinstance(action, callbacks.DeleteMyData):
        return
    await query.answer()
    if not action.confirm:
        await query.edit_message_text(texts.DATA_KEPT)
        return
    user_id = query.from_user.id
    services = context.services
    async with services.drafts.lock(user_id):
        copies = await review.review_copies(services, user_id)  # read before the rows go
        async with services.sessionmaker.begin() as session:
            await privacy.delete_user_data(session, user_id)
        services.drafts.discard(user_id)
    await query.edit_message_text(texts.DATA_DELETED)
    await review.mark_erased(context, copies)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("mesdonnees", my_data))
    application.add_handler(CommandHandler("supprimer_mes_donnees", delete_my_data))
    application.add_handler(
        CallbackQueryHandler(on_delete_button, pattern=callbacks.matches(callbacks.DeleteMyData))
    )
