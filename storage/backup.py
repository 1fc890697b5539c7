"""``python -m storage backup PATH``: a consistent copy of the database while the bot keeps running.

SQLite: the sqlite3 online backup API copies every page under one read transaction, so the copy is
a consistent snapshot even while the bot writes (WAL mode lets the bot's writers go on meanwhile).
The copy is written beside PATH and renamed into place only once it passed ``PRAGMA quick_check``,
so a failed backup never leaves a half-written file under the requested name.

PostgreSQL: ``pg_dump --format=custom`` when the client is installed (restore with ``pg_restore``);
otherwise the error message gives the exact command to run. The password goes through
``PGPASSWORD``, never on the command line where ``ps`` would show it.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from storage.errors import StorageError
from storage.settings import DatabaseSettings

# libpq spells TLS settings sslmode; storage.settings turned them into asyncpg's ssl.
_LIBPQ_SSL = {"ssl": "sslmode"}


class BackupError(StorageError):
    """The backup could not be made; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int  # bytes
    method: str  # "sqlite-backup-api" or "pg_dump"


def sqlite_path(settings: DatabaseSettings) -> Path:
    database = make_url(settings.url).database
    if not database:
        raise BackupError("the SQLite URL names no file")
    return Path(database)


def _check_target(target: Path, force: bool) -> None:
    if target.is_dir():
        raise BackupError(f"{target} is a directory: give a file name")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists (use --force to replace it)")
    if not target.parent.is_dir():
        raise BackupError(f"the directory {target.parent} does not exist")


def _sqlite_backup(source: Path, target: Path, busy_timeout: float) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # Read-only URI: a backup must never create or change the bot's database.
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=busy_timeout)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)  # all pages in one step: one consistent snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            status = dst.execute("PRAGMA quick_check").fetchone()
        finally:
            dst.close()
    finally:
        src.close()
    if status is None or status[0] != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {status}")
    partial.replace(target)


def libpq_command(settings: DatabaseSettings, target: Path) -> tuple[list[str], dict[str, str]]:
    """The ``pg_dump`` arguments and the extra environment (password) for ``settings``."""
    url: URL = make_url(settings.url)
    query = {_LIBPQ_SSL.get(k, k): v for k, v in url.query.items() if k in _LIBPQ_SSL}
    plain = URL.create("postgresql", url.username, None, url.host, url.port, url.database, query)
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
    if settings.schema:
        command.append(f"--schema={settings.schema}")
    command.append(f"--dbname={plain.render_as_string(hide_password=False)}")
    env = {"PGPASSWORD": url.password} if url.password else {}
    return command, env


def pg_dump_hint(settings: DatabaseSettings, target: Path) -> str:
    command, env = libpq_command(settings, target)
    prefix = "PGPASSWORD=… " if env else ""
    return prefix + shlex.join(command)


async def _pg_dump(settings: DatabaseSettings, target: Path) -> None:
    command, extra = libpq_command(settings, target)
    if shutil.which("pg_dump") is None:
        raise BackupError(
            "pg_dump is not installed (Debian: apt-get install postgresql-client); run it yourself:\n  "
            + pg_dump_hint(settings, target)
        )
    process = await asyncio.create_subprocess_exec(
        *command,
        env={**os.environ, **extra},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate()
    if process.returncode != 0:
        await asyncio.to_thread(target.unlink, missing_ok=True)
        reason = stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(f"pg_dump failed: {reason[-1] if reason else process.returncode}")


def _sqlite(settings: DatabaseSettings, target: Path) -> None:
    source = sqlite_path(settings)
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    if source.resolve() == target.resolve():
        raise BackupError("the backup file must differ from the database file")
    try:
        _sqlite_backup(source, target, settings.busy_timeout)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup failed: {exc}") from None


async def backup(
    settings: DatabaseSettings, target: str | os.PathLike[str], *, force: bool = False
) -> BackupResult:
    """Copy the database of ``settings`` to the file ``target`` (see the module docstring)."""
    path = Path(target)
    await asyncio.to_thread(_check_target, path, force)
    if settings.is_sqlite:
        await asyncio.to_thread(_sqlite, settings, path)
        method = "sqlite-backup-api"
    else:
        await _pg_dump(settings, path)
        method = "pg_dump"
    size = (await asyncio.to_thread(path.stat)).st_size
    return BackupResult(path, size, method)
