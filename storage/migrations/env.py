"""Alembic environment.

The application calls Alembic through ``storage.migrate``, which hands over an open connection in
``config.attributes["connection"]``. Run from the ``alembic`` command line instead (to write a new
migration), it opens the database of config.toml / ``DATABASE_URL`` itself.
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection

from storage.database import create_engine
from storage.models import Base, UTCDateTime
from storage.settings import DatabaseSettings

config = context.config
target_metadata = Base.metadata


def _render_item(kind: str, obj: object, autogen_context: AutogenContext) -> str | bool:
    # Migrations stay frozen in time: they use plain SQLAlchemy types, never the models' classes.
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(**options: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        render_item=_render_item,
        render_as_batch=True,  # SQLite alters tables by rebuilding them
        **options,
    )


def run_migrations_offline() -> None:
    _configure(url=DatabaseSettings.load().url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine() -> None:
    engine = create_engine(DatabaseSettings.load())
    try:
        async with engine.begin() as conn:
            await conn.run_sync(do_run_migrations)
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        do_run_migrations(connection)
    else:
        asyncio.run(_run_with_own_engine())


if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name)

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
