"""``python -m storage copy SRC_URL DST_URL``: move the data between SQLite and PostgreSQL.

The destination is first migrated to the latest version, so it gets the schema of this release
(indexes, constraints and all) from the migrations rather than from the source. Then every table of
the models is copied in foreign-key order, in batches, inside one destination transaction: a failed
copy leaves the destination as empty as it was. Rows go through the models' column types, so SQLite's
UTC text dates and JSON come out as PostgreSQL timestamps and JSON, and back.

PostgreSQL hands out ids from sequences that an explicit-id INSERT does not advance: each table's
sequence is set past the largest copied id, or the bot's next INSERT would collide. Row counts are
compared at the end. Stop the bot while copying: writes made during the copy may be missed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Integer, Table, delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage import migrate
from storage.database import check_connection, create_engine
from storage.errors import StorageError
from storage.models import Base
from storage.settings import DatabaseSettings, safe_url

log = logging.getLogger(__name__)
DEFAULT_BATCH = 500


class CopyError(StorageError):
    """The copy was refused or failed; the destination was left unchanged."""


@dataclass(slots=True)
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every table of the models, parents before children."""
    return list(Base.metadata.sorted_tables)


async def row_counts(conn: AsyncConnection) -> dict[str, int]:
    return {t.name: int(await conn.scalar(select(func.count()).select_from(t)) or 0) for t in tables()}


async def _prepare_destination(engine: AsyncEngine, force: bool) -> None:
    await migrate.upgrade(engine)
    async with engine.connect() as conn:
        filled = {name: n for name, n in (await row_counts(conn)).items() if n}
    if filled and not force:
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(filled.items()))
        raise CopyError(f"the destination is not empty: {listed}; use --force to replace its data")


async def _copy_table(src: AsyncConnection, dst: AsyncConnection, table: Table, batch: int) -> int:
    order = list(table.primary_key.columns) or list(table.columns)
    result = await src.stream(select(table).order_by(*order))
    copied = 0
    async for rows in result.mappings().partitions(batch):
        await dst.execute(table.insert(), [dict(row) for row in rows])
        copied += len(rows)
    return copied


def _serial_column(table: Table) -> str | None:
    columns = list(table.primary_key.columns)
    if (
        len(columns) == 1
        and isinstance(columns[0].type, Integer)
        and columns[0].autoincrement in (True, "auto")
    ):
        return columns[0].name
    return None


async def _fix_sequences(dst: AsyncConnection) -> None:
    for table in tables():
        column = _serial_column(table)
        if column is None:
            continue
        sequence = await dst.scalar(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": f'"{table.name}"', "column": column},
        )
        if sequence is None:
            continue
        # is_called=false on an empty table: the next id is 1, as in a fresh database.
        top = f'MAX("{column}")'
        await dst.execute(
            text(f'SELECT setval(:seq, COALESCE({top}, 1), {top} IS NOT NULL) FROM "{table.name}"'),
            {"seq": sequence},
        )


async def copy_data(
    src_engine: AsyncEngine,
    dst_engine: AsyncEngine,
    *,
    force: bool = False,
    batch: int = DEFAULT_BATCH,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy every row from ``src_engine`` to ``dst_engine`` (see the module docstring)."""
    if batch < 1:
        raise CopyError("the batch size must be at least 1")
    if await migrate.current_revision(src_engine) != migrate.head_revision():
        raise CopyError(
            f"the source {safe_url(src_engine.url)} is not at the latest version: run "
            "`python -m storage --database-url SRC_URL upgrade` first"
        )
    await _prepare_destination(dst_engine, force)
    report = CopyReport()
    async with src_engine.connect() as src, dst_engine.begin() as dst:
        for table in reversed(tables()):
            await dst.execute(delete(table))  # only rows when --force; children first
        for table in tables():
            report.rows[table.name] = await _copy_table(src, dst, table, batch)
            if progress is not None:
                progress(table.name, report.rows[table.name])
        if dst_engine.dialect.name == "postgresql":
            await _fix_sequences(dst)
        copied = await row_counts(dst)
        expected = await row_counts(src)
        if copied != expected:
            mismatched = {
                name: (expected[name], copied.get(name))
                for name in expected
                if expected[name] != copied.get(name)
            }
            raise CopyError(f"row counts differ after the copy (source, destination): {mismatched}")
    return report


async def copy_database(
    src: DatabaseSettings,
    dst: DatabaseSettings,
    *,
    force: bool = False,
    batch: int = DEFAULT_BATCH,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    if src.url == dst.url and src.schema == dst.schema:
        raise CopyError("the source and the destination are the same database")
    src_engine, dst_engine = create_engine(src), create_engine(dst)
    try:
        await check_connection(src_engine, src.connect_timeout + 1)
        await check_connection(dst_engine, dst.connect_timeout + 1)
        return await copy_data(src_engine, dst_engine, force=force, batch=batch, progress=progress)
    finally:
        await src_engine.dispose()
        await dst_engine.dispose()
