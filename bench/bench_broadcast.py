"""Benchmark of a large broadcast through the fake Bot API, with readers using the bot meanwhile.

The bot runs as ``python -m bot`` in its own process against the fake Bot API served here on
127.0.0.1, with ``[broadcast] rate_per_second`` set to the target. The fake enforces Telegram's
per-chat limits (1 message a second per chat, 20 a minute per group) and a global limit 10 % above
the target rate (the real server tolerates short bursts too). Subscribers are written in the bot's
database before it starts; 1 % of them have blocked the bot (silently: no update), and some chats
answer a 429 once. An admin publishes an announcement through /annonce and the preview's Publier
button, while a reader keeps sending /start.

Printed: the achieved send rate as a share of the configured one, messages lost and duplicated, 429s
seen, and the time for the reader's /start to be answered during the broadcast (median, p95).

Usage: .venv/bin/python bench/bench_broadcast.py [--subscribers 5000] [--rate 500]
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage.database import open_database  # noqa: E402
from storage.repos import chats, subscriptions, users  # noqa: E402
from storage.settings import DatabaseSettings  # noqa: E402
from tests.telegram_fake import FakeTelegram  # noqa: E402
from tests.telegram_fake.models import JSON  # noqa: E402

ADMIN_ID = 900_001
TEXT = "Grande nouvelle : le site fait peau neuve ce soir !"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by process ``pid``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def prepare_database(url: str, readers: list[JSON]) -> None:
    database = await open_database(DatabaseSettings.from_mapping({"url": url}, env={}), upgrade=True)
    try:
        async with database.sessionmaker.begin() as session:
            for user in readers:
                await users.upsert_user(session, user["id"], first_name=user["first_name"])
                await chats.upsert_chat(session, user["id"], type="private")
                await subscriptions.subscribe(session, user["id"])
    finally:
        await database.close()


async def reader_latencies(fake: FakeTelegram, stop: asyncio.Event) -> list[float]:
    """/start from 20 readers in turn, one every 0.1 s (each reader stays under the flood guard)."""
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
    await fake.next_message(admin, timeout=30)  # the preview's introduction
    preview = await fake.next_message(admin, timeout=30)
    fake.press(admin, preview, button_text="Publier")


async def main(count: int, rate: float, in_flight: int) -> None:
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
        # Interactive chats (the admin's, the reader's) get several replies a second, which Telegram
        # tolerates in private chats; each subscriber gets one message, so the per-chat limit is loose.
        flood = fake.enable_flood_control(per_chat_per_second=20, global_per_second=round(rate * 1.1))
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.sqlite3"
            await prepare_database(url, readers)
            config = Path(tmp) / "config.toml"
            settings = f"rate_per_second = {rate}\nprogress_seconds = 1.0\nmax_in_flight = {in_flight}\n"
            config.write_text("[broadcast]\n" + settings, encoding="utf-8")
            env = {
                **os.environ,
                "BOT_CONFIG": str(config),
                "TELEGRAM_BOT_TOKEN": fake.token,
                "TELEGRAM_API_BASE_URL": fake.base_url,
                "TELEGRAM_API_FILE_URL": fake.file_url,
                "DATABASE_URL": url,
                "ADMIN_IDS": str(ADMIN_ID),
                "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
            }
            profile = (
                ["-m", "cProfile", "-o", os.environ["BENCH_PROFILE"]] if "BENCH_PROFILE" in os.environ else []
            )
            bot = await asyncio.create_subprocess_exec(
                sys.executable, *profile, "-m", "bot", env=env, cwd=str(ROOT)
            )
            try:
                await fake.wait_for_polling(timeout=60)
                marker = fake.mark()
                cpu_before = cpu_seconds(bot.pid)
                stop = asyncio.Event()
                latencies = asyncio.create_task(reader_latencies(fake, stop))
                await publish(fake, admin)
                report = await final_report(fake, admin)
                cpu = cpu_seconds(bot.pid) - cpu_before
                stop.set()
                timings = await latencies
            finally:
                bot.terminate()
                await bot.wait()
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
    print(
        f"{count} subscribers ({len(blocked)} blocked, {len(throttled)} answering one 429), rate {rate:g}/s"
    )
    share = achieved / rate
    print(f"sends: {len(sends)} requests in {span:.1f} s -> {achieved:.0f}/s = {share:.1%} of configured")
    tenth = len(sends) // 10
    middle = (len(sends) - 2 * tenth) / (sends[-tenth].at - sends[tenth].at)
    print(f"steady rate (middle 80% of the sends): {middle:.0f}/s = {middle / rate:.1%} of configured")
    print(f"delivered {sum(got.values())}, lost {len(lost)}, duplicated {len(duplicated)}")
    print(f"429 answered: {too_many} ({flood.refused} by flood control, the rest injected)")
    print(
        f"reader /start during the broadcast: median {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms ({len(timings)} commands)"
    )
    print(f"bot process CPU during the broadcast: {cpu:.1f} s ({cpu / len(sends) * 1000:.2f} ms a message)")
    print("final report:", report.replace("\n", " | "))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=500.0)
    parser.add_argument("--in-flight", type=int, default=8, help="[broadcast] max_in_flight")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.subscribers, arguments.rate, arguments.in_flight))
