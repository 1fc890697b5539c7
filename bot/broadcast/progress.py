"""The admin's view of a broadcast: one message edited as it advances, then a final report.

A small loop looks at unfinished broadcasts every ``progress_seconds``. It edits the progress
message only when its text changes (Telegram refuses identical edits), estimates the time left
from the pace observed since it started watching, and when nothing is left to send it marks the
broadcast finished (once: ``finish_broadcast`` is the gate) and replies with the report. With
several replicas only the one holding the singleton lease reports (``leads``): one message, one pace.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot import texts
from bot.broadcast.clock import Clock
from bot.broadcast.outcomes import GONE_REASONS, tag_of
from bot.sending.budget import Priority
from bot.sending.gate import sending_as
from storage.models import Broadcast, DeliveryStatus
from storage.repos import broadcasts


@dataclass
class _Seen:
    shown: str = ""
    started: float = field(default_factory=time.monotonic)
    done_at_start: int = -1


log = logging.getLogger(__name__)


def _alone() -> bool:
    return True


@dataclass
class ProgressReporter:
    bot: Bot
    sessionmaker: async_sessionmaker[AsyncSession]
    clock: Clock
    interval: float
    configured_rate: float
    leads: Callable[[], bool] = _alone  # whether this replica reports (it holds the singleton lease)
    _seen: dict[int, _Seen] = field(default_factory=dict)

    async def run(self) -> None:
        while True:
            try:
                with sending_as(Priority.NOTICE):  # behind the readers' replies, ahead of the broadcast
                    await self.tick()
            except Exception:
                log.exception("progress report failed; trying again")
            await asyncio.sleep(self.interval)

    async def tick(self) -> None:
        if not self.leads():
            self._seen.clear()  # another replica reports; its estimates start afresh if this one takes over
            return
        async with self.sessionmaker() as session:
            unfinished = await broadcasts.unfinished_broadcasts(session)
        for broadcast in unfinished:
            await self._update(broadcast)

    async def _update(self, broadcast: Broadcast) -> None:
        async with self.sessionmaker() as session:
            counts = await broadcasts.broadcast_progress(session, broadcast.id)
        left = counts[DeliveryStatus.QUEUED] + counts[DeliveryStatus.SENDING]
        sent = counts[DeliveryStatus.SENT]
        failed = counts[DeliveryStatus.FAILED] + counts[DeliveryStatus.SKIPPED]
        title = escape(str(broadcast.payload.get("title") or texts.ANNOUNCEMENT_TITLE))
        if left == 0:
            await self._finish(broadcast, title, sent, sent + failed)
            return
        seen = self._seen.setdefault(broadcast.id, _Seen())
        if seen.done_at_start < 0:
            seen.done_at_start = sent + failed
        text = texts.progress(
            title, sent=sent, failed=failed, left=left, eta=self._eta(seen, sent + failed, left)
        )
        if text != seen.shown and await self._edit(broadcast, text):
            seen.shown = text

    def _eta(self, seen: _Seen, done: int, left: int) -> float:
        elapsed = time.monotonic() - seen.started
        pace = (done - seen.done_at_start) / elapsed if elapsed > 1 else 0.0
        return left / (pace if pace > 0 else self.configured_rate)

    async def _finish(self, broadcast: Broadcast, title: str, reached: int, total: int) -> None:
        async with self.sessionmaker.begin() as session:
            if not await broadcasts.finish_broadcast(session, broadcast.id, now=self.clock.now()):
                return  # another sender reported it
            reasons = await broadcasts.failure_reasons(session, broadcast.id, limit=50)
        self._seen.pop(broadcast.id, None)
        if broadcast.progress_chat_id is None:
            return
        by_tag: Counter[str] = Counter()
        for _, reason, count in reasons:
            by_tag[tag_of(reason)] += count
        removed = sum(count for tag, count in by_tag.items() if tag in GONE_REASONS)
        took = (self.clock.now() - broadcast.created_at).total_seconds()
        await self._edit(
            broadcast, texts.progress(title, sent=reached, failed=total - reached, left=0, eta=None)
        )
        report = texts.report(
            title, reached=reached, total=total, reasons=by_tag.most_common(), removed=removed, took=took
        )
        try:
            await self.bot.send_message(
                broadcast.progress_chat_id,
                report,
                parse_mode=ParseMode.HTML,
                reply_to_message_id=broadcast.progress_message_id,
            )
        except TelegramError:
            log.warning("could not send the report of broadcast %s", broadcast.id, exc_info=True)

    async def _edit(self, broadcast: Broadcast, text: str) -> bool:
        if broadcast.progress_chat_id is None or broadcast.progress_message_id is None:
            return False
        try:
            await self.bot.edit_message_text(
                text, broadcast.progress_chat_id, broadcast.progress_message_id, parse_mode=ParseMode.HTML
            )
        except BadRequest as exc:
            return "not modified" in str(exc).lower()
        except TelegramError:
            log.warning("could not update the progress of broadcast %s", broadcast.id, exc_info=True)
            return False
        return True
