"""The form's pure parts: answer checks, the [volunteers] settings, callback data and message budgets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import callbacks, texts
from bot.volunteers.form import Invalid, Step, clean_email, clean_phone, clean_text, clean_url, next_step
from bot.volunteers.render import answers_html, cut, units
from bot.volunteers.settings import VolunteerSettings
from summarizer.settings import ConfigError

SETTINGS = VolunteerSettings()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "06 12 34 56 78"),
        ("06.12.34.56.78", "06 12 34 56 78"),
        ("0612345678", "06 12 34 56 78"),
        ("01-23-45-67-89", "01 23 45 67 89"),
        ("+33 6 12 34 56 78", "+33 6 12 34 56 78"),
        ("+33 (0)6 12 34 56 78", "+33 6 12 34 56 78"),
        ("0033 6 12 34 56 78", "+33 6 12 34 56 78"),
        ("+32 470 12 34 56", "+32470123456"),
        ("+1 (415) 555-0100", "+14155550100"),
    ],
)
def test_phone_numbers_accepted(typed: str, stored: str) -> None:
    assert clean_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12", "06 12 34", "00 12", "06 12 34 56 78 90", "appelez-moi", "+3", ""])
def test_phone_numbers_refused(typed: str) -> None:
    with pytest.raises(Invalid, match="numéro"):
        clean_phone(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [(" lea@exemple.fr ", "lea@exemple.fr"), ("Lea.M+bot@Sub.Exemple.FR", "Lea.M+bot@sub.exemple.fr")],
)
def test_emails_accepted(typed: str, stored: str) -> None:
    assert clean_email(typed) == stored


@pytest.mark.parametrize(
    "typed", ["lea", "lea@", "@exemple.fr", "lea@exemple", "lea @exemple.fr", "lea..m@exemple.fr", "a@b.c"]
)
def test_emails_refused(typed: str) -> None:
    with pytest.raises(Invalid, match="e-mail"):
        clean_email(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://monblog.fr/a?b=1&c=2", "https://monblog.fr/a?b=1&c=2"),
        ("monblog.fr/article", "https://monblog.fr/article"),
        ("http://café.fr/été", "http://café.fr/été"),
    ],
)
def test_sample_links_accepted(typed: str, stored: str) -> None:
    assert clean_url(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["mon blog", "ftp://monblog.fr/a", "https://localhost/a", "https://1.2.3.4/", "https://a b.fr",
     "javascript:alert(1)", "https://monblog.fr:99999/", "https://" + "a" * 2050 + ".fr"],
)  # fmt: skip
def test_sample_links_refused(typed: str) -> None:
    with pytest.raises(Invalid, match="https://"):
        clean_url(typed)


def test_names_and_free_texts() -> None:
    assert clean_text(Step.FIRST_NAME, "  Jean-Pierre \n", SETTINGS) == "Jean-Pierre"
    assert clean_text(Step.LAST_NAME, "O'Brien & Fils", SETTINGS) == "O'Brien & Fils"
    for bad in ("123", "   ", "Léa 😀", "https://x.fr", "a" * 61):
        with pytest.raises(Invalid):
            clean_text(Step.FIRST_NAME, bad, SETTINGS)
    with pytest.raises(Invalid, match="au moins 30"):
        clean_text(Step.MOTIVATION, "Parce que.", SETTINGS)
    with pytest.raises(Invalid, match="1500 caractères au plus"):
        clean_text(Step.EXPERIENCE, "x" * 1501, SETTINGS)
    with pytest.raises(Invalid):
        clean_text(Step.CONSENT, "oui", SETTINGS)  # a button question


def test_steps_follow_the_form_and_edits_return_to_the_summary() -> None:
    assert next_step(Step.FIRST_NAME, {}, SETTINGS) == Step.LAST_NAME
    assert next_step(Step.SAMPLE, {}, SETTINGS) == Step.CONSENT
    assert next_step(Step.CONSENT, {}, SETTINGS) == Step.REVIEW
    assert next_step(Step.EMAIL, {"editing": True}, SETTINGS) == Step.REVIEW


def test_settings_are_validated_with_the_key_named() -> None:
    custom = VolunteerSettings.from_mapping(
        {"sections": ["BD", "sport"], "privacy_url": "https://exemple.fr/vie-privee", "draft_hours": 5}
    )
    assert custom.sections == ("BD", "sport") and custom.draft_hours == 5
    assert "Bravo Léa" in VolunteerSettings.from_mapping(
        {"accepted_text": "Bravo {first_name}"}
    ).decision_text(accepted=True, first_name="Léa")
    bad = {
        "sections": [],
        "privacy_url": "exemple.fr",
        "draft_hours": 0,
        "refused_text": "Bonjour {nom}",
        "accepted_text": "{",
        "motivation_max_chars": 5000,
        "colour": "bleu",
    }
    for key, value in bad.items():
        with pytest.raises(ConfigError, match=key if key != "colour" else "unknown"):
            VolunteerSettings.from_mapping({key: value})
    with pytest.raises(ConfigError, match="experience_min_chars"):
        VolunteerSettings.from_mapping({"experience_min_chars": 50, "experience_max_chars": 40})
    with pytest.raises(ConfigError, match="repeat"):
        VolunteerSettings.from_mapping({"sections": ["Tech", "tech"]})


def test_callback_data_round_trips_and_refuses_forgeries() -> None:
    actions: list[callbacks.CallbackAction] = [
        callbacks.FormButton(2**62, "section", 19),
        callbacks.DecideApplication(2**62, accept=False),
        callbacks.ListApplications("withdrawn", 10**6),
        callbacks.ShowApplication(7),
        callbacks.DeleteMyData(confirm=True),
    ]
    for action in actions:
        data = callbacks.encode(action)
        assert len(data.encode()) <= 64 and callbacks.parse(data) == action
    for forged in ("v:1:z:0", "v:1:t", "ad:1:2", "al:q:0", "as:x", "pd:yes", "v:-1:t:0"):
        assert callbacks.parse(forged) is None, forged


@settings(max_examples=40, deadline=None)
@given(
    experience=st.text(min_size=0, max_size=4000),
    motivation=st.text(alphabet="😀<&é a", min_size=0, max_size=4000),
)
def test_answers_always_fit_in_one_message(experience: str, motivation: str) -> None:
    answers = {"first_name": "<" * 100, "last_name": "&" * 100, "email": "a@b.fr", "sections": ["tech"] * 20,
               "sample_url": "https://x.fr/" + "a" * 2000, "experience": experience,
               "motivation": motivation}  # fmt: skip
    html = answers_html(answers)
    visible = html.replace("<b>", "").replace("</b>", "").replace("&lt;", "<").replace("&gt;", ">")
    visible = visible.replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&")
    assert units(visible) <= 3800 + 40


def test_cut_counts_utf16_units() -> None:
    assert cut("😀" * 10, 5) == "😀😀…"
    assert cut("court", 10) == "court"


def test_consent_links_the_privacy_notice_when_configured() -> None:
    with_link = texts.consent(9, 9, privacy_url="https://exemple.fr/vie-privee?a=1&b=2", retention_days=30)
    assert (
        '<a href="https://exemple.fr/vie-privee?a=1&amp;b=2">Notre politique de confidentialité</a>'
        in with_link
    )
    assert "effacée 30 jours après" in with_link and "/mesdonnees" in with_link
    assert "<a " not in texts.consent(9, 9, privacy_url="", retention_days=30)
