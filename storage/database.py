"""Engine and session factory, with the SQLite pragmas and a readable error when the database is down.

SQLite runs in WAL mode with foreign keys on and a busy timeout. Every transaction starts with
``BEGIN IMMEDIATE`` so that two writers queue on the lock (and wait up to the busy timeout) instead
of one failing with "database is locked" when it upgrades a read lock; it also makes savepoints and
transactional DDL work, which Python's sqlite3 module otherwise breaks.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from storage.errors import DatabaseUnavailable, SchemaOutOfDate
from storage.settings import DatabaseSettings, safe_url

log = logging.getLogger(__name__)


def _sqlite_file(url: str) -> Path | None:
    database = make_url(url).database
    return Path(database) if database else None


def create_engine(settings: DatabaseSettings) -> AsyncEngine:
    """An async engine for the settings; creates the SQLite file's directory if it is missing."""
    options: dict[str, Any] = {
        "echo": settings.echo,
        "pool_size": settings.pool_size,
        "max_overflow": settings.max_overflow,
        "pool_timeout": settings.pool_timeout,
        "pool_pre_ping": settings.pool_pre_ping,
    }
    if settings.is_sqlite:
        path = _sqlite_file(settings.url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailable(f"cannot create the directory of {path}: {exc.strerror}") from None
        options["connect_args"] = {"timeout": settings.busy_timeout}
        engine = create_async_engine(settings.url, **options)
        _install_sqlite_hooks(engine, settings.busy_timeout)
        return engine
    server_settings = {"application_name": "resume-bot"}
    if settings.schema:
        server_settings["search_path"] = settings.schema
    options["connect_args"] = {"timeout": settings.connect_timeout, "server_settings": server_settings}
    return create_async_engine(settings.url, **options)


def _install_sqlite_hooks(engine: AsyncEngine, busy_timeout: float) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        # Take BEGIN away from the sqlite3 module; _on_begin below issues it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster commits
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit (handlers render them after the transaction)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, TimeoutError):
        return "no answer in time (is the server up and reachable?)"
    if isinstance(exc, ConnectionRefusedError) or getattr(exc, "errno", None) == errno.ECONNREFUSED:
        return "connection refused (is the server running and listening on that port?)"
    if isinstance(exc, socket.gaierror):
        return "unknown host name"
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return message or type(exc).__name__


async def check_connection(engine: AsyncEngine, within: float = 10.0) -> None:
    """Run ``SELECT 1``; ``DatabaseUnavailable`` with a one-line reason if the database cannot be used."""
    try:
        async with asyncio.timeout(within), engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except (OSError, TimeoutError, SQLAlchemyError) as exc:
        raise DatabaseUnavailable(f"cannot use the database {safe_url(engine.url)}: {_reason(exc)}") from exc
    except Exception as exc:  # asyncpg raises its own errors (bad password, unknown database)
        if type(exc).__module__.split(".")[0] != "asyncpg":
            raise
        raise DatabaseUnavailable(f"cannot use the database {safe_url(engine.url)}: {_reason(exc)}") from exc


@dataclass(frozen=True, slots=True)
class Database:
    """What the application keeps: the engine and its session factory."""

    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    settings: DatabaseSettings

    async def close(self) -> None:
        await self.engine.dispose()


async def open_database(settings: DatabaseSettings, *, upgrade: bool | None = None) -> Database:
    """Connect, then migrate to the latest version (``upgrade``, default ``settings.auto_upgrade``).

    Raises ``DatabaseUnavailable`` if the database cannot be reached, and ``SchemaOutOfDate`` if it
    is behind and upgrading is off. The engine is disposed of on failure.
    """
    from storage import migrate  # the migration machinery is only loaded when needed

    engine = create_engine(settings)
    try:
        await check_connection(engine, settings.connect_timeout + 1)
        if settings.auto_upgrade if upgrade is None else upgrade:
            await migrate.upgrade(engine)
        elif not await migrate.is_up_to_date(engine):
            raise SchemaOutOfDate("the database schema is not up to date: run `python -m storage upgrade`")
    except BaseException:
        await engine.dispose()
        raise
    log.info("database ready: %s", safe_url(engine.url))
    return Database(engine, create_sessionmaker(engine), settings)
