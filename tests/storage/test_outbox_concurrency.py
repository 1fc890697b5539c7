"""Several senders on one PostgreSQL: FOR UPDATE SKIP LOCKED must hand each delivery to one of them."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from storage.models import Chat, DeliveryStatus, Subscription
from storage.repos import broadcasts, outbox

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def _queue(db, recipients: int) -> int:
    async with db.sessionmaker.begin() as session:
        rows = [{"id": i, "type": "private", "can_post": True, "created_at": T0, "updated_at": T0}
                for i in range(1, recipients + 1)]  # fmt: skip
        await session.execute(insert(Chat), rows)
        subs = [{"chat_id": i, "summary_sentences": 3, "delivery_mode": "immediate", "created_at": T0,
                 "updated_at": T0} for i in range(1, recipients + 1)]  # fmt: skip
        await session.execute(insert(Subscription), subs)
        broadcast, total = await outbox.enqueue_broadcast(session, kind="article", payload={}, now=T0)
    assert total == recipients
    return broadcast.id


@pytest.fixture
def pg(postgres_db):
    return postgres_db  # SQLite assumes a single sender (documented in storage.repos.outbox)


async def test_a_locked_claim_is_skipped_not_waited_for(pg):
    await _queue(pg, 30)
    async with pg.sessionmaker.begin() as first:
        mine = await outbox.claim_deliveries(first, "a", 10, 60, now=T0)
        async with pg.sessionmaker.begin() as second:  # first's rows are still locked
            theirs = await asyncio.wait_for(outbox.claim_deliveries(second, "b", 10, 60, now=T0), 5)
    assert len(mine) == len(theirs) == 10
    assert not {d.id for d in mine} & {d.id for d in theirs}


async def test_two_workers_claim_disjoint_sets_covering_all_1000(pg):
    broadcast_id = await _queue(pg, 1000)
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    in_claim: set[str] = set()
    overlaps = 0

    async def worker(name: str) -> None:
        nonlocal overlaps
        while True:
            async with pg.sessionmaker.begin() as session:
                in_claim.add(name)
                batch = await outbox.claim_deliveries(session, name, 37, 60, now=T0)
                if len(in_claim) == 2:
                    overlaps += 1
                await asyncio.sleep(0.002)  # keep the row locks while the other worker claims
                in_claim.discard(name)
            if not batch:
                return
            claimed[name].extend(d.id for d in batch)
            async with pg.sessionmaker.begin() as session:
                await outbox.mark_many_sent(session, {d.id: d.chat_id for d in batch}, now=T0)

    await asyncio.gather(worker("a"), worker("b"))
    a, b = set(claimed["a"]), set(claimed["b"])
    assert len(claimed["a"]) == len(a) and len(claimed["b"]) == len(b)  # nobody got a row twice
    assert not a & b
    assert len(a | b) == 1000
    assert a and b and overlaps > 0  # the workers really ran side by side
    async with pg.sessionmaker() as session:
        progress = await broadcasts.broadcast_progress(session, broadcast_id)
    assert progress[DeliveryStatus.SENT] == 1000


async def test_expired_lease_is_taken_over_by_another_worker(pg):
    await _queue(pg, 5)
    async with pg.sessionmaker.begin() as session:
        lost = await outbox.claim_deliveries(session, "crashed", 5, 30, now=T0)
    async with pg.sessionmaker.begin() as session:
        assert await outbox.claim_deliveries(session, "b", 5, 30, now=T0 + timedelta(seconds=10)) == []
        taken = await outbox.claim_deliveries(session, "b", 5, 30, now=T0 + timedelta(seconds=31))
    assert {d.id for d in taken} == {d.id for d in lost}
    assert all(d.leased_by == "b" and d.attempts == 2 for d in taken)
