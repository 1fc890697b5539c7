"""Sending with several replicas: Telegram's global budget (bot.replicas.budget, turns booked in the
database) and its 429s for one chat (bot.replicas.holds), shared.

Each "replica" here has its own engine on the same database, as separate processes have; what is
checked is when each one lets a message go.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.figures import most_in_one_second
from bot.replicas import budget as shared_budget
from bot.replicas.budget import QUEUE_SECONDS, DatabaseBooking, SharedBudget
from bot.replicas.holds import SharedHolds
from bot.sending.budget import LocalBudget, Priority, SendBudget
from bot.sending.gate import SendGate
from bot.sending.settings import SendingSettings
from storage.database import create_engine, create_sessionmaker
from storage.repos.shared import Turns
from tests.storage.databases import TestDatabase


@asynccontextmanager
async def replica_engine(db: TestDatabase) -> AsyncIterator[AsyncEngine]:
    """An engine of its own (its own connections) on the test's database, as another process has."""
    engine = create_engine(db.settings)
    try:
        yield engine
    finally:
        await engine.dispose()


async def send_bulk(budget: SendBudget, count: int, sent: list[float], *, paid: bool = False) -> None:
    """What the broadcast sender does: one turn after the other, as fast as they come."""
    loop = asyncio.get_running_loop()
    for _ in range(count):
        await budget.acquire(Priority.BULK, paid=paid)
        sent.append(loop.time())


async def test_replicas_sharing_the_budget_never_exceed_it_together(db: TestDatabase) -> None:
    rate, per_replica = 40.0, 40
    async with replica_engine(db) as one, replica_engine(db) as two, replica_engine(db) as three:
        budgets = [SharedBudget(DatabaseBooking(s), rate) for s in (one, two, three)]
        sent: list[float] = []
        await asyncio.gather(*(send_bulk(budget, per_replica, sent) for budget in budgets))
        for budget in budgets:
            await budget.close()
    assert len(sent) == 3 * per_replica
    assert most_in_one_second(sent) <= rate
    # ... and they use it: 120 messages at 40 a second (a little under) take about 3 s, not 1 or 9.
    elapsed = max(sent) - min(sent)
    assert 2.9 < elapsed < 4.5


async def test_each_replica_alone_would_send_the_rate_each() -> None:
    """The failure the shared budget prevents: three processes pacing themselves send three times it."""
    rate = 40.0
    budgets = [LocalBudget(rate) for _ in range(3)]
    sent: list[float] = []
    await asyncio.gather(*(send_bulk(budget, 40, sent) for budget in budgets))
    assert most_in_one_second(sent) > 2 * rate


async def test_a_reply_goes_before_another_replicas_broadcast(db: TestDatabase) -> None:
    rate = 30.0
    async with replica_engine(db) as one, replica_engine(db) as two:
        broadcasting, replying = (
            SharedBudget(DatabaseBooking(one), rate),
            SharedBudget(DatabaseBooking(two), rate),
        )
        sent: list[float] = []
        broadcast = asyncio.create_task(send_bulk(broadcasting, 10_000, sent))
        try:
            await asyncio.sleep(1.0)  # the broadcast is under way
            loop = asyncio.get_running_loop()
            waits = []
            for _ in range(5):
                asked = loop.time()
                await replying.acquire(Priority.REPLY)
                waits.append(loop.time() - asked)
                await asyncio.sleep(0.2)
        finally:
            broadcast.cancel()
            await asyncio.gather(broadcast, return_exceptions=True)
            await broadcasting.close()
            await replying.close()
    # Bulk books only while the queue ends within QUEUE_SECONDS: a reply never waits much longer.
    assert max(waits) < QUEUE_SECONDS + 0.25
    assert len(sent) > 20  # the broadcast went on meanwhile


async def test_without_the_database_a_replica_paces_itself(caplog: pytest.LogCaptureFixture) -> None:
    calls = 0

    async def unreachable(lane: str, count: int, interval: float, within: float | None) -> Turns:
        nonlocal calls
        calls += 1
        raise ConnectionRefusedError("the database is down")

    budget = SharedBudget(unreachable, 20.0)
    sent: list[float] = []
    with caplog.at_level(logging.WARNING, logger=shared_budget.__name__):
        await asyncio.gather(send_bulk(budget, 30, sent), *(budget.acquire(Priority.REPLY) for _ in range(5)))
    await budget.close()
    assert calls == 1  # then it stops asking for OFFLINE_SECONDS
    assert "paces itself" in caplog.text
    assert most_in_one_second(sent) <= 20


async def test_turns_reached_late_are_dropped_not_bunched() -> None:
    """A replica whose loop was busy past its turns drops them: it never sends them all at once."""
    bookings: list[int] = []

    async def in_memory(lane: str, count: int, interval: float, within: float | None) -> Turns:
        now = asyncio.get_running_loop().time()
        bookings.append(count)
        return Turns(True, now + 0.05, now)  # the first turn 50 ms from now, the others after it

    budget = SharedBudget(in_memory, 100.0)
    lane = budget.free
    clock: Callable[[], float] = asyncio.get_running_loop().time
    waiters = [asyncio.create_task(lane.acquire(Priority.BULK)) for _ in range(2)]
    await asyncio.sleep(0.01)  # the turns are booked
    started = clock()
    while clock() < started + 0.2:  # the loop is blocked past all of them
        pass
    unblocked = clock()
    await waiters[0]
    granted = clock()
    assert lane.dropped == bookings[0]  # every turn of the first booking was dropped ...
    assert granted >= unblocked + 0.04  # ... and the message waited for a turn booked afterwards
    await waiters[1]
    await budget.close()


async def test_a_429_in_one_replica_holds_the_chat_in_every_replica(db: TestDatabase) -> None:
    async with replica_engine(db) as one, replica_engine(db) as two:
        got_429, other = SendGate(SendingSettings()), SendGate(SendingSettings())
        holds = [
            SharedHolds(create_sessionmaker(engine), gate.pacer)
            for engine, gate in ((one, got_429), (two, other))
        ]
        got_429.on_hold = holds[0].record
        for hold in holds:
            hold.start()
        loop = asyncio.get_running_loop()
        try:
            await asyncio.sleep(0.3)  # both replicas have looked once
            now = loop.time()
            assert other.pacer.ready_at(4242, now) == now
            got_429.retry_after(4242, 3.0)  # Telegram: "retry after 3" for chat 4242
            got_429.retry_after("@canal", 3.0)  # a chat known by name only: not shared
            async with asyncio.timeout(2):
                while other.pacer.ready_at(4242, loop.time()) <= loop.time():  # noqa: ASYNC110 (a poll)
                    await asyncio.sleep(0.02)
            told_after = loop.time()
            assert other.pacer.ready_at(4242, loop.time()) >= told_after + 2.0  # ... about 3 s after the 429
            now = loop.time()
            assert other.pacer.ready_at("@canal", now) == now
            got_429.retry_after(4242, 1.0)  # a shorter wait does not end the longer one
            await asyncio.sleep(0.5)
            assert other.pacer.ready_at(4242, loop.time()) >= told_after + 2.0
        finally:
            for hold in holds:
                await hold.close()
