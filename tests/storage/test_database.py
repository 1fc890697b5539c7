import asyncio
import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage import migrate
from storage.cli import main
from storage.database import check_connection, create_engine, open_database
from storage.errors import DatabaseUnavailable, SchemaOutOfDate
from storage.models import ChatType
from storage.repos import chats, subscriptions
from storage.settings import DatabaseSettings
from tests.storage.databases import postgres_url, sqlite_settings


def _settings(url: str, **extra) -> DatabaseSettings:
    return DatabaseSettings.from_mapping({"url": url, "connect_timeout": 2.0, **extra}, env={})


async def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(sqlite_db):
    async with sqlite_db.engine.connect() as conn:
        pragmas = [
            (await conn.exec_driver_sql(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
    assert pragmas == ["wal", 1, 5000]


async def test_foreign_keys_are_enforced_and_the_transaction_rolls_back(db):
    with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        async with db.sessionmaker.begin() as session:
            await chats.upsert_chat(session, 1, type=ChatType.PRIVATE)
            await session.execute(
                text(
                    "INSERT INTO subscriptions (chat_id, summary_sentences, delivery_mode, created_at,"
                    " updated_at) VALUES (999, 3, 'immediate', '2026-01-01', '2026-01-01')"
                )
            )
    async with db.sessionmaker() as session:
        assert await chats.get_chat(session, 1) is None


async def test_concurrent_sqlite_writers_wait_instead_of_failing(sqlite_db):
    async def writer(chat_id: int) -> None:
        async with sqlite_db.sessionmaker.begin() as session:
            await chats.upsert_chat(session, chat_id, type=ChatType.PRIVATE)
            await asyncio.sleep(0.05)  # hold the write lock while the others try
            await subscriptions.subscribe(session, chat_id)

    await asyncio.gather(*(writer(i) for i in range(1, 6)))
    async with sqlite_db.sessionmaker() as session:
        assert (await subscriptions.count_subscriptions(session))["immediate"] == 5


async def test_unreachable_server_gives_a_readable_error():
    engine = create_engine(_settings("postgresql://postgres@127.0.0.1:1/test"))
    try:
        with pytest.raises(DatabaseUnavailable, match="connection refused") as info:
            await check_connection(engine, 3)
    finally:
        await engine.dispose()
    assert "\n" not in str(info.value) and "127.0.0.1:1" in str(info.value)


async def test_unopenable_sqlite_file_gives_a_readable_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(DatabaseUnavailable, match="cannot create the directory"):
        create_engine(_settings(f"sqlite:///{blocker}/sub/bot.db"))
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(DatabaseUnavailable, match="unable to open database file"):
        await open_database(_settings(f"sqlite:///{tmp_path}/dir.db"))
    # aiosqlite stops the worker thread of a failed connection in the background: let it finish
    # while this test's event loop is still open.
    await asyncio.sleep(0.2)


async def test_open_database_creates_the_directory_and_migrates(tmp_path):
    database = await open_database(sqlite_settings(tmp_path / "new" / "dir" / "bot.sqlite3"))
    try:
        assert await migrate.is_up_to_date(database.engine)
        async with database.sessionmaker.begin() as session:
            await chats.upsert_chat(session, 1, type=ChatType.PRIVATE)
    finally:
        await database.close()
    assert (tmp_path / "new" / "dir" / "bot.sqlite3").exists()


async def test_open_database_without_upgrade_refuses_an_old_schema(tmp_path):
    settings = _settings(f"sqlite:///{tmp_path}/bot.db", auto_upgrade=False)
    with pytest.raises(SchemaOutOfDate, match="python -m storage upgrade"):
        await open_database(settings)
    database = await open_database(settings, upgrade=True)
    await database.close()
    database = await open_database(settings)  # now at head: accepted without upgrading
    await database.close()


def test_cli_upgrade_current_downgrade(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path}/cli.db"
    head = migrate.head_revision()
    assert main(["--database-url", url, "current"]) == 0
    assert capsys.readouterr().out.strip() == "empty (no migration applied)"
    assert main(["--database-url", url, "upgrade"]) == 0
    assert f"{head} (head), was empty" in capsys.readouterr().out
    assert main(["--database-url", url, "current"]) == 0
    assert capsys.readouterr().out.strip() == f"{head} (head)"
    assert main(["--database-url", url, "downgrade", "base"]) == 0
    assert "empty (no migration applied)" in capsys.readouterr().out


def test_cli_reads_database_url_and_reports_errors_without_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.delenv("BOT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)  # no config.toml here: defaults plus the environment
    assert main(["upgrade"]) == 0
    assert (tmp_path / "env.db").exists()
    monkeypatch.setenv("DATABASE_URL", "mysql://u:pw@h/db")
    assert main(["current"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: unsupported database 'mysql'") and "Traceback" not in error
    assert "pw" not in error
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/test")
    assert main(["current"]) == 1
    assert "connection refused" in capsys.readouterr().err


def test_default_postgres_url_is_the_ci_one(monkeypatch):
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    assert postgres_url() == "postgresql://postgres@127.0.0.1:5432/test"


@pytest.mark.postgres
async def test_database_ready_log_masks_a_password_given_in_the_query(caplog, postgres_schema):
    url = postgres_url() + ("&" if "?" in postgres_url() else "?") + "password=s3cret-du-journal"
    settings = DatabaseSettings.from_mapping({"url": url, "schema": postgres_schema}, env={})
    with caplog.at_level(logging.INFO, logger="storage.database"):
        database = await open_database(settings, upgrade=False)
        await database.close()
    assert "database ready: postgresql+asyncpg://postgres@" in caplog.text
    assert "password=***" in caplog.text and "s3cret" not in caplog.text
