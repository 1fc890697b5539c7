"""Repositories: async functions taking an ``AsyncSession`` first; the caller owns the transaction.

    async with db.sessionmaker.begin() as session:
        user = await users.upsert_user(session, 42, first_name="Ada")
        await requests.record_request(session, user.id, url, outcome="ok", duration_ms=830)

Functions ``flush`` but never commit. A write refused by validation (``FieldTooLong``,
``InvalidValue``, ``Duplicate``...) raises before touching the database or inside a savepoint, so
the caller's transaction stays usable. Times are aware datetimes; ``now`` defaults to the clock and
can be passed for tests and controllable clocks.
"""

from storage.repos import (
    applications,
    articles,
    audit,
    broadcasts,
    chats,
    drafts,
    feeds,
    inflight,
    notes,
    outbox,
    privacy,
    requests,
    shared,
    subscriptions,
    users,
)

__all__ = [
    "applications",
    "articles",
    "audit",
    "broadcasts",
    "chats",
    "drafts",
    "feeds",
    "inflight",
    "notes",
    "outbox",
    "privacy",
    "requests",
    "shared",
    "subscriptions",
    "users",
]
