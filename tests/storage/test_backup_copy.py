"""``python -m storage backup`` and ``copy``: a backup restores to equal data; SQLite <-> PostgreSQL."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import cli
from storage.backup import BackupError, backup, libpq_command
from storage.database import create_engine, create_sessionmaker
from storage.models import Base
from storage.repos import applications, articles, chats, feeds, outbox, requests, subscriptions, users
from storage.settings import DatabaseSettings
from storage.transfer import CopyError, copy_database, row_counts
from tests.storage.databases import (
    TestDatabase,
    create_migrated_engine,
    drop_schema,
    new_schema_name,
    postgres_settings,
    require_postgres,
    sqlite_settings,
)


async def fill(engine: AsyncEngine) -> None:
    """A few rows in every table, linked by foreign keys."""
    async with create_sessionmaker(engine).begin() as session:
        for uid in (101, 102, 103):
            await users.upsert_user(session, uid, first_name=f"Lecteur {uid}", language_code="fr")
            await chats.upsert_chat(session, uid, type="private")
            await subscriptions.subscribe(session, uid)
        await chats.upsert_chat(session, -1001234567890, type="channel", title="Le canal")
        article = await articles.save_article(
            session, "https://exemple.fr/a/1", title="Été « chaud »", language="fr", word_count=420,
            summary_sentences=["Première phrase.", "Deuxième phrase."], summary_length=2,
        )  # fmt: skip
        await requests.record_request(
            session, 101, article.url, outcome="ok", duration_ms=830, article_id=article.id
        )
        await outbox.enqueue_broadcast(
            session, kind="article", payload={"text": "<b>Été</b>", "buttons": [["Lire", "x"]]},
            article_id=article.id, chat_ids=[-1001234567890],
        )  # fmt: skip
        feed = await feeds.add_feed(session, "https://exemple.fr/feed.xml", title="Exemple")
        await feeds.add_item(session, feed.id, guid="g-1", url="https://exemple.fr/a/2", title="Deux")
        await applications.start_draft(session, 102, step="name")


async def snapshot(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as Python values (the column types normalise the engines' forms)."""
    data: dict[str, list[tuple[Any, ...]]] = {}
    async with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            data[table.name] = [tuple(row) for row in await conn.execute(select(table).order_by(*order))]
    return data


async def test_sqlite_backup_restores_equal_data(sqlite_db: TestDatabase, tmp_path: Path) -> None:
    await fill(sqlite_db.engine)
    target = tmp_path / "backup.sqlite3"
    result = await backup(sqlite_db.settings, target)
    assert result.method == "sqlite-backup-api" and result.size == target.stat().st_size > 0
    assert not target.with_name(target.name + ".partial").exists()
    restored = tmp_path / "restored.sqlite3"
    shutil.copyfile(target, restored)  # restoring is copying the file back while the bot is stopped
    engine = create_engine(sqlite_settings(restored))
    try:
        assert await snapshot(engine) == await snapshot(sqlite_db.engine)
        assert sum((await row_counts_of(engine)).values()) > 10
    finally:
        await engine.dispose()


async def row_counts_of(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as conn:
        return await row_counts(conn)


async def test_sqlite_backup_is_consistent_while_the_bot_writes(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    """Writers keep committing during the backup; the copy is one committed state, never torn."""
    await fill(sqlite_db.engine)
    stop = asyncio.Event()

    async def writer() -> int:
        n = 0
        while not stop.is_set():
            async with sqlite_db.sessionmaker.begin() as session:
                # Two rows per transaction: a torn copy would show an odd count.
                await users.upsert_user(session, 10_000 + 2 * n)
                await users.upsert_user(session, 10_001 + 2 * n)
            n += 1
            await asyncio.sleep(0)
        return n

    task = asyncio.create_task(writer())
    await asyncio.sleep(0.05)
    for i in range(3):
        await backup(sqlite_db.settings, tmp_path / f"b{i}.sqlite3")
    stop.set()
    assert await task > 0
    for i in range(3):
        with sqlite3.connect(tmp_path / f"b{i}.sqlite3") as conn:
            (extra,) = conn.execute("SELECT count(*) FROM users WHERE id >= 10000").fetchone()
            assert extra % 2 == 0
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_backup_refuses_bad_targets(sqlite_db: TestDatabase, tmp_path: Path) -> None:
    existing = tmp_path / "exists.sqlite3"
    existing.write_bytes(b"keep me")
    with pytest.raises(BackupError, match="already exists"):
        await backup(sqlite_db.settings, existing)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(BackupError, match="directory"):
        await backup(sqlite_db.settings, tmp_path)
    with pytest.raises(BackupError, match="does not exist"):
        await backup(sqlite_db.settings, tmp_path / "missing" / "b.sqlite3")
    missing_db = sqlite_settings(tmp_path / "nope.sqlite3")
    with pytest.raises(BackupError, match="no database"):
        await backup(missing_db, tmp_path / "b.sqlite3")
    await backup(sqlite_db.settings, existing, force=True)
    assert existing.read_bytes().startswith(b"SQLite format 3")


def test_pg_dump_command_keeps_the_password_off_the_command_line(tmp_path: Path) -> None:
    settings = DatabaseSettings.from_mapping(
        {"url": "postgres://bot:s3cret@db:5432/resume?sslmode=require", "schema": "prod"}, env={}
    )
    command, env = libpq_command(settings, tmp_path / "dump")
    assert env == {"PGPASSWORD": "s3cret"}
    assert "s3cret" not in " ".join(command)
    assert "--schema=prod" in command and "--format=custom" in command
    assert command[-1] == "--dbname=postgresql://bot@db:5432/resume?sslmode=require"


@pytest.mark.postgres
async def test_postgres_backup_with_pg_dump_restores(tmp_path: Path) -> None:
    require_postgres()
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not installed")
    schema = new_schema_name()
    settings = postgres_settings(schema)
    engine = await create_migrated_engine(settings)
    try:
        await fill(engine)
        before = await snapshot(engine)
        result = await backup(settings, tmp_path / "dump")
        assert result.method == "pg_dump" and result.size > 0
        async with engine.begin() as conn:  # the disaster: the schema is gone
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await engine.dispose()
        dbname = settings.url.replace("postgresql+asyncpg", "postgresql")
        process = await asyncio.create_subprocess_exec(
            "pg_restore", "--no-owner", f"--dbname={dbname}", str(tmp_path / "dump"),
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, stderr = await process.communicate()
        assert process.returncode == 0, stderr.decode()
        assert await snapshot(engine) == before
    finally:
        await engine.dispose()
        await drop_schema(schema)


@pytest.mark.postgres
async def test_copy_sqlite_to_postgres_and_back(sqlite_db: TestDatabase, tmp_path: Path) -> None:
    require_postgres()
    await fill(sqlite_db.engine)
    schema = new_schema_name()
    pg = postgres_settings(schema)
    await (await create_migrated_engine(pg)).dispose()  # creates the schema; copy migrates it anyway
    back = sqlite_settings(tmp_path / "back.sqlite3")
    pg_engine = create_engine(pg)
    try:
        report = await copy_database(sqlite_db.settings, pg, batch=2)
        assert report.rows["users"] == 3 and report.rows["deliveries"] == 4
        assert await snapshot(pg_engine) == await snapshot(sqlite_db.engine)
        # Sequences were moved past the copied ids: the bot's next INSERT gets a fresh id.
        async with create_sessionmaker(pg_engine).begin() as session:
            article = await articles.save_article(session, "https://exemple.fr/a/neuf", title="Neuf")
            feed = await feeds.add_feed(session, "https://exemple.fr/autre.xml")
        assert article.id == 2 and feed.id == 2
        # And back to a new SQLite file.
        await copy_database(pg, back)
        back_engine = create_engine(back)
        try:
            assert await snapshot(back_engine) == await snapshot(pg_engine)
        finally:
            await back_engine.dispose()
        # A non-empty destination is refused unless forced, and left unchanged.
        with pytest.raises(CopyError, match="not empty"):
            await copy_database(sqlite_db.settings, pg)
        assert (await row_counts_of(pg_engine))["articles"] == 2
        await copy_database(sqlite_db.settings, pg, force=True)
        assert await snapshot(pg_engine) == await snapshot(sqlite_db.engine)
    finally:
        await pg_engine.dispose()
        await drop_schema(schema)


async def test_copy_refuses_same_database_and_outdated_source(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    with pytest.raises(CopyError, match="same database"):
        await copy_database(sqlite_db.settings, sqlite_db.settings)
    empty = sqlite_settings(tmp_path / "empty.sqlite3")
    with pytest.raises(CopyError, match="not at the latest version"):
        await copy_database(empty, sqlite_settings(tmp_path / "dst.sqlite3"))


def test_cli_backup_and_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bot.sqlite3"
    assert cli.main(["--database-url", f"sqlite:///{source}", "upgrade"]) == 0

    async def seed() -> None:
        engine = create_engine(sqlite_settings(source))
        try:
            await fill(engine)
        finally:
            await engine.dispose()

    asyncio.run(seed())
    assert cli.main(["--database-url", f"sqlite:///{source}", "backup", str(tmp_path / "b.sqlite3")]) == 0
    assert "sqlite-backup-api" in capsys.readouterr().out
    assert cli.main(["--database-url", f"sqlite:///{source}", "backup", str(tmp_path / "b.sqlite3")]) == 1
    assert "already exists" in capsys.readouterr().err
    copy = tmp_path / "copy.sqlite3"
    assert cli.main(["copy", f"sqlite:///{tmp_path / 'b.sqlite3'}", f"sqlite:///{copy}"]) == 0
    out = capsys.readouterr().out
    assert "users: 3 rows" in out and "row counts checked" in out
    assert cli.main(["copy", f"sqlite:///{source}", f"sqlite:///{copy}"]) == 1
    assert "not empty" in capsys.readouterr().err
    assert cli.main(["copy", "mysql://x@y/z", f"sqlite:///{copy}"]) == 1
    assert "unsupported database" in capsys.readouterr().err
    pg = "postgresql://bot:s3cret@db/resume"
    assert cli.main(["--database-url", pg, "backup", "--print-command", "dump"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("PGPASSWORD=… pg_dump") and "s3cret" not in printed
