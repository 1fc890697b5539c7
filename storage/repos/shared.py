"""State shared by replicas: rate windows (optimistic versioned rows), leases, version counters,
Telegram's sending turns.

Each function is one or two statements keyed by primary key; callers run them in short transactions
and retry a lost optimistic update.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Float, String, Table, bindparam, case, delete, func, select, true, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.dml import Update

from storage.models import Lease, RateWindow, SendTurns, StateVersion, utcnow
from storage.repos._common import dialect_of, greatest, insert_for, rowcount


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


@functools.cache
def _booking(dialect: str, bulk: bool) -> Update:
    """The booking statement, built once (it runs many times a second): one UPDATE … RETURNING that
    decides and books atomically. The clock is the database server's on PostgreSQL, where replicas'
    clocks may differ (``clock_timestamp()`` is read after the row lock was granted); SQLite runs in
    the caller's process, whose clock (``:b_now``) is the one all its users share."""
    turns = cast(Table, SendTurns.__table__)
    postgres = dialect == "postgresql"
    clock: Any = (
        sql_cast(func.extract("epoch", func.clock_timestamp()), Float)
        if postgres
        else bindparam("b_now", type_=Float)
    )
    later = greatest(dialect)
    # SET expressions all read the row as it was: ``books`` is the decision, taken once.
    books = turns.c.next_at < clock + bindparam("b_within", type_=Float) if bulk else true()
    booked_end = later(turns.c.next_at, clock) + bindparam("b_span", type_=Float)
    return (
        update(turns)
        .where(turns.c.lane == bindparam("b_lane", type_=String))
        .values(next_at=case((books, booked_end), else_=turns.c.next_at), booked=books)
        .returning(turns.c.next_at, turns.c.booked, clock)
    )


async def book_turns(
    connection: AsyncConnection, lane: str, count: int, interval: float, *, within: float | None = None
) -> Turns:
    """Book ``count`` turns ``interval`` seconds apart on ``lane``, after every turn booked so far
    (or from now if the lane is idle). With ``within``, book only if the turns already booked end
    less than ``within`` seconds from now: bulk sends wait while replies of other replicas book.

    One statement decides and books atomically (``booked`` records which it did), so ``connection``
    may be in autocommit mode: the cheapest way to run this many times a second."""
    dialect = dialect_of(connection)
    parameters: dict[str, Any] = {"b_lane": lane, "b_span": count * interval}
    if within is not None:
        parameters["b_within"] = within
    if dialect != "postgresql":
        parameters["b_now"] = time.time()
    row = (await connection.execute(_booking(dialect, within is not None), parameters)).first()
    if row is None:  # the lane's first turn ever: create its row, then book
        created = (
            insert_for(connection, SendTurns)
            .values(lane=lane, next_at=0.0, booked=False)
            .on_conflict_do_nothing(index_elements=["lane"])
        )
        await connection.execute(created)
        return await book_turns(connection, lane, count, interval, within=within)
    end, booked, now = float(row[0]), bool(row[1]), float(row[2])
    if booked:
        return Turns(True, end - count * interval, now)
    return Turns(False, end - (within or 0.0), now)


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
                "muted_until": greatest(dialect_of(session))(RateWindow.__table__.c.muted_until, until),
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
