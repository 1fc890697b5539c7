"""Benchmark of a large broadcast through the fake Bot API, with readers using the bot meanwhile.

The bot runs as ``python -m bot`` in its own process against the fake Bot API served here on
127.0.0.1. The fake enforces Telegram's limits exactly: 30 messages a second, 1,000 a second for paid
broadcasts (``allow_paid_broadcast``), a private chat's burst of 3 then one a second, 20 a minute per
group, 429 with retry_after held per chat. Subscribers are written in the bot's database before it
starts; 1 % of them have blocked the bot (silently: no update), and some chats answer a 429 once. An
admin publishes an announcement through /annonce and the preview's Publier button, while readers keep
sending /start.

``--paid`` sets ``[broadcast] allow_paid_broadcast = true`` (target: 1,000 a second), else the target
is Telegram's free 30 a second. ``--postgres`` runs the bot on PostgreSQL (``TEST_DATABASE_URL``,
default postgresql://postgres@127.0.0.1:5432/test, in a schema of its own dropped afterwards), else on
SQLite.

Printed: the achieved send rate as a share of the target, messages lost and duplicated, 429s seen and
sends before retry_after, and the time for a reader's /start to be answered during the broadcast.

``--replicas N`` (with ``--postgres``) runs N bot processes in webhook mode behind a round-robin proxy
(``tests/bot/replica_cluster.py``): they share the outbox and Telegram's budget through the database.

Usage: .venv/bin/python bench/bench_broadcast.py [--subscribers 20000] [--paid] [--postgres] [--in-flight 32]
       [--replicas 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.ext.asyncio import async_sessionmaker  # noqa: E402

from bench.figures import cpu_seconds, percentile  # noqa: E402
from storage.models import Chat, Subscription, User  # noqa: E402
from storage.settings import DatabaseSettings  # noqa: E402
from tests.bot.replica_cluster import no_collector_pauses  # noqa: E402
from tests.bot.replica_cluster import replicas as cluster  # noqa: E402
from tests.storage.databases import create_migrated_engine, drop_schema, new_schema_name, postgres_url  # noqa: E402
from tests.telegram_fake import FakeTelegram  # noqa: E402
from tests.telegram_fake.models import JSON  # noqa: E402

ADMIN_ID = 900_001
TEXT = "Grande nouvelle : le site fait peau neuve ce soir !"


async def prepare_database(settings: DatabaseSettings, readers: list[JSON]) -> None:
    """The schema migrated, and every reader a subscriber (bulk inserts: 20,000 take seconds)."""
    engine = await create_migrated_engine(settings)
    try:
        sessionmaker = async_sessionmaker(engine)
        for start in range(0, len(readers), 2000):
            batch = readers[start : start + 2000]
            async with sessionmaker.begin() as session:
                await session.execute(
                    insert(User), [{"id": u["id"], "first_name": u["first_name"]} for u in batch]
                )
                await session.execute(insert(Chat), [{"id": u["id"], "type": "private"} for u in batch])
                await session.execute(insert(Subscription), [{"chat_id": u["id"]} for u in batch])
    finally:
        await engine.dispose()


async def reader_latencies(fake: FakeTelegram, stop: asyncio.Event) -> list[float]:
    """/start from 20 readers in turn, one every 0.1 s (each reader stays under the flood guard and
    Telegram's pace per chat)."""
    readers = [fake.user(f"Lectrice {i}") for i in range(20)]
    timings: list[float] = []
    turn = 0
    while not stop.is_set():
        reader = readers[turn % len(readers)]
        turn += 1
        started = time.perf_counter()
        fake.send_text(reader, "/start")
        await fake.next_message(reader, timeout=30)
        timings.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(max(0.0, 0.1 - (time.perf_counter() - started)))
    return timings


async def final_report(fake: FakeTelegram, admin: JSON) -> str:
    """The admin's final report; polled, since waiting on every call would cost the fake O(n²)."""
    async with asyncio.timeout(600):
        while True:
            for message in reversed(fake.messages(admin)):
                if "Diffusion terminée" in (message.text or ""):
                    return message.text or ""
            await asyncio.sleep(0.2)


async def publish(fake: FakeTelegram, admin: JSON) -> None:
    fake.send_text(admin, f"/annonce {TEXT}")
    while True:  # the preview's introduction, perhaps a one-time notice to the owner, then the preview
        preview = await fake.next_message(admin, timeout=30)
        if any("Publier" in button.get("text", "") for button in preview.buttons):
            break
    fake.press(admin, preview, button_text="Publier")


@asynccontextmanager
async def running_bots(
    fake: FakeTelegram,
    url: str,
    schema: str | None,
    folder: Path,
    config: str,
    replicas: int,
    pids: list[int],
) -> AsyncIterator[None]:
    """One ``python -m bot`` in long polling, or ``replicas`` of them in webhook mode behind a proxy."""
    level = os.environ.get("BENCH_LOG_LEVEL", "WARNING")
    if replicas > 1:
        assert schema is not None, "replicas need PostgreSQL (--postgres)"
        async with cluster(
            fake, url, schema, folder, count=replicas, config=config, admin_id=ADMIN_ID,
            env={"LOG_LEVEL": level}, pids=pids,
        ):  # fmt: skip
            yield
        return
    path = folder / "config.toml"
    path.write_text((f'[database]\nschema = "{schema}"\n' if schema else "") + config, encoding="utf-8")
    env = {
        **os.environ,
        "BOT_CONFIG": str(path),
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "TELEGRAM_API_FILE_URL": fake.file_url,
        "DATABASE_URL": url,
        "ADMIN_IDS": str(ADMIN_ID),
        "LOG_LEVEL": level,
    }
    profile = ["-m", "cProfile", "-o", os.environ["BENCH_PROFILE"]] if "BENCH_PROFILE" in os.environ else []
    bot = await asyncio.create_subprocess_exec(sys.executable, *profile, "-m", "bot", env=env, cwd=str(ROOT))
    pids.append(bot.pid)
    try:
        await fake.wait_for_polling(timeout=60)
        yield
    finally:
        bot.terminate()
        await bot.wait()


async def main(count: int, paid: bool, postgres: bool, in_flight: int, replicas: int) -> None:
    rate = 1000.0 if paid else 30.0
    schema = new_schema_name("bench") if postgres else None
    async with FakeTelegram() as fake:
        admin = fake.user("Admin", user_id=ADMIN_ID)
        readers = [fake.user(f"Abonné {i}") for i in range(count)]
        rng = random.Random(5)
        blocked = {r["id"] for r in rng.sample(readers, count // 100)}
        for user_id in blocked:
            fake.block(fake.state.users[user_id], silently=True)
        throttled = rng.sample([r for r in readers if r["id"] not in blocked], max(1, count // 200))
        for user in throttled:
            fake.rate_limit(user, retry_after=1)
        flood = fake.enable_flood_control()  # Telegram's limits, paid lane included
        with tempfile.TemporaryDirectory() as tmp:
            url = postgres_url() if postgres else f"sqlite:///{tmp}/bench.sqlite3"
            database = {"url": url, **({"schema": schema} if schema else {})}
            await prepare_database(DatabaseSettings.from_mapping(database, env={}), readers)
            settings = f"progress_seconds = 1.0\nmax_in_flight = {in_flight}\n"
            settings += f"allow_paid_broadcast = {'true' if paid else 'false'}\n"
            pids: list[int] = []
            try:
                async with running_bots(
                    fake, url, schema, Path(tmp), "[broadcast]\n" + settings, replicas, pids
                ):
                    marker = fake.mark()
                    cpu_before = sum(cpu_seconds(pid) for pid in pids)
                    fake_before = cpu_seconds(os.getpid())
                    stop = asyncio.Event()
                    latencies = asyncio.create_task(reader_latencies(fake, stop))
                    with no_collector_pauses():
                        await publish(fake, admin)
                        report = await final_report(fake, admin)
                    cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
                    fake_cpu = cpu_seconds(os.getpid()) - fake_before
                    stop.set()
                    timings = await latencies
            finally:
                if schema:
                    await drop_schema(schema)
    subscribers = {r["id"] for r in readers}
    sends = [c for c in fake.calls("sendMessage", since=marker) if c.params.get("chat_id") in subscribers]
    span = sends[-1].at - sends[0].at
    achieved = len(sends) / span
    got: dict[int, int] = {}
    for call in sends:
        if call.ok:
            got[int(call.params["chat_id"])] = got.get(int(call.params["chat_id"]), 0) + 1
    lost = [r for r in subscribers - blocked if got.get(r, 0) == 0]
    duplicated = [r for r, n in got.items() if n > 1]
    too_many = sum(1 for c in sends if c.error is not None and c.error.code == 429)
    where = "PostgreSQL" if postgres else "SQLite"
    lane = "paid broadcast (allow_paid_broadcast)" if paid else "free"
    bots = f"{replicas} replicas (webhook, round robin)" if replicas > 1 else "one bot process"
    print(
        f"{count} subscribers ({len(blocked)} blocked, {len(throttled)} answering one 429) on {where}, "
        f"{bots}, {lane}: target {rate:g}/s"
    )
    share = achieved / rate
    print(f"sends: {len(sends)} requests in {span:.1f} s -> {achieved:.0f}/s = {share:.1%} of the target")
    tenth = len(sends) // 10
    middle = (len(sends) - 2 * tenth) / (sends[-tenth].at - sends[tenth].at)
    print(f"steady rate (middle 80% of the sends): {middle:.0f}/s = {middle / rate:.1%} of the target")
    start, end = sends[0].at, sends[-1].at
    everything = [
        c
        for c in fake.calls(since=marker)
        if c.method in ("sendMessage", "editMessageText") and start <= c.at <= end
    ]
    print(
        f"every message of the bot meanwhile (broadcast, replies, progress): {len(everything) / span:.0f}/s "
        f"(the free budget is shared, replies first)"
    )
    print(f"delivered {sum(got.values())}, lost {len(lost)}, duplicated {len(duplicated)}")
    print(
        f"429 answered: {too_many} ({flood.refused} by flood control {dict(flood.refused_by)}, the rest "
        f"injected); sends before retry_after: {len(flood.early)}"
    )
    print(
        f"reader /start during the broadcast: median {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms ({len(timings)} commands)"
    )
    print(
        f"bot process(es) CPU during the broadcast: {cpu:.1f} s ({cpu / len(sends) * 1000:.2f} ms a message)"
    )
    print(
        f"this process (the fake Bot API) meanwhile: {fake_cpu:.1f} s "
        f"({fake_cpu / len(sends) * 1000:.2f} ms a message)"
    )
    print("final report:", report.replace("\n", " | "))
    one, five, fifteen = os.getloadavg()
    print(f"machine load average (1, 5, 15 min): {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=20000)
    parser.add_argument("--paid", action="store_true", help="[broadcast] allow_paid_broadcast = true")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--in-flight", type=int, default=32, help="[broadcast] max_in_flight")
    parser.add_argument(
        "--replicas", type=int, default=1, help="bot processes sharing the work (webhook mode)"
    )
    arguments = parser.parse_args()
    if arguments.replicas > 1 and not arguments.postgres:
        parser.error("--replicas needs --postgres")
    asyncio.run(
        main(
            arguments.subscribers, arguments.paid, arguments.postgres, arguments.in_flight, arguments.replicas
        )
    )
