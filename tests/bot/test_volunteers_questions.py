"""The form as each site sets it in config.toml: which questions, in which order, which are optional,
the new questions (availability, pen name, city, age with the minors' rule, how they found us)."""

from __future__ import annotations

import pytest

from bot import texts
from bot.volunteers.form import Invalid, Step, clean_text
from bot.volunteers.settings import VolunteerSettings
from summarizer.settings import ConfigError
from tests.bot.conftest import StartBot, said
from tests.bot.volunteer_steps import MOTIVATION, NO_FLOOD, active, answer, press_for_next
from tests.telegram_fake import FakeTelegram

LOCAL_FORM = (
    NO_FLOOD
    + """[volunteers]
questions = ["first_name", "email", "pen_name", "city", "age", "availability", "found_via", "motivation"]
optional = ["city", "found_via"]
minimum_age = 15
guardian_below_age = 18
privacy_url = "https://exemple.fr/confidentialite"
"""
)


async def test_a_site_of_its_own_form(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    owner, young, zoe = fake_telegram.user("Owen"), fake_telegram.user("Tom"), fake_telegram.user("Zoé")
    async with start_bot(toml=LOCAL_FORM, env={"ADMIN_IDS": str(owner["id"])}) as bot:
        # Too young: told kindly, and nothing is kept.
        bot.fake.send_text(young, "/postuler")
        assert said(await bot.fake.next_message(young)).endswith("1/9 · Quel est votre prénom ?")
        await answer(bot, young, "Tom")
        await answer(bot, young, "tom@exemple.fr")
        await answer(bot, young, "Tom le Grand")
        age = await answer(bot, young, "Lyon")
        assert "âge" in said(age)
        assert said(await answer(bot, young, "quatorze")).startswith(texts.INVALID_AGE)
        assert said(await answer(bot, young, "14 ans")) == texts.too_young(15)
        assert await active(bot, young["id"]) is None

        bot.fake.send_text(zoe, "/postuler")
        await bot.fake.next_message(zoe)
        assert "2/9" in said(await answer(bot, zoe, "Zoé"))
        pen = await answer(bot, zoe, "zoe@exemple.fr")
        assert "3/9" in said(pen) and "signer vos articles" in said(pen) and not pen.buttons
        city = await answer(bot, zoe, "Zoé M.")
        assert "ville ou région" in said(city) and [b["text"] for b in city.buttons] == ["Passer"]
        await press_for_next(bot, zoe, city, "Passer")
        hours = await answer(bot, zoe, "16")
        assert said(hours).startswith(texts.guardian_needed(18)) and "heures par semaine" in said(hours)
        assert said(await answer(bot, zoe, "beaucoup")).startswith(texts.INVALID_AVAILABILITY)
        found = await answer(bot, zoe, "3 h, plus pendant les vacances")
        assert "connu le site" in said(found)
        assert "nous rejoindre" in said(await answer(bot, zoe, "Une amie"))
        consent = await answer(bot, zoe, MOTIVATION)
        assert "9/9" in said(consent)
        summary = await press_for_next(bot, zoe, consent, "J'accepte")
        text = said(summary)
        for line in (
            "Signature : Zoé M.",
            "Ville ou région : —",
            "Âge : 16 ans",
            "Nous a connus par : Une amie",
        ):
            assert line in text, line
        assert "Téléphone" not in text and "Rubriques" not in text and "Nom :" not in text

        bot.fake.press(zoe, summary, button_text="Envoyer")
        assert said(await bot.fake.next_message(zoe)).startswith("C'est envoyé")
        card = said(await bot.fake.next_message(owner))
        assert texts.minor_line(18) in card and "Disponibilité : 3 h, plus pendant les vacances" in card
        stored = await active(bot, zoe["id"])
        assert stored is not None and (stored.age, stored.pen_name, stored.city) == (16, "Zoé M.", None)
        assert stored.last_name is None and stored.sections == []


async def test_editing_from_the_summary_offers_the_sites_questions(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    zoe = fake_telegram.user("Zoé")
    async with start_bot(toml=LOCAL_FORM) as bot:
        bot.fake.send_text(zoe, "/postuler")
        await bot.fake.next_message(zoe)
        for typed in (
            "Zoé",
            "zoe@exemple.fr",
            "Zozo",
            "Lyon",
            "30",
            "2 h",
            "Un moteur de recherche",
            MOTIVATION,
        ):
            consent = await answer(bot, zoe, typed)
        summary = await press_for_next(bot, zoe, consent, "J'accepte")
        bot.fake.press(zoe, summary, button_text="Modifier")
        await bot.fake.wait_for_edit(summary)
        labels = [b["text"] for b in summary.buttons]
        assert labels == [
            "Prénom", "E-mail", "Signature", "Ville ou région", "Âge", "Disponibilité", "Nous a connus par",
            "Motivation", "↩️ Retour",
        ]  # fmt: skip
        question = await press_for_next(bot, zoe, summary, "Ville ou région")
        assert "ville ou région" in said(question)
        back = await answer(bot, zoe, "Saint-Étienne")
        assert "Ville ou région : Saint-Étienne" in said(back)


def test_the_new_answers_are_checked() -> None:
    settings = VolunteerSettings()
    assert clean_text(Step.AGE, " 17 ans ", settings) == "17"
    assert clean_text(Step.AVAILABILITY, "2 à 4 h", settings) == "2 à 4 h"
    assert clean_text(Step.CITY, "Saint-Denis (La Réunion)", settings) == "Saint-Denis (La Réunion)"
    for step, typed in ((Step.AGE, "3"), (Step.AGE, "120"), (Step.AVAILABILITY, "souvent"), (Step.CITY, "🏙")):
        with pytest.raises(Invalid):
            clean_text(step, typed, settings)


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"questions": ["first_name", "email", "hobbies"]}, "unknown question"),
        ({"questions": ["first_name", "motivation"]}, "must include email"),
        ({"questions": ["first_name", "email", "email"]}, "must not repeat"),
        ({"optional": ["city"]}, "not asked"),
        ({"optional": ["email"]}, "cannot be optional"),
        ({"minimum_age": 120}, "minimum_age"),
        ({"notify_moderators": "oui"}, "true or false"),
    ],
)
def test_bad_form_settings_are_refused(values: dict[str, object], problem: str) -> None:
    with pytest.raises(ConfigError, match=problem):
        VolunteerSettings.from_mapping(values)


def test_the_default_form_is_todays() -> None:
    settings = VolunteerSettings()
    assert settings.questions == (
        "first_name", "last_name", "email", "phone", "sections", "experience", "motivation", "sample_url",
    )  # fmt: skip
    assert settings.optional == ("phone", "sample_url") and settings.minimum_age == 0
