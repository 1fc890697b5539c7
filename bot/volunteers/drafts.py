"""Who is filling the form right now: a cheap in-memory check so readers' messages are not slowed.

The database is the truth (a draft survives restarts); this index is loaded from it on first use and
kept up to date by the form. A stale entry only costs one lookup; a missing one cannot happen because
drafts are only created through the form. Per-user locks keep two quick answers from racing.

With several replicas (``shared=True``) a draft may be created by another process, so there is no
index: every check is one indexed lookup in the database.
"""

from __future__ import annotations

import asyncio
import weakref

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import Application, ApplicationStatus


class DraftUsers:
    def __init__(self, *, shared: bool = False) -> None:
        self.shared = shared
        self._ids: set[int] | None = None
        self._added: set[int] = set()  # added while not loaded: a load already running may miss them
        self._loading = asyncio.Lock()
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def has(self, sessionmaker: async_sessionmaker[AsyncSession], user_id: int) -> bool:
        if self.shared:
            return await _exists(sessionmaker, user_id)
        if self._ids is None:
            async with self._loading:
                if self._ids is None:
                    self._added.clear()
                    loaded = await _load(sessionmaker)
                    self._ids = loaded | self._added
        return user_id in self._ids

    def add(self, user_id: int) -> None:
        if self.shared:
            return  # nothing is cached: the database already has the draft
        if self._ids is None:
            self._added.add(user_id)
        else:
            self._ids.add(user_id)

    def discard(self, user_id: int) -> None:
        self._added.discard(user_id)
        if self._ids is not None:
            self._ids.discard(user_id)

    def forget(self) -> None:
        """Reload from the database on next use (after a bulk deletion of drafts)."""
        self._ids = None

    def lock(self, user_id: int) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = self._locks[user_id] = asyncio.Lock()
        return lock


async def _load(sessionmaker: async_sessionmaker[AsyncSession]) -> set[int]:
    async with sessionmaker() as session:
        query = select(Application.user_id).where(Application.status == ApplicationStatus.DRAFT)
        return set((await session.scalars(query)).all())


async def _exists(sessionmaker: async_sessionmaker[AsyncSession], user_id: int) -> bool:
    async with sessionmaker() as session:
        query = select(Application.id).where(
            Application.user_id == user_id, Application.status == ApplicationStatus.DRAFT
        )
        return (await session.scalar(query.limit(1))) is not None
