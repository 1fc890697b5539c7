"""Benchmark: how long readers wait for the bot while an admin imports a very large feed (SQLite).

The bot runs as ``python -m bot`` in its own process against the fake Bot API, a local article site
and a feed server, all served by this script on 127.0.0.1. Readers send a message every ``--every``
seconds, in turn: a new article link (cold: fetch, extraction, ranking), ``/reglages``, a link
already summarized (cached), ``/aide``. First for ``--baseline`` seconds with nothing else going
on, then while an admin's ``/flux_ajouter`` imports a feed of ``--items`` items (60,000 by default,
about 8 MB; ``[feeds] max_bytes`` is raised for it). Printed, for each value of
``[feeds] max_items_per_poll`` asked (``--bounds``):

- how long the import took (until the admin's answer) and how many items it stored;
- for the readers, before and during the import: the time until the bot's first message (the
  « ⏳ » placeholder, or the answer itself), median, p95 and longest, and how many got « Oups » or
  no answer at all.

Usage: .venv/bin/python bench/bench_feed_import.py [--items 60000] [--bounds 1000,60000] [--every 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bot.articles import ArticleSite  # noqa: E402
from tests.bot.feedsite import FeedSite  # noqa: E402
from tests.telegram_fake import FakeTelegram  # noqa: E402
from tests.telegram_fake.models import JSON  # noqa: E402

ADMIN_ID = 900_001
CONFIG = """
[limits]
summaries_per_minute = 1000000
max_concurrent_summaries = 4

[admin]
flood_messages = 0

[feeds]
interval_seconds = 86400          # no second poll during the run: only the import is measured
max_bytes = 50000000
max_items_per_poll = {bound}
"""


@dataclass
class Waits:
    first_message: list[float] = field(default_factory=list)  # seconds until the bot's first message
    sent_at: list[float] = field(default_factory=list)  # when each of those was sent, from the phase's start
    oups: int = 0
    unanswered: int = 0


async def reader(fake: FakeTelegram, site: ArticleSite, user: JSON, n: int, waits: Waits, t0: float) -> None:
    kind = n % 4
    text = {0: site.url(f"/article/{n}"), 1: "/reglages", 2: site.url("/article/1"), 3: "/aide"}[kind]
    started = time.perf_counter()
    fake.send_text(user, text)
    try:
        message = await fake.next_message(user, timeout=120)
    except TimeoutError:
        waits.unanswered += 1
        return
    waits.first_message.append(time.perf_counter() - started)
    waits.sent_at.append(started - t0)
    if (message.text or "").startswith("⏳"):
        await fake.wait_for_edit(message, timeout=120)
    if "Oups" in (message.text or ""):
        waits.oups += 1


async def readers_until(
    fake: FakeTelegram, site: ArticleSite, done: asyncio.Future[Any], every: float, first: int
) -> Waits:
    """One reader's message every ``every`` seconds until ``done``; then waits for their answers."""
    waits, tasks, n, t0 = Waits(), [], first, time.perf_counter()
    while not done.done():
        user = fake.user(f"Lecteur {n}")
        tasks.append(asyncio.create_task(reader(fake, site, user, n, waits, t0)))
        n += 1
        await asyncio.wait({done}, timeout=every)
    await asyncio.gather(*tasks)
    return waits


def describe(label: str, waits: Waits) -> None:
    firsts = waits.first_message
    if not firsts:
        print(f"  {label}: no reader")
        return
    ordered = sorted(firsts)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"  {label}: {len(firsts) + waits.unanswered} readers, first message after median "
        f"{statistics.median(firsts) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"longest {max(firsts) * 1000:.0f} ms; "
        f"« Oups »: {waits.oups}, no answer: {waits.unanswered}"
    )
    slowest = sorted(zip(firsts, waits.sent_at, strict=True), reverse=True)[:3]
    print("    slowest (wait, sent at): " + ", ".join(f"{w:.2f} s at {t:.1f} s" for w, t in slowest))


async def run(bound: int, items: int, every: float, baseline: float) -> tuple[float, int, Waits, Waits]:
    site, feed = ArticleSite(), FeedSite()
    await site.start()
    await feed.start()
    for n in range(1, items + 1):
        feed.publish(f"urn:article:{n}", site.url(f"/article/{n}"), f"Article numéro {n} du journal")
    feed.body_override = feed._rss().encode()  # built once, not at each request
    async with FakeTelegram() as fake:
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "config.toml"
            config.write_text(CONFIG.format(bound=bound), encoding="utf-8")
            env = {
                **os.environ,
                "BOT_CONFIG": str(config),
                "TELEGRAM_BOT_TOKEN": fake.token,
                "TELEGRAM_API_BASE_URL": fake.base_url,
                "TELEGRAM_API_FILE_URL": fake.file_url,
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                "FETCH_ALLOW_PRIVATE_NETWORKS": "1",
                "ADMIN_IDS": str(ADMIN_ID),
                "LOG_LEVEL": "WARNING",
            }
            bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", env=env, cwd=str(ROOT))
            try:
                await fake.wait_for_polling(timeout=60)
                await asyncio.sleep(1)
                admin = fake.user("Admin", user_id=ADMIN_ID)
                quiet = asyncio.ensure_future(asyncio.sleep(baseline))
                before = await readers_until(fake, site, quiet, every, first=0)
                started = time.perf_counter()
                fake.send_text(admin, f"/flux_ajouter {feed.url()}")
                answer = asyncio.ensure_future(fake.next_message(admin, timeout=900))
                during = await readers_until(fake, site, answer, every, first=100_000)
                elapsed = time.perf_counter() - started
                print(f"  admin's answer: {(answer.result().text or '')[:100]!r}")
                with sqlite3.connect(f"{tmp}/bench.sqlite3") as db:
                    stored = int(db.execute("SELECT count(*) FROM feed_items").fetchone()[0])
            finally:
                bot.terminate()
                await bot.wait()
    await feed.stop()
    await site.stop()
    return elapsed, stored, before, during


async def main(items: int, bounds: list[int], every: float, baseline: float) -> None:
    for bound in bounds:
        print(f"feed of {items} items, [feeds] max_items_per_poll = {bound}:")
        elapsed, stored, before, during = await run(bound, items, every, baseline)
        print(f"  import: {elapsed:.1f} s, {stored} items stored")
        describe("readers before the import", before)
        describe("readers during the import", during)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=60_000)
    parser.add_argument(
        "--bounds", default="1000,60000", help="values of max_items_per_poll, comma-separated"
    )
    parser.add_argument("--every", type=float, default=0.5, help="seconds between two readers' messages")
    parser.add_argument("--baseline", type=float, default=20.0, help="seconds of readers before the import")
    arguments = parser.parse_args()
    bounds = [int(b) for b in arguments.bounds.split(",")]
    asyncio.run(main(arguments.items, bounds, arguments.every, arguments.baseline))
