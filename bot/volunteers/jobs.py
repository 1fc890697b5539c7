"""Housekeeping of applications: forms left untouched and refused applications past retention."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.context import BotApplication, BotContext, Services
from bot.replicas.leader import singleton
from storage.models import utcnow
from storage.repos import applications, audit

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(hours=1)
FIRST_PURGE = timedelta(minutes=1)  # not at start-up itself: let the bot answer first


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


def schedule(application: BotApplication) -> None:
    if application.job_queue is None:
        raise RuntimeError("the job queue is missing: install python-telegram-bot[job-queue]")
    application.job_queue.run_repeating(
        singleton(purge_job), interval=PURGE_EVERY, first=FIRST_PURGE, name="volunteers-purge"
    )
