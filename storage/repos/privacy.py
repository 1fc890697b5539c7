"""Everything stored about one user: JSON export and deletion (``/mesdonnees``, ``/supprimer_mes_donnees``).

Personal data is the user row, their private chat and its subscription and deliveries, their
summary requests (those in flight too) and their applications (with the team's notes and questions
on them). Group subscriptions they made are kept for the group but no longer name them. Two things
are kept on purpose: the audit log (admins' accountability) and, for a banned user, the ban itself
(stripped of the profile) so deleting one's data does not lift it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Application,
    ApplicationNote,
    AuditEntry,
    Base,
    Chat,
    Subscription,
    SummaryInFlight,
    SummaryRequest,
    User,
    utcnow,
)
from storage.repos._common import rowcount

_PROFILE = ("username", "first_name", "last_name", "language_code")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row_to_dict(row: Base) -> dict[str, Any]:
    """A model instance as a JSON-serialisable dict of its columns."""
    return {column.key: _jsonable(getattr(row, column.key)) for column in row.__table__.columns}


async def _all(session: AsyncSession, model: type[Base], *conditions: Any) -> list[dict[str, Any]]:
    query = select(model).where(*conditions).order_by(*model.__table__.primary_key)
    rows = (await session.scalars(query)).all()
    return [row_to_dict(row) for row in rows]


async def export_user_data(
    session: AsyncSession, user_id: int, *, now: datetime | None = None
) -> dict[str, Any]:
    """A JSON-serialisable dict of everything stored about the user (empty lists if nothing)."""
    user = await session.get(User, user_id, populate_existing=True)
    chat = await session.get(Chat, user_id, populate_existing=True)
    return {
        "exported_at": (now or utcnow()).isoformat(),
        "user_id": user_id,
        "user": row_to_dict(user) if user else None,
        "private_chat": row_to_dict(chat) if chat else None,
        "subscriptions": await _all(
            session, Subscription, (Subscription.chat_id == user_id) | (Subscription.subscribed_by == user_id)
        ),
        "summary_requests": await _all(session, SummaryRequest, SummaryRequest.user_id == user_id),
        "applications": await _all(session, Application, Application.user_id == user_id),
        # The team's notes and questions on them (and the answers): personal data too.
        "application_notes": await _all(
            session,
            ApplicationNote,
            ApplicationNote.application_id.in_(select(Application.id).where(Application.user_id == user_id)),
        ),
        "admin_actions": await _all(session, AuditEntry, AuditEntry.actor_id == user_id),
    }


async def delete_user_data(session: AsyncSession, user_id: int) -> dict[str, int]:
    """Delete the user's personal data; returns how many rows of each kind went."""

    async def run(statement: Any) -> int:
        return rowcount(await session.execute(statement))

    counts = {
        # Summaries in flight are requests too (a banned user's stripped row would keep them).
        "summary_requests": await run(delete(SummaryRequest).where(SummaryRequest.user_id == user_id))
        + await run(delete(SummaryInFlight).where(SummaryInFlight.user_id == user_id)),
        "applications": await run(delete(Application).where(Application.user_id == user_id)),
        "subscriptions": await run(delete(Subscription).where(Subscription.chat_id == user_id)),
        "group_subscriptions_anonymised": await run(
            update(Subscription).where(Subscription.subscribed_by == user_id).values(subscribed_by=None)
        ),
        "private_chat": await run(delete(Chat).where(Chat.id == user_id)),  # its deliveries cascade
    }
    user = await session.get(User, user_id, populate_existing=True)
    if user is not None and user.is_banned:
        for name in _PROFILE:
            setattr(user, name, None)
        counts["user"] = 0
    else:
        counts["user"] = await run(delete(User).where(User.id == user_id))
    await session.flush()
    return counts
