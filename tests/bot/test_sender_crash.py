"""A crash in the middle of a broadcast: the sender task dies, a new one resumes from the outbox.

Everyone gets the broadcast; the only duplicates are deliveries Telegram had already accepted when
the sender died, before their outcome was recorded (made certain here with slow answers).
"""

from __future__ import annotations

import asyncio

from bot.broadcast.runtime import broadcasting
from bot.broadcast.sender import Sender
from storage.models import DeliveryStatus
from tests.bot.broadcasting import deliveries, progress_of, subscribe, wait_sent
from tests.bot.conftest import StartBot, eventually
from tests.bot.test_sender import send_to_all

TOML = """
[broadcast]
max_in_flight = 4
progress_seconds = 0.2
"""


async def test_crash_mid_broadcast_resumes_with_only_the_in_flight_window(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML) as bot:
        fake = bot.fake
        readers = [fake.user(f"Lecteur {i}") for i in range(60)]
        for reader in readers:
            await subscribe(bot, reader)
        in_flight = readers[20:23]
        for reader in in_flight:  # delivered by Telegram, but the answer comes too late to be recorded
            fake.slow_answer(reader, 30)
        runtime = broadcasting(bot.services)
        broadcast_id = await send_to_all(bot)

        async def stuck_in_flight() -> bool:
            return all(fake.messages(reader) for reader in in_flight)

        await eventually(stuck_in_flight, 10)
        crashed = runtime.sender
        assert crashed.task is not None
        crashed.task.cancel()  # the crash: nothing more is recorded
        await asyncio.gather(crashed.task, return_exceptions=True)
        at_crash = await progress_of(bot, broadcast_id)
        assert 0 < at_crash[DeliveryStatus.SENT] < len(readers)  # really in the middle
        # The window: Telegram has the message, the outbox does not know it yet.
        unrecorded = {d.chat_id for d in await deliveries(bot, broadcast_id) if d.status == "sending"}
        window = {r["id"] for r in readers if fake.messages(r)} & unrecorded
        assert {r["id"] for r in in_flight} <= window
        assert len(window) <= crashed.settings.max_in_flight + len(in_flight)

        restarted = Sender(
            client=crashed.client, gate=crashed.gate, sessionmaker=crashed.sessionmaker,
            settings=crashed.settings, clock=crashed.clock, worker=crashed.worker,
        )  # fmt: skip
        restarted.start()
        try:
            await wait_sent(bot, broadcast_id, timeout=20)
        finally:
            await restarted.stop()
        counts = [sum(1 for m in fake.messages(r) if m.text == "Bonjour à tous") for r in readers]
        assert min(counts) == 1 and max(counts) <= 2
        duplicated = {r["id"] for r, n in zip(readers, counts, strict=True) if n == 2}
        assert duplicated == window
        final = await progress_of(bot, broadcast_id)
        assert final[DeliveryStatus.SENT] == len(readers)


async def test_graceful_stop_mid_broadcast_sends_everyone_exactly_once(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML) as bot:
        fake = bot.fake
        readers = [fake.user(f"Lecteur {i}") for i in range(50)]
        for reader in readers:
            await subscribe(bot, reader)
        first = broadcasting(bot.services).sender
        broadcast_id = await send_to_all(bot)

        async def started() -> bool:
            return sum(1 for r in readers if fake.messages(r)) >= 10

        await eventually(started, 10)
        await first.stop()
        at_stop = await progress_of(bot, broadcast_id)
        assert at_stop[DeliveryStatus.SENDING] == 0 and at_stop[DeliveryStatus.QUEUED] > 0
        again = Sender(
            client=first.client, gate=first.gate, sessionmaker=first.sessionmaker, settings=first.settings,
            clock=first.clock, worker=first.worker,
        )  # fmt: skip
        again.start()
        try:
            await wait_sent(bot, broadcast_id, timeout=20)
        finally:
            await again.stop()
        assert [len(fake.messages(r)) for r in readers] == [1] * len(readers)
