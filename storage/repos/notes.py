"""Reviewers' notes on an application, and their questions to the applicant with the answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidValue
from storage.models import Application, ApplicationNote, NoteKind, utcnow
from storage.repos._common import check_lengths


async def add_note(
    session: AsyncSession,
    application_id: int,
    *,
    author_id: int,
    kind: NoteKind,
    text: str,
    now: datetime | None = None,
) -> ApplicationNote:
    if not text.strip():
        raise InvalidValue("a note must not be empty")
    check_lengths(ApplicationNote, {"text": text})
    note = ApplicationNote(
        application_id=application_id, author_id=author_id, kind=kind, text=text, created_at=now or utcnow()
    )
    session.add(note)
    await session.flush()
    return note


async def set_question_message(session: AsyncSession, note_id: int, message_id: int) -> None:
    """The question as the applicant received it: their reply to that message is the answer."""
    note = await session.get(ApplicationNote, note_id)
    if note is not None:
        note.message_id = message_id
        await session.flush()


async def delete_note(session: AsyncSession, note_id: int) -> None:
    await session.execute(delete(ApplicationNote).where(ApplicationNote.id == note_id))


async def list_notes(session: AsyncSession, application_id: int) -> Sequence[ApplicationNote]:
    query = select(ApplicationNote).where(ApplicationNote.application_id == application_id)
    return (await session.scalars(query.order_by(ApplicationNote.id))).all()


async def question_replied_to(session: AsyncSession, user_id: int, message_id: int) -> ApplicationNote | None:
    """The question to ``user_id`` that was the message ``message_id`` of their chat, if any."""
    query = (
        select(ApplicationNote)
        .join(Application, Application.id == ApplicationNote.application_id)
        .where(
            Application.user_id == user_id,
            ApplicationNote.kind == NoteKind.QUESTION,
            ApplicationNote.message_id == message_id,
        )
    )
    return (await session.scalars(query.limit(1))).first()


async def answer_question(
    session: AsyncSession, note_id: int, answer: str, *, now: datetime | None = None
) -> ApplicationNote | None:
    """Record the applicant's answer (a later reply replaces it)."""
    check_lengths(ApplicationNote, {"answer": answer})
    note = await session.get(ApplicationNote, note_id, populate_existing=True)
    if note is None:
        return None
    note.answer = answer
    note.answered_at = now or utcnow()
    await session.flush()
    return note
