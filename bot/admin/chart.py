"""The /stats chart: subscribers, summaries asked, deliveries sent and failed, and applications, day by
day over the last 30 (or N) days, as one PNG made for a phone screen.

Five stacked panels with one series each, large type, the figure of each panel in its title
(the chart adds the trend; the numbers stay readable without it). Drawn with matplotlib's Agg
backend through its object API (no pyplot global state), in a worker thread: about half a second
of CPU (bench/bench_stats_chart.py) that must not stall the bot's other updates. matplotlib is
imported there too, on first use, so the bot starts as fast as before.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin.durations import MONTHS
from storage.models import DeliveryStatus, utcnow
from storage.repos import history, requests

if TYPE_CHECKING:
    from matplotlib.axes import Axes

log = logging.getLogger(__name__)

WIDTH_INCHES, HEIGHT_INCHES, DPI = 7.2, 12.0, 150  # 1080 × 1800 px: a phone's width, no upscaling
TITLE_SIZE, PANEL_TITLE_SIZE, TICK_SIZE = 19, 16, 13
COLOURS = {
    "subscribers": "#1f6fb2",
    "summaries": "#e07b00",
    "sent": "#2e9e4f",
    "failed": "#d62728",
    "applications": "#7b4fb0",
}
NBSP = "\u00a0"
DEFAULT_DAYS, MIN_DAYS, MAX_DAYS = 30, 7, 365  # /stats, /stats 90
SHORT_MONTHS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Series:
    days: list[date]  # oldest first, today last
    subscribers: list[int]
    summaries: list[int]
    sent: list[int]
    failed: list[int]
    applications: list[int]


async def gather(session: AsyncSession, *, days: int, now: datetime | None = None) -> Series:
    now = now or utcnow()
    per_day = await requests.requests_per_day(session, days=days, now=now)
    deliveries = await history.deliveries_per_day(session, days=days, now=now)
    return Series(
        days=[day for day, _ in per_day],
        subscribers=await history.subscribers_per_day(session, days=days, now=now),
        summaries=[n for _, n in per_day],
        sent=deliveries[DeliveryStatus.SENT],
        failed=deliveries[DeliveryStatus.FAILED],
        applications=await history.applications_per_day(session, days=days, now=now),
    )


def number(n: int) -> str:
    return f"{n:,}".replace(",", NBSP)


def short_date(day: date) -> str:
    """``7 nov.``, as French newspapers abbreviate months."""
    return f"{day.day} {SHORT_MONTHS[day.month - 1]}"


def long_date(day: date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]}"


def period(series: Series) -> str:
    """``du 7 novembre au 6 décembre 2026``."""
    first, last = series.days[0], series.days[-1]
    year = f" {first.year}" if first.year != last.year else ""
    return f"du {long_date(first)}{year} au {long_date(last)} {last.year}"


def caption(series: Series) -> str:
    """The photo's caption (HTML)."""
    return (
        f"📊 <b>Les {len(series.days)} derniers jours</b>, {period(series)} : abonnés, résumés demandés, "
        "envois réussis et échoués, candidatures reçues.\n"
        "<i>Les chiffres du jour sont dans le message au-dessus.</i>"
    )


def _ticks(count: int) -> list[int]:
    """About five day positions to label, today's included."""
    step = max(1, round(count / 5))
    return list(range(count - 1, -1, -step))[::-1]


def render(series: Series) -> bytes:
    """The chart as PNG bytes (call it in a worker thread)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    count = len(series.days)
    x = list(range(count))
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    first, last = series.days[0], series.days[-1]
    figure.suptitle(
        f"{count} derniers jours · {short_date(first)} → {short_date(last)}",
        fontsize=TITLE_SIZE,
        fontweight="bold",
        x=0.02,
        ha="left",
    )
    axes = figure.subplots(5, 1, sharex=True)
    subscribers, summaries, sent, failed, applications = axes
    width = 0.8 if count <= 45 else 1.0  # touching bars read better than slivers over 90 days

    people = series.subscribers
    change = people[-1] - people[0]
    subscribers.plot(x, people, color=COLOURS["subscribers"], linewidth=3.5, solid_capstyle="round")
    subscribers.plot([x[-1]], [people[-1]], "o", color=COLOURS["subscribers"], markersize=8)
    sign = "+" if change >= 0 else "−"
    title = f"Abonnés : {number(people[-1])} ({sign}{number(abs(change))} en {count}{NBSP}j)"
    _style(subscribers, title, people, zero=False)

    total_sent, total_failed = sum(series.sent), sum(series.failed)
    rate = f" ({round(100 * total_failed / (total_sent + total_failed))}{NBSP}%)" if total_failed else ""
    for ax, values, colour, title in (
        (summaries, series.summaries, "summaries", f"Résumés demandés : {number(sum(series.summaries))}"),
        (sent, series.sent, "sent", f"Envois réussis : {number(total_sent)}"),
        (failed, series.failed, "failed", f"Envois échoués : {number(total_failed)}{rate}"),
        (
            applications,
            series.applications,
            "applications",
            f"Candidatures : {number(sum(series.applications))}",
        ),
    ):
        ax.bar(x, values, width=width, color=COLOURS[colour])
        _style(ax, title, values)

    positions = _ticks(count)
    axes[-1].set_xticks(positions, [short_date(series.days[i]) for i in positions])
    axes[-1].set_xlim(-0.7, count - 0.3)
    figure.get_layout_engine().set(w_pad=0.12, h_pad=0.08)  # type: ignore[union-attr,call-arg]
    output = io.BytesIO()
    figure.savefig(output, format="png", facecolor="white")
    return output.getvalue()


def _style(ax: Axes, title: str, values: Sequence[int], *, zero: bool = True) -> None:
    """Large type, a light grid, no frame: what stays readable once shrunk to a phone's width.

    Counts per day start at zero; a total (``zero=False``) is framed around its values, so that a
    change of a few dozen among a thousand subscribers still shows."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_title(title, loc="left", fontsize=PANEL_TITLE_SIZE, fontweight="bold", pad=6)
    low, high = min(values, default=0), max(values, default=0)
    if zero:
        ax.set_ylim(0, max(1, high) * 1.15)
        if high == 0:
            ax.text(0.5, 0.5, "rien sur la période", transform=ax.transAxes, ha="center", va="center",
                    fontsize=TICK_SIZE, color="#888888")  # fmt: skip
    else:
        margin = max(high - low, 4) * 0.25
        ax.set_ylim(max(0, low - margin), high + margin)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(int(value))))
    ax.tick_params(labelsize=TICK_SIZE, length=0)
    ax.grid(axis="y", color="#dddddd", linewidth=1)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color("#999999")
