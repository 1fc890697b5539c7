from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import FieldTooLong, InvalidTransition, InvalidValue, NotFound
from storage.models import ApplicationStatus
from storage.repos import applications, users
from storage.repos.applications import ApplicationFields
from tests.storage.databases import present

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
FIELDS = ApplicationFields(
    first_name="Léa", last_name="Martin", email="lea@example.org", motivation="J'aime écrire. " * 10,
    experience="Blog", phone=None, sections=("cinéma", "séries"), sample_url="https://lea.example.org",
)  # fmt: skip


async def _user(session: AsyncSession, user_id: int = 1) -> None:
    await users.upsert_user(session, user_id, first_name="Léa")


async def test_draft_progress_is_saved_and_resumed(db):
    async with db.sessionmaker.begin() as session:
        await _user(session)
        draft, created = await applications.start_draft(session, 1, step="name", now=T0)
        assert created and draft.status == ApplicationStatus.DRAFT and draft.answers == {}
        await applications.save_step(session, draft.id, step="email", answers={"first_name": "Léa"}, now=T0)
    async with db.sessionmaker.begin() as session:  # e.g. after a restart
        resumed, created = await applications.start_draft(session, 1, step="name")
    assert not created and resumed.id == draft.id
    assert resumed.current_step == "email" and resumed.answers == {"first_name": "Léa"}


async def test_submit_then_one_application_at_a_time(db):
    async with db.sessionmaker.begin() as session:
        await _user(session)
        draft, _ = await applications.start_draft(session, 1, step="name")
        submitted = await applications.submit_application(session, draft.id, FIELDS, consent_at=T0, now=T0)
        assert submitted.status == ApplicationStatus.SUBMITTED and submitted.sections == ["cinéma", "séries"]
        assert submitted.consent_at == T0 and submitted.current_step is None
        with pytest.raises(InvalidTransition):
            await applications.start_draft(session, 1, step="name")
        with pytest.raises(InvalidTransition):
            await applications.save_step(session, draft.id, step="x", answers={})
        with pytest.raises(InvalidTransition):
            await applications.submit_application(session, draft.id, FIELDS, consent_at=T0)
        assert present(await applications.get_active_application(session, 1)).id == draft.id


async def test_bad_values_are_refused_and_the_draft_is_unchanged(db):
    async with db.sessionmaker.begin() as session:
        await _user(session)
        draft, _ = await applications.start_draft(session, 1, step="name")
        await applications.save_step(session, draft.id, step="email", answers={"a": 1})
        with pytest.raises(InvalidValue):
            await applications.save_step(session, draft.id, step="x", answers={"big": "x" * 40_000})
        with pytest.raises(FieldTooLong):
            await applications.save_step(session, draft.id, step="s" * 33, answers={})
        with pytest.raises(FieldTooLong):
            too_long = replace(FIELDS, motivation="m" * 4001)
            await applications.submit_application(session, draft.id, too_long, consent_at=T0)
        with pytest.raises(InvalidValue):
            bad_sections = ApplicationFields("A", "B", "a@b.c", "m", sections=("",))
            await applications.submit_application(session, draft.id, bad_sections, consent_at=T0)
        with pytest.raises(NotFound):
            await applications.save_step(session, 999, step="x", answers={})
    async with db.sessionmaker() as session:
        again = present(await applications.get_application(session, draft.id))
    assert (again.status, again.current_step, again.answers, again.motivation) == (
        "draft",
        "email",
        {"a": 1},
        None,
    )


async def test_first_decision_wins(db):
    async with db.sessionmaker.begin() as session:
        await _user(session)
        draft, _ = await applications.start_draft(session, 1, step="name")
        await applications.submit_application(session, draft.id, FIELDS, consent_at=T0)
        await applications.add_review_messages(session, draft.id, [(100, 1), (200, 2)])
        accepted = present(
            await applications.decide_application(session, draft.id, accept=True, reviewer_id=100, now=T0)
        )
        assert accepted.status == ApplicationStatus.ACCEPTED and accepted.reviewed_by == 100
        assert accepted.review_messages == [[100, 1], [200, 2]]
        late = await applications.decide_application(session, draft.id, accept=False, reviewer_id=200)
        assert late is None
        assert present(await applications.get_application(session, draft.id)).reviewed_by == 100
        # a decided application no longer blocks a new one
        _, created = await applications.start_draft(session, 1, step="name")
        assert created


async def test_cancel_withdraw_list_count_and_cleanups(db):
    async with db.sessionmaker.begin() as session:
        for uid in (1, 2, 3, 4):
            await _user(session, uid)
        drafts = [
            (await applications.start_draft(session, uid, step="name", now=T0))[0] for uid in (1, 2, 3, 4)
        ]
        assert await applications.cancel_draft(session, 1)
        assert not await applications.cancel_draft(session, 1)
        for app in drafts[1:3]:
            await applications.submit_application(session, app.id, FIELDS, consent_at=T0, now=T0)
        assert await applications.withdraw_application(session, drafts[1].id)
        assert not await applications.withdraw_application(session, drafts[1].id)
        await applications.decide_application(session, drafts[2].id, accept=False, reviewer_id=9, now=T0)
        counts = await applications.count_applications(session)
        assert counts == {"draft": 1, "submitted": 0, "accepted": 0, "refused": 1, "withdrawn": 1}
        assert [a.id for a in await applications.list_applications(session)] == [drafts[2].id, drafts[1].id]
        refused = await applications.list_applications(session, status="refused")
        assert [a.id for a in refused] == [drafts[2].id]
        assert await applications.delete_stale_drafts(session, untouched_since=T0) == 0
        assert await applications.delete_stale_drafts(session, untouched_since=T0 + timedelta(days=2)) == 1
        assert await applications.delete_refused(session, decided_before=T0) == 0
        assert await applications.delete_refused(session, decided_before=T0 + timedelta(days=31)) == 1
        assert await applications.count_applications(session) == {
            "draft": 0, "submitted": 0, "accepted": 0, "refused": 0, "withdrawn": 1,
        }  # fmt: skip
