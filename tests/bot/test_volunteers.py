"""The volunteer form end to end: every question, wrong answers, buttons, the summary and sending."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot import texts
from storage.models import SummaryRequest
from tests.bot.conftest import Harness, StartBot, said
from tests.bot.volunteer_steps import (
    EXPERIENCE,
    MOTIVATION,
    NO_FLOOD,
    SAMPLE,
    active,
    answer,
    fill_to_summary,
    press,
    press_for_next,
    submit,
    tick,
)


@pytest.fixture
async def bot(start_bot: StartBot) -> AsyncIterator[Harness]:
    privacy = '[volunteers]\nprivacy_url = "https://exemple.fr/confidentialite"\n'
    async with start_bot(toml=NO_FLOOD + privacy) as harness:
        yield harness


async def test_whole_form_with_every_kind_of_wrong_input(bot: Harness) -> None:
    user = bot.fake.user("Marie")
    bot.fake.send_text(user, "/postuler")
    first = await bot.fake.next_message(user)
    assert said(first).startswith("Merci de vouloir rejoindre l'équipe de rédaction")
    assert "1/9" in said(first) and "prénom" in said(first)

    bot.fake.send_sticker(user)
    reply = await bot.fake.next_message(user)
    assert said(reply).startswith(texts.FORM_NOT_TEXT) and "prénom" in said(reply)
    assert said(await answer(bot, user, "12345")).startswith(texts.INVALID_NAME)
    assert "nom" in said(await answer(bot, user, "  Marie  "))

    bot.fake.send_photo(user, caption="Curie")
    assert said(await bot.fake.next_message(user)).startswith(texts.FORM_NOT_TEXT)
    assert "adresse e-mail" in said(await answer(bot, user, "Curie"))

    assert said(await answer(bot, user, "marie.curie@")).startswith(texts.INVALID_EMAIL)
    reply = await answer(bot, user, "/aide")  # a command in the middle of the form
    assert said(reply).startswith(texts.FORM_COMMAND) and "adresse e-mail" in said(reply)
    phone_question = await answer(bot, user, "Marie.Curie@Exemple.FR")
    assert "téléphone" in said(phone_question) and phone_question.button("Passer")

    assert said(await answer(bot, user, "12")).startswith(texts.INVALID_PHONE)
    sections = await answer(bot, user, "+33 (0)6 12 34 56 78")
    assert "rubriques" in said(sections)
    assert [b["text"] for b in sections.buttons][:8] == [
        "séries", "cinéma", "musique", "jeux vidéo", "tech", "société", "people", "autre",
    ]  # fmt: skip

    assert said(await answer(bot, user, "cinéma")).startswith(texts.FORM_USE_BUTTONS)
    sections = bot.fake.last_message(user)  # the question comes again with its buttons
    pressed = await press(bot, user, sections, "Valider")
    assert bot.fake.callback_answer(pressed) == {
        "callback_query_id": pressed["callback_query"]["id"],
        "text": texts.FORM_SECTIONS_NONE,
        "show_alert": True,
    }
    for name in ("cinéma", "tech", "✅ tech", "société"):
        await tick(bot, user, sections, name)
    ticked = [
        b["text"] for b in sections.buttons if b["text"].startswith("✅ ") and "Valider" not in b["text"]
    ]
    assert ticked == ["✅ cinéma", "✅ société"]
    experience = await press_for_next(bot, user, sections, "Valider")
    assert "expérience" in said(experience) and "(10 à 1500 caractères)" in said(experience)
    assert sections.reply_markup is None  # the answered question lost its buttons

    assert said(await answer(bot, user, "Oui")).startswith("Un peu court : au moins 10 caractères")
    assert said(await answer(bot, user, "x" * 1501)).startswith("C'est un peu long : 1500 caractères au plus")
    assert "nous rejoindre" in said(await answer(bot, user, EXPERIENCE))
    sample_question = await answer(bot, user, MOTIVATION)
    assert "lien vers un texte" in said(sample_question)
    assert said(await answer(bot, user, "mon blog")).startswith(texts.INVALID_URL)

    consent = await answer(bot, user, SAMPLE)  # a link during the form is an answer, not a summary
    assert "9/9" in said(consent) and "/supprimer_mes_donnees" in said(consent)
    links = [e["url"] for e in consent.entities if e["type"] == "text_link"]
    assert links == ["https://exemple.fr/confidentialite"]
    assert said(await answer(bot, user, "oui")).startswith(texts.FORM_USE_BUTTONS)
    summary = await press_for_next(bot, user, bot.fake.last_message(user), "J'accepte")

    text = said(summary)
    for expected in (
        "Prénom : Marie",
        "Nom : Curie",
        "E-mail : Marie.Curie@exemple.fr",
        "Téléphone : +33 6 12 34 56 78",
        "Rubriques : cinéma, société",
        f"Exemple de texte : {SAMPLE}",
        EXPERIENCE,
        MOTIVATION,  # "&" and "<motivée>" arrive as typed: escaped in HTML
    ):
        assert expected in text, expected
    assert summary.parse_mode == "HTML"
    async with bot.services.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(SummaryRequest)) == 0  # not summarized
    draft = await active(bot, user["id"])
    assert draft is not None and draft.status == "draft" and draft.current_step == "review"
    assert draft.answers["phone"] == "+33 6 12 34 56 78" and draft.answers["consent_at"]

    bot.fake.press(user, summary, button_text="Envoyer")
    assert said(await bot.fake.next_message(user)).startswith("C'est envoyé")
    sent = await active(bot, user["id"])
    assert sent is not None and sent.status == "submitted" and sent.consent_at is not None
    assert (sent.first_name, sent.last_name, sent.email) == ("Marie", "Curie", "Marie.Curie@exemple.fr")
    assert sent.sections == ["cinéma", "société"] and sent.sample_url == SAMPLE
    assert (sent.experience, sent.motivation) == (EXPERIENCE, MOTIVATION)


async def test_a_beginner_who_says_so_is_welcome(bot: Harness) -> None:
    """The experience question says « Vous débutez ? Dites-le » (issue 14, defect 2)."""
    for number, said_so in enumerate(("Je débute", "Aucune", "Débutante !", "aucune expérience", "Non")):
        user = bot.fake.user(f"Lou{number}")
        bot.fake.send_text(user, "/postuler")
        await bot.fake.next_message(user)
        await answer(bot, user, "Lou")
        await answer(bot, user, "Martin")
        question = await answer(bot, user, "lou@exemple.fr")
        sections = await press_for_next(bot, user, question, "Passer")
        await tick(bot, user, sections, "tech")
        experience = await press_for_next(bot, user, sections, "Valider")
        assert "Vous débutez ? Dites-le" in said(experience)
        assert "nous rejoindre" in said(await answer(bot, user, said_so)), said_so
        draft = await active(bot, user["id"])
        assert draft is not None and draft.answers["experience"] == said_so


async def test_optional_answers_can_be_skipped_by_button_or_in_words(bot: Harness) -> None:
    user = bot.fake.user()
    summary = await fill_to_summary(bot, user, phone="Non", sample=None, sections=("autre",))
    assert "Téléphone : —" in said(summary) and "Exemple de texte : —" in said(summary)
    bot.fake.press(user, summary, button_text="Envoyer")
    await bot.fake.next_message(user)
    stored = await active(bot, user["id"])
    assert stored is not None and stored.phone is None and stored.sample_url is None


async def test_edit_fields_from_the_summary(bot: Harness) -> None:
    user = bot.fake.user()
    summary = await fill_to_summary(bot, user)
    await tick(bot, user, summary, "Modifier")
    assert [b["text"] for b in summary.buttons] == [
        "Prénom", "Nom", "E-mail", "Téléphone", "Rubriques", "Expérience", "Motivation",
        "Exemple de texte", "↩️ Retour",
    ]  # fmt: skip
    await tick(bot, user, summary, "Retour")
    assert summary.button("Envoyer")

    await tick(bot, user, summary, "Modifier")
    question = await press_for_next(bot, user, summary, "E-mail")
    assert "adresse e-mail" in said(question)
    assert said(await answer(bot, user, "faux")).startswith(texts.INVALID_EMAIL)
    summary = await answer(bot, user, "marie@labo.fr")
    assert "E-mail : marie@labo.fr" in said(summary) and "Nom : Curie" in said(summary)

    await tick(bot, user, summary, "Modifier")
    sections = await press_for_next(bot, user, summary, "Rubriques")
    assert {b["text"] for b in sections.buttons if b["text"].startswith("✅ ")} == {
        "✅ cinéma", "✅ tech", "✅ Valider",
    }  # fmt: skip
    await tick(bot, user, sections, "✅ cinéma")
    summary = await press_for_next(bot, user, sections, "Valider")
    assert "Rubriques : tech" in said(summary)

    await tick(bot, user, summary, "Modifier")
    phone = await press_for_next(bot, user, summary, "Téléphone")
    summary = await press_for_next(bot, user, phone, "Passer")
    assert "Téléphone : —" in said(summary)
    draft = await active(bot, user["id"])
    assert draft is not None and draft.answers["phone"] is None and "editing" not in draft.answers


async def test_cancel_by_command_and_by_button(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/postuler")
    await bot.fake.next_message(user)
    await answer(bot, user, "Léa")
    assert said(await answer(bot, user, "/annuler")) == texts.FORM_CANCELLED
    assert await active(bot, user["id"]) is None
    assert said(await answer(bot, user, "bonjour")) == texts.NO_LINK  # the form is over: a reader again
    assert said(await answer(bot, user, "/cancel")) == texts.NOTHING_TO_CANCEL

    summary = await fill_to_summary(bot, user)
    bot.fake.press(user, summary, button_text="Annuler")
    await bot.fake.wait_for_edit(summary)
    assert summary.text == texts.FORM_CANCELLED and summary.reply_markup is None
    assert await active(bot, user["id"]) is None


async def test_old_buttons_are_refused(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/postuler")
    await bot.fake.next_message(user)
    await answer(bot, user, "Léa")
    await answer(bot, user, "Martin")
    phone = await answer(bot, user, "lea@exemple.fr")
    await answer(bot, user, "0612345678")  # answered by text: the "Passer" button is now stale
    pressed = await press(bot, user, phone, "Passer")
    answered = bot.fake.callback_answer(pressed)
    assert answered is not None and answered["text"] == texts.STALE_BUTTON
    draft = await active(bot, user["id"])
    assert (
        draft is not None and draft.current_step == "sections" and draft.answers["phone"] == "06 12 34 56 78"
    )


async def test_one_application_at_a_time(bot: Harness) -> None:
    user = bot.fake.user()
    await submit(bot, user)
    assert said(await answer(bot, user, "/postuler")) == texts.FORM_PENDING
    assert said(await answer(bot, user, "bonjour")) == texts.NO_LINK  # no form, back to the reader's bot


async def test_resume_with_postuler_and_deep_link(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/start postuler")
    assert "prénom" in said(await bot.fake.next_message(user))
    await answer(bot, user, "Léa")
    resumed = await answer(bot, user, "/postuler")
    assert said(resumed).startswith(texts.FORM_RESUMED) and "2/9" in said(resumed)
    resumed = await answer(bot, user, "/start postuler")
    assert said(resumed).startswith(texts.FORM_RESUMED) and "2/9" in said(resumed)


async def test_form_is_private(bot: Harness) -> None:
    user = bot.fake.user()
    group = bot.fake.group("Lecteurs", members={user["id"]: "member"})
    bot.fake.send_text(user, "/postuler", group)
    reply = await bot.fake.next_message(group)
    assert said(reply) == texts.FORM_PRIVATE_ONLY
    assert reply.button("Postuler")["url"] == f"https://t.me/{bot.fake.bot_user['username']}?start=postuler"
    assert await active(bot, user["id"]) is None


async def test_two_users_fill_the_form_at_once(bot: Harness) -> None:
    alice, bruno = bot.fake.user("Alice"), bot.fake.user("Bruno")
    for user in (alice, bruno):
        bot.fake.send_text(user, "/postuler")
    for user in (alice, bruno):
        await bot.fake.next_message(user)
    answers = {alice["id"]: ("Alice", "Arnaud", "alice@a.fr"), bruno["id"]: ("Bruno", "Benoît", "bruno@b.fr")}
    for index in range(3):
        for user in (alice, bruno):
            bot.fake.send_text(user, answers[user["id"]][index])
        for user in (alice, bruno):
            await bot.fake.next_message(user)
    for user in (alice, bruno):
        draft = await active(bot, user["id"])
        assert draft is not None and draft.current_step == "phone"
        first, last, email = answers[user["id"]]
        assert draft.answers == {"first_name": first, "last_name": last, "email": email}
