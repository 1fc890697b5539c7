"""State shared by replicas, on SQLite and PostgreSQL: two objects on one database play two replicas."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import cast

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.admin import gate
from bot.admin.settings import AdminSettings
from bot.broadcast.drafts import Draft, Drafts
from bot.broadcast.payload import Message
from bot.context import BotContext, Services
from bot.limits import Verdict
from bot.replicas.leader import Leader, singleton
from bot.replicas.rates import SharedFlood, SharedQuota
from bot.replicas.settings import ReplicaSettings
from bot.summaries import card_of
from bot.volunteers import flow
from bot.volunteers.drafts import DraftUsers
from bot.volunteers.form import Step
from bot.volunteers.settings import VolunteerSettings
from storage.database import create_engine, create_sessionmaker
from storage.repos import applications, articles, users
from summarizer.settings import ConfigError
from tests.bot.articles import article_sentences
from tests.bot.conftest import StartBot, said
from tests.storage.databases import TestDatabase

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class DraftClock:
    def now(self) -> datetime:
        return T0


def leads(leader: Leader) -> bool:
    return leader.leads


@pytest.fixture
async def other(db: TestDatabase) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The second replica's session factory, on an engine of its own as another process would have."""
    engine = create_engine(db.settings)
    try:
        yield create_sessionmaker(engine)
    finally:
        await engine.dispose()


async def test_the_quota_is_shared_and_holds_under_concurrent_requests(
    db: TestDatabase, other: async_sessionmaker[AsyncSession]
) -> None:
    clock = Clock()
    one, two = SharedQuota(db.sessionmaker, 3, 60.0, clock), SharedQuota(other, 3, 60.0, clock)
    results = await asyncio.gather(*(q.check(7) for q in (one, two, one, two, one, two)))
    assert sorted(r == 0.0 for r in results) == [False] * 3 + [True] * 3  # 3 allowed, whichever replica
    assert await one.check(8) == 0.0  # other users are not affected
    clock.now += 10
    assert await two.check(7) == pytest.approx(50.0)
    clock.now += 50
    assert await one.check(7) == 0.0


async def test_flood_control_is_shared(db: TestDatabase, other: async_sessionmaker[AsyncSession]) -> None:
    replicas = [SharedFlood(db.sessionmaker), SharedFlood(other)]
    verdicts = [
        await replicas[i % 2].hit(1, 100.0 + i * 0.1, limit=3, window=10.0, cooldown=30.0) for i in range(6)
    ]
    assert verdicts == [Verdict.PASS] * 3 + [Verdict.NOTIFY, Verdict.DROP, Verdict.DROP]
    assert await replicas[0].hit(2, 101.0, limit=3, window=10.0, cooldown=30.0) is Verdict.PASS
    assert await replicas[1].hit(1, 134.0, limit=3, window=10.0, cooldown=30.0) is Verdict.PASS  # pause over
    await replicas[0].forget(1)


async def test_a_preview_made_on_one_replica_is_published_once_from_another(
    db: TestDatabase, other: async_sessionmaker[AsyncSession]
) -> None:
    async with db.sessionmaker.begin() as session:
        article = await articles.save_article(
            session, "https://example.org/a", title="Titre", summary_sentences=["Un.", "Deux.", "Trois."]
        )
    one, two = Drafts(db.sessionmaker, DraftClock(), 1), Drafts(other, DraftClock(), 1)
    assert await one.get(0) is None
    card = card_of(article, cached=True)
    made = await one.add(Draft(0, "article", 5, Message("x"), T0, card=card, sentences=2))
    await one.update(replace(made, intro=(5, 42)))
    seen = await two.get(made.draft_id)
    assert seen is not None and seen.card is not None and seen.card.article_id == article.id
    assert seen.sentences == 2 and seen.intro == (5, 42) and "Titre" in seen.message.text
    announcement = await two.add(Draft(0, "announcement", 5, Message("<b>Bonjour</b>"), T0))
    taken = await asyncio.gather(one.take(made.draft_id), two.take(made.draft_id))
    assert [t is not None for t in taken].count(True) == 1  # two presses on Publish: one broadcast
    again = await one.take(announcement.draft_id)
    assert again is not None and again.message.text == "<b>Bonjour</b>"


async def test_the_lease_moves_when_its_holder_stops(
    db: TestDatabase, other: async_sessionmaker[AsyncSession]
) -> None:
    a, b = Leader(db.sessionmaker, 5.0, "a"), Leader(other, 5.0, "b")
    assert await a.beat() and leads(a)
    assert not await b.beat() and not leads(b)
    assert await a.beat()  # renewed
    await a.release()  # a clean stop hands over at once
    assert not leads(a) and await b.beat() and leads(b)
    # b dies without releasing: a takes over once b's lease expired
    assert not await a.beat()
    await asyncio.sleep(5.1)
    assert await a.beat() and leads(a)


async def test_a_volunteer_draft_started_on_one_replica_is_seen_by_another(db: TestDatabase) -> None:
    one, two = DraftUsers(shared=True), DraftUsers(shared=True)
    assert not await two.has(db.sessionmaker, 9)  # asked before the form started
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 9, first_name="Ada")
        await applications.start_draft(session, 9, step="first_name")
    one.add(9)
    assert await two.has(db.sessionmaker, 9)
    local = DraftUsers()
    assert await local.has(db.sessionmaker, 9)


def test_replica_settings() -> None:
    assert ReplicaSettings().shared("postgresql") and not ReplicaSettings().shared("sqlite")
    assert ReplicaSettings.from_mapping({"shared_state": "database"}).shared("sqlite")
    assert not ReplicaSettings.from_mapping({"shared_state": "memory"}).shared("postgresql")
    for bad in ({"shared_state": "redis"}, {"lease_seconds": 1}, {"lease": 30}):
        with pytest.raises(ConfigError):
            ReplicaSettings.from_mapping(bad)


async def test_summaries_computed_in_worker_processes(start_bot: StartBot) -> None:
    async with start_bot(toml="[limits]\nsummary_workers = 2\n") as bot:
        executor = bot.services.executor
        assert isinstance(executor, ProcessPoolExecutor)
        user = bot.fake.user()
        reply = await bot.summary_of(user, "/article/3")
        assert said(reply).count("\n• ") == 3
        pasted = bot.fake.send_text(user, " ".join(article_sentences(9)), forward_from=bot.fake.user("Autre"))
        await bot.reply(user)  # no link: the bot explains how to use /resume
        bot.fake.send_text(user, "/resume", reply_to=pasted)
        answer = await bot.reply(user)
        assert said(answer).startswith("Résumé du texte\n\n• ")
        worker_pids = {p.pid for p in executor._processes.values()}
        assert worker_pids and os.getpid() not in worker_pids


async def test_a_singleton_job_runs_only_where_the_lease_is_held() -> None:
    ran: list[bool] = []

    async def job(context: BotContext) -> None:
        ran.append(context.services.leader.leads)

    wrapped = singleton(job)
    for leads in (True, False, True):
        context = SimpleNamespace(services=SimpleNamespace(leader=SimpleNamespace(leads=leads)))
        await wrapped(cast(BotContext, context))
    assert ran == [True, True]


async def test_a_ban_made_elsewhere_is_seen_at_the_next_version_check(
    db: TestDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gate, "VERSION_CHECK_SECONDS", 0.0)
    services = cast(
        Services,
        SimpleNamespace(
            sessionmaker=db.sessionmaker, config=SimpleNamespace(admin=AdminSettings(ban_cache_seconds=3600))
        ),
    )
    replica = gate.BanList()
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 11, first_name="Bruno")
    assert not await replica.contains(services, 11)
    async with db.sessionmaker.begin() as session:  # /ban on another replica
        await users.ban_user(session, 11, by=1)
    assert await replica.contains(services, 11)  # long before ban_cache_seconds
    async with db.sessionmaker.begin() as session:
        await users.unban_user(session, 11)
    assert not await replica.contains(services, 11)


async def test_a_form_step_saved_meanwhile_elsewhere_is_not_overwritten(db: TestDatabase) -> None:
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 12, first_name="Ada")
        application, _ = await applications.start_draft(session, 12, step="first_name")
    services = cast(Services, SimpleNamespace(sessionmaker=db.sessionmaker))
    volunteers = VolunteerSettings()
    here, there = flow.Draft.of(application, volunteers), flow.Draft.of(application, volunteers)
    there.answers["first_name"] = "Ada"
    await flow.save(services, there, Step.LAST_NAME)  # the answer handled by another replica
    here.answers["first_name"] = "Autre"
    with pytest.raises(flow.FormChanged):
        await flow.save(services, here, Step.LAST_NAME)
    await flow.save(services, there, Step.EMAIL)  # the winner goes on
    async with db.sessionmaker() as session:
        stored = await applications.get_active_application(session, 12)
    assert stored is not None and stored.answers == {"first_name": "Ada"} and stored.current_step == "email"
