"""Summaries in flight: each « ⏳ » placeholder is recorded until its answer replaces it, so that a bot
killed half way (SIGKILL, a crash, a power cut) can apologise at its next start.

At start-up (``start``, one of bot.app's BACKGROUND parts) every leftover placeholder is edited into
a short apology, with a « Réessayer » button when there is a link to retry (a pasted text is never
kept), and the request is counted with the outcome ``interrupted``. The button works for
``RETRY_DAYS`` days.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Message
from telegram.error import TelegramError

from bot import keyboards, texts
from bot.context import BotApplication, Services
from bot.people import remember_user
from bot.summaries import Requester
from storage.models import SummaryInFlight, utcnow
from storage.repos import inflight, requests

log = logging.getLogger(__name__)

RETRY_DAYS = 7
INTERRUPTED = "interrupted"  # outcome of the request in summary_requests


async def begin(services: Services, who: Requester, placeholder: Message, url: str | None) -> int:
    """Record ``placeholder`` as waiting for the summary of ``url`` (None: a pasted text)."""
    async with services.sessionmaker.begin() as session:
        await remember_user(session, who.user_id, who)
        return await inflight.start(session, who.user_id, placeholder.chat.id, placeholder.message_id, url)


async def end(services: Services, row_id: int) -> None:
    """The placeholder got its answer. A failure here only costs a needless apology after a crash."""
    try:
        async with services.sessionmaker.begin() as session:
            await inflight.finish(session, row_id)
    except Exception:
        log.warning("could not forget the summary in flight %s", row_id, exc_info=True)


async def take_retry(services: Services, row_id: int) -> SummaryInFlight | None:
    async with services.sessionmaker.begin() as session:
        return await inflight.take_interrupted(session, row_id)


async def apologise(application: BotApplication, services: Services) -> int:
    """Edit every placeholder a previous run left into an apology; returns how many there were."""
    async with services.sessionmaker.begin() as session:
        await inflight.purge_interrupted(session, utcnow() - timedelta(days=RETRY_DAYS))
        rows = list(await inflight.leftovers(session))
    for row in rows:
        markup = keyboards.retry_summary(row.id) if row.url else None
        try:
            await application.bot.edit_message_text(
                texts.INTERRUPTED if row.url else texts.INTERRUPTED_TEXT,
                chat_id=row.chat_id, message_id=row.message_id, reply_markup=markup,
            )  # fmt: skip
        except TelegramError as exc:  # deleted by the user, chat blocked…: nothing to apologise in
            log.info("could not edit the interrupted placeholder %s: %s", row.id, exc)
        async with services.sessionmaker.begin() as session:
            if row.url:
                await inflight.mark_interrupted(session, row.id)
            else:
                await inflight.finish(session, row.id)
            await requests.record_request(
                session, row.user_id, row.url, outcome=INTERRUPTED, chat_id=row.chat_id
            )
    if rows:
        log.info("%d summaries were interrupted by the last stop; their readers were told", len(rows))
    return len(rows)


async def start(application: BotApplication) -> Callable[[], Awaitable[None]]:
    """Run by bot.app at the end of post_init: nothing keeps running afterwards."""
    services = application.bot_data.services
    if services is None:
        raise RuntimeError("in-flight summaries are recovered after the services start")
    try:
        await apologise(application, services)
    except Exception:  # never keep the bot from starting over this
        log.exception("could not recover the summaries interrupted by the last stop")

    async def stop() -> None:
        return None

    return stop
