"""``python -m storage``: database maintenance from the command line.

    python -m storage upgrade [REVISION]     bring the database to the latest version (or REVISION)
    python -m storage downgrade REVISION     go back (``base`` drops every table)
    python -m storage current                print the database's version
    python -m storage backup PATH            copy the database to PATH (SQLite: online; PostgreSQL: pg_dump)
    python -m storage copy SRC_URL DST_URL   copy every row into a new database (SQLite <-> PostgreSQL)

The database is the bot's: ``DATABASE_URL`` if set, else ``[database] url`` of config.toml
(``--config``/``BOT_CONFIG``), else the SQLite file under ./data/. ``--database-url`` overrides both.

To add a command (e.g. ``backup``), write ``async def handler(args, settings) -> int`` and append a
``Command`` to ``COMMANDS``; its ``configure`` adds the command's own arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, replace
from typing import Any

from storage import migrate, transfer
from storage.backup import backup, pg_dump_hint
from storage.database import check_connection, create_engine
from storage.errors import StorageError
from storage.settings import DatabaseSettings, normalize_database_url, safe_url

Handler = Callable[[argparse.Namespace, DatabaseSettings], Coroutine[Any, Any, int]]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    help: str
    handler: Handler
    configure: Callable[[argparse.ArgumentParser], None] | None = None


def _describe(revision: str | None) -> str:
    if revision is None:
        return "empty (no migration applied)"
    head = migrate.head_revision()
    return f"{revision} (head)" if revision == head else f"{revision} (latest is {head})"


async def _migrate(args: argparse.Namespace, settings: DatabaseSettings) -> int:
    engine = create_engine(settings)
    try:
        await check_connection(engine, settings.connect_timeout + 1)
        before = await migrate.current_revision(engine)
        if args.command == "upgrade":
            await migrate.upgrade(engine, args.revision)
        else:
            await migrate.downgrade(engine, args.revision)
        after = await migrate.current_revision(engine)
        change = "unchanged" if before == after else f"was {before or 'empty'}"
        print(f"{safe_url(engine.url)}: {_describe(after)}, {change}")
    finally:
        await engine.dispose()
    return 0


async def _current(args: argparse.Namespace, settings: DatabaseSettings) -> int:
    engine = create_engine(settings)
    try:
        await check_connection(engine, settings.connect_timeout + 1)
        print(_describe(await migrate.current_revision(engine)))
    finally:
        await engine.dispose()
    return 0


def _upgrade_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("revision", nargs="?", default="head", help="target (default: head)")


def _downgrade_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("revision", help="target revision, e.g. base")


async def _backup(args: argparse.Namespace, settings: DatabaseSettings) -> int:
    if args.print_command:
        if settings.is_sqlite:
            print("SQLite needs no external command: run `python -m storage backup PATH`", file=sys.stderr)
            return 1
        print(pg_dump_hint(settings, args.path))
        return 0
    result = await backup(settings, args.path, force=args.force)
    print(f"{safe_url(settings.url)} -> {result.path} ({result.size} bytes, {result.method})")
    return 0


def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="file to write (SQLite: a database file; PostgreSQL: a pg_dump archive)")
    parser.add_argument("--force", action="store_true", help="replace PATH if it exists")
    parser.add_argument(
        "--print-command", action="store_true", help="PostgreSQL: only print the pg_dump command"
    )


def _settings_for(url: str, schema: str | None) -> DatabaseSettings:
    data: dict[str, Any] = {"url": url}
    if schema:
        data["schema"] = schema
    return DatabaseSettings.from_mapping(data, env={})


async def _copy(args: argparse.Namespace, settings: DatabaseSettings) -> int:
    src = _settings_for(args.src_url, args.src_schema)
    dst = _settings_for(args.dst_url, args.dst_schema)

    def progress(table: str, rows: int) -> None:
        print(f"  {table}: {rows} rows")

    print(f"copying {safe_url(src.url)} -> {safe_url(dst.url)}")
    report = await transfer.copy_database(
        src, dst, force=args.force, batch=args.batch_size, progress=progress
    )
    print(f"done: {report.total} rows in {len(report.rows)} tables, row counts checked")
    return 0


def _copy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("src_url", metavar="SRC_URL", help="database to read (left unchanged)")
    parser.add_argument(
        "dst_url", metavar="DST_URL", help="database to fill (migrated to the latest version)"
    )
    parser.add_argument("--force", action="store_true", help="replace the destination's rows if it has any")
    parser.add_argument("--batch-size", type=int, default=transfer.DEFAULT_BATCH, help="rows per INSERT")
    parser.add_argument("--src-schema", help="PostgreSQL schema of the source")
    parser.add_argument("--dst-schema", help="PostgreSQL schema of the destination")


COMMANDS: list[Command] = [
    Command("upgrade", "bring the database to the latest version", _migrate, _upgrade_arguments),
    Command(
        "downgrade", "go back to an older version ('base' drops every table)", _migrate, _downgrade_arguments
    ),
    Command("current", "print the database's version", _current),
    Command("backup", "copy the database to a file, safely while the bot runs", _backup, _backup_arguments),
    Command(
        "copy", "copy every row from SRC_URL into DST_URL (e.g. SQLite to PostgreSQL)", _copy, _copy_arguments
    ),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m storage", description="Database maintenance.")
    parser.add_argument("--config", help="config file (default: BOT_CONFIG or ./config.toml)")
    parser.add_argument("--database-url", help="database to use instead of DATABASE_URL/config.toml")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        if command.configure is not None:
            command.configure(sub)
        sub.set_defaults(handler=command.handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = DatabaseSettings.load(args.config)
        if args.database_url:
            settings = replace(settings, url=normalize_database_url(args.database_url))
        handler: Handler = args.handler
        return asyncio.run(handler(args, settings))
    except StorageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
