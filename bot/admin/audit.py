"""One call to record an admin action in the audit log, the same way from every feature.

    async with services.sessionmaker.begin() as session:
        await users.ban_user(session, target, by=admin_id, reason=reason)
        await audit(session, admin_id, "ban", user_target(target), reason=reason)

Written in the caller's transaction, so the action and its record stand or fall together.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry
from storage.repos import audit as audit_log


def user_target(user_id: int) -> str:
    return f"user:{user_id}"


async def audit(
    session: AsyncSession, actor_id: int | None, action: str, target: str | None = None, **details: Any
) -> AuditEntry:
    """Append ``action`` by ``actor_id`` (None: the bot itself); details with a None value are left out."""
    kept = {key: value for key, value in details.items() if value is not None}
    return await audit_log.record_action(session, actor_id, action, target=target, details=kept or None)
