"""Volunteer applications ("Rejoindre l'équipe de rédaction — Postuler") and the admin audit log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import NEVER_REUSE_IDS, ApplicationStatus, Base, BigId, one_of, utcnow


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (CheckConstraint(one_of("status", ApplicationStatus), name="status"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=ApplicationStatus.DRAFT, index=True)
    # Draft progress: the form's current question and the answers so far, saved after each step.
    current_step: Mapped[str | None] = mapped_column(String(32))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The submitted fields, copied from the answers on submission.
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    sections: Mapped[list[str] | None]
    experience: Mapped[str | None] = mapped_column(String(4000))
    motivation: Mapped[str | None] = mapped_column(String(4000))
    sample_url: Mapped[str | None] = mapped_column(String(2048))
    # Questions a site may add to the form in config.toml ([volunteers] questions).
    availability: Mapped[str | None] = mapped_column(String(100))  # hours a week, as typed
    pen_name: Mapped[str | None] = mapped_column(String(100))
    city: Mapped[str | None] = mapped_column(String(100))
    age: Mapped[int | None] = mapped_column(SmallInteger)
    found_via: Mapped[str | None] = mapped_column(String(200))
    consent_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    reviewed_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None]
    refusal_reason: Mapped[str | None] = mapped_column(String(500))
    refusal_reason_sent: Mapped[bool | None]  # told to the applicant (True) or kept for the team
    reminded_at: Mapped[datetime | None]  # the team was last reminded it is waiting
    # [[chat_id, message_id], ...] of the admins' review messages, to update them all on decision.
    review_messages: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NoteKind(StrEnum):
    NOTE = "note"  # between reviewers only
    QUESTION = "question"  # sent to the applicant, who answers through the bot


class ApplicationNote(Base):
    """A reviewer's note on an application, or a question to the applicant and its answer."""

    __tablename__ = "application_notes"
    __table_args__ = (CheckConstraint(one_of("kind", NoteKind), name="kind"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(1000))
    message_id: Mapped[int | None] = mapped_column(BigInteger)  # the question in the applicant's chat
    answer: Mapped[str | None] = mapped_column(String(1000))
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(BigInteger, index=True)  # None: the bot itself
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(255))
    details: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
