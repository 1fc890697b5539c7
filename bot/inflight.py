"""Summaries in flight: each « ⏳ » placeholder is recorded until its answer replaces it, so that a bot
killed half way (SIGKILL, a crash, a power cut) can apologise at its next start.

At start-up (``start``, one of bot.app's BACKGROUND parts) every leftover placeholder is edited into
a short apology, with a « Réessayer » button when there is a link to retry (a pasted text is never
kept), and the request is counted with the outcome ``interrupted``. The button works for
``RETRY_DAYS`` days.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from apscheduler.jobstores.base import JobLookupError  # type: ignore[import-untyped]
from telegram import Bot, Message
from telegram.error import TelegramError

from bot import keyboards, texts
from bot.context import BotApplication, BotContext, Services
from bot.people import remember_user
from bot.replicas.leader import singleton
from bot.summaries import Requester
from storage.models import SummaryInFlight, utcnow
from storage.repos import inflight, requests

log = logging.getLogger(__name__)

RETRY_DAYS = 7
# No summary takes this long (fetch timeouts, a queue for a slot, the engine): with several replicas,
# a placeholder older than this lost its replica.
ABANDONED_SECONDS = 300
SWEEP_SECONDS = 60
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


async def apologise(bot: Bot, services: Services, *, older_than: timedelta | None = None) -> int:
    """Edit every placeholder a previous run left into an apology; returns how many there were.
    ``older_than``: only those waiting for longer (with several replicas, a younger one may still
    be worked on by another replica)."""
    now = utcnow()
    async with services.sessionmaker.begin() as session:
        await inflight.purge_interrupted(session, now - timedelta(days=RETRY_DAYS))
        before = now - older_than if older_than is not None else None
        rows = list(await inflight.leftovers(session, started_before=before))
    for row in rows:
        markup = keyboards.retry_summary(row.id) if row.url else None
        try:
            await bot.edit_message_text(
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


async def sweep(context: BotContext) -> None:
    """With several replicas (a singleton job): apologise for placeholders whose replica died."""
    services = context.services
    await apologise(context.bot, services, older_than=timedelta(seconds=ABANDONED_SECONDS))


async def start(application: BotApplication) -> Callable[[], Awaitable[None]]:
    """Run by bot.app at the end of post_init. Alone, every placeholder left is this process's own:
    all are apologised for at once. With several replicas, only those older than any summary
    takes, at start and then every minute by the lease holder."""
    services = application.bot_data.services
    if services is None:
        raise RuntimeError("in-flight summaries are recovered after the services start")
    shared = services.config.replicas.shared(services.database.engine.dialect.name)
    try:
        older = timedelta(seconds=ABANDONED_SECONDS) if shared else None
        await apologise(application.bot, services, older_than=older)
    except Exception:  # never keep the bot from starting over this
        log.exception("could not recover the summaries interrupted by the last stop")
    job = None
    if shared and application.job_queue is not None:
        job = application.job_queue.run_repeating(
            singleton(sweep), interval=SWEEP_SECONDS, first=SWEEP_SECONDS, name="interrupted summaries"
        )

    async def stop() -> None:
        if job is not None:
            with contextlib.suppress(JobLookupError):
                job.schedule_removal()

    return stop
