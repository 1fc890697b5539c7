"""Benchmark of the /stats chart and of remembering people, in one run. Printed figures:

- time to import matplotlib and draw the first chart (what the first /stats after a start pays), wall
  clock and CPU time of this process (CPU time is what matters on a busy machine);
- time to draw the 30-day and the 90-day chart afterwards (median of several), and the PNG's size;
- the cost of ``SeenPeople.needs_write`` for an unchanged profile (what every update pays).

Usage: .venv/bin/python bench/bench_stats_chart.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.admin.chart import Series, render  # noqa: E402
from bot.people import SeenPeople  # noqa: E402


def series(days: int) -> Series:
    rng = random.Random(days)
    span = [date(2026, 12, 6) - timedelta(days=days - 1 - i) for i in range(days)]
    subscribers = [1200 + i * 2 + rng.randint(-3, 3) for i in range(days)]
    sent = [rng.choice([0, 1, 2]) * n for n in subscribers]
    return Series(
        span,
        subscribers,
        [rng.randint(20, 140) for _ in span],
        sent,
        [rng.randint(0, 30) if s else 0 for s in sent],
        [rng.choice([0, 0, 1, 2]) for _ in span],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started, cpu = time.perf_counter(), time.process_time()
    render(series(30))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"first chart (matplotlib import included): {wall:.2f} s ({cpu:.2f} s of CPU)")
    for days in (30, 90):
        data = series(days)
        times, cpus = [], []
        for _ in range(args.repeat):
            started, cpu = time.perf_counter(), time.process_time()
            png = render(data)
            times.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        median, median_cpu = statistics.median(times), statistics.median(cpus)
        print(
            f"{days}-day chart: median {median:.2f} s ({median_cpu:.2f} s of CPU) over {args.repeat},"
            f" {len(png) // 1024} KiB"
        )

    seen = SeenPeople()
    profile = ("rita_lit", "Rita", None, "fr")
    seen.needs_write(1, profile)
    count = 200_000
    started = time.perf_counter()
    for _ in range(count):
        seen.needs_write(1, profile)
    per_update = (time.perf_counter() - started) / count * 1e6
    print(f"unchanged profile check: {per_update:.2f} µs per update, no write")


if __name__ == "__main__":
    main()
