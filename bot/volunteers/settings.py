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


@dataclass(frozen=True, slots=True)
class VolunteerSettings:
    sections: tuple[str, ...] = DEFAULT_SECTIONS
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
            elif name in ("privacy_url", "next_step_url"):
                values[name] = _optional_url(name, value)
            elif name.endswith("_text"):
                values[name] = _text(name, value)
            else:
                values[name] = _int(name, value)
        settings = cls(**values)
        settings.check_lengths()
        return settings

    def check_lengths(self) -> None:
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
