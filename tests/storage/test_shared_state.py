"""Shared state of replicas in the database: rate windows, leases, version counters, drafts."""

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bot.replicas.budget import DatabaseBooking
from storage.repos import drafts, shared

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_a_window_is_written_once_per_version(db):
    async with db.sessionmaker.begin() as session:
        assert await shared.write_window(session, "quota", 7, version=None, events=[1.0], now=1.0)
    async with db.sessionmaker.begin() as session:
        assert not await shared.write_window(session, "quota", 7, version=None, events=[2.0], now=2.0)
        window = await shared.read_window(session, "quota", 7)
        assert window is not None and window.version == 0 and window.events == [1.0]
        assert await shared.write_window(session, "quota", 7, version=0, events=[1.0, 2.0], now=2.0)
        assert not await shared.write_window(session, "quota", 7, version=0, events=[3.0], now=3.0)
    async with db.sessionmaker() as session:
        window = await shared.read_window(session, "quota", 7)
        assert window is not None and window.version == 1 and window.events == [1.0, 2.0]
        assert await shared.read_window(session, "flood", 7) is None
    async with db.sessionmaker.begin() as session:
        assert await shared.purge_windows(session, before=2.5) == 1


async def test_a_lease_has_one_holder_until_it_expires(db):
    later = T0 + timedelta(seconds=30)
    async with db.sessionmaker.begin() as session:
        assert await shared.acquire_lease(session, "jobs", "a", until=later, now=T0)
    async with db.sessionmaker.begin() as session:
        assert not await shared.acquire_lease(
            session, "jobs", "b", until=later, now=T0 + timedelta(seconds=10)
        )
        assert await shared.acquire_lease(
            session, "jobs", "a", until=later + timedelta(30), now=T0
        )  # renewed
        assert await shared.lease_holder(session, "jobs", now=T0) == "a"
    after = later + timedelta(30, seconds=1)
    async with db.sessionmaker.begin() as session:  # a died: b takes over once the lease expired
        assert await shared.acquire_lease(
            session, "jobs", "b", until=after + timedelta(seconds=30), now=after
        )
        assert not await shared.release_lease(session, "jobs", "a")
        assert await shared.release_lease(session, "jobs", "b")
        assert await shared.lease_holder(session, "jobs", now=after) is None


async def test_versions_start_at_zero_and_move_on(db):
    async with db.sessionmaker.begin() as session:
        assert await shared.get_version(session, "bans") == 0
        await shared.bump_version(session, "bans")
        await shared.bump_version(session, "bans")
    async with db.sessionmaker() as session:
        assert await shared.get_version(session, "bans") == 2
        assert await shared.get_version(session, "other") == 0


async def test_a_draft_is_taken_once_and_expires(db):
    async with db.sessionmaker.begin() as session:
        draft = await drafts.add_draft(session, "announcement", 1, text="<b>Hi</b>", now=T0)
        old = await drafts.add_draft(
            session, "article", 1, article_id=5, sentences=3, now=T0 - timedelta(days=2)
        )
        draft_id, old_id = draft.id, old.id
    since = T0 - timedelta(days=1)
    async with db.sessionmaker.begin() as session:
        assert await drafts.update_draft(session, draft_id, sentences=0, intro=(10, 20))
        assert await drafts.get_draft(session, old_id, since=since) is None
    async with db.sessionmaker.begin() as session:
        taken = await drafts.take_draft(session, draft_id, since=since)
    assert taken is not None and taken.text == "<b>Hi</b>" and taken.intro_message_id == 20
    async with db.sessionmaker.begin() as session:
        assert await drafts.take_draft(session, draft_id, since=since) is None
        assert await drafts.purge_drafts(session, since) == 1


async def test_turns_are_booked_after_every_turn_already_booked(db):
    async with db.engine.begin() as connection:
        first = await shared.book_turns(connection, "free", 3, 0.1)
        assert first.booked and abs(first.first - first.now) < 1.0  # an idle lane: from now
        second = await shared.book_turns(connection, "free", 2, 0.1)
        assert second.booked and second.first == pytest.approx(first.first + 0.3)
        other = await shared.book_turns(connection, "paid", 1, 0.001)  # lanes are independent
        assert other.first < second.first
    async with db.engine.begin() as connection:
        # Bulk books only while the queue ends within 0.2 s: it ends 0.5 s after ``first`` here.
        busy = await shared.book_turns(connection, "free", 1, 0.1, within=0.2)
        assert not busy.booked and busy.first == pytest.approx(first.first + 0.5 - 0.2)
        urgent = await shared.book_turns(connection, "free", 1, 0.1)  # a reply books regardless
        assert urgent.booked and urgent.first == pytest.approx(first.first + 0.5)


async def test_concurrent_bookings_never_share_a_turn(db):
    interval = 0.01
    replicas = [DatabaseBooking(db.engine) for _ in range(8)]  # as the bot does: autocommit on PostgreSQL

    async def turns_of(book: DatabaseBooking, counts: list[int]) -> list[float]:
        turns: list[float] = []
        for count in counts:
            booking = await book("free", count, interval, None)
            turns += [booking.first + n * interval for n in range(count)]
        return turns

    counts = [[1 + (n + k) % 4 for k in range(3)] for n in range(len(replicas))]
    try:
        booked = sorted(t for turns in await asyncio.gather(*map(turns_of, replicas, counts)) for t in turns)
    finally:
        for book in replicas:
            await book.close()
    assert len(booked) == sum(map(sum, counts))
    gaps = [b - a for a, b in itertools.pairwise(booked)]
    assert min(gaps) >= interval - 1e-5  # (Unix seconds as doubles: microsecond precision)
