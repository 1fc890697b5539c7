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


ORDER = tuple(Step)
OPTIONAL = (Step.PHONE, Step.SAMPLE)  # a "Passer" button
BUTTON_STEPS = (Step.SECTIONS, Step.CONSENT, Step.REVIEW)  # answered with buttons, not text
EDITABLE = (
    Step.FIRST_NAME,
    Step.LAST_NAME,
    Step.EMAIL,
    Step.PHONE,
    Step.SECTIONS,
    Step.EXPERIENCE,
    Step.MOTIVATION,
    Step.SAMPLE,
)


class Invalid(ValueError):
    """The answer does not fit; ``str(error)`` is the French guidance shown before the question again."""


def parse_step(value: str | None) -> Step:
    try:
        return Step(value or Step.FIRST_NAME)
    except ValueError:
        return Step.FIRST_NAME  # a step name from an older version of the form: start over safely


def next_step(step: Step, answers: dict[str, object]) -> Step:
    if answers.get(EDITING) or step == Step.REVIEW:
        return Step.REVIEW
    return ORDER[ORDER.index(step) + 1]


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
    """The submitted fields from a complete set of answers (``KeyError`` if one is missing)."""

    def optional(key: str) -> str | None:
        value = answers.get(key)
        return str(value) if value else None

    return ApplicationFields(
        first_name=str(answers["first_name"]),
        last_name=str(answers["last_name"]),
        email=str(answers["email"]),
        motivation=str(answers["motivation"]),
        experience=optional("experience"),
        phone=optional("phone"),
        sections=tuple(str(s) for s in _list(answers.get("sections"))),
        sample_url=optional("sample_url"),
    )
