"""The form as a state machine stored in the database: each answer is checked, saved, and the next
question sent. Telegram objects stop here; validation is in ``form``, texts in ``bot.texts``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot import keyboards, texts
from bot.context import BotContext, Services
from bot.notify import NO_PREVIEW
from bot.volunteers.form import (
    CONSENT_AT,
    EDITING,
    STEPS,
    Invalid,
    Step,
    clean_text,
    first_missing,
    is_optional,
    next_step,
    order,
    parse_step,
    to_fields,
)
from bot.volunteers.render import form_summary
from bot.volunteers.settings import VolunteerSettings
from storage.models import PARIS, Application, ApplicationStatus, utcnow
from storage.repos import applications, users

log = logging.getLogger(__name__)

SKIP_WORDS = frozenset({"passer", "non", "aucun", "aucune", "pas de lien", "-"})  # typed, not tapped


@dataclass(slots=True)
class Draft:
    """A snapshot of the user's draft, taken inside a transaction and used after it."""

    id: int
    step: Step
    answers: dict[str, Any] = field(default_factory=dict)
    updated_at: datetime | None = None  # when it was last saved, as read: saving checks nobody did since

    @classmethod
    def of(cls, application: Application, settings: VolunteerSettings) -> Draft:
        step, answers = parse_step(application.current_step, settings), dict(application.answers or {})
        return cls(application.id, step, answers, application.updated_at)


class FormChanged(Exception):
    """The draft was saved by another update (another replica) since it was read: nothing was saved."""


async def load_draft(services: Services, user_id: int) -> Draft | None:
    async with services.sessionmaker() as session:
        application = await applications.get_active_application(session, user_id)
    if application is None or application.status != ApplicationStatus.DRAFT:
        services.drafts.discard(user_id)
        return None
    return Draft.of(application, services.config.volunteers)


async def save(services: Services, draft: Draft, step: Step) -> None:
    """Move the draft to ``step`` with its answers (leaving the edit mode on reaching the summary).

    ``FormChanged`` if the draft was saved meanwhile by another update: a user's two quick updates
    handled at once by two replicas (the per-user lock is per process) cannot overwrite each other."""
    if step == Step.REVIEW:
        draft.answers.pop(EDITING, None)
    async with services.sessionmaker.begin() as session:
        if draft.updated_at is None:
            await applications.save_step(session, draft.id, step=step, answers=draft.answers)
        else:
            saved_at = await applications.save_step_if_unchanged(
                session, draft.id, step=step, answers=draft.answers, seen_at=draft.updated_at
            )
            if saved_at is None:
                raise FormChanged(f"draft {draft.id} changed since it was read")
            draft.updated_at = saved_at
    draft.step = step


def question(services: Services, draft: Draft) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of the draft's current step."""
    settings = services.config.volunteers
    steps = order(settings)
    step, number, total = draft.step, steps.index(draft.step) + 1, len(steps) - 1  # the summary is not one
    if step == Step.REVIEW:
        return form_summary(draft.answers, settings.questions), keyboards.form_review(draft.id)
    if step == Step.CONSENT:
        text = texts.consent(
            number,
            total,
            privacy_url=settings.privacy_url,
            retention_days=settings.refused_retention_days,
        )
        return text, keyboards.form_consent(draft.id)
    if step == Step.SECTIONS:
        chosen = [str(s) for s in draft.answers.get("sections") or []]
        text = texts.question(step, number, total)
        return text, keyboards.form_sections(draft.id, settings.sections, chosen)
    low, high = {
        Step.EXPERIENCE: (settings.experience_min_chars, settings.experience_max_chars),
        Step.MOTIVATION: (settings.motivation_min_chars, settings.motivation_max_chars),
    }.get(step, (0, 0))
    markup = keyboards.form_skip(draft.id, STEPS.index(step)) if is_optional(step, settings) else None
    return texts.question(step, number, total, low=low, high=high), markup


async def ask(context: BotContext, chat_id: int, draft: Draft, before: str | None = None) -> None:
    """Send the current question, after ``before`` (plain text: guidance, "on reprend…")."""
    text, markup = question(context.services, draft)
    if before:
        text = f"{escape(before)}\n\n{text}"
    await context.bot.send_message(
        chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup, link_preview_options=NO_PREVIEW
    )


async def may_apply(services: Services, user_id: int) -> bool:
    """Hook for moderation (issue 7): a banned user never gets the form."""
    async with services.sessionmaker() as session:
        user = await users.get_user(session, user_id)
    return user is None or not user.is_banned


async def accepted_on(services: Services, user_id: int) -> datetime | None:
    """When the user's application was accepted, if one was."""
    async with services.sessionmaker() as session:
        rows = await applications.list_user_applications(session, user_id)
    accepted = [row for row in rows if row.status == ApplicationStatus.ACCEPTED]
    return (accepted[-1].decided_at or accepted[-1].updated_at) if accepted else None


async def begin(context: BotContext, user_id: int) -> None:
    """/postuler: a new draft with the first question, the current question of a draft, "pending",
    or "already in the team" for an accepted volunteer."""
    services = context.services
    member_since = await accepted_on(services, user_id)
    if member_since is not None:
        await context.bot.send_message(
            user_id,
            texts.already_in_team(member_since.astimezone(PARIS).strftime("%d/%m/%Y")),
            reply_markup=keyboards.next_step(services.config.volunteers.next_step_url),
        )
        return
    async with services.drafts.lock(user_id):
        await services.drafts.has(services.sessionmaker, user_id)  # loaded before we add to it
        async with services.sessionmaker.begin() as session:
            active = await applications.get_active_application(session, user_id)
            if active is not None and active.status == ApplicationStatus.SUBMITTED:
                pending = True
            else:
                pending = False
                first = services.config.volunteers.questions[0]
                application, created = await applications.start_draft(session, user_id, step=first)
                draft = Draft.of(application, services.config.volunteers)
        if pending:
            await context.bot.send_message(user_id, texts.FORM_PENDING)
            return
        services.drafts.add(user_id)
        await ask(context, user_id, draft, texts.FORM_INTRO if created else texts.FORM_RESUMED)


async def answer_text(context: BotContext, user_id: int, draft: Draft, text: str | None) -> None:
    """A message while the form is open: the answer to the current question, or guidance."""
    if text is None:
        await ask(context, user_id, draft, texts.FORM_NOT_TEXT)
        return
    settings = context.services.config.volunteers
    value: str | None = None
    if not is_optional(draft.step, settings) or text.strip().lower().strip(".!") not in SKIP_WORDS:
        try:
            value = clean_text(draft.step, text, settings)
        except Invalid as problem:
            await ask(context, user_id, draft, str(problem))
            return
    if draft.step == Step.AGE and value is not None and int(value) < settings.minimum_age:
        await cancel(context.services, user_id)  # nothing kept about a child who cannot apply yet
        await context.bot.send_message(user_id, texts.too_young(settings.minimum_age))
        return
    answered = draft.step
    draft.answers[answered] = value
    await save(context.services, draft, next_step(answered, draft.answers, settings))
    minor = answered == Step.AGE and value is not None and int(value) < settings.guardian_below_age
    await ask(context, user_id, draft, texts.guardian_needed(settings.guardian_below_age) if minor else None)


async def cancel(services: Services, user_id: int) -> bool:
    async with services.sessionmaker.begin() as session:
        deleted = await applications.cancel_draft(session, user_id)
    services.drafts.discard(user_id)
    return deleted


async def pending_application(services: Services, user_id: int) -> int | None:
    """The id of the user's submitted application awaiting a decision, if any."""
    async with services.sessionmaker() as session:
        active = await applications.get_active_application(session, user_id)
    return active.id if active is not None and active.status == ApplicationStatus.SUBMITTED else None


async def submit(services: Services, draft: Draft) -> Application:
    """Turn the draft into a pending application (``KeyError`` if an answer is missing)."""
    missing = first_missing(draft.answers, services.config.volunteers)
    if missing != Step.CONSENT:
        raise KeyError(missing)
    fields = to_fields(draft.answers)
    consent_at = datetime.fromisoformat(str(draft.answers[CONSENT_AT]))
    async with services.sessionmaker.begin() as session:
        return await applications.submit_application(session, draft.id, fields, consent_at=consent_at)


def consent_now() -> str:
    return utcnow().isoformat()


async def drop_keyboard(context: BotContext, chat_id: int, message_id: int) -> None:
    """Remove the buttons of an answered question (already gone after a double tap: fine)."""
    try:
        await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
