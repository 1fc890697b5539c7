"""The per-user quota and the global cap on summaries at once."""

from __future__ import annotations

import asyncio

import pytest

from bot.limits import Busy, Quota, SummarySlots


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_quota_allows_limit_then_says_how_long_to_wait() -> None:
    clock = Clock()
    quota = Quota(3, 60.0, clock)
    assert [quota.acquire(1) for _ in range(3)] == [0.0, 0.0, 0.0]
    clock.now += 10
    assert quota.acquire(1) == pytest.approx(50.0)
    assert quota.acquire(2) == 0.0  # other users are not affected
    clock.now += 50
    assert quota.acquire(1) == 0.0  # the oldest event left the window


def test_quota_refusals_are_not_counted() -> None:
    clock = Clock()
    quota = Quota(1, 60.0, clock)
    assert quota.acquire(1) == 0.0
    for _ in range(5):
        assert quota.acquire(1) > 0
    clock.now += 60
    assert quota.acquire(1) == 0.0


def test_quota_forgets_idle_users() -> None:
    clock = Clock()
    quota = Quota(1, 1.0, clock)
    for user in range(10_001):
        quota.acquire(user)
    clock.now += 2
    quota.acquire(99_999)
    assert len(quota._events) == 1


async def test_slots_cap_concurrency_and_time_out() -> None:
    slots = SummarySlots(2, wait=0.05)
    peak = 0

    async def work() -> None:
        nonlocal peak
        async with slots.slot():
            peak = max(peak, slots.running)
            await asyncio.sleep(0.01)

    await asyncio.gather(*(work() for _ in range(6)))
    assert peak == 2
    assert slots.running == 0

    async with slots.slot(), slots.slot():
        with pytest.raises(Busy):
            async with slots.slot():
                pass
    assert slots.running == 0


def test_quota_forgets_only_users_idle_for_a_whole_window() -> None:
    clock = Clock()
    quota = Quota(2, 10.0, clock)
    quota.acquire(1)
    clock.now += 5
    quota.acquire(2)
    quota.acquire(1)  # user 1 active again: now the most recent
    clock.now += 6  # user 2's event is 6 s old, user 1's 6 s, the first one of user 1 is 11 s old
    quota.acquire(3)
    assert set(quota._events) == {1, 2, 3}
    clock.now += 5
    quota.acquire(3)
    assert set(quota._events) == {3}
    assert quota.acquire(3) > 0  # still counted: two events within 10 s
