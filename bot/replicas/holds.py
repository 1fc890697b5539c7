"""Telegram's 429 for one chat, told to every replica: nothing goes to that chat before retry_after.

The replica that got the 429 writes the hold in the database (``storage.repos.shared.hold_chat``) and
moves the "chat-holds" version on; every replica reads that version every ``CHECK_SECONDS`` and, when
it moved, puts the holds still running into its own pacer (``bot.sending.pacing.ChatPacer.hold``).
Another replica thus honours a hold within about ``CHECK_SECONDS``; Telegram's retry_after is a second
or more. A chat named ``@channel`` is held by the replica that got the 429 only (the table keys chats
by number). Replicas' clocks are assumed to agree (NTP), as the hold's end is a Unix time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.sending.pacing import ChatKey, ChatPacer
from storage.repos import shared

log = logging.getLogger(__name__)

CHECK_SECONDS = 0.25  # how often each replica looks for holds made by the others
WRITE_TIMEOUT = 5.0  # a hold not written by then is dropped (logged): the replica holding it still waits


class SharedHolds:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        pacer: ChatPacer,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.sessionmaker, self.pacer, self._clock = sessionmaker, pacer, clock
        self._version = -1
        self._writes: set[asyncio.Task[None]] = set()
        self._task: asyncio.Task[None] | None = None

    def record(self, chat: ChatKey, seconds: float) -> None:
        """This replica got a 429 for ``chat``: tell the others (in the background)."""
        if not isinstance(chat, int):
            return
        task = asyncio.get_running_loop().create_task(self._write(chat, seconds))
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    async def _write(self, chat: int, seconds: float) -> None:
        now = self._clock()
        try:
            async with asyncio.timeout(WRITE_TIMEOUT), self.sessionmaker.begin() as session:
                await shared.hold_chat(session, chat, now + seconds, now)
        except Exception:
            log.warning("could not tell the other replicas to wait for chat %s", chat, exc_info=True)

    async def refresh(self) -> None:
        """Put the holds made by any replica into this one's pacer, if there are new ones."""
        async with self.sessionmaker() as session:
            version = await shared.get_version(session, shared.HOLDS_VERSION)
            if version == self._version:
                return
            held = await shared.chats_held(session, self._clock())
        self._version = version
        loop_now, now = asyncio.get_running_loop().time(), self._clock()
        for chat, until in held.items():
            self.pacer.hold(chat, loop_now + (until - now))

    async def run(self) -> None:
        while True:
            try:
                await self.refresh()
            except Exception:
                log.warning("could not read the chats other replicas wait for", exc_info=True)
            await asyncio.sleep(CHECK_SECONDS)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run(), name="shared chat holds")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._writes:
            await asyncio.gather(*self._writes, return_exceptions=True)
