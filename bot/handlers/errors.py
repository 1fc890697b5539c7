"""The one error handler: log with the traceback, tell the user something went wrong, alert admins,
and stop the update (no later handler group runs after a failure).

Admin alerts (de-duplicated, rate-limited) come with the admin feature, which plugs its reporter in
with ``add_alert_hook(application, hook)`` from bot.app.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.context import BotApplication, BotContext

log = logging.getLogger(__name__)

AlertHook = Callable[[object, BotContext], Awaitable[None]]
TOLD = "resume-bot: the user was already told"  # exception note set by handlers that apologised


def mark_told(error: BaseException) -> None:
    """The handler already showed the user a failure message: the error handler only logs."""
    error.add_note(TOLD)


def add_alert_hook(application: BotApplication, hook: AlertHook) -> None:
    """Run ``hook(update, context)`` after each logged error (the admin report of issue 7)."""
    application.bot_data.alert_hooks.append(hook)


async def on_error(update: object, context: BotContext) -> None:
    log.error("error while handling an update: %s", context.error, exc_info=context.error)
    error = context.error
    told = error is not None and TOLD in getattr(error, "__notes__", ())
    # The apology and the team's report at once: an apology waiting for the chat's turn (one message a
    # second) must not shift the report to a later alert window.
    await asyncio.gather(_apologise(update, told, error), _alert(update, context))


async def _apologise(update: object, told: bool, error: BaseException | None) -> None:
    if (
        isinstance(update, Update)
        and update.effective_message
        and not told
        and not isinstance(error, Forbidden)
    ):
        try:
            await update.effective_message.reply_text(texts.UNEXPECTED)
        except TelegramError:
            log.warning("could not tell the user about the error", exc_info=True)


async def _alert(update: object, context: BotContext) -> None:
    for hook in context.bot_data.alert_hooks:
        try:
            await hook(update, context)
        except Exception:
            log.exception("error alert hook %r failed", hook)
    if isinstance(update, Update):
        # Without this, python-telegram-bot goes on with the next handler group: a gate that failed
        # (the ban list unreadable) would let the update through, and a second failure would send a
        # second apology. An update whose handling failed stops here: fail closed, one message.
        raise ApplicationHandlerStop


def register(application: BotApplication) -> None:
    application.add_error_handler(on_error)
