"""The form across restarts, and the housekeeping job (stale drafts, refused applications)."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.volunteers import jobs
from storage.models import utcnow
from storage.repos import applications
from tests.bot.conftest import StartBot, said
from tests.bot.volunteer_steps import NO_FLOOD, active, answer, press_for_next, submit, tick
from tests.storage.databases import TestDatabase
from tests.telegram_fake import FakeTelegram


async def test_restart_in_the_middle_of_the_form_loses_nothing(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    user = fake_telegram.user("Léa")
    async with start_bot(toml=NO_FLOOD) as bot:
        bot.fake.send_text(user, "/postuler")
        await bot.fake.next_message(user)
        await answer(bot, user, "Léa")
        await answer(bot, user, "Martin")
        await answer(bot, user, "lea@exemple.fr")
    async with start_bot(toml=NO_FLOOD) as bot:  # a new application on the same database
        sections = await answer(bot, user, "06 12 34 56 78")  # the answer to the phone question
        assert "rubriques" in said(sections)
        await tick(bot, user, sections, "musique")
    async with start_bot(toml=NO_FLOOD) as bot:
        resumed = await answer(bot, user, "/postuler")
        assert said(resumed).startswith(texts.FORM_RESUMED) and "5/9" in said(resumed)
        assert [b["text"] for b in resumed.buttons if b["text"].startswith("✅ ")] == [
            "✅ musique",
            "✅ Valider",
        ]
        experience = await press_for_next(bot, user, resumed, "Valider")
        assert "expérience" in said(experience)
        draft = await active(bot, user["id"])
        assert draft is not None and draft.answers == {
            "first_name": "Léa",
            "last_name": "Martin",
            "email": "lea@exemple.fr",
            "phone": "06 12 34 56 78",
            "sections": ["musique"],
        }


async def test_purge_job_removes_stale_drafts_and_old_refusals(start_bot: StartBot) -> None:
    async with start_bot(
        toml=NO_FLOOD + "[volunteers]\ndraft_hours = 2\nrefused_retention_days = 10\n"
    ) as bot:
        assert "volunteers-purge" in [job.name for job in bot.app.job_queue.jobs()]  # type: ignore[union-attr]
        writer, refused, kept = bot.fake.user("Wanda"), bot.fake.user("Rémi"), bot.fake.user("Kim")
        bot.fake.send_text(writer, "/postuler")
        await bot.fake.next_message(writer)
        for user in (refused, kept):
            application = await submit(bot, user)
            async with bot.services.sessionmaker.begin() as session:
                await applications.decide_application(
                    session,
                    application.id,
                    accept=user is kept,
                    reviewer_id=1,
                    now=utcnow() - timedelta(days=11),
                )

        assert await jobs.purge(bot.services, now=utcnow() + timedelta(hours=1)) == (0, 1)
        assert await jobs.purge(bot.services, now=utcnow() + timedelta(hours=3)) == (1, 0)
        assert await active(bot, writer["id"]) is None
        assert said(await answer(bot, writer, "bonjour")) == texts.NO_LINK  # no form any more
        async with bot.services.sessionmaker() as session:
            counts = await applications.count_applications(session)
        assert (counts["refused"], counts["accepted"], counts["draft"]) == (0, 1, 0)


async def test_apply_decide_export_and_erase_on_both_databases(
    start_bot: StartBot, fake_telegram: FakeTelegram, db: TestDatabase
) -> None:
    owner, applicant = fake_telegram.user("Owen"), fake_telegram.user("Léa")
    async with start_bot(toml=NO_FLOOD, env={"ADMIN_IDS": str(owner["id"])}, database=db.settings) as bot:
        application = await submit(bot, applicant, first="Léa")
        copy = await bot.fake.next_message(owner)
        bot.fake.press(owner, copy, button_text="Refuser")
        await bot.fake.wait_for_edit(copy)
        assert said(await bot.fake.next_message(applicant)).startswith("Bonjour Léa, merci")
        bot.fake.send_text(owner, "/export_candidatures")
        exported = await bot.fake.next_message(owner)
        assert (
            exported.document is not None and f"\r\n{application.id};refusée;Léa;" in exported.document.text()
        )

        bot.fake.send_text(applicant, "/supprimer_mes_donnees")
        confirm = await bot.fake.next_message(applicant)
        bot.fake.press(applicant, confirm, button_text="Oui")
        await bot.fake.wait_for_edit(confirm)
        async with db.sessionmaker() as session:
            assert await applications.get_application(session, application.id) is None
