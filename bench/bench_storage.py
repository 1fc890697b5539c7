"""Outbox throughput on SQLite and PostgreSQL, measured in one run.

For each engine: rows per second to enqueue a broadcast to N subscribers (one INSERT ... SELECT,
default N = 50,000), and deliveries per second through the sender's cycle (claim a batch in one
transaction, mark it sent in another), for a few batch sizes.

    python bench/bench_storage.py [--recipients 50000] [--batches 50,200] [--postgres-url URL]

PostgreSQL comes from --postgres-url, else TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/test;
the benchmark works in a schema of its own and drops it at the end. If PostgreSQL cannot be reached
its line says why.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import migrate
from storage.database import check_connection, create_engine, create_sessionmaker
from storage.errors import DatabaseUnavailable
from storage.models import Broadcast, Chat, Delivery, Subscription
from storage.repos import outbox
from storage.settings import DatabaseSettings

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Result:
    engine: str
    enqueue_seconds: list[float]
    drain_rates: dict[int, float]
    recipients: int


async def _seed(engine: AsyncEngine, recipients: int) -> None:
    chats = [{"id": i, "type": "private", "can_post": True, "created_at": T0, "updated_at": T0}
             for i in range(1, recipients + 1)]  # fmt: skip
    subs = [{"chat_id": i, "summary_sentences": 3, "delivery_mode": "immediate", "created_at": T0,
             "updated_at": T0} for i in range(1, recipients + 1)]  # fmt: skip
    async with engine.begin() as conn:
        for start in range(0, recipients, 5000):
            await conn.execute(insert(Chat), chats[start : start + 5000])
            await conn.execute(insert(Subscription), subs[start : start + 5000])


async def _clear_outbox(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(delete(Delivery))
        await conn.execute(delete(Broadcast))


async def _enqueue(engine: AsyncEngine, recipients: int) -> float:
    sessionmaker = create_sessionmaker(engine)
    started = time.perf_counter()
    async with sessionmaker.begin() as session:
        _, total = await outbox.enqueue_broadcast(session, kind="article", payload={"text": "Résumé"})
    elapsed = time.perf_counter() - started
    assert total == recipients, (total, recipients)
    return elapsed


async def _drain(engine: AsyncEngine, batch: int) -> tuple[int, float]:
    sessionmaker = create_sessionmaker(engine)
    sent = 0
    started = time.perf_counter()
    while True:
        async with sessionmaker.begin() as session:
            claimed = await outbox.claim_deliveries(session, "bench", batch, 60)
        if not claimed:
            break
        async with sessionmaker.begin() as session:
            await outbox.mark_many_sent(session, {d.id: d.chat_id for d in claimed})
        sent += len(claimed)
    return sent, time.perf_counter() - started


async def _measure(name: str, engine: AsyncEngine, recipients: int, batches: list[int], drain: int) -> Result:
    await migrate.upgrade(engine)
    await _seed(engine, recipients)
    timings = []
    for _ in range(3):
        await _clear_outbox(engine)
        timings.append(await _enqueue(engine, recipients))
    rates = {}
    for batch in batches:
        await _clear_outbox(engine)
        await _seed_outbox(engine, drain)
        sent, seconds = await _drain(engine, batch)
        assert sent == drain, (sent, drain)
        rates[batch] = sent / seconds
    return Result(name, timings, rates, recipients)


async def _seed_outbox(engine: AsyncEngine, deliveries: int) -> None:
    """A broadcast to the first ``deliveries`` subscribers (drains are measured on fewer rows)."""
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        broadcast = await outbox.create_broadcast(session, kind="article", payload={})
        await outbox.enqueue_chats(session, broadcast.id, range(1, deliveries + 1))


async def run_sqlite(recipients: int, batches: list[int], drain: int) -> Result:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.sqlite3"
        engine = create_engine(DatabaseSettings.from_mapping({"url": f"sqlite:///{path}"}, env={}))
        try:
            return await _measure("sqlite", engine, recipients, batches, drain)
        finally:
            await engine.dispose()


async def run_postgres(url: str, recipients: int, batches: list[int], drain: int) -> Result | str:
    base = DatabaseSettings.from_mapping({"url": url, "connect_timeout": 3.0}, env={})
    schema = f"bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base)
    try:
        await check_connection(admin, 4)
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = create_engine(replace(base, schema=schema))
        try:
            return await _measure("postgresql", engine, recipients, batches, drain)
        finally:
            await engine.dispose()
            async with admin.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    except DatabaseUnavailable as exc:
        return str(exc)
    finally:
        await admin.dispose()


def report(result: Result | str, name: str) -> None:
    if isinstance(result, str):
        print(f"{name:<11} not measured: {result}")
        return
    median = statistics.median(result.enqueue_seconds)
    runs = ", ".join(f"{s:.2f}" for s in result.enqueue_seconds)
    drains = "  ".join(f"batch {b}: {rate:,.0f}/s" for b, rate in result.drain_rates.items())
    rate = result.recipients / median
    print(
        f"{name:<11} enqueue {result.recipients:,}: median {median:.2f} s = {rate:,.0f} rows/s (runs {runs})"
    )
    print(f"{'':<11} claim + mark sent: {drains}")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--recipients", type=int, default=50_000)
    parser.add_argument("--drain", type=int, default=20_000, help="deliveries drained per batch size")
    parser.add_argument("--batches", default="50,200", help="claim batch sizes, comma-separated")
    parser.add_argument("--postgres-url", default=os.environ.get("TEST_DATABASE_URL") or
                        "postgresql://postgres@127.0.0.1:5432/test")  # fmt: skip
    args = parser.parse_args()
    batches = [int(b) for b in args.batches.split(",")]
    drain = min(args.drain, args.recipients)
    print(f"outbox benchmark: {args.recipients:,} recipients, drains of {drain:,} deliveries")
    report(await run_sqlite(args.recipients, batches, drain), "sqlite")
    report(await run_postgres(args.postgres_url, args.recipients, batches, drain), "postgresql")


if __name__ == "__main__":
    asyncio.run(main())
