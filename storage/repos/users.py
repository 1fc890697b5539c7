"""Telegram users: who we have seen, their role, and bans."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidValue, NotFound
from storage.models import Role, User, utcnow
from storage.repos._common import check_choice, check_lengths, count, insert_for, rowcount
from storage.repos.shared import bump_version

# The version counter of the banned users' set: bumped by every ban and unban, so each replica's
# cache of banned ids (bot.admin.gate) reloads as soon as it sees it move.
BANS_VERSION = "bans"


async def upsert_user(
    session: AsyncSession,
    user_id: int,
    *,
    username: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    language_code: str | None = None,
    now: datetime | None = None,
) -> User:
    """Create the user or refresh their profile and ``last_seen_at``; role and ban are kept."""
    now = now or utcnow()
    profile = {
        "username": username,
        "first_name": first_name,
        "last_name": last_name,
        "language_code": language_code,
    }
    check_lengths(User, profile)
    statement = insert_for(session, User).values(id=user_id, first_seen_at=now, last_seen_at=now, **profile)
    statement = statement.on_conflict_do_update(
        index_elements=[User.id], set_={**profile, "last_seen_at": now}
    ).returning(User)
    result = await session.scalars(statement, execution_options={"populate_existing": True})
    row: User = result.one()
    return row


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def _require(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user


async def find_user_by_username(session: AsyncSession, username: str) -> User | None:
    """The user with this @username (case-insensitive, with or without the @)."""
    name = username.strip().removeprefix("@").lower()
    if not name:
        return None
    query = select(User).where(func.lower(User.username) == name).order_by(User.last_seen_at.desc())
    return (await session.scalars(query.limit(1))).first()


async def ban_user(
    session: AsyncSession,
    user_id: int,
    *,
    by: int | None,
    reason: str | None = None,
    until: datetime | None = None,
    now: datetime | None = None,
) -> User:
    """Ban the user (until ``until``, or until lifted). Idempotent; NotFound if unknown.

    Their private chat's subscription is kept, with its settings: every query of active
    subscriptions leaves banned users out, so it is suspended, and lifting the ban resumes it.
    """
    check_lengths(User, {"ban_reason": reason})
    user = await _require(session, user_id)
    user.banned_at = user.banned_at or now or utcnow()
    user.ban_reason = reason
    user.banned_by = by
    user.banned_until = until
    user.ban_notified = False
    await bump_version(session, BANS_VERSION)
    await session.flush()
    return user


_LIFTED: dict[str, object] = {
    "banned_at": None,
    "ban_reason": None,
    "banned_by": None,
    "banned_until": None,
    "ban_notified": False,
}


async def unban_user(session: AsyncSession, user_id: int) -> User:
    user = await _require(session, user_id)
    for name, value in _LIFTED.items():
        setattr(user, name, value)
    await bump_version(session, BANS_VERSION)
    await session.flush()
    return user


async def lift_ban(session: AsyncSession, user_id: int, *, expired_at: datetime | None = None) -> bool:
    """Lift the user's ban if they are banned (and, with ``expired_at``, only if the ban ended by
    then); False if there was nothing to lift. One conditional UPDATE: when two tasks lift the same
    ban at once, exactly one of them gets True."""
    statement = update(User).where(User.id == user_id, User.banned_at.is_not(None))
    if expired_at is not None:
        statement = statement.where(User.banned_until.is_not(None), User.banned_until <= expired_at)
    result = await session.execute(statement.values(**_LIFTED).execution_options(synchronize_session=False))
    lifted = bool(rowcount(result))
    if lifted:
        await bump_version(session, BANS_VERSION)
        user = await session.get(User, user_id)
        if user is not None:
            await session.refresh(user)
    return lifted


async def expired_bans(session: AsyncSession, *, now: datetime | None = None) -> list[int]:
    """Ids of users whose temporary ban has ended but is not lifted yet."""
    query = select(User.id).where(
        User.banned_at.is_not(None), User.banned_until.is_not(None), User.banned_until <= (now or utcnow())
    )
    return list((await session.scalars(query.order_by(User.banned_until))).all())


async def mark_ban_notified(session: AsyncSession, user_id: int) -> None:
    """Remember the banned user was told, so they are told only once."""
    user = await _require(session, user_id)
    user.ban_notified = True
    await session.flush()


async def list_banned(session: AsyncSession, *, limit: int = 50, offset: int = 0) -> Sequence[User]:
    query = select(User).where(User.banned_at.is_not(None)).order_by(User.banned_at.desc(), User.id)
    return (await session.scalars(query.limit(limit).offset(offset))).all()


async def set_role(session: AsyncSession, user_id: int, role: str) -> User:
    """Grant or revoke the moderator role (``Role.MODERATOR`` / ``Role.USER``)."""
    user = await _require(session, user_id)
    user.role = check_choice("role", role, Role)
    await session.flush()
    return user


async def list_moderators(session: AsyncSession) -> Sequence[User]:
    query = select(User).where(User.role == Role.MODERATOR).order_by(User.id)
    return (await session.scalars(query)).all()


async def count_users(session: AsyncSession, *, since: datetime | None = None) -> int:
    """All users, or those first seen since ``since``."""
    query = select(User.id)
    if since is not None:
        query = query.where(User.first_seen_at >= since)
    return await count(session, query)


async def banned_user_ids(session: AsyncSession) -> dict[int, datetime | None]:
    """Every banned user's id with the end of their ban (None: until lifted); the bot keeps them in
    memory to screen updates cheaply."""
    query = select(User.id, User.banned_until).where(User.banned_at.is_not(None))
    return dict((await session.execute(query)).all())


SUMMARY_SENTENCES = range(1, 11)  # what the users table's CHECK allows


async def get_summary_sentences(session: AsyncSession, user_id: int) -> int | None:
    """The reader's own default summary length, None if they never chose (or are unknown)."""
    value = await session.scalar(select(User.summary_sentences).where(User.id == user_id))
    return int(value) if value is not None else None


async def set_summary_sentences(session: AsyncSession, user_id: int, sentences: int | None) -> User:
    """Set the reader's default summary length (None: back to the site's default). NotFound if unknown."""
    if sentences is not None and (isinstance(sentences, bool) or sentences not in SUMMARY_SENTENCES):
        raise InvalidValue(f"summary_sentences must be from 1 to 10, got {sentences!r}")
    user = await _require(session, user_id)
    user.summary_sentences = sentences
    await session.flush()
    return user
