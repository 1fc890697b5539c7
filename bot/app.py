"""The one place that wires the bot: builder options, resources, command menus and feature modules.

Nothing happens at import. ``build_application(config)`` returns an Application whose ``post_init``
opens the database and the guarded HTTP session (they need the running loop) and whose
``post_shutdown`` closes them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault, Update
from telegram.ext import ApplicationBuilder, Updater

from bot import inflight, people, texts, workers
from bot.admin import feature as admin
from bot.admin.flood import LocalFlood
from bot.broadcast import commands as broadcast
from bot.broadcast import runtime as broadcasting
from bot.config import Config, WebhookSettings
from bot.context import CONTEXT_TYPES, BotApplication, Services
from bot.feeds import commands as feeds
from bot.handlers import errors, inline, membership, privacy, start, subscriptions, summary, volunteers
from bot.limits import FloodCounter, Quota, QuotaCheck, SummarySlots
from bot.ops import health, instrument
from bot.replicas import leader
from bot.replicas.budget import DatabaseBooking, SharedBudget
from bot.replicas.holds import SharedHolds
from bot.replicas.rates import SharedFlood, SharedQuota
from bot.sending.gate import SendGate
from bot.sending.limiter import BotRateLimiter, gate_of
from bot.volunteers.drafts import DraftUsers
from storage.database import open_database
from summarizer.fetch import create_session

log = logging.getLogger(__name__)

# What the bot asks Telegram for; chat_member (other people joining groups) is not needed.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY, Update.MY_CHAT_MEMBER]
CONCURRENT_UPDATES = 64  # updates handled at once; summaries have their own, smaller cap

# Feature modules in registration order: within a handler group the first match wins, so specific
# commands come before the catch-all link handler. The error handler is last.
FEATURES = (
    instrument, people, start, admin, broadcast, feeds, volunteers, privacy,
    subscriptions, summary, inline, membership, errors,
)  # fmt: skip

Hook = Callable[[BotApplication], Coroutine[Any, Any, None]]
Stopper = Callable[[], Awaitable[None]]
# Background parts started at the end of post_init, once the services exist; each returns what stops
# it, called in post_stop in reverse order: after the last update was handled, while the bot's HTTP
# client is still open (so sends in flight finish and are recorded), before the services close.
BACKGROUND: tuple[Callable[[BotApplication], Awaitable[Stopper]], ...] = (
    health.start, admin.start, leader.start, broadcasting.start, inflight.start
)  # fmt: skip


def menu() -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in texts.COMMANDS]


async def set_menus(application: BotApplication) -> None:
    """The readers' command menu, for everyone and explicitly for French-speaking clients."""
    commands = menu()
    await application.bot.set_my_commands(commands, scope=BotCommandScopeDefault())
    await application.bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code="fr")


def _lifecycle(config: Config) -> tuple[Hook, Hook, Hook]:
    stoppers: list[Stopper] = []
    warming: list[asyncio.Task[None]] = []  # the summary workers' warm-up, kept referenced

    async def post_init(application: BotApplication) -> None:
        database = await open_database(config.database)
        shared = config.replicas.shared(database.engine.dialect.name)
        quota: QuotaCheck = Quota(config.limits.summaries_per_minute)
        flood: FloodCounter = LocalFlood()
        if shared:  # several replicas may run: per-user limits are counted in the database
            quota = SharedQuota(database.sessionmaker, config.limits.summaries_per_minute)
            flood = SharedFlood(database.sessionmaker)
        application.bot_data.services = services = Services(
            config=config,
            database=database,
            http=create_session(config.fetch),
            slots=SummarySlots(config.limits.max_concurrent_summaries),
            quota=quota,
            flood=flood,
            leader=leader.Leader(database.sessionmaker, config.replicas.lease_seconds),
            drafts=DraftUsers(shared=shared),
            executor=workers.create_pool(config.limits.summary_workers),
        )
        if shared:  # the budget is the token's, not the process's: turns are booked in the database
            budget = SharedBudget(
                DatabaseBooking(database.engine),
                config.sending.messages_per_second,
                config.broadcast.paid_per_second,
            )
            gate = gate_of(application.bot)
            gate.budget = budget
            holds = SharedHolds(database.sessionmaker, gate.pacer)  # a 429 for a chat, told to all
            gate.on_hold = holds.record
            holds.start()
            stoppers.extend([budget.close, holds.close])
        warm_up = workers.start_warm_up(services.executor, config.limits.summary_workers)
        warming.append(asyncio.create_task(warm_up, name="summary workers warm-up"))
        await set_menus(application)
        for start_background in BACKGROUND:
            stoppers.append(await start_background(application))
        log.info("bot @%s ready (%s)", application.bot.username, config.telegram.mode)

    async def post_stop(application: BotApplication) -> None:
        while stoppers:
            await stoppers.pop()()

    async def post_shutdown(application: BotApplication) -> None:
        await post_stop(application)  # when start-up failed half way, post_stop was never called
        for task in warming:
            task.cancel()
        services, application.bot_data.services = application.bot_data.services, None
        if services is not None:
            await services.close()

    return post_init, post_stop, post_shutdown


def build_application(config: Config) -> BotApplication:
    """The Application for ``config``: handlers registered, resources opened by its post_init."""
    post_init, post_stop, post_shutdown = _lifecycle(config)
    # Every message the bot sends or edits takes its turn here; the broadcast sender shares the gate.
    gate = SendGate(config.sending, paid_per_second=config.broadcast.paid_per_second)
    application: BotApplication = (
        ApplicationBuilder()
        .token(config.telegram.token)
        .base_url(config.telegram.api_base_url)
        .base_file_url(config.telegram.api_file_url)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(CONCURRENT_UPDATES)
        .rate_limiter(BotRateLimiter(gate))
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .build()
    )
    for feature in FEATURES:
        feature.register(application)
    start.register_fallbacks(application)  # last: buttons no feature recognised
    return application


@asynccontextmanager
async def _serving(
    application: BotApplication, start_updates: Callable[[Updater], Awaitable[object]]
) -> AsyncIterator[BotApplication]:
    """The steps of ``run_polling``/``run_webhook`` inside the caller's loop, undone in reverse order:
    stopping waits for the updates being handled (summaries in flight) before the services close."""
    updater, post_init = application.updater, application.post_init
    post_stop, post_shutdown = application.post_stop, application.post_shutdown
    if updater is None or post_init is None or post_stop is None or post_shutdown is None:
        raise RuntimeError("polling() and webhook() need an application made by build_application()")
    try:
        async with application:
            await post_init(application)
            await start_updates(updater)
            await application.start()
            try:
                yield application
            finally:
                await updater.stop()
                await application.stop()
                await post_stop(application)
    finally:
        await post_shutdown(application)


@asynccontextmanager
async def polling(application: BotApplication, *, poll_timeout: int = 10) -> AsyncIterator[BotApplication]:
    """Run ``application`` with long polling inside the caller's event loop (tests, benchmarks)."""

    def start_updates(updater: Updater) -> Awaitable[object]:
        return updater.start_polling(poll_interval=0.0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)

    async with _serving(application, start_updates):
        yield application


def webhook_options(settings: WebhookSettings) -> dict[str, Any]:
    """What ``start_webhook``/``run_webhook`` need: setWebhook with the secret and our update types."""
    return {
        "listen": settings.listen,
        "port": settings.port,
        "url_path": settings.path,
        "webhook_url": settings.url,
        "secret_token": settings.secret_token,
        "allowed_updates": ALLOWED_UPDATES,
        "drop_pending_updates": False,
    }


@asynccontextmanager
async def webhook(application: BotApplication, settings: WebhookSettings) -> AsyncIterator[BotApplication]:
    """Run ``application`` in webhook mode inside the caller's event loop: Telegram POSTs updates to
    ``settings.url``; a request without the secret token header is refused (403)."""

    def start_updates(updater: Updater) -> Awaitable[object]:
        return updater.start_webhook(**webhook_options(settings))

    async with _serving(application, start_updates):
        yield application
