"""Housekeeping of applications: forms left untouched, refused applications past retention, and a
reminder to the team about applications waiting for an answer."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot import texts
from bot.context import BotApplication, BotContext, Services
from bot.notify import notify_admins
from bot.replicas.leader import singleton
from storage.models import utcnow
from storage.repos import applications, audit

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(hours=1)
FIRST_PURGE = timedelta(minutes=1)  # not at start-up itself: let the bot answer first
REMIND_EVERY = timedelta(hours=1)
FIRST_REMINDER = timedelta(minutes=2)


async def purge(services: Services, now: datetime | None = None) -> tuple[int, int]:
    """Delete stale drafts and old refused applications; returns (drafts, refused) deleted."""
    settings = services.config.volunteers
    now = now or utcnow()
    async with services.sessionmaker.begin() as session:
        drafts = await applications.delete_stale_drafts(
            session, untouched_since=now - timedelta(hours=settings.draft_hours)
        )
        refused = await applications.delete_refused(
            session, decided_before=now - timedelta(days=settings.refused_retention_days)
        )
        if drafts or refused:
            details = {"stale_drafts": drafts, "refused": refused}
            await audit.record_action(session, None, "applications.purge", details=details, now=now)
    if drafts:
        services.drafts.forget()  # reloaded from the database on next use
    if drafts or refused:
        log.info("deleted %s stale drafts and %s refused applications", drafts, refused)
    return drafts, refused


async def purge_job(context: BotContext) -> None:
    await purge(context.services)


async def remind(context: BotContext, now: datetime | None = None) -> int:
    """Tell the team which applications have waited ``reminder_days`` or more (again every
    ``reminder_days`` while they wait); returns how many were listed."""
    settings = context.services.config.volunteers
    if not settings.reminder_days:
        return 0
    now = now or utcnow()
    period = timedelta(days=settings.reminder_days)
    async with context.services.sessionmaker() as session:
        waiting = await applications.waiting_since(
            session, submitted_before=now - period, reminded_before=now - period
        )
    if not waiting:
        return 0
    items = [
        (row.id, f"{row.first_name or ''} {row.last_name or ''}".strip() or "?", _days(row.submitted_at, now))
        for row in waiting
    ]
    delivered = await notify_admins(
        context, texts.reminder(settings.reminder_days, items), moderators=settings.notify_moderators
    )
    if delivered:  # nobody reached: try again at the next round
        async with context.services.sessionmaker.begin() as session:
            await applications.mark_reminded(session, [row.id for row in waiting], now=now)
    return len(waiting)


def _days(since: datetime | None, now: datetime) -> int:
    return (now - since).days if since else 0


async def remind_job(context: BotContext) -> None:
    await remind(context)


LINKS_CHECKED = "volunteers.links_missing"


async def warn_missing_links(context: BotContext) -> list[str]:
    """Tell the owners, once per set of missing links, that privacy_url or next_step_url is empty
    (the consent then links to no privacy notice, accepted volunteers get no next-step button).
    Returns the missing settings."""
    settings = context.services.config.volunteers
    missing = [name for name in ("privacy_url", "next_step_url") if not getattr(settings, name)]
    if not settings.warn_missing_links or not missing:
        return missing
    async with context.services.sessionmaker() as session:
        last = await audit.last_action(session, LINKS_CHECKED)
    if last is not None and (last.details or {}).get("missing") == missing:
        return missing  # already told about exactly these
    told = 0
    for owner in sorted(context.services.config.bot.admin_ids):
        try:
            await context.bot.send_message(owner, texts.links_missing(missing), parse_mode=ParseMode.HTML)
            told += 1
        except TelegramError as exc:  # an owner who never opened the bot: the others are told
            log.warning("could not warn owner %s about missing links: %s", owner, exc)
    if told:
        async with context.services.sessionmaker.begin() as session:
            await audit.record_action(session, None, LINKS_CHECKED, details={"missing": missing})
    return missing


def schedule(application: BotApplication) -> None:
    if application.job_queue is None:
        raise RuntimeError("the job queue is missing: install python-telegram-bot[job-queue]")
    application.job_queue.run_repeating(
        singleton(purge_job), interval=PURGE_EVERY, first=FIRST_PURGE, name="volunteers-purge"
    )
    application.job_queue.run_repeating(
        singleton(remind_job), interval=REMIND_EVERY, first=FIRST_REMINDER, name="volunteers-reminder"
    )
    # As soon as the bot runs, however long the start-up took (no "missed" run to skip).
    application.job_queue.run_once(
        warn_missing_links, when=0, name="volunteers-links-check", job_kwargs={"misfire_grace_time": None}
    )
