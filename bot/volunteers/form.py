"""The form's questions and the checks of each answer: pure functions, no Telegram, no database.

A draft's progress is ``(step, answers)``: ``step`` is the question being asked, ``answers`` the
cleaned values so far (JSON). ``EDITING`` in the answers means the user came from the summary to
change one field, so the next step is the summary again.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from urllib.parse import urlsplit

from bot import texts
from bot.volunteers.settings import VolunteerSettings
from storage.repos.applications import ApplicationFields

EDITING = "editing"
CONSENT_AT = "consent_at"
AGE_LIMIT = (10, 99)  # an age outside this is a typo


class Step(StrEnum):
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    EMAIL = "email"
    PHONE = "phone"
    SECTIONS = "sections"
    EXPERIENCE = "experience"
    MOTIVATION = "motivation"
    SAMPLE = "sample_url"
    CONSENT = "consent"
    REVIEW = "review"
    # Questions a site may add ([volunteers] questions); after REVIEW so older buttons keep their index.
    AVAILABILITY = "availability"
    PEN_NAME = "pen_name"
    CITY = "city"
    AGE = "age"
    FOUND_VIA = "found_via"


STEPS = tuple(Step)  # a button names a step by its index here, stable across configurations
BUTTON_STEPS = (Step.SECTIONS, Step.CONSENT, Step.REVIEW)  # answered with buttons, not text


def questions(settings: VolunteerSettings) -> tuple[Step, ...]:
    """The questions this site asks, in its order (config.toml)."""
    return tuple(Step(name) for name in settings.questions)


def order(settings: VolunteerSettings) -> tuple[Step, ...]:
    """Every step of the form: the questions, the consent, then the summary."""
    return (*questions(settings), Step.CONSENT, Step.REVIEW)


def is_optional(step: Step, settings: VolunteerSettings) -> bool:
    return step in settings.optional


class Invalid(ValueError):
    """The answer does not fit; ``str(error)`` is the French guidance shown before the question again."""


def parse_step(value: str | None, settings: VolunteerSettings) -> Step:
    """The stored step, or the first question if it is unknown or no longer asked (config changed)."""
    try:
        step = Step(value or settings.questions[0])
    except ValueError:
        step = Step(settings.questions[0])  # a step name from an older version of the form
    return step if step in order(settings) else first_missing({}, settings)


def next_step(step: Step, answers: dict[str, object], settings: VolunteerSettings) -> Step:
    if answers.get(EDITING) or step == Step.REVIEW:
        return Step.REVIEW
    steps = order(settings)
    return steps[steps.index(step) + 1] if step in steps else first_missing(answers, settings)


def first_missing(answers: dict[str, object], settings: VolunteerSettings) -> Step:
    """The first required question without an answer (a form changed between versions), else
    the consent."""
    for step in questions(settings):
        if step not in settings.optional and not answers.get(step):
            return step
    return Step.CONSENT


EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$"
)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
BARE_HOST = re.compile(r"^[\w-]+(\.[\w-]+)+(/|$)")  # "monblog.fr/article" as people type it
URL_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def clean_name(text: str, settings: VolunteerSettings) -> str:
    name = _one_line(text)
    if not name or not any(ch.isalpha() for ch in name):
        raise Invalid(texts.INVALID_NAME)
    if len(name) > settings.name_max_chars:
        raise Invalid(texts.too_long(settings.name_max_chars))
    if any(unicodedata.category(ch).startswith(("C", "S")) for ch in name) or "://" in name or "@" in name:
        raise Invalid(texts.INVALID_NAME_SYMBOLS)
    return name


def clean_email(text: str) -> str:
    email = text.strip()
    if len(email) > 254 or not EMAIL.match(email) or ".." in email:
        raise Invalid(texts.INVALID_EMAIL)
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def clean_phone(text: str) -> str:
    """French numbers (06 12 34 56 78, 06.12…, +33 6…, 0033 6…) and +international, kept readable."""
    raw = text.strip()
    if not re.fullmatch(r"[+0-9 .\-()/]{6,32}", raw):
        raise Invalid(texts.INVALID_PHONE)
    digits = re.sub(r"\D", "", raw.replace("(0)", ""))
    if raw.startswith("00"):
        raw, digits = "+" + raw[2:], digits[2:]
    if raw.startswith("+"):
        if digits.startswith("33") and len(digits) == 11 and digits[2] != "0":
            return "+33 " + digits[2] + " " + " ".join(digits[i : i + 2] for i in range(3, 11, 2))
        if 8 <= len(digits) <= 15:
            return "+" + digits
    elif len(digits) == 10 and digits.startswith("0") and digits[1] != "0":
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    raise Invalid(texts.INVALID_PHONE)


def clean_url(text: str) -> str:
    url = text.strip()
    if not SCHEME.match(url) and BARE_HOST.match(url):
        url = "https://" + url
    bad = Invalid(texts.INVALID_URL)
    if len(url) > 2048 or any(ch.isspace() for ch in url):
        raise bad
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError on a malformed port
        host = (parts.hostname or "").rstrip(".").encode("idna").decode()
    except (ValueError, UnicodeError):
        raise bad from None
    if parts.scheme.lower() not in ("http", "https") or not URL_HOST.match(host):
        raise bad
    return url


def _length(text: str, low: int, high: int) -> str:
    value = text.strip()
    if len(value) < low:
        raise Invalid(texts.too_short(low, len(value)))
    if len(value) > high:
        raise Invalid(texts.too_long(high, len(value)))
    return value


# What the experience question invites ("Vous débutez ? Dites-le"): short, but a real answer.
BEGINNER = re.compile(
    r"\b(debut\w*|commence\w*|aucune?|rien|jamais|novice|zero|pas encore|pas d'?experience|premiere fois)\b"
    r"|^(non|0)$"
)


def _plain(text: str) -> str:
    """Lower case, without accents or surrounding punctuation: how beginners' words are matched."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip(" .!…-")


def clean_experience(text: str, settings: VolunteerSettings) -> str:
    value = _one_line(text) if "\n" not in text.strip() else text.strip()
    if len(value) < settings.experience_min_chars and BEGINNER.search(_plain(value)):
        return value
    return _length(text, settings.experience_min_chars, settings.experience_max_chars)


def clean_availability(text: str) -> str:
    """Hours a week, as people say it ("3 h", "2 à 4 heures", "5h le week-end"): a number, one line."""
    value = _one_line(text)
    if not any(ch.isdigit() for ch in value) or len(value) > 60:
        raise Invalid(texts.INVALID_AVAILABILITY)
    return value


def clean_age(text: str) -> int:
    found = re.fullmatch(r"\s*(\d{1,3})\s*(ans?)?\s*\.?\s*", text.lower())
    if found is None or not AGE_LIMIT[0] <= int(found.group(1)) <= AGE_LIMIT[1]:
        raise Invalid(texts.INVALID_AGE)
    return int(found.group(1))


def clean_text(step: Step, text: str, settings: VolunteerSettings) -> str:
    """The cleaned answer to a text question, or ``Invalid`` with the guidance."""
    match step:
        case Step.FIRST_NAME | Step.LAST_NAME:
            return clean_name(text, settings)
        case Step.EMAIL:
            return clean_email(text)
        case Step.PHONE:
            return clean_phone(text)
        case Step.SAMPLE:
            return clean_url(text)
        case Step.EXPERIENCE:
            return clean_experience(text, settings)
        case Step.PEN_NAME | Step.CITY:
            return clean_name(text, settings)
        case Step.AVAILABILITY:
            return clean_availability(text)
        case Step.AGE:
            return str(clean_age(text))
        case Step.FOUND_VIA:
            return _length(_one_line(text), 2, 200)
        case Step.MOTIVATION:
            return _length(text, settings.motivation_min_chars, settings.motivation_max_chars)
    raise Invalid(texts.FORM_USE_BUTTONS)


def toggle_section(answers: dict[str, object], name: str, sections: tuple[str, ...]) -> list[str]:
    """The chosen sections after (un)ticking ``name``, in the config's order."""
    chosen = {str(s) for s in _list(answers.get("sections"))}
    chosen.symmetric_difference_update({name})
    return [s for s in sections if s in chosen]


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def to_fields(answers: dict[str, object]) -> ApplicationFields:
    """The submitted fields from a complete set of answers (``KeyError`` if a required one is missing)."""

    def optional(key: str) -> str | None:
        value = answers.get(key)
        return str(value) if value else None

    age = optional("age")
    return ApplicationFields(
        first_name=str(answers["first_name"]),
        email=str(answers["email"]),
        last_name=optional("last_name"),
        motivation=optional("motivation"),
        experience=optional("experience"),
        phone=optional("phone"),
        sections=tuple(str(s) for s in _list(answers.get("sections"))),
        sample_url=optional("sample_url"),
        availability=optional("availability"),
        pen_name=optional("pen_name"),
        city=optional("city"),
        age=int(age) if age and age.isdigit() else None,
        found_via=optional("found_via"),
    )
