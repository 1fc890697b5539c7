"""/start (with the ?start=abonner and ?start=postuler deep links) and /aide (/help)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import texts
from bot.context import BotApplication, BotContext
from bot.handlers import subscriptions, volunteers
from bot.handlers.common import remember


async def start(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    payload = context.args[0].lower() if context.args else ""
    if payload == "postuler":
        await volunteers.postuler(update, context)
        return
    if payload == "abonner":
        await subscriptions.subscribe(update, context)
        return
    user = update.effective_user
    await message.reply_text(texts.start(user.first_name if user else None), parse_mode=ParseMode.HTML)
    # Who started the bot counts as a user; stored after answering so the greeting never waits on it.
    await remember(context.services, message.chat, user)


async def help_command(update: Update, context: BotContext) -> None:
    if update.effective_message is None:
        return
    await update.effective_message.reply_text(
        texts.help_text(context.bot.username), parse_mode=ParseMode.HTML
    )


async def stale_button(update: Update, context: BotContext) -> None:
    """A button no handler knows (an old keyboard): stop the client's spinner and say so."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler(["aide", "help"], help_command))


def register_fallbacks(application: BotApplication) -> None:
    """Registered after every feature (same handler group), so it only gets what nobody matched."""
    application.add_handler(CallbackQueryHandler(stale_button))
