"""The summary quota and flood control counted in the database, so every replica sees the same counts.

Each check is one short transaction: read the user's window, decide, write it back only if its
version did not move (else read again). The decisions are those of the in-memory versions
(``bot.limits.Quota``, ``bot.admin.flood.FloodGuard``), on Unix time since replicas share no clock.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.limits import Verdict
from storage.repos import shared

log = logging.getLogger(__name__)

ATTEMPTS = 8  # optimistic writes lost in a row to the same user's other requests before giving up
QUOTA, FLOOD = "quota", "flood"


class SharedQuota:
    """At most ``limit`` summaries per ``window`` seconds for each user, across replicas."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        limit: int,
        window: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.sessionmaker, self.limit, self.window, self._clock = sessionmaker, limit, window, clock

    async def check(self, key: int) -> float:
        """Count one summary for ``key``; 0 if allowed, else the seconds to wait."""
        for _ in range(ATTEMPTS):
            now = self._clock()
            async with self.sessionmaker.begin() as session:
                row = await shared.read_window(session, QUOTA, key)
                events = [t for t in (row.events if row else []) if t > now - self.window]
                if len(events) >= self.limit:
                    return float(events[0]) + self.window - now
                version = row.version if row else None
                if await shared.write_window(
                    session, QUOTA, key, version=version, events=[*events, now], now=now
                ):
                    return 0.0
        log.warning("quota of user %s: too many concurrent requests, refused for now", key)
        return 1.0


class SharedFlood:
    """``FloodGuard``'s sliding window and pause, kept in the database."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def hit(self, user_id: int, now: float, *, limit: int, window: float, cooldown: float) -> Verdict:
        if limit <= 0:
            return Verdict.PASS
        for _ in range(ATTEMPTS):
            async with self.sessionmaker.begin() as session:
                row = await shared.read_window(session, FLOOD, user_id)
                muted, told = (row.muted_until, row.told_until) if row else (0.0, 0.0)
                if now < muted:
                    return Verdict.DROP
                events = [t for t in (row.events if row else []) if t > now - window] + [now]
                verdict = Verdict.PASS
                if len(events) > limit:
                    muted, events = now + cooldown, []
                    verdict = Verdict.DROP if now < told else Verdict.NOTIFY
                    if verdict is Verdict.NOTIFY:
                        told = now + max(cooldown * 4, window)
                version = row.version if row else None
                written = await shared.write_window(
                    session, FLOOD, user_id, version=version, events=events, muted_until=muted,
                    told_until=told, now=now,
                )  # fmt: skip
                if written:
                    return verdict
        return Verdict.DROP  # this user's messages are racing each other: that is a flood

    async def forget(self, user_id: int) -> None:
        async with self.sessionmaker.begin() as session:
            row = await shared.read_window(session, FLOOD, user_id)
            if row is not None:
                await shared.write_window(
                    session, FLOOD, user_id, version=row.version, events=[], now=time.time()
                )
