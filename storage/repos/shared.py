"""State shared by replicas: rate windows (optimistic versioned rows), leases, version counters,
Telegram's sending turns.

Each function is one or two statements keyed by primary key; callers run them in short transactions
and retry a lost optimistic update.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Float, Table, delete, func, literal, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from storage.models import Lease, RateWindow, SendTurns, StateVersion, utcnow
from storage.repos._common import dialect_of, insert_for, rowcount


async def read_window(session: AsyncSession, kind: str, key: int) -> RateWindow | None:
    return await session.get(RateWindow, (kind, key), populate_existing=True)


async def write_window(
    session: AsyncSession,
    kind: str,
    key: int,
    *,
    version: int | None,
    events: Sequence[float],
    muted_until: float = 0.0,
    told_until: float = 0.0,
    now: float,
) -> bool:
    """Store the window if nobody changed it since it was read at ``version`` (None: it did not
    exist); False when another writer came first, and the caller reads again."""
    values = {
        "events": list(events),
        "muted_until": muted_until,
        "told_until": told_until,
        "updated_at": now,
    }
    if version is None:
        statement = (
            insert_for(session, RateWindow)
            .values(kind=kind, key=key, version=0, **values)
            .on_conflict_do_nothing(index_elements=["kind", "key"])
        )
        return rowcount(await session.execute(statement)) == 1
    statement = (
        update(RateWindow)
        .where(RateWindow.kind == kind, RateWindow.key == key, RateWindow.version == version)
        .values(version=version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    return rowcount(await session.execute(statement)) == 1


async def purge_windows(session: AsyncSession, before: float) -> int:
    """Forget windows untouched since ``before`` (Unix time)."""
    statement = delete(RateWindow).where(RateWindow.updated_at < before)
    return rowcount(await session.execute(statement.execution_options(synchronize_session=False)))


async def acquire_lease(
    session: AsyncSession, name: str, holder: str, *, until: datetime, now: datetime | None = None
) -> bool:
    """Take or renew the lease ``name`` for ``holder`` until ``until``: True if ``holder`` has it
    (it was free, expired, or already its own)."""
    now = now or utcnow()
    renewed = (
        update(Lease)
        .where(Lease.name == name, (Lease.holder == holder) | (Lease.expires_at <= now))
        .values(holder=holder, expires_at=until)
        .execution_options(synchronize_session=False)
    )
    if rowcount(await session.execute(renewed)) == 1:
        return True
    created = (
        insert_for(session, Lease)
        .values(name=name, holder=holder, expires_at=until)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    return rowcount(await session.execute(created)) == 1


async def release_lease(session: AsyncSession, name: str, holder: str) -> bool:
    statement = delete(Lease).where(Lease.name == name, Lease.holder == holder)
    return rowcount(await session.execute(statement.execution_options(synchronize_session=False))) == 1


async def lease_holder(session: AsyncSession, name: str, now: datetime | None = None) -> str | None:
    """Who holds ``name`` now (None if nobody, or the lease expired)."""
    query = select(Lease.holder).where(Lease.name == name, Lease.expires_at > (now or utcnow()))
    return await session.scalar(query)


async def get_version(session: AsyncSession, name: str) -> int:
    value = await session.scalar(select(StateVersion.version).where(StateVersion.name == name))
    return int(value or 0)


async def bump_version(session: AsyncSession, name: str) -> None:
    """Move the counter ``name`` on: every replica caching what it names reloads it."""
    statement = (
        insert_for(session, StateVersion)
        .values(name=name, version=1)
        .on_conflict_do_update(
            index_elements=["name"], set_={"version": StateVersion.__table__.c.version + 1}
        )
    )
    await session.execute(statement)


HOLD = "hold"  # rate_windows kind: a chat Telegram asked to wait for (429 retry_after)
HOLDS_VERSION = "chat-holds"  # moved on at each new hold


@dataclass(frozen=True, slots=True)
class Turns:
    """What ``book_turns`` answered, on the database's clock (Unix seconds).

    Booked: the turns are ``first``, ``first + interval``, … Not booked (the lane's queue was longer
    than asked): ``first`` is when it will be short enough. ``now`` is the clock when the row was read.
    """

    booked: bool
    first: float
    now: float


def database_clock(executor: AsyncSession | AsyncConnection) -> Any:
    """Unix seconds on the database server's clock (replicas' clocks may differ; its clock is one).

    PostgreSQL's ``clock_timestamp()`` is read when the expression is evaluated, after any row lock
    was granted; SQLite runs in the caller's process, whose clock is the one all its users share."""
    if dialect_of(executor) == "postgresql":
        return sql_cast(func.extract("epoch", func.clock_timestamp()), Float)
    return literal(time.time(), Float)


async def book_turns(
    connection: AsyncConnection, lane: str, count: int, interval: float, *, within: float | None = None
) -> Turns:
    """Book ``count`` turns ``interval`` seconds apart on ``lane``, after every turn booked so far
    (or from now if the lane is idle). With ``within``, book only if the turns already booked end
    less than ``within`` seconds from now: bulk sends wait while replies of other replicas book.

    Each statement is correct alone (the UPDATE … RETURNING books atomically), so ``connection`` may
    be in autocommit mode: the cheapest way to run this several times a second."""
    clock = database_clock(connection)
    turns = cast(Table, SendTurns.__table__)  # Core statements: no ORM bookkeeping on this hot path
    later = func.greatest if dialect_of(connection) == "postgresql" else func.max
    statement = update(turns).where(turns.c.lane == lane)
    if within is not None:
        statement = statement.where(turns.c.next_at < clock + within)
    statement = statement.values(next_at=later(turns.c.next_at, clock) + count * interval)
    row = (await connection.execute(statement.returning(turns.c.next_at, clock))).first()
    if row is not None:
        booked_until, now = float(row[0]), float(row[1])
        return Turns(True, booked_until - count * interval, now)
    row = (await connection.execute(select(turns.c.next_at, clock).where(turns.c.lane == lane))).first()
    if row is None:  # the lane's first turn ever: create its row, then book
        created = (
            insert_for(connection, SendTurns)
            .values(lane=lane, next_at=0.0)
            .on_conflict_do_nothing(index_elements=["lane"])
        )
        await connection.execute(created)
        return await book_turns(connection, lane, count, interval, within=within)
    queue_end, now = float(row[0]), float(row[1])
    if within is not None and queue_end >= now + within:
        return Turns(False, queue_end - within, now)
    # Another replica created the row, or the queue shortened, since the update: book again.
    return await book_turns(connection, lane, count, interval, within=within)


async def hold_chat(session: AsyncSession, chat_id: int, until: float, now: float) -> None:
    """Telegram asked to send nothing to ``chat_id`` before ``until`` (Unix time): kept as the window
    of kind "hold" (the later end wins), and the "chat-holds" version moves on for every replica."""
    statement = (
        insert_for(session, RateWindow)
        .values(
            kind=HOLD, key=chat_id, events=[], muted_until=until, told_until=0.0, version=0, updated_at=now
        )
        .on_conflict_do_update(
            index_elements=["kind", "key"],
            set_={
                "muted_until": func.max(RateWindow.__table__.c.muted_until, until)
                if dialect_of(session) == "sqlite"
                else func.greatest(RateWindow.__table__.c.muted_until, until),
                "updated_at": now,
            },
        )
    )
    await session.execute(statement)
    await bump_version(session, HOLDS_VERSION)


async def chats_held(session: AsyncSession, now: float) -> dict[int, float]:
    """Chats Telegram asked to wait for, with the end of each wait (Unix time), still running at ``now``."""
    query = select(RateWindow.key, RateWindow.muted_until).where(
        RateWindow.kind == HOLD, RateWindow.muted_until > now
    )
    return {int(key): float(until) for key, until in (await session.execute(query)).all()}
