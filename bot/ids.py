"""Numbers that users and buttons send and that end up as database keys, parsed in one place.

Database ids are signed 64-bit integers on SQLite and PostgreSQL alike. A larger number can only be
a typo or a forged button: ``parse_id`` refuses it, so no query ever sees a value the driver cannot
bind ("Python int too large to convert to SQLite INTEGER", "value out of int64 range").
"""

from __future__ import annotations

MAX_ID = 2**63 - 1


def parse_id(text: str) -> int | None:
    """The whole number written in ``text`` (ASCII digits only) if it is in 0..MAX_ID, else None."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if number <= MAX_ID else None
