"""The one place that wires the bot: builder options, resources, command menus and feature modules.

Nothing happens at import. ``build_application(config)`` returns an Application whose ``post_init``
opens the database and the guarded HTTP session (they need the running loop) and whose
``post_shutdown`` closes them.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault, Update
from telegram.ext import ApplicationBuilder

from bot import texts
from bot.config import Config
from bot.context import CONTEXT_TYPES, BotApplication, Services
from bot.handlers import errors, inline, membership, start, subscriptions, summary, volunteers
from bot.limits import Quota, SummarySlots
from storage.database import open_database
from summarizer.fetch import create_session

log = logging.getLogger(__name__)

# What the bot asks Telegram for; chat_member (other people joining groups) is not needed.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY, Update.MY_CHAT_MEMBER]
CONCURRENT_UPDATES = 64  # updates handled at once; summaries have their own, smaller cap

# Feature modules in registration order: within a handler group the first match wins, so specific
# commands come before the catch-all link handler. The error handler is last.
FEATURES = (start, volunteers, subscriptions, summary, inline, membership, errors)

Hook = Callable[[BotApplication], Coroutine[Any, Any, None]]


def menu() -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in texts.COMMANDS]


async def set_menus(application: BotApplication) -> None:
    """The readers' command menu, for everyone and explicitly for French-speaking clients."""
    commands = menu()
    await application.bot.set_my_commands(commands, scope=BotCommandScopeDefault())
    await application.bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code="fr")


def _lifecycle(config: Config) -> tuple[Hook, Hook]:
    async def post_init(application: BotApplication) -> None:
        database = await open_database(config.database)
        application.bot_data.services = Services(
            config=config,
            database=database,
            http=create_session(config.fetch),
            slots=SummarySlots(config.limits.max_concurrent_summaries),
            quota=Quota(config.limits.summaries_per_minute),
        )
        await set_menus(application)
        log.info("bot @%s ready (%s)", application.bot.username, config.telegram.mode)

    async def post_shutdown(application: BotApplication) -> None:
        services, application.bot_data.services = application.bot_data.services, None
        if services is not None:
            await services.close()

    return post_init, post_shutdown


def build_application(config: Config) -> BotApplication:
    """The Application for ``config``: handlers registered, resources opened by its post_init."""
    post_init, post_shutdown = _lifecycle(config)
    application: BotApplication = (
        ApplicationBuilder()
        .token(config.telegram.token)
        .base_url(config.telegram.api_base_url)
        .base_file_url(config.telegram.api_file_url)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    for feature in FEATURES:
        feature.register(application)
    start.register_fallbacks(application)  # last: buttons no feature recognised
    return application


@asynccontextmanager
async def polling(application: BotApplication, *, poll_timeout: int = 10) -> AsyncIterator[BotApplication]:
    """Run ``application`` with long polling inside the caller's event loop (tests, benchmarks).

    ``run_polling`` owns its loop and signals; this does the same steps, hooks included, and undoes
    them in reverse order.
    """
    updater, post_init, post_shutdown = application.updater, application.post_init, application.post_shutdown
    if updater is None or post_init is None or post_shutdown is None:
        raise RuntimeError("polling() needs an application made by build_application()")
    try:
        async with application:
            await post_init(application)
            await updater.start_polling(
                poll_interval=0.0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES
            )
            await application.start()
            try:
                yield application
            finally:
                await updater.stop()
                await application.stop()
    finally:
        await post_shutdown(application)
