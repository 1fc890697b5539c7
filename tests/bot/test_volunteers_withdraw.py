"""An applicant withdraws a pending application with /annuler; the admins' copies say so."""

from __future__ import annotations

from bot import texts
from storage.repos import applications
from tests.bot.conftest import Harness, StartBot, said
from tests.bot.volunteer_steps import NO_FLOOD, active, answer_to, submit
from tests.telegram_fake import FakeTelegram


async def status_of(bot: Harness, application_id: int) -> str | None:
    async with bot.services.sessionmaker() as session:
        row = await applications.get_application(session, application_id)
    return row.status if row else None


async def test_withdraw_a_pending_application(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    admin, applicant, other = (
        fake_telegram.user("Alice"),
        fake_telegram.user("Zoé"),
        fake_telegram.user("Léo"),
    )
    async with start_bot(toml=NO_FLOOD, env={"ADMIN_IDS": str(admin["id"])}) as bot:
        application = await submit(bot, applicant)
        review = await bot.fake.next_message(admin)

        # "Non": nothing changes.
        bot.fake.send_text(applicant, "/annuler")
        ask = await bot.fake.next_message(applicant)
        assert said(ask) == texts.WITHDRAW_CONFIRM
        bot.fake.press(applicant, ask, button_text="Non")
        await bot.fake.wait_for_edit(ask)
        assert ask.text == texts.WITHDRAW_KEPT
        assert await status_of(bot, application.id) == "submitted"

        # Someone else pressing the applicant's button (forged update) changes nothing.
        bot.fake.send_text(applicant, "/annuler")
        ask = await bot.fake.next_message(applicant)
        forged = bot.fake.press(other, ask, button_text="Oui")
        answer = await answer_to(bot, forged)
        assert answer.params.get("text") == texts.STALE_BUTTON
        assert await status_of(bot, application.id) == "submitted"

        # "Oui": withdrawn, the admin's copy loses its buttons and says so, and a new application can start.
        review_edits = len(review.history)
        bot.fake.press(applicant, ask, button_text="Oui")
        await bot.fake.wait_for_edit(ask)
        assert ask.text == texts.WITHDRAWN
        await bot.fake.wait_for_edit(review, edits=review_edits + 1)
        assert texts.WITHDRAWN_LINE in said(review) and not review.buttons
        assert await status_of(bot, application.id) == "withdrawn"
        assert await active(bot, applicant["id"]) is None

        # Nothing is left to cancel.
        bot.fake.send_text(applicant, "/annuler")
        assert said(await bot.fake.next_message(applicant)) == texts.NOTHING_TO_CANCEL
