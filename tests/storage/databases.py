"""Clean, migrated databases for tests, on SQLite and PostgreSQL. Reusable by any test package.

``db`` is parametrised over both engines and gives each test an empty database at the latest
migration, as a ``TestDatabase`` (``.engine``, ``.sessionmaker``, ``.settings`` to hand to the
application, ``.dialect``). ``sqlite_db`` is the SQLite half alone.

Speed: migrations run once per session. SQLite tests get a copy of a migrated template file; on
PostgreSQL, each session migrates a private schema (so parallel runs on one server never meet) and
each test starts by truncating its tables.

PostgreSQL comes from ``TEST_DATABASE_URL`` (default postgresql://postgres@127.0.0.1:5432/test).
If it cannot be reached the PostgreSQL half is skipped with the reason, unless ``REQUIRE_POSTGRES=1``
(set by .ci/run), where it fails instead.

To use from another test package, import the fixtures in its conftest.py::

    from tests.storage.databases import db, postgres_db, postgres_schema, sqlite_db  # noqa: F401
    from tests.storage.databases import sqlite_template  # noqa: F401
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import migrate
from storage.database import check_connection, create_engine, create_sessionmaker
from storage.errors import DatabaseUnavailable
from storage.models import Base
from storage.settings import DatabaseSettings

T = TypeVar("T")
_SCHEMA = re.compile(r"[tm]_(\d+)_[0-9a-f]{8}")
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def present(value: T | None) -> T:
    """``value``, asserted not None (keeps tests short and mypy satisfied)."""
    assert value is not None
    return value


def postgres_url() -> str:
    return os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES_URL


def sqlite_settings(path: Path) -> DatabaseSettings:
    return DatabaseSettings.from_mapping({"url": f"sqlite:///{path}", "busy_timeout": 5.0}, env={})


def postgres_settings(schema: str | None = None) -> DatabaseSettings:
    data: dict[str, object] = {"url": postgres_url(), "connect_timeout": 3.0, "pool_size": 2}
    if schema:
        data["schema"] = schema
    return DatabaseSettings.from_mapping(data, env={})


async def create_migrated_engine(settings: DatabaseSettings) -> AsyncEngine:
    """An engine on a database brought to the latest migration (creating the schema if set)."""
    if settings.schema:
        bare = create_engine(DatabaseSettings.from_mapping({"url": settings.url}, env={}))
        try:
            async with bare.begin() as conn:
                await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{settings.schema}"'))
        finally:
            await bare.dispose()
    engine = create_engine(settings)
    await migrate.upgrade(engine)
    return engine


async def drop_schema(schema: str) -> None:
    engine = create_engine(postgres_settings())
    try:
        async with engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        await engine.dispose()


def new_schema_name(prefix: str = "t") -> str:
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def drop_abandoned_schemas() -> None:
    """Drop test schemas left by killed runs on this machine (their process is gone)."""
    if make_url(postgres_url()).host not in {"127.0.0.1", "localhost", "::1"}:
        return  # a shared server: other machines' process ids mean nothing here
    engine = create_engine(postgres_settings())
    try:
        async with engine.begin() as conn:
            names = (await conn.execute(text("SELECT nspname FROM pg_namespace"))).scalars().all()
            for name in names:
                found = _SCHEMA.fullmatch(name)
                if found and not _process_alive(int(found.group(1))):
                    await conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    finally:
        await engine.dispose()


async def _postgres_problem() -> str | None:
    engine = create_engine(postgres_settings())
    try:
        await check_connection(engine, 3.0)
    except DatabaseUnavailable as exc:
        return str(exc)
    finally:
        await engine.dispose()
    return None


def run_blocking(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on its own loop and thread, even from inside a running loop
    (session fixtures are first requested from async fixtures)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def require_postgres() -> None:
    """Skip (or fail under REQUIRE_POSTGRES=1) when the test PostgreSQL cannot be reached."""
    problem = run_blocking(_postgres_problem())
    if problem is None:
        return
    message = f"PostgreSQL not available ({problem}); set TEST_DATABASE_URL to run these tests"
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail(f"REQUIRE_POSTGRES=1 but {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"

    async def build() -> None:
        engine = await create_migrated_engine(sqlite_settings(path))
        await engine.dispose()  # closing the last connection checkpoints the WAL into the file

    run_blocking(build())
    return path


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[str]:
    """A private PostgreSQL schema migrated to head, dropped at the end of the session."""
    require_postgres()
    run_blocking(drop_abandoned_schemas())
    schema = new_schema_name()

    async def build() -> None:
        engine = await create_migrated_engine(postgres_settings(schema))
        await engine.dispose()

    run_blocking(build())
    try:
        yield schema
    finally:
        run_blocking(drop_schema(schema))


@dataclass
class TestDatabase:
    __test__ = False  # not a test class, whatever pytest thinks of its name

    dialect: str
    settings: DatabaseSettings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]


async def _truncate_all(engine: AsyncEngine) -> None:
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


async def _open(dialect: str, settings: DatabaseSettings) -> AsyncIterator[TestDatabase]:
    engine = create_engine(settings)
    try:
        if dialect == "postgresql":
            await _truncate_all(engine)
        yield TestDatabase(dialect, settings, engine, create_sessionmaker(engine))
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[TestDatabase]:
    """An empty database at the latest migration, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(template, path)
        settings = sqlite_settings(path)
    else:
        settings = postgres_settings(request.getfixturevalue("postgres_schema"))
    async for database in _open(request.param, settings):
        yield database


@pytest.fixture
async def sqlite_db(sqlite_template: Path, tmp_path: Path) -> AsyncIterator[TestDatabase]:
    """The SQLite half of ``db`` alone, for tests that need not run on both engines."""
    path = tmp_path / "test.sqlite3"
    shutil.copyfile(sqlite_template, path)
    async for database in _open("sqlite", sqlite_settings(path)):
        yield database


@pytest.fixture
async def postgres_db(postgres_schema: str) -> AsyncIterator[TestDatabase]:
    """The PostgreSQL half of ``db`` alone, for PostgreSQL-only behaviour (row locks)."""
    async for database in _open("postgresql", postgres_settings(postgres_schema)):
        yield database
