"""Benchmark of the readers' bot through the fake Bot API, in one run.

The bot runs as ``python -m bot`` in its own process (so its memory is its own) against the fake Bot API
and a local article site, both served by this script on 127.0.0.1. Printed figures:

- updates handled per second for /start (many users at once);
- time from a URL message to the summary reply, median and p95, cold (fetch + extract + rank) and cached;
- the bot's resident memory idle, and after 1,000 summaries of distinct articles.

Usage: .venv/bin/python bench/bench_bot.py [--starts 1000] [--latency 40] [--summaries 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bot.articles import ArticleSite  # noqa: E402
from tests.telegram_fake import FakeTelegram, StoredMessage  # noqa: E402
from tests.telegram_fake.models import JSON  # noqa: E402

CONFIG = """
[limits]
summaries_per_minute = 1000000   # a few users hammer the bot: measure the bot, not the quota
max_concurrent_summaries = 4

[admin]
flood_messages = 0               # flood control off for the same reason
"""


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def final_reply(fake: FakeTelegram, chat: JSON) -> StoredMessage:
    message = await fake.next_message(chat, timeout=60)
    if (message.text or "").startswith("⏳"):
        await fake.wait_for_edit(message, timeout=60)
    return message


async def bench_start(fake: FakeTelegram, count: int) -> float:
    users = [fake.user(f"Lecteur {i}") for i in range(50)]
    started = time.perf_counter()
    for i in range(count):
        fake.send_text(users[i % len(users)], "/start")
    for i in range(count):
        await fake.next_message(users[i % len(users)], timeout=60)
    return count / (time.perf_counter() - started)


async def bench_latency(fake: FakeTelegram, site: ArticleSite, count: int) -> tuple[list[float], list[float]]:
    user = fake.user("Mesure")
    cold: list[float] = []
    cached: list[float] = []
    for phase in (cold, cached):
        for n in range(count):
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


async def main(starts: int, latency: int, summaries: int) -> None:
    site = ArticleSite()
    await site.start()
    async with FakeTelegram() as fake:
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "config.toml"
            config.write_text(CONFIG, encoding="utf-8")
            env = {
                **os.environ,
                "BOT_CONFIG": str(config),
                "TELEGRAM_BOT_TOKEN": fake.token,
                "TELEGRAM_API_BASE_URL": fake.base_url,
                "TELEGRAM_API_FILE_URL": fake.file_url,
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                "FETCH_ALLOW_PRIVATE_NETWORKS": "1",
                "LOG_LEVEL": "WARNING",
            }
            bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", env=env, cwd=str(ROOT))
            try:
                await fake.wait_for_polling(timeout=60)
                await asyncio.sleep(1)
                idle = rss_mib(bot.pid)
                rate = await bench_start(fake, starts)
                cold, cached = await bench_latency(fake, site, latency)
                elapsed = await bench_many(fake, site, summaries, first=latency)
                loaded = rss_mib(bot.pid)
            finally:
                bot.terminate()
                await bot.wait()
    await site.stop()
    print(f"/start: {starts} updates in flight from 50 users -> {rate:.0f} updates/s")
    for name, values in (("cold", cold), ("cached", cached)):
        print(
            f"URL -> summary, {name:6}: median {statistics.median(values):7.1f} ms, "
            f"p95 {percentile(values, 0.95):7.1f} ms ({len(values)} articles, one at a time)"
        )
    print(f"{summaries} cold summaries, 20 users at once: {elapsed:.1f} s ({summaries / elapsed:.1f}/s)")
    total = summaries + latency * 2
    print(f"resident memory of the bot: idle {idle:.0f} MiB, after {total} summaries {loaded:.0f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--starts", type=int, default=1000)
    parser.add_argument("--latency", type=int, default=40)
    parser.add_argument("--summaries", type=int, default=1000)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.starts, arguments.latency, arguments.summaries))
