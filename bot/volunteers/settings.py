"""The ``[volunteers]`` section of config.toml: form sections, lengths, lifetimes and decision texts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from string import Formatter
from typing import Any, Self

from summarizer.settings import ConfigError

DEFAULT_SECTIONS = ("séries", "cinéma", "musique", "jeux vidéo", "tech", "société", "people", "autre")
TEXT_COLUMN_LIMIT = 4000  # storage: experience and motivation columns
NAME_COLUMN_LIMIT = 100
PLACEHOLDERS = {"first_name"}  # what the decision texts may use, e.g. "Bonjour {first_name} !"

DEFAULT_ACCEPTED = (
    "Bonne nouvelle, {first_name} : votre candidature est acceptée ! 🎉\n"
    "Bienvenue dans l'équipe de rédaction. On a hâte de vous lire."
)
DEFAULT_REFUSED = (
    "Bonjour {first_name}, merci d'avoir pris le temps de postuler. 🙏\n"
    "Nous ne pouvons pas donner suite pour le moment, mais la porte reste ouverte : "
    "n'hésitez pas à retenter votre chance plus tard."
)
DEFAULT_NEXT_STEP = "Un membre de l'équipe va vous contacter très vite pour la suite."

# The form's questions: today's, in their order, then those a site may add (config.toml).
DEFAULT_QUESTIONS = (
    "first_name", "last_name", "email", "phone", "sections", "experience", "motivation", "sample_url",
)  # fmt: skip
EXTRA_QUESTIONS = ("availability", "pen_name", "city", "age", "found_via")
ALL_QUESTIONS = DEFAULT_QUESTIONS + EXTRA_QUESTIONS
REQUIRED_QUESTIONS = ("first_name", "email")  # how the team addresses and reaches the applicant
DEFAULT_OPTIONAL = ("phone", "sample_url")


@dataclass(frozen=True, slots=True)
class VolunteerSettings:
    questions: tuple[str, ...] = DEFAULT_QUESTIONS  # asked in this order
    optional: tuple[str, ...] = DEFAULT_OPTIONAL  # these get a "Passer" button
    minimum_age: int = 0  # younger applicants are turned away kindly (0: no minimum)
    guardian_below_age: int = 18  # younger applicants need a parent's agreement (0: nobody)
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    notify_moderators: bool = True  # new applications also go to each moderator privately
    reminder_days: int = 3  # the team is reminded of an application waiting this long (0: never)
    warn_missing_links: bool = True  # owners are told once at start-up if privacy_url/next_step_url is empty
    privacy_url: str = ""  # the site's privacy notice, linked from the consent question
    name_max_chars: int = 60
    experience_min_chars: int = 10
    experience_max_chars: int = 1500
    motivation_min_chars: int = 30
    motivation_max_chars: int = 1500
    draft_hours: int = 72  # a form left untouched this long is deleted
    refused_retention_days: int = 30  # refused applications are deleted this long after the decision
    accepted_text: str = DEFAULT_ACCEPTED
    refused_text: str = DEFAULT_REFUSED
    next_step_text: str = DEFAULT_NEXT_STEP  # sent to accepted applicants after accepted_text
    next_step_url: str = ""  # optional invitation link (team group, form…) shown as a button

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Self:
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        if unknown:
            raise ConfigError(f"[volunteers] unknown setting(s): {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name == "sections":
                values[name] = _sections(value)
            elif name in ("questions", "optional"):
                values[name] = _questions(name, value)
            elif name in ("notify_moderators", "warn_missing_links"):
                values[name] = _bool(name, value)
            elif name in ("minimum_age", "guardian_below_age", "reminder_days"):
                values[name] = _age(name, value)
            elif name in ("privacy_url", "next_step_url"):
                values[name] = _optional_url(name, value)
            elif name.endswith("_text"):
                values[name] = _text(name, value)
            else:
                values[name] = _int(name, value)
        settings = cls(**values)
        settings.check_lengths()
        return settings

    def check_questions(self) -> None:
        missing = [name for name in REQUIRED_QUESTIONS if name not in self.questions]
        if missing:
            raise ConfigError(f"[volunteers] questions must include {', '.join(missing)}")
        if not set(self.optional) <= set(self.questions):
            extra = sorted(set(self.optional) - set(self.questions))
            raise ConfigError(f"[volunteers] optional lists questions that are not asked: {', '.join(extra)}")
        if set(self.optional) & set(REQUIRED_QUESTIONS):
            raise ConfigError("[volunteers] first_name and email cannot be optional")

    def check_lengths(self) -> None:
        self.check_questions()
        if self.name_max_chars > NAME_COLUMN_LIMIT:
            raise ConfigError(f"[volunteers] name_max_chars must be at most {NAME_COLUMN_LIMIT}")
        for kind in ("experience", "motivation"):
            low, high = getattr(self, f"{kind}_min_chars"), getattr(self, f"{kind}_max_chars")
            if low >= high:
                raise ConfigError(f"[volunteers] {kind}_min_chars must be smaller than {kind}_max_chars")
            if high > TEXT_COLUMN_LIMIT:
                raise ConfigError(f"[volunteers] {kind}_max_chars must be at most {TEXT_COLUMN_LIMIT}")

    def decision_text(self, *, accepted: bool, first_name: str) -> str:
        """The applicant's message (plain text, the caller escapes it)."""
        template = self.accepted_text if accepted else self.refused_text
        text = template.format(first_name=first_name)
        if accepted and self.next_step_text:
            text += "\n\n" + self.next_step_text
        return text


def _int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"[volunteers] {name} must be an integer >= 1, got {value!r}")
    return value


def _questions(name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"[volunteers] {name} must be a list of question names")
    unknown = [item for item in value if item not in ALL_QUESTIONS]
    if unknown:
        known = ", ".join(ALL_QUESTIONS)
        raise ConfigError(f"[volunteers] {name}: unknown question(s) {', '.join(unknown)} (known: {known})")
    if len(set(value)) != len(value):
        raise ConfigError(f"[volunteers] {name} must not repeat a question")
    return tuple(value)


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"[volunteers] {name} must be true or false, got {value!r}")
    return value


def _age(name: str, value: Any) -> int:
    """An age, or a number of days, where 0 turns the rule off."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 99:
        raise ConfigError(f"[volunteers] {name} must be a whole number from 0 (off) to 99, got {value!r}")
    return value


def _sections(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or len(value) > 20:
        raise ConfigError("[volunteers] sections must be a list of 1 to 20 names")
    names = tuple(str(item).strip() for item in value)
    if not all(isinstance(item, str) and 0 < len(item.strip()) <= 40 for item in value):
        raise ConfigError("[volunteers] sections must be non-empty names of at most 40 characters")
    if len({name.casefold() for name in names}) != len(names):
        raise ConfigError("[volunteers] sections must not repeat a name")
    return names


def _optional_url(name: str, value: Any) -> str:
    if value == "":
        return ""
    if not isinstance(value, str) or not re.match(r"^(https?|tg)://[^\s]+$", value.strip()):
        raise ConfigError(f"[volunteers] {name} must be an http(s):// or tg:// link, got {value!r}")
    return value.strip()


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str) or len(value) > 1500:
        raise ConfigError(f"[volunteers] {name} must be a text of at most 1500 characters")
    try:
        used = {field for _, field, _, _ in Formatter().parse(value) if field is not None}
    except ValueError as exc:
        raise ConfigError(f"[volunteers] {name}: {exc} (write {{{{ and }}}} for braces)") from None
    if used - PLACEHOLDERS:
        raise ConfigError(f"[volunteers] {name} may only use {{first_name}}, found {sorted(used)}")
    if name != "next_step_text" and not value.strip():
        raise ConfigError(f"[volunteers] {name} must not be empty")
    return value
