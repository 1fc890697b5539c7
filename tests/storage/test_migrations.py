"""Migrations are the only way the schema is made: up, down and up again, and no drift from the models."""

import asyncio
import os
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, inspect

from storage import migrate
from storage.database import create_engine
from storage.models import Base
from tests.storage.databases import (
    drop_schema,
    new_schema_name,
    postgres_settings,
    require_postgres,
    sqlite_settings,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_settings(request, tmp_path):
    """Settings of a database that has never been migrated."""
    if request.param == "sqlite":
        yield sqlite_settings(tmp_path / "empty.sqlite3")
        return
    require_postgres()
    schema = new_schema_name("m")
    bare = create_engine(postgres_settings())
    async with bare.begin() as conn:
        await conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    await bare.dispose()
    try:
        yield postgres_settings(schema)
    finally:
        await drop_schema(schema)


@pytest.fixture
async def empty_engine(empty_settings):
    engine = create_engine(empty_settings)
    yield engine
    await engine.dispose()


def _tables(connection):
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def _diff(connection, metadata=Base.metadata):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, metadata)


async def test_upgrade_downgrade_upgrade(empty_engine):
    expected = set(Base.metadata.tables)
    assert await migrate.current_revision(empty_engine) is None
    await migrate.upgrade(empty_engine)
    assert await migrate.current_revision(empty_engine) == migrate.head_revision()
    async with empty_engine.connect() as conn:
        assert await conn.run_sync(_tables) == expected
    await migrate.downgrade(empty_engine, "base")
    assert await migrate.current_revision(empty_engine) is None
    async with empty_engine.connect() as conn:
        assert await conn.run_sync(_tables) == set()
    await migrate.upgrade(empty_engine)
    await migrate.upgrade(empty_engine)  # at head already: nothing to do
    assert await migrate.is_up_to_date(empty_engine)


async def test_autogenerate_finds_no_drift_and_would_see_one(empty_engine):
    await migrate.upgrade(empty_engine)
    async with empty_engine.connect() as conn:
        assert await conn.run_sync(_diff) == []
        # The comparison is not blind: a column the migrations lack shows up.
        changed = MetaData(naming_convention=Base.metadata.naming_convention)
        for table in Base.metadata.sorted_tables:
            table.to_metadata(changed)
        changed.tables["users"].append_column(Column("nickname_score", Integer))
        differences = await conn.run_sync(_diff, changed)
    assert [d[0] for d in differences] == ["add_column"]


async def test_concurrent_upgrades_in_one_process_are_serialised(empty_settings, empty_engine):
    engines = [create_engine(empty_settings) for _ in range(3)]
    try:
        await asyncio.gather(*(migrate.upgrade(engine) for engine in engines))
    finally:
        for engine in engines:
            await engine.dispose()
    assert await migrate.is_up_to_date(empty_engine)


async def test_replicas_starting_together_migrate_once(empty_settings, empty_engine, tmp_path):
    """Several processes running ``python -m storage upgrade`` on one database at the same moment."""
    config = tmp_path / "config.toml"
    schema = f'schema = "{empty_settings.schema}"' if empty_settings.schema else ""
    config.write_text(f'[database]\nurl = "{empty_settings.url}"\n{schema}\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"BOT_CONFIG": str(config)}
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "storage", "upgrade", env=env, cwd=ROOT,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(3)
    ]  # fmt: skip
    outputs = [await process.communicate() for process in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], outputs
    assert await migrate.is_up_to_date(empty_engine)
    async with empty_engine.connect() as conn:
        versions = (await conn.exec_driver_sql("SELECT version_num FROM alembic_version")).all()
    assert len(versions) == 1
