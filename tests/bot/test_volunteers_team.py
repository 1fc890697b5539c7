"""Reviewers together (issue 14): moderators get new applications too, notes between reviewers, a
question to the applicant answered through the bot, a refusal with a reason sent kindly or kept."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

from sqlalchemy import func, select

from bot import texts
from bot.context import BotContext
from bot.volunteers import jobs
from storage.models import PARIS, ApplicationNote, utcnow
from storage.repos import applications
from tests.bot.admin_team import silence, team_bot
from tests.bot.conftest import StartBot, eventually, said
from tests.bot.volunteer_steps import NO_FLOOD, active, card_remembered, submit
from tests.telegram_fake import FakeTelegram, StoredMessage


async def both_say(copies: list[StoredMessage], text: str) -> None:
    async def shown() -> bool:
        return all(text in said(copy) for copy in copies)

    await eventually(shown)


async def test_notes_questions_and_a_reason_sent_kindly(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    async with team_bot(start_bot, fake_telegram, NO_FLOOD) as team:
        bot, owner, moderator, reader = team.bot, team.owner, team.moderator, team.reader
        application = await submit(bot, reader, first="Rita")
        number = application.id
        copies = [await bot.fake.next_message(owner), await bot.fake.next_message(moderator)]
        for copy in copies:  # the moderator may decide, so they are told too
            assert said(copy).startswith(f"📝 Nouvelle candidature n° {number}") and copy.reply_markup
            assert said(copy).endswith(f"/note {number}  · /question {number}  · /refuser {number} motif")
            await card_remembered(bot, number, copy)

        # A banned user gets no form, and the team hears nothing.
        bot.fake.send_text(team.banned, "/postuler")
        await silence(bot)
        assert bot.fake.messages(owner) == [copies[0]]

        # A reader may do none of it.
        for command in (f"/note {number} x", f"/question {number} x", f"/refuser {number} x"):
            assert said(await team.ask(reader, command)) == texts.NOT_ALLOWED

        assert said(await team.ask(moderator, f"/note {number} Très bon profil <3")) == texts.NOTE_ADDED
        await both_say(copies, "🗒 Marc : Très bon profil <3")
        assert all(copy.reply_markup is not None for copy in copies)  # still to decide

        asked = await team.ask(owner, f"/question {number} Avez-vous déjà écrit sur le cinéma ?")
        assert said(asked) == texts.question_sent(number)
        question = await bot.fake.next_message(reader)
        assert "Avez-vous déjà écrit sur le cinéma ?" in said(question)
        assert question.reply_markup == {"force_reply": True, "input_field_placeholder": "Votre réponse"}
        await both_say(copies, "↳ pas encore de réponse")

        bot.fake.send_text(reader, "Oui, deux critiques pour mon blog.", reply_to=question)
        assert said(await bot.fake.next_message(reader)) == texts.ANSWER_SENT
        told = said(await bot.fake.next_message(owner))
        assert told.startswith(f"💬 Rita a répondu à votre question (candidature n° {number})")
        await both_say(copies, "↳ Rita : Oui, deux critiques pour mon blog.")

        reason = "Merci ! Nous cherchons surtout des plumes pour l'actu locale."
        done = await team.ask(moderator, f"/refuser {number} {reason}")
        assert said(done) == texts.refused_done(number, reason=True, sent=True, told=True)
        news = said(await bot.fake.next_message(reader))
        assert news.startswith("Bonjour Rita, merci d'avoir pris le temps de postuler")
        assert news.endswith(f"Un mot de l'équipe : « {reason} »")
        await both_say(copies, "❌ Refusée par Marc")
        await both_say(copies, f"Motif (transmis) : {reason}")
        assert all(copy.reply_markup is None and "/note" not in said(copy) for copy in copies)

        # Too late to answer now; and a decision cannot be taken twice.
        bot.fake.send_text(reader, "J'ajoute un lien !", reply_to=question)
        assert said(await bot.fake.next_message(reader)) == texts.already_decided("refused")
        assert said(await team.ask(owner, f"/refuser {number}")) == texts.already_decided("refused")

        # What the team wrote about Rita is part of her data, and goes with it.
        bot.fake.send_text(reader, "/mesdonnees")
        document = (await bot.fake.next_message(reader)).document
        assert document is not None
        written = json.loads(document.content.decode("utf-8"))["application_notes"]
        assert [(n["kind"], n["text"], n["answer"]) for n in written] == [
            ("note", "Très bon profil <3", None),
            ("question", "Avez-vous déjà écrit sur le cinéma ?", "Oui, deux critiques pour mon blog."),
        ]
        bot.fake.send_text(reader, "/supprimer_mes_donnees")
        confirm = await bot.fake.next_message(reader)
        bot.fake.press(reader, confirm, button_text="Oui")
        await both_say(copies, "effacé ses données")
        async with bot.services.sessionmaker() as session:
            assert await session.scalar(select(func.count()).select_from(ApplicationNote)) == 0


async def test_an_internal_reason_stays_in_the_team(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    async with team_bot(start_bot, fake_telegram, NO_FLOOD) as team:
        bot, owner, reader = team.bot, team.owner, team.reader
        application = await submit(bot, reader, first="Rita")
        copy = await bot.fake.next_message(owner)
        await card_remembered(bot, application.id, copy)
        for bad in ("/refuser", "/refuser douze", "/note 12", "/question"):
            assert said(await team.ask(owner, bad)) in (
                texts.REFUSE_USAGE,
                texts.NOTE_USAGE,
                texts.QUESTION_USAGE,
            )
        assert said(await team.ask(owner, "/note 999999 x")) == texts.application_not_found(999999)
        done = await team.ask(owner, f"/refuser {application.id} interne : Trop peu disponible")
        assert said(done) == texts.refused_done(application.id, reason=True, sent=False, told=True)
        news = said(await bot.fake.next_message(reader))
        assert "Trop peu disponible" not in news and "Un mot de l'équipe" not in news
        await both_say([copy], "Motif (interne) : Trop peu disponible")
        async with bot.services.sessionmaker() as session:
            stored = await applications.get_application(session, application.id)
        assert stored is not None and (stored.refusal_reason, stored.refusal_reason_sent) == (
            "Trop peu disponible",
            False,
        )
        bot.fake.send_text(owner, "/export_candidatures")
        document = (await bot.fake.next_message(owner)).document
        assert document is not None
        [row] = csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"), newline=""), delimiter=";")
        assert (row["Motif du refus"], row["Motif transmis"]) == ("Trop peu disponible", "non")


async def test_moderators_can_be_left_out(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    toml = NO_FLOOD + "[volunteers]\nnotify_moderators = false\n"
    async with team_bot(start_bot, fake_telegram, toml) as team:
        await submit(team.bot, team.reader)
        await team.bot.fake.next_message(team.owner)
        await silence(team.bot)
        assert team.bot.fake.messages(team.moderator) == []


async def test_the_team_is_reminded_of_applications_left_waiting(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    toml = NO_FLOOD + "[volunteers]\nreminder_days = 3\n"
    async with team_bot(start_bot, fake_telegram, toml) as team:
        bot, owner, moderator = team.bot, team.owner, team.moderator
        assert "volunteers-reminder" in [job.name for job in bot.app.job_queue.jobs()]  # type: ignore[union-attr]
        old = await submit(bot, team.reader, first="Rita", last="Lit")
        recent = await submit(bot, fake_telegram.user("Noé"), first="Noé")
        for person in (owner, moderator, owner, moderator):
            await bot.fake.next_message(person)  # the two cards, to each of them
        async with bot.services.sessionmaker.begin() as session:
            stored = await applications.get_application(session, old.id)
            assert stored is not None
            stored.submitted_at = utcnow() - timedelta(days=4, hours=1)
        context = BotContext(bot.app)

        assert await jobs.remind(context) == 1
        for person in (owner, moderator):
            text = said(await bot.fake.next_message(person))
            assert text.startswith("⏰ 1 candidature attend une réponse depuis 3 jours ou plus")
            assert f"n° {old.id} · Rita Lit · 4 j" in text and f"n° {recent.id}" not in text
        assert await jobs.remind(context) == 0  # once every 3 days, not every hour
        assert await jobs.remind(context, now=utcnow() + timedelta(days=3, minutes=1)) == 2
        for person in (owner, moderator):
            assert said(await bot.fake.next_message(person)).startswith("⏰ 2 candidatures attendent")

        # Decided: no longer waiting.
        assert said(await team.ask(owner, f"/refuser {old.id}")).startswith(
            f"Candidature n° {old.id} refusée"
        )
        later = utcnow() + timedelta(days=7)
        async with bot.services.sessionmaker() as session:
            waiting = await applications.waiting_since(session, submitted_before=later, reminded_before=later)
        assert [row.id for row in waiting] == [recent.id]


async def test_no_reminder_when_turned_off(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    async with team_bot(start_bot, fake_telegram, NO_FLOOD + "[volunteers]\nreminder_days = 0\n") as team:
        await submit(team.bot, team.reader)
        later = utcnow() + timedelta(days=30)
        assert await jobs.remind(BotContext(team.bot.app), now=later) == 0


async def test_an_accepted_volunteer_is_already_in_the_team(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    toml = NO_FLOOD + '[volunteers]\nnext_step_url = "https://t.me/+equipe"\n'
    async with team_bot(start_bot, fake_telegram, toml) as team:
        bot, owner, reader = team.bot, team.owner, team.reader
        await submit(bot, reader, first="Rita")
        copy = await bot.fake.next_message(owner)
        bot.fake.press(owner, copy, button_text="Accepter")
        assert said(await bot.fake.next_message(reader)).startswith("Bonne nouvelle, Rita")
        today = utcnow().astimezone(PARIS).strftime("%d/%m/%Y")
        for command in ("/postuler", "/start postuler"):
            again = await team.ask(reader, command)
            assert said(again) == texts.already_in_team(today)
            assert again.button("La suite")["url"] == "https://t.me/+equipe"
        assert (await active(bot, reader["id"])) is None  # no new draft
        # The moderator, who never applied, gets the form.
        assert said(await bot.fake.next_message(team.moderator)).startswith("📝 Nouvelle candidature")
        assert "prénom" in said(await team.ask(team.moderator, "/postuler"))


async def test_owners_are_warned_once_about_missing_links(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    owners = [fake_telegram.user("Olivia"), fake_telegram.user("Oscar")]
    reader = fake_telegram.user("Rita")
    env = {"ADMIN_IDS": ",".join(str(owner["id"]) for owner in owners)}
    async with start_bot(NO_FLOOD, env, link_warning=True) as bot:
        for owner in owners:
            warning = await bot.fake.next_message(owner)
            assert said(warning) == said_html(texts.links_missing(["privacy_url", "next_step_url"]))
        bot.fake.send_text(reader, "/start")
        await bot.fake.next_message(reader)
    async with start_bot(NO_FLOOD, env, link_warning=True) as bot:  # a restart: not again
        await silence(bot, 1.0)
        assert all(len(bot.fake.messages(owner)) == 1 for owner in owners)
        assert len(bot.fake.messages(reader)) == 1
    fixed = NO_FLOOD + '[volunteers]\nprivacy_url = "https://exemple.fr/confidentialite"\n'
    async with start_bot(fixed, env, link_warning=True) as bot:  # one fixed, one still missing
        for owner in owners:
            assert "next_step_url" in said(await bot.fake.next_message(owner))
    complete = fixed + 'next_step_url = "https://t.me/+equipe"\n'
    async with start_bot(complete, env, link_warning=True) as bot:
        await silence(bot, 1.0)
        assert all(len(bot.fake.messages(owner)) == 2 for owner in owners)


def said_html(html: str) -> str:
    """What a phone shows of a short HTML text of ours (tags only, no entities in it)."""
    return re.sub(r"<[^>]+>", "", html)
