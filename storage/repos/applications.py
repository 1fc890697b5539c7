"""Volunteer applications: the draft saved after every answer, submission, and the admins' decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidTransition, InvalidValue, NotFound
from storage.models import Application, ApplicationStatus, utcnow
from storage.repos._common import check_json_size, check_lengths, rowcount

MAX_ANSWERS_CHARS = 32_000
_ACTIVE = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)


@dataclass(frozen=True, slots=True)
class ApplicationFields:
    """What a submitted application holds (validated by the form; lengths checked here)."""

    first_name: str
    last_name: str | None  # None: the site does not ask it ([volunteers] questions)
    email: str
    motivation: str | None
    experience: str | None = None
    phone: str | None = None
    sections: tuple[str, ...] = ()
    sample_url: str | None = None
    availability: str | None = None
    pen_name: str | None = None
    city: str | None = None
    age: int | None = None
    found_via: str | None = None


async def get_application(session: AsyncSession, application_id: int) -> Application | None:
    return await session.get(Application, application_id, populate_existing=True)


async def _require(session: AsyncSession, application_id: int) -> Application:
    application = await get_application(session, application_id)
    if application is None:
        raise NotFound(f"no application {application_id}")
    return application


async def get_active_application(session: AsyncSession, user_id: int) -> Application | None:
    """The user's draft or pending (submitted) application, if any."""
    query = select(Application).where(Application.user_id == user_id, Application.status.in_(_ACTIVE))
    return (await session.scalars(query.order_by(Application.id.desc()).limit(1))).first()


async def start_draft(
    session: AsyncSession, user_id: int, *, step: str, now: datetime | None = None
) -> tuple[Application, bool]:
    """The user's draft (resumed, ``False``) or a new one (``True``). ``InvalidTransition`` if an
    application is already pending: one application at a time."""
    active = await get_active_application(session, user_id)
    if active is not None and active.status == ApplicationStatus.SUBMITTED:
        raise InvalidTransition(f"user {user_id} already has a pending application ({active.id})")
    if active is not None:
        return active, False
    check_lengths(Application, {"current_step": step})
    now = now or utcnow()
    application = Application(user_id=user_id, current_step=step, answers={}, created_at=now, updated_at=now)
    session.add(application)
    await session.flush()
    return application, True


async def save_step(
    session: AsyncSession,
    application_id: int,
    *,
    step: str,
    answers: dict[str, Any],
    now: datetime | None = None,
) -> Application:
    """Save the draft's progress: the next question and every answer so far."""
    check_lengths(Application, {"current_step": step})
    check_json_size("answers", answers, MAX_ANSWERS_CHARS)
    application = await _require(session, application_id)
    if application.status != ApplicationStatus.DRAFT:
        raise InvalidTransition(f"application {application_id} is {application.status}, not a draft")
    application.current_step = step
    application.answers = dict(answers)
    application.updated_at = now or utcnow()
    await session.flush()
    return application


async def save_step_if_unchanged(
    session: AsyncSession,
    application_id: int,
    *,
    step: str,
    answers: dict[str, Any],
    seen_at: datetime,
    now: datetime | None = None,
) -> datetime | None:
    """``save_step`` only if the draft was not saved since ``seen_at`` (its ``updated_at`` when read):
    the new ``updated_at``, or None when another process moved the draft on meanwhile (one
    conditional UPDATE, so two replicas handling the same user's answers cannot both win)."""
    check_lengths(Application, {"current_step": step})
    check_json_size("answers", answers, MAX_ANSWERS_CHARS)
    now = now or utcnow()
    statement = (
        update(Application)
        .where(
            Application.id == application_id,
            Application.status == ApplicationStatus.DRAFT,
            Application.updated_at == seen_at,
        )
        .values(current_step=step, answers=dict(answers), updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return now if rowcount(await session.execute(statement)) == 1 else None


async def submit_application(
    session: AsyncSession,
    application_id: int,
    fields: ApplicationFields,
    *,
    consent_at: datetime,
    now: datetime | None = None,
) -> Application:
    """Turn the draft into a submitted application with these fields and the consent time."""
    values = asdict(fields)
    values["sections"] = list(fields.sections)
    if not all(isinstance(section, str) and section for section in values["sections"]):
        raise InvalidValue("sections must be non-empty strings")
    check_lengths(Application, values)
    check_json_size("sections", values["sections"], 2000)
    application = await _require(session, application_id)
    if application.status != ApplicationStatus.DRAFT:
        raise InvalidTransition(f"application {application_id} is {application.status}, not a draft")
    now = now or utcnow()
    for name, value in values.items():
        setattr(application, name, value)
    application.status = ApplicationStatus.SUBMITTED
    application.consent_at = consent_at
    application.submitted_at = now
    application.current_step = None
    application.updated_at = now
    await session.flush()
    return application


async def cancel_draft(session: AsyncSession, user_id: int) -> bool:
    """Delete the user's draft (``/annuler``); False if there was none."""
    result = await session.execute(
        delete(Application).where(
            Application.user_id == user_id, Application.status == ApplicationStatus.DRAFT
        )
    )
    return bool(rowcount(result))


async def withdraw_application(
    session: AsyncSession, application_id: int, *, now: datetime | None = None
) -> bool:
    """The applicant withdraws a pending application; False if it was not pending."""
    result = await session.execute(
        update(Application)
        .where(Application.id == application_id, Application.status == ApplicationStatus.SUBMITTED)
        .values(status=ApplicationStatus.WITHDRAWN, updated_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(rowcount(result))


async def decide_application(
    session: AsyncSession,
    application_id: int,
    *,
    accept: bool,
    reviewer_id: int,
    applicant_id: int | None = None,
    reason: str | None = None,
    reason_sent: bool | None = None,
    now: datetime | None = None,
) -> Application | None:
    """Accept or refuse a pending application (of ``applicant_id``, when given: the person the
    reviewer saw). None if it is no longer pending: the first decision wins, even between two
    admins clicking at once (the change is one conditional UPDATE)."""
    now = now or utcnow()
    status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.REFUSED
    check_lengths(Application, {"refusal_reason": reason})
    conditions = [Application.id == application_id, Application.status == ApplicationStatus.SUBMITTED]
    if applicant_id is not None:
        conditions.append(Application.user_id == applicant_id)
    values: dict[str, Any] = {"status": status, "reviewed_by": reviewer_id, "decided_at": now}
    if reason:
        values |= {"refusal_reason": reason, "refusal_reason_sent": bool(reason_sent)}
    result = await session.execute(
        update(Application)
        .where(*conditions)
        .values(**values, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if not rowcount(result):
        return None
    return await get_application(session, application_id)


MAX_REVIEW_MESSAGES = 60


async def add_review_messages(
    session: AsyncSession, application_id: int, messages: Sequence[tuple[int, int]]
) -> None:
    """Remember more cards of the application (the team's copies, a card opened with /candidature)
    to update them all on a decision, a note or an answer. The oldest are forgotten past a limit."""
    application = await session.get(Application, application_id, populate_existing=True, with_for_update=True)
    if application is None:
        return
    known = [(int(chat), int(message)) for chat, message in application.review_messages or []]
    known += [(int(chat), int(message)) for chat, message in messages if (chat, message) not in known]
    application.review_messages = [[chat, message] for chat, message in known[-MAX_REVIEW_MESSAGES:]]
    await session.flush()


async def list_user_applications(session: AsyncSession, user_id: int) -> Sequence[Application]:
    """All of the user's applications (drafts too), oldest first."""
    query = select(Application).where(Application.user_id == user_id).order_by(Application.id)
    return (await session.scalars(query)).all()


async def list_applications(
    session: AsyncSession, *, status: str | None = None, limit: int = 20, offset: int = 0
) -> Sequence[Application]:
    """Newest first; all statuses but drafts when ``status`` is None."""
    query = select(Application).order_by(Application.id.desc())
    if status is None:
        query = query.where(Application.status != ApplicationStatus.DRAFT)
    else:
        query = query.where(Application.status == status)
    return (await session.scalars(query.limit(limit).offset(offset))).all()


async def count_applications(session: AsyncSession) -> dict[str, int]:
    """Applications per status, every status present."""
    query = select(Application.status, func.count()).group_by(Application.status)
    counts = {str(status): 0 for status in ApplicationStatus}
    for status, number in (await session.execute(query)).all():
        counts[status] = number
    return counts


async def waiting_since(
    session: AsyncSession, *, submitted_before: datetime, reminded_before: datetime, limit: int = 100
) -> Sequence[Application]:
    """Pending applications sent before ``submitted_before`` whose team was not reminded since
    ``reminded_before``, oldest first."""
    query = select(Application).where(
        Application.status == ApplicationStatus.SUBMITTED,
        Application.submitted_at < submitted_before,
        (Application.reminded_at.is_(None)) | (Application.reminded_at < reminded_before),
    )
    return (await session.scalars(query.order_by(Application.submitted_at).limit(limit))).all()


async def mark_reminded(session: AsyncSession, application_ids: Sequence[int], *, now: datetime) -> None:
    await session.execute(
        update(Application)
        .where(Application.id.in_(list(application_ids)))
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )


async def delete_stale_drafts(session: AsyncSession, *, untouched_since: datetime) -> int:
    """Remove drafts not updated since ``untouched_since``."""
    result = await session.execute(
        delete(Application).where(
            Application.status == ApplicationStatus.DRAFT, Application.updated_at < untouched_since
        )
    )
    return rowcount(result)


async def delete_refused(session: AsyncSession, *, decided_before: datetime) -> int:
    """Remove refused applications decided before ``decided_before`` (the retention period)."""
    result = await session.execute(
        delete(Application).where(
            Application.status == ApplicationStatus.REFUSED, Application.decided_at < decided_before
        )
    )
    return rowcount(result)
