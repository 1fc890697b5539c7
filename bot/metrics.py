"""The bot's Prometheus metrics: a small registry (counters, gauges, histograms with labels) and the
text exposition format, plus the metrics themselves and one function per event to record.

Feature code calls the functions at the bottom (``summary_finished``, ``delivery_finished``...), never
the registry. Values live in the process: each replica exposes its own, Prometheus adds them up.
Label values are short, fixed tags (update type, outcome): never a user id or a URL.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

LabelValues = tuple[str, ...]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


class Metric:
    kind = "untyped"

    def __init__(self, name: str, help: str, labels: Sequence[str] = ()) -> None:
        self.name, self.help, self.labels = name, help, tuple(labels)
        self._lock = threading.Lock()  # the engine's worker threads may record too

    def _key(self, labels: dict[str, str]) -> LabelValues:
        if set(labels) != set(self.labels):
            raise ValueError(f"{self.name} takes the labels {self.labels}, got {sorted(labels)}")
        return tuple(str(labels[name]) for name in self.labels)

    def _labels(self, key: LabelValues, extra: str = "") -> str:
        parts = [f'{name}="{_escape(value)}"' for name, value in zip(self.labels, key, strict=True)]
        if extra:
            parts.append(extra)
        return "{" + ",".join(parts) + "}" if parts else ""

    def samples(self) -> Iterator[str]:
        raise NotImplementedError

    def render(self) -> str:
        head = f"# HELP {self.name} {_escape(self.help)}\n# TYPE {self.name} {self.kind}\n"
        return head + "".join(line + "\n" for line in self.samples())


class Counter(Metric):
    kind = "counter"

    def __init__(self, name: str, help: str, labels: Sequence[str] = ()) -> None:
        super().__init__(name, help, labels)
        self._values: dict[LabelValues, float] = {} if labels else {(): 0.0}

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        if amount < 0:
            raise ValueError("a counter only goes up")
        key = self._key(labels)
        with self._lock:
            self._values[key] = self._values.get(key, 0.0) + amount

    def value(self, **labels: str) -> float:
        return self._values.get(self._key(labels), 0.0)

    def samples(self) -> Iterator[str]:
        for key, value in sorted(self._values.items()):
            yield f"{self.name}{self._labels(key)} {_number(value)}"


class Gauge(Counter):
    kind = "gauge"

    def set(self, value: float, **labels: str) -> None:
        key = self._key(labels)
        with self._lock:
            self._values[key] = value

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        key = self._key(labels)
        with self._lock:
            self._values[key] = self._values.get(key, 0.0) + amount


DEFAULT_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Histogram(Metric):
    kind = "histogram"

    def __init__(
        self, name: str, help: str, labels: Sequence[str] = (), buckets: Sequence[float] = DEFAULT_BUCKETS
    ) -> None:
        super().__init__(name, help, labels)
        self.buckets = (*sorted(buckets), math.inf)
        self._counts: dict[LabelValues, list[int]] = {}
        self._sums: dict[LabelValues, float] = {}

    def observe(self, value: float, **labels: str) -> None:
        key = self._key(labels)
        with self._lock:
            counts = self._counts.setdefault(key, [0] * len(self.buckets))
            for i, bound in enumerate(self.buckets):
                if value <= bound:
                    counts[i] += 1
            self._sums[key] = self._sums.get(key, 0.0) + value

    @contextmanager
    def time(self, **labels: str) -> Iterator[None]:
        """Observe the seconds the ``with`` block took, whether it succeeded or raised."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.observe(time.perf_counter() - started, **labels)

    def count(self, **labels: str) -> int:
        counts = self._counts.get(self._key(labels))
        return counts[-1] if counts else 0

    def samples(self) -> Iterator[str]:
        for key, counts in sorted(self._counts.items()):
            for bound, count in zip(self.buckets, counts, strict=True):
                le = 'le="' + _number(bound) + '"'
                yield f"{self.name}_bucket{self._labels(key, le)} {count}"
            yield f"{self.name}_sum{self._labels(key)} {_number(self._sums[key])}"
            yield f"{self.name}_count{self._labels(key)} {counts[-1]}"


M = TypeVar("M", bound=Metric)


class Registry:
    def __init__(self) -> None:
        self.metrics: dict[str, Metric] = {}

    def add(self, metric: M) -> M:
        if metric.name in self.metrics:
            raise ValueError(f"metric {metric.name} registered twice")
        self.metrics[metric.name] = metric
        return metric

    def render(self) -> str:
        """Every metric in the Prometheus text format (version 0.0.4)."""
        return "".join(metric.render() for metric in self.metrics.values())


CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
REGISTRY = Registry()

UPDATES = REGISTRY.add(Counter("bot_updates_total", "Telegram updates received, by type.", ["type"]))
SUMMARIES = REGISTRY.add(
    Counter("bot_summaries_total", "Summary requests, by outcome (ok, cached, timeout...).", ["outcome"])
)
FETCH_SECONDS = REGISTRY.add(Histogram("bot_fetch_seconds", "Time to download an article."))
SUMMARY_SECONDS = REGISTRY.add(
    Histogram("bot_summary_seconds", "Time to extract and summarize a fetched article or a pasted text.")
)
DELIVERIES = REGISTRY.add(
    Counter(
        "bot_deliveries_total",
        "Broadcast deliveries, by outcome (sent, failed, retried, skipped).",
        ["outcome"],
    )
)
RATE_LIMITED = REGISTRY.add(Counter("bot_telegram_429_total", "429 Too Many Requests answers from Telegram."))
OUTBOX_DEPTH = REGISTRY.add(
    Gauge("bot_outbox_depth", "Deliveries queued or being sent (read at scrape time).")
)
FEED_ERRORS = REGISTRY.add(Counter("bot_feed_errors_total", "Failed polls of RSS/Atom feeds."))
STARTED = REGISTRY.add(Gauge("bot_start_time_seconds", "Unix time the process started."))
STARTED.set(time.time())


# --- what feature code calls ---


def update_received(kind: str) -> None:
    UPDATES.inc(type=kind)


def summary_finished(outcome: str) -> None:
    SUMMARIES.inc(outcome=outcome)


def delivery_finished(outcome: str, count: int = 1) -> None:
    """``outcome``: "sent", "failed", "retried" (back to the queue for a later try) or "skipped"."""
    if count:
        DELIVERIES.inc(count, outcome=outcome)


def rate_limited() -> None:
    """Telegram answered 429 (RetryAfter)."""
    RATE_LIMITED.inc()


def feed_error() -> None:
    FEED_ERRORS.inc()
