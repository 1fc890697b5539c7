"""Benchmark of the readers' bot through the fake Bot API, in one run.

The bot runs as ``python -m bot`` in its own process (so its memory is its own) against the fake Bot API
and a local article site, both served by this script on 127.0.0.1. Two phases, each with its own bot:

1. Telegram's limits, enforced by the fake (30 messages a second, a private chat's burst of 3 then one
   a second, 20 a minute per group, edits counted, 429 with retry_after):
   - 300 new users send /start or /abonner within one second (a channel post promoting the bot): all
     answered?, total time against 300/30 s, 429s answered, sends to a chat before its retry_after;
   - a broadcast to 600 subscribers while readers send /start: each reader's answer time (median, p95)
     and how many broadcast messages went out meanwhile.
2. The bot itself, the budget lifted (``[sending] messages_per_second = 10000``, the fake's limits off):
   - time from a URL message to the summary reply, median and p95, cold (fetch + extract + rank) and
     cached, each from a new reader;
   - many cold summaries from 20 users at once;
   - the bot's resident memory idle, and after 1,000 summaries of distinct articles.

Usage: .venv/bin/python bench/bench_bot.py [--burst 300] [--subscribers 600] [--latency 40] [--summaries 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.figures import percentile  # noqa: E402
from storage.database import open_database  # noqa: E402
from storage.repos import chats, subscriptions, users  # noqa: E402
from storage.settings import DatabaseSettings  # noqa: E402
from tests.bot.articles import ArticleSite  # noqa: E402
from tests.telegram_fake import FakeTelegram, StoredMessage  # noqa: E402
from tests.telegram_fake.models import JSON  # noqa: E402

ADMIN_ID = 900_001
CONFIG = """
[limits]
summaries_per_minute = 1000000   # a few users hammer the bot: measure the bot, not the quota
max_concurrent_summaries = 4

[admin]
flood_messages = 0               # flood control off for the same reason

[broadcast]
progress_seconds = 1.0
"""
UNLIMITED = """
[sending]
messages_per_second = 10000      # phase 2 measures the bot, not Telegram's budget
private_burst = 1000
"""


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def subscribe_all(url: str, readers: list[JSON]) -> None:
    database = await open_database(DatabaseSettings.from_mapping({"url": url}, env={}), upgrade=True)
    try:
        async with database.sessionmaker.begin() as session:
            for user in readers:
                await users.upsert_user(session, user["id"], first_name=user["first_name"])
                await chats.upsert_chat(session, user["id"], type="private")
                await subscriptions.subscribe(session, user["id"])
    finally:
        await database.close()


@asynccontextmanager
async def bot_process(fake: FakeTelegram, tmp: str, name: str, config: str) -> AsyncIterator[int]:
    """``python -m bot`` against the fake, with its own SQLite database; yields its pid."""
    path = Path(tmp) / f"{name}.toml"
    path.write_text(config, encoding="utf-8")
    env = {
        **os.environ,
        "BOT_CONFIG": str(path),
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "TELEGRAM_API_FILE_URL": fake.file_url,
        "DATABASE_URL": f"sqlite:///{tmp}/{name}.sqlite3",
        "ADMIN_IDS": str(ADMIN_ID),
        "FETCH_ALLOW_PRIVATE_NETWORKS": "1",
        "LOG_LEVEL": "WARNING",
    }
    bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", env=env, cwd=str(ROOT))
    try:
        await fake.wait_for_polling(timeout=60)
        yield bot.pid
    finally:
        bot.terminate()
        await bot.wait()


async def final_reply(fake: FakeTelegram, chat: JSON) -> StoredMessage:
    message = await fake.next_message(chat, timeout=60)
    if (message.text or "").startswith("⏳"):
        await fake.wait_for_edit(message, timeout=60)
    return message


async def bench_burst(fake: FakeTelegram, count: int) -> tuple[float, int]:
    """``count`` new users send /start or /abonner within one second; (seconds to the last answer,
    users answered)."""
    users = [fake.user(f"Nouveau {i}") for i in range(count)]
    started = time.perf_counter()
    for i, user in enumerate(users):
        fake.send_text(user, "/abonner" if i % 2 else "/start")
        await asyncio.sleep(max(0.0, started + (i + 1) / count - time.perf_counter()))
    answered = await asyncio.gather(
        *(fake.next_message(u, timeout=120) for u in users), return_exceptions=True
    )
    elapsed = time.perf_counter() - started
    return elapsed, sum(1 for a in answered if isinstance(a, StoredMessage))


async def bench_during_broadcast(
    fake: FakeTelegram, admin: JSON, subscribers: set[int]
) -> tuple[list[float], int]:
    """An announcement to every subscriber; meanwhile 20 readers send /start in turn, one every 0.2 s.
    Returns the readers' answer times (ms) and how many subscribers got the announcement."""
    fake.send_text(admin, "/annonce Grande nouvelle : le site fait peau neuve ce soir !")
    await fake.next_message(admin, timeout=30)  # the preview's introduction
    preview = await fake.next_message(admin, timeout=30)
    fake.press(admin, preview, button_text="Publier")
    readers = [fake.user(f"Lectrice {i}") for i in range(20)]
    timings: list[float] = []
    turn = 0

    def delivered() -> int:
        return sum(1 for c in fake.calls("sendMessage") if c.ok and c.params.get("chat_id") in subscribers)

    while delivered() < len(subscribers) * 0.9:
        reader = readers[turn % len(readers)]
        turn += 1
        started = time.perf_counter()
        fake.send_text(reader, "/start")
        await fake.next_message(reader, timeout=30)
        timings.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(max(0.0, 0.2 - (time.perf_counter() - started)))
    return timings, delivered()


async def bench_latency(fake: FakeTelegram, site: ArticleSite, count: int) -> tuple[list[float], list[float]]:
    cold: list[float] = []
    cached: list[float] = []
    for phase, name in ((cold, "Froid"), (cached, "Cache")):
        for n in range(count):
            user = fake.user(f"{name} {n}")
            started = time.perf_counter()
            fake.send_text(user, site.url(f"/article/{n}"))
            reply = await final_reply(fake, user)
            phase.append((time.perf_counter() - started) * 1000)
            assert "\n• " in (reply.text or ""), reply
    return cold, cached


async def bench_many(fake: FakeTelegram, site: ArticleSite, count: int, first: int) -> float:
    """``count`` distinct cold summaries from 20 users at once; returns the elapsed seconds."""
    users = [fake.user(f"Masse {i}") for i in range(20)]
    started = time.perf_counter()
    for batch in range(0, count, len(users)):
        group = users[: min(len(users), count - batch)]
        for i, user in enumerate(group):
            fake.send_text(user, site.url(f"/article/{first + batch + i}"))
        replies = await asyncio.gather(*(final_reply(fake, user) for user in group))
        bad = [r for r in replies if "\n• " not in (r.text or "")]
        assert not bad, bad[:1]
    return time.perf_counter() - started


async def limited_phase(fake: FakeTelegram, tmp: str, burst: int, subscribers: int) -> None:
    flood = fake.enable_flood_control()
    admin = fake.user("Admin", user_id=ADMIN_ID)
    readers = [fake.user(f"Abonné {i}") for i in range(subscribers)]
    await subscribe_all(f"sqlite:///{tmp}/limited.sqlite3", readers)
    async with bot_process(fake, tmp, "limited", CONFIG):
        elapsed, answered = await bench_burst(fake, burst)
        refused_burst, early_burst = flood.refused, len(flood.early)
        timings, delivered = await bench_during_broadcast(fake, admin, {r["id"] for r in readers})
    target = burst / 30
    print(f"{burst} new users send /start or /abonner within 1 s (Telegram's limits enforced by the fake):")
    print(
        f"  answered {answered}/{burst}, last answer after {elapsed:.1f} s = {elapsed / target:.0%} of "
        f"{burst}/30 s; 429 answered {refused_burst}, sends before retry_after {early_burst}"
    )
    print(
        f"reader /start during a broadcast to {subscribers} subscribers ({delivered} delivered meanwhile): "
        f"median {statistics.median(timings):.0f} ms, p95 {percentile(timings, 0.95):.0f} ms "
        f"({len(timings)} commands)"
    )
    print(f"  whole phase: 429 answered {flood.refused}, sends before retry_after {len(flood.early)}")
    one, five, fifteen = os.getloadavg()
    print(
        f"  machine load average (1, 5, 15 min): {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} CPUs"
    )
    fake.flood = None


async def unlimited_phase(
    fake: FakeTelegram, site: ArticleSite, tmp: str, latency: int, summaries: int
) -> None:
    async with bot_process(fake, tmp, "unlimited", CONFIG + UNLIMITED) as pid:
        await asyncio.sleep(1)
        idle = rss_mib(pid)
        cold, cached = await bench_latency(fake, site, latency)
        elapsed = await bench_many(fake, site, summaries, first=latency)
        loaded = rss_mib(pid)
    for name, values in (("cold", cold), ("cached", cached)):
        print(
            f"URL -> summary, {name:6}: median {statistics.median(values):7.1f} ms, "
            f"p95 {percentile(values, 0.95):7.1f} ms ({len(values)} articles, one at a time)"
        )
    print(f"{summaries} cold summaries, 20 users at once: {elapsed:.1f} s ({summaries / elapsed:.1f}/s)")
    total = summaries + latency * 2
    print(f"resident memory of the bot: idle {idle:.0f} MiB, after {total} summaries {loaded:.0f} MiB")


async def main(burst: int, subscribers: int, latency: int, summaries: int) -> None:
    site = ArticleSite()
    await site.start()
    try:
        async with FakeTelegram() as fake:
            with tempfile.TemporaryDirectory() as tmp:
                await limited_phase(fake, tmp, burst, subscribers)
                if latency or summaries:
                    await unlimited_phase(fake, site, tmp, latency, summaries)
    finally:
        await site.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--subscribers", type=int, default=600)
    parser.add_argument("--latency", type=int, default=40)
    parser.add_argument("--summaries", type=int, default=1000)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.burst, arguments.subscribers, arguments.latency, arguments.summaries))
