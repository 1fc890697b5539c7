"""Telegram's global budget shared by replicas (bot.replicas.budget), measured on PostgreSQL.

Each "replica" is a SharedBudget with an engine of its own on one schema, as separate processes have
(no Telegram here: only the turns). Printed, in one run:

- three replicas broadcasting together at the token's rate: messages a second in all, as a share of
  the rate, and the most sent in any one second (never more than the rate);
- one replica broadcasting while another answers a reader every 0.13 s: how long each reply waited
  for its turn (median, p95, max), and the broadcast's rate meanwhile;
- the CPU the three budgets take (this process runs all three, as a share of one core).

    python bench/bench_shared_budget.py [--rate 30] [--seconds 10]

PostgreSQL: TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test, in a schema of its own
dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from bench.figures import cpu_seconds, most_in_one_second, percentile  # noqa: E402
from bot.replicas.budget import DatabaseBooking, SharedBudget  # noqa: E402
from bot.sending.budget import Priority  # noqa: E402
from storage.database import create_engine  # noqa: E402
from tests.storage.databases import (  # noqa: E402
    create_migrated_engine,
    drop_schema,
    new_schema_name,
    postgres_settings,
)


async def broadcast(budget: SharedBudget, sent: list[float], stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        await budget.acquire(Priority.BULK)
        sent.append(loop.time())


async def together(engines: list[AsyncEngine], rate: float, seconds: float) -> None:
    budgets = [SharedBudget(DatabaseBooking(engine), rate) for engine in engines]
    sent: list[float] = []
    stop = asyncio.Event()
    tasks = [asyncio.create_task(broadcast(budget, sent, stop)) for budget in budgets]
    await asyncio.sleep(1.0)  # warm: connections open, statements compiled
    cpu, booked = cpu_seconds(), sum(budget.free.booked for budget in budgets)
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*tasks)
    cpu = cpu_seconds() - cpu
    booked = sum(budget.free.booked for budget in budgets) - booked
    for budget in budgets:
        await budget.close()
    span = max(sent) - min(sent)
    print(
        f"{len(engines)} replicas broadcasting at {rate:g}/s: {len(sent) / span:.1f}/s in all "
        f"({len(sent) / span / rate:.1%} of the rate), at most {most_in_one_second(sent)} in one second; "
        f"CPU of the three budgets: {cpu / seconds * 100:.1f} % of a core "
        f"({cpu / max(1, booked) * 1000:.2f} ms a turn)"
    )


async def reply_during_broadcast(engines: list[AsyncEngine], rate: float, seconds: float) -> None:
    broadcasting, replying = (SharedBudget(DatabaseBooking(engine), rate) for engine in engines[:2])
    sent: list[float] = []
    stop = asyncio.Event()
    task = asyncio.create_task(broadcast(broadcasting, sent, stop))
    await asyncio.sleep(1.0)
    loop = asyncio.get_running_loop()
    waits: list[float] = []
    started = loop.time()
    while loop.time() < started + seconds:
        asked = loop.time()
        await replying.acquire(Priority.REPLY)
        waits.append((loop.time() - asked) * 1000)
        await asyncio.sleep(0.13)
    stop.set()
    await task
    await broadcasting.close()
    await replying.close()
    waits.sort()
    in_window = [t for t in sent if t >= started]
    rate_meanwhile = len(in_window) / (max(in_window) - min(in_window))
    print(
        f"a reply on one replica while another broadcasts: waited {statistics.median(waits):.1f} ms "
        f"(median of {len(waits)}), p95 {percentile(waits, 0.95):.1f} ms, "
        f"max {waits[-1]:.1f} ms; "
        f"the broadcast meanwhile: {rate_meanwhile:.1f}/s"
    )


async def main(rate: float, seconds: float) -> None:
    schema = new_schema_name("bench")
    settings = postgres_settings(schema)
    await (await create_migrated_engine(settings)).dispose()
    engines = [create_engine(settings) for _ in range(3)]
    try:
        await together(engines, rate, seconds)
        await reply_during_broadcast(engines, rate, seconds)
    finally:
        for engine in engines:
            await engine.dispose()
        await drop_schema(schema)
    print(f"machine load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rate, arguments.seconds))
