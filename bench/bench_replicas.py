"""Summaries a second on this machine with 1 and 2 replicas, and with the summary worker pool, in one run.

Each replica is a process running the bot's own summary service (``bot.summaries.summarize_link``:
quota, cache lookup, fetch over HTTP, extraction and ranking, storage of the article and the request)
on one shared database, against a local article site served by this script on 127.0.0.1. Every
request is a distinct long article (a cold summary). Telegram is left out: this measures the CPU side
that replicas and the pool are meant to spread over the cores. Figures printed per setting:
summaries a second (all replicas together; median of the rounds, each round's figure beside it), and
the median time of one summary. The machine's load average is printed first: on a shared machine
the figures say little when it is above the number of cores.

    python bench/bench_replicas.py [--summaries 120] [--paragraphs 100] [--rounds 3] [--postgres-url URL]

PostgreSQL (default postgresql://postgres@127.0.0.1:5432/test, or TEST_DATABASE_URL) is used in a
schema of its own, dropped at the end; if it cannot be reached, a SQLite file is used instead.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import workers  # noqa: E402
from bot.admin.flood import LocalFlood  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.context import Services  # noqa: E402
from bot.limits import Quota, SummarySlots  # noqa: E402
from bot.summaries import Requester, summarize_link  # noqa: E402
from storage.database import open_database  # noqa: E402
from summarizer.fetch import create_session  # noqa: E402
from summarizer.models import FetchedPage  # noqa: E402
from summarizer.pipeline import summarize_page  # noqa: E402
from summarizer.settings import SummarizerSettings  # noqa: E402
from tests.bot.articles import article_sentences, page  # noqa: E402
from tests.storage.databases import (  # noqa: E402
    create_migrated_engine,
    drop_schema,
    new_schema_name,
    postgres_settings,
    run_blocking,
)

TOKEN = "123456789:" + "A" * 35
CONCURRENCY = 4  # [limits] max_concurrent_summaries, as in config.toml


class NoLease:
    leads = False


@dataclass(frozen=True)
class Setting:
    name: str
    replicas: int
    workers: int  # [limits] summary_workers of each replica


SETTINGS = (
    Setting("1 replica, engine in a thread", 1, 0),
    Setting("1 replica, pool of 2 worker processes", 1, 2),
    Setting("2 replicas, engine in a thread each", 2, 0),
)


def long_article(n: int, paragraphs: int) -> str:
    sentences = [s for k in range(paragraphs) for s in article_sentences(n * 1000 + k)[:3]]
    blocks = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return page(f"Rénovation des bibliothèques, épisode {n}", blocks)


def engine_cpu_ms(paragraphs: int, samples: int = 5) -> float:
    """CPU time of extraction and ranking alone for one article, in this process."""
    settings = SummarizerSettings()
    times = []
    for n in range(samples):
        body = long_article(900_000 + n, paragraphs).encode()
        page_ = FetchedPage(url=f"http://127.0.0.1/long/{n}", status=200, content_type="text/html",
                            charset="utf-8", body=body)  # fmt: skip
        started = time.process_time()
        summarize_page(page_, settings=settings, sentences=settings.max_sentences)
        times.append(time.process_time() - started)
    return statistics.median(times[1:]) * 1000


async def serve_articles(paragraphs: int) -> tuple[web.AppRunner, str]:
    async def article(request: web.Request) -> web.Response:
        return web.Response(
            text=long_article(int(request.match_info["n"]), paragraphs), content_type="text/html"
        )

    app = web.Application()
    app.router.add_get("/long/{n}", article)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


async def replica(config_path: str, env: dict[str, str], urls: list[str], workers_count: int, go: Event,
                  ready: Any) -> tuple[float, float, list[float]]:  # fmt: skip
    config = load_config(config_path, env)
    database = await open_database(config.database)
    services = Services(
        config=config,
        database=database,
        http=create_session(config.fetch),
        slots=SummarySlots(CONCURRENCY, wait=600),
        quota=Quota(10**9),
        flood=LocalFlood(),
        leader=NoLease(),
        executor=workers.create_pool(workers_count),
    )
    try:
        await workers.start_warm_up(services.executor, workers_count)
        ready.put(os.getpid())
        await asyncio.get_running_loop().run_in_executor(None, go.wait)
        durations: list[float] = []
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(i: int, url: str) -> None:
            async with gate:
                started = time.perf_counter()
                await summarize_link(services, url, Requester(user_id=10_000 + i))
                durations.append(time.perf_counter() - started)

        began = time.time()
        await asyncio.gather(*(one(i, url) for i, url in enumerate(urls)))
        return began, time.time(), durations
    finally:
        await services.close()


def replica_process(config_path: str, env: dict[str, str], urls: list[str], workers_count: int, go: Event,
                    ready: Any, results: Any) -> None:  # fmt: skip
    results.put(asyncio.run(replica(config_path, env, urls, workers_count, go, ready)))


async def measure(
    setting: Setting, config_path: str, env: dict[str, str], urls: list[str]
) -> tuple[float, float]:
    context = multiprocessing.get_context("spawn")
    go, ready, results = context.Event(), context.Queue(), context.Queue()
    shares = [urls[i :: setting.replicas] for i in range(setting.replicas)]
    processes = [
        context.Process(
            target=replica_process, args=(config_path, env, share, setting.workers, go, ready, results)
        )
        for share in shares
    ]
    for process in processes:
        process.start()
    loop = asyncio.get_running_loop()
    for _ in processes:
        await loop.run_in_executor(None, ready.get, True, 300)
    go.set()
    outcomes = [await loop.run_in_executor(None, results.get, True, 1200) for _ in processes]
    for process in processes:
        await loop.run_in_executor(None, process.join)
    began, ended = min(o[0] for o in outcomes), max(o[1] for o in outcomes)
    durations = [d for o in outcomes for d in o[2]]
    return len(durations) / (ended - began), statistics.median(durations)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--summaries", type=int, default=120, help="summaries per setting")
    parser.add_argument("--paragraphs", type=int, default=100, help="paragraphs of 3 sentences per article")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each setting, interleaved")
    parser.add_argument("--postgres-url", default=None)
    args = parser.parse_args()
    if args.postgres_url:
        os.environ["TEST_DATABASE_URL"] = args.postgres_url
    runner, site = await serve_articles(args.paragraphs)
    schema: str | None = new_schema_name("t")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            engine = await create_migrated_engine(postgres_settings(schema))
            await engine.dispose()
            database = f'url = "{postgres_settings().url}"\nschema = "{schema}"\npool_size = 5\n'
            where = "PostgreSQL"
        except Exception as exc:  # no PostgreSQL here: one SQLite file for every replica
            schema = None
            database = f'url = "sqlite:///{tmp}/bench.sqlite3"\n'
            where = f"SQLite (PostgreSQL unavailable: {type(exc).__name__})"
        config_path = Path(tmp) / "config.toml"
        config_path.write_text(
            f"[database]\n{database}\n[limits]\nmax_concurrent_summaries = {CONCURRENCY}\n"
            "[fetch]\nmax_bytes = 5000000\n",
            encoding="utf-8",
        )
        env = {"TELEGRAM_BOT_TOKEN": TOKEN, "FETCH_ALLOW_PRIVATE_NETWORKS": "1"}
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{args.summaries} cold summaries of {args.paragraphs * 3}-sentence articles per setting, "
              f"{os.cpu_count()} cores (load average {load}), {where}; engine alone: "
              f"{engine_cpu_ms(args.paragraphs):.0f} ms CPU per article")  # fmt: skip
        try:
            rates: dict[str, list[float]] = {setting.name: [] for setting in SETTINGS}
            medians: dict[str, list[float]] = {setting.name: [] for setting in SETTINGS}
            for round_ in range(args.rounds):  # settings interleaved: a change of load hits them all
                for index, setting in enumerate(SETTINGS):
                    first = (round_ * len(SETTINGS) + index) * 100_000
                    urls = [f"{site}/long/{first + n}" for n in range(args.summaries)]
                    rate, median = await measure(setting, str(config_path), env, urls)
                    rates[setting.name].append(rate)
                    medians[setting.name].append(median)
            for setting in SETTINGS:
                runs = " ".join(f"{rate:.1f}" for rate in rates[setting.name])
                print(
                    f"  {setting.name:<40} {statistics.median(rates[setting.name]):6.1f} summaries/s "
                    f"(runs: {runs})   median {statistics.median(medians[setting.name]) * 1000:6.0f} ms"
                )
        finally:
            await runner.cleanup()
            if schema is not None:
                run_blocking(drop_schema(schema))


if __name__ == "__main__":
    asyncio.run(main())
