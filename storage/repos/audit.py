"""The audit log of admin actions (who, what, on what, details, when)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidValue
from storage.models import AuditEntry, utcnow
from storage.repos._common import check_json_size, check_lengths

MAX_DETAILS_CHARS = 8000


async def record_action(
    session: AsyncSession,
    actor_id: int | None,
    action: str,
    *,
    target: str | None = None,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Append an entry; ``actor_id`` None for the bot itself, ``target`` e.g. ``"user:42"``."""
    check_lengths(AuditEntry, {"action": action, "target": target})
    if not action:
        raise InvalidValue("action must not be empty")
    if details is not None:
        check_json_size("details", details, MAX_DETAILS_CHARS)
    entry = AuditEntry(
        actor_id=actor_id, action=action, target=target, details=details, created_at=now or utcnow()
    )
    session.add(entry)
    await session.flush()
    return entry


async def recent_actions(
    session: AsyncSession, *, limit: int = 20, offset: int = 0, actor_id: int | None = None
) -> Sequence[AuditEntry]:
    """Newest first, optionally only one admin's."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if actor_id is not None:
        query = query.where(AuditEntry.actor_id == actor_id)
    return (await session.scalars(query.limit(limit).offset(offset))).all()


async def last_action(session: AsyncSession, action: str) -> AuditEntry | None:
    """The newest entry of ``action``, if any."""
    query = select(AuditEntry).where(AuditEntry.action == action)
    return (await session.scalars(query.order_by(AuditEntry.id.desc()).limit(1))).first()
