"""The bot's Prometheus metrics, with the ecosystem's ``prometheus_client``, and one function per event.

Feature code calls the functions at the bottom (``summary_finished``, ``delivery_finished``...), never
the metric objects. The metrics live in the bot's own registry (``REGISTRY``), served by ``/metrics``
(bot.ops.health). Everything is recorded by the bot's main process, the summary worker processes
included: the engine's time is measured around the job by the process that waits for it, so no
multiprocess mode (and no shared directory of files) is needed. Each replica exposes its own
values and Prometheus adds them up. Label values are short, fixed tags (update type, outcome):
never a user id or a URL.
"""

from __future__ import annotations

import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

disable_created_metrics()  # type: ignore[no-untyped-call]  # no "_created" series: they only double the output here

CONTENT_TYPE = CONTENT_TYPE_LATEST
REGISTRY = CollectorRegistry(auto_describe=True)
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

UPDATES = Counter("bot_updates_total", "Telegram updates received, by type.", ["type"], registry=REGISTRY)
SUMMARIES = Counter(
    "bot_summaries_total",
    "Summary requests, by outcome (ok, cached, timeout...).",
    ["outcome"],
    registry=REGISTRY,
)
FETCH_SECONDS = Histogram(
    "bot_fetch_seconds", "Time to download an article.", buckets=BUCKETS, registry=REGISTRY
)
SUMMARY_SECONDS = Histogram(
    "bot_summary_seconds",
    "Time to extract and summarize a fetched article or a pasted text.",
    buckets=BUCKETS,
    registry=REGISTRY,
)
DELIVERIES = Counter(
    "bot_deliveries_total",
    "Broadcast deliveries, by outcome (sent, failed, retried, skipped).",
    ["outcome"],
    registry=REGISTRY,
)
RATE_LIMITED = Counter(
    "bot_telegram_429_total", "429 Too Many Requests answers from Telegram.", registry=REGISTRY
)
OUTBOX_DEPTH = Gauge(
    "bot_outbox_depth", "Deliveries queued or being sent (read at scrape time).", registry=REGISTRY
)
FEED_ERRORS = Counter("bot_feed_errors_total", "Failed polls of RSS/Atom feeds.", registry=REGISTRY)
STARTED = Gauge("bot_start_time_seconds", "Unix time the process started.", registry=REGISTRY)
STARTED.set(time.time())


def render() -> bytes:
    """Every metric in Prometheus' text format."""
    return generate_latest(REGISTRY)


def value(name: str, **labels: str) -> float:
    """The current value of one sample (0 if it was never recorded), e.g. ``value("bot_summaries_total",
    outcome="ok")`` or ``value("bot_fetch_seconds_count")``."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


# --- what feature code calls ---


def update_received(kind: str) -> None:
    UPDATES.labels(type=kind).inc()


def summary_finished(outcome: str) -> None:
    SUMMARIES.labels(outcome=outcome).inc()


def delivery_finished(outcome: str, count: int = 1) -> None:
    """``outcome``: "sent", "failed", "retried" (back to the queue for a later try) or "skipped"."""
    if count:
        DELIVERIES.labels(outcome=outcome).inc(count)


def rate_limited() -> None:
    """Telegram answered 429 (RetryAfter)."""
    RATE_LIMITED.inc()


def feed_error() -> None:
    FEED_ERRORS.inc()
