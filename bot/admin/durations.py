"""Ban durations as moderators type them (``7j``, ``12 h``, ``2 semaines``) and dates as the French read
them, in Paris time (``13 décembre à 14 h 05``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.models import PARIS

MAX_DURATION = timedelta(days=365)

_UNITS: dict[str, tuple[int, str, str]] = {}  # spelling -> (seconds, singular, plural)
for _spellings, _unit in (
    (("min", "mn", "minute", "minutes"), (60, "minute", "minutes")),
    (("h", "heure", "heures"), (3600, "heure", "heures")),
    (("j", "jour", "jours", "d"), (86400, "jour", "jours")),
    (("sem", "semaine", "semaines"), (7 * 86400, "semaine", "semaines")),
    (("mois",), (30 * 86400, "mois", "mois")),
):
    for _spelling in _spellings:
        _UNITS[_spelling] = _unit

_GLUED = re.compile(r"^(\d+)([a-zé]+)$")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


class DurationError(ValueError):
    """A duration was given but cannot be used (zero, or over a year)."""


@dataclass(frozen=True, slots=True)
class Duration:
    amount: int
    unit: str  # a key of _UNITS

    @property
    def delta(self) -> timedelta:
        return timedelta(seconds=self.amount * _UNITS[self.unit][0])

    def __str__(self) -> str:
        _, singular, plural = _UNITS[self.unit]
        return f"{self.amount}\u00a0{singular if self.amount == 1 else plural}"


def split_duration(args: list[str]) -> tuple[Duration | None, list[str]]:
    """The duration at the start of ``args`` (``7j`` or ``7 jours``) and the words after it.

    No duration there: (None, args). Raises DurationError for one out of range.
    """
    if not args:
        return None, args
    first = args[0].lower()
    glued = _GLUED.match(first)
    if glued and glued.group(2) in _UNITS:
        found, rest = Duration(int(glued.group(1)), glued.group(2)), args[1:]
    elif first.isdigit() and len(args) > 1 and args[1].lower() in _UNITS:
        found, rest = Duration(int(first), args[1].lower()), args[2:]
    else:
        return None, args
    if found.amount <= 0:
        raise DurationError("zero")
    if len(str(found.amount)) > 6 or found.delta > MAX_DURATION:
        raise DurationError("too long")
    return found, rest


def paris_date(moment: datetime, *, now: datetime | None = None) -> str:
    """``13 décembre à 14 h 05`` in Paris time; the year is added when it is not this year's."""
    local = moment.astimezone(PARIS)
    year = f" {local.year}" if now is not None and now.astimezone(PARIS).year != local.year else ""
    day = "1er" if local.day == 1 else str(local.day)
    return f"{day} {MONTHS[local.month - 1]}{year} à {local.hour}\u00a0h\u00a0{local.minute:02d}"
