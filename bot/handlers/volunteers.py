"""Entry point of the volunteer application ("Rejoindre l'équipe de rédaction — Postuler").

The guided form is issue 6: it replaces ``postuler`` (reached by /postuler, /apply and the
?start=postuler deep link). Until then the bot says plainly how to apply.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import texts
from bot.context import BotApplication, BotContext


async def postuler(update: Update, context: BotContext) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.POSTULER)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler(["postuler", "apply"], postuler))
