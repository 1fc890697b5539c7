"""The processes that compute summaries, so that they use every core and never block the event loop.

``[limits] summary_workers`` sets their number: 0 runs the engine in a thread of the bot's own process
(one core at most, as the GIL allows), N >= 1 in a pool of N processes (the engine's inputs and results
are plain picklable dataclasses). Workers are started with "spawn" (the bot's threads and sockets are
not copied into them) and warmed up in the background, so the first reader does not wait for imports.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor

from summarizer.models import Article
from summarizer.pipeline import summarize_article
from summarizer.settings import SummarizerSettings

log = logging.getLogger(__name__)

WARM_UP_TEXT = (
    "Le conseil municipal a voté mardi le budget de la ville. La séance a duré trois heures. "
    "Les élus de l'opposition ont demandé des précisions sur les travaux prévus. "
    "Le maire a promis une réunion publique avant l'été."
)


def warm_up() -> int:
    """Run in each worker once: loads the engine's data (stop words, tokenizer) before any reader waits."""
    settings = SummarizerSettings(min_words=5)
    summary = summarize_article(Article(text=WARM_UP_TEXT), settings=settings, sentences=1)
    return len(summary.sentences)


def create_pool(workers: int) -> ProcessPoolExecutor | None:
    """A pool of ``workers`` processes, or None for the event loop's default thread pool."""
    if workers <= 0:
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


async def start_warm_up(pool: Executor | None, workers: int) -> None:
    """Start every worker and load the engine in it; failures are logged, the bot starts anyway."""
    if pool is None:
        return
    loop = asyncio.get_running_loop()
    results = await asyncio.gather(
        *(loop.run_in_executor(pool, warm_up) for _ in range(workers)), return_exceptions=True
    )
    failed = [r for r in results if isinstance(r, BaseException)]
    if failed:
        log.warning("summary workers could not warm up: %s", failed[0])
    else:
        log.info("%s summary worker processes ready", workers)


async def shutdown(pool: Executor | None) -> None:
    """Stop the workers (jobs not started are cancelled), without blocking the event loop."""
    if pool is not None:
        await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)
