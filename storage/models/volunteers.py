"""Volunteer applications ("Rejoindre l'équipe de rédaction — Postuler") and the admin audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import ApplicationStatus, Base, BigId, one_of, utcnow


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (CheckConstraint(one_of("status", ApplicationStatus), name="status"),)

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
    consent_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    reviewed_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None]
    # [[chat_id, message_id], ...] of the admins' review messages, to update them all on decision.
    review_messages: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(BigInteger, index=True)  # None: the bot itself
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(255))
    details: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
