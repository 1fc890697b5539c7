"""Alembic, driven from code with the application's async engine.

The migration scripts live inside the package (``storage/migrations``), so an installed package or
a Docker image carries them. ``alembic.ini`` beside them is only for developers who write new
migrations (``alembic -c storage/alembic.ini revision --autogenerate -m "..."``).

On SQLite, foreign keys are switched off while migrations run (SQLite's documented procedure for
schema changes): Alembic's batch mode rebuilds a table to alter it, and with foreign keys on,
dropping the old table would cascade-delete rows that reference it. The keys are checked before
committing.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.errors import StorageError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK = 0x5265_7375  # any constant shared by every process of this application
_LOCKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        # env.py runs on this connection instead of opening its own.
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise StorageError("no migration found in the package")
    return head


@asynccontextmanager
async def _migration_connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as conn:
        if engine.dialect.name != "sqlite":
            yield conn
            return
        driver: Any = (await conn.get_raw_connection()).driver_connection
        # PRAGMA foreign_keys is ignored inside a transaction: set it before BEGIN.
        await driver.execute("PRAGMA foreign_keys=OFF")
        try:
            yield conn
        finally:
            await conn.rollback()  # no-op after a commit; frees the lock after a failure
            await driver.execute("PRAGMA foreign_keys=ON")


def _run(connection: Connection, action: str, revision: str) -> None:
    if connection.dialect.name == "postgresql":
        # Several replicas may start at once: one migrates, the others wait, then find nothing to do.
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
    config = alembic_config(connection)
    if action == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StorageError(f"migration left rows with broken foreign keys: {broken[:5]}")


def _process_lock() -> asyncio.Lock:
    """One migration at a time in this process: Alembic keeps the running command in module globals."""
    loop = asyncio.get_running_loop()
    lock = _LOCKS.get(loop)
    if lock is None:
        lock = _LOCKS[loop] = asyncio.Lock()
    return lock


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (the latest by default), in one transaction."""
    async with _process_lock(), _migration_connection(engine) as conn:
        await conn.run_sync(_run, "upgrade", revision)
        await conn.commit()


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    """Go back to ``revision`` (``base``: drop every table the migrations made)."""
    async with _process_lock(), _migration_connection(engine) as conn:
        await conn.run_sync(_run, "downgrade", revision)
        await conn.commit()


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The database's version, or None for a database that was never migrated."""
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


async def is_up_to_date(engine: AsyncEngine) -> bool:
    return await current_revision(engine) == head_revision()
