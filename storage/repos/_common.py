"""Helpers shared by the repositories: validation before writing, portable upserts, savepoints.

Lengths are checked in Python before anything is sent, because SQLite does not enforce VARCHAR
lengths and PostgreSQL does: checking first makes both engines refuse the same values with the
same error, and leaves the transaction untouched.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Result, String, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.selectable import Select

from storage.errors import Duplicate, FieldTooLong, InvalidValue
from storage.models import Base

T = TypeVar("T")


def check_lengths(model: type[Base], values: Mapping[str, Any]) -> None:
    """``FieldTooLong`` if a string value is longer than its column allows."""
    columns = model.__table__.columns
    for name, value in values.items():
        if not isinstance(value, str) or name not in columns:
            continue
        column_type = columns[name].type
        limit = column_type.length if isinstance(column_type, String) else None
        if limit is not None and len(value) > limit:
            raise FieldTooLong(model.__tablename__, name, len(value), limit)


def check_json_size(name: str, value: Any, limit: int) -> None:
    """``InvalidValue`` if ``value`` is not JSON-serialisable or its JSON text exceeds ``limit``."""
    try:
        size = len(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise InvalidValue(f"{name} must be JSON-serialisable: {exc}") from None
    if size > limit:
        raise InvalidValue(f"{name} is {size} characters of JSON, the limit is {limit}")


def check_choice(name: str, value: str, choices: Iterable[str]) -> str:
    allowed = [str(choice) for choice in choices]
    if value not in allowed:
        raise InvalidValue(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def dialect_of(executor: AsyncSession | AsyncConnection) -> str:
    """ "postgresql" or "sqlite", for a session or a connection."""
    return executor.get_bind().dialect.name if isinstance(executor, AsyncSession) else executor.dialect.name


def greatest(dialect: str) -> Any:
    """SQL's "the larger of these values": GREATEST on PostgreSQL, the scalar MAX on SQLite."""
    return func.greatest if dialect == "postgresql" else func.max


def insert_for(executor: AsyncSession | AsyncConnection, model: type[Base]) -> Any:
    """The dialect's own INSERT, which has ``on_conflict_do_nothing/do_update`` on both engines."""
    name = dialect_of(executor)
    if name == "postgresql":
        return postgresql.insert(model)
    if name == "sqlite":
        return sqlite.insert(model)
    raise NotImplementedError(f"unsupported dialect {name}")


def is_unique_violation(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "unique" in text or "duplicate key" in text


def rowcount(result: Result[Any]) -> int:
    """Rows matched by an INSERT/UPDATE/DELETE (``session.execute`` types its result loosely)."""
    return int(cast(CursorResult[Any], result).rowcount)


@asynccontextmanager
async def savepoint(session: AsyncSession, duplicate_message: str) -> AsyncIterator[None]:
    """Run writes in a savepoint: on a unique violation, undo them and raise ``Duplicate``.

    The caller's transaction stays usable, so the database is unchanged by the failed operation.
    """
    try:
        async with session.begin_nested():
            yield
    except IntegrityError as exc:
        if is_unique_violation(exc):
            raise Duplicate(duplicate_message) from None
        raise InvalidValue(f"refused by the database: {str(exc.orig).splitlines()[0]}") from None


async def count(session: AsyncSession, query: Select[Any]) -> int:
    result = await session.scalar(select(func.count()).select_from(query.subquery()))
    return int(result or 0)


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
