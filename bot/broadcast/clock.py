"""The wall clock of the broadcasting services, injected so tests can move time (digests, backoff)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from storage.models import utcnow


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return utcnow()
