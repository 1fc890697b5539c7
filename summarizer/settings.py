"""Typed settings of the engine: the ``[fetch]`` and ``[summarizer]`` sections of config.toml.

The engine must not import the bot, so each section knows how to build itself from a plain
mapping (one TOML table) with validation; ``bot.config`` composes them into the application's one
config object. Unknown keys are errors, so a typo in config.toml is caught at start-up.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Self


class ConfigError(ValueError):
    """A setting is missing, misspelt or out of range. The message says which and why."""


def _check_keys(section: str, data: Mapping[str, Any], cls: type) -> None:
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"[{section}] unknown setting(s): {', '.join(unknown)}")


def _positive(section: str, name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"[{section}] {name} must be a positive number, got {value!r}")


def env_flag(name: str, env: Mapping[str, str] | None = None) -> bool:
    value = (os.environ if env is None else env).get(name, "").strip().lower()
    return value in {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class FetchSettings:
    user_agent: str = "ResumeBot/0.1 (+https://t.me/resume_bot; bot de résumés d'articles)"
    connect_timeout: float = 5.0
    total_timeout: float = 15.0
    max_bytes: int = 5_000_000  # counted after decompression
    max_redirects: int = 5
    allowed_content_types: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain")
    per_host_limit: int = 4  # requests at once to the same host
    allow_private_networks: bool = False  # only FETCH_ALLOW_PRIVATE_NETWORKS=1 sets it (local tests)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Self:
        _check_keys("fetch", data, cls)
        values = dict(data)
        if "allowed_content_types" in values:
            types = values["allowed_content_types"]
            if not isinstance(types, list) or not all(isinstance(t, str) and "/" in t for t in types):
                raise ConfigError("[fetch] allowed_content_types must be a list of media types")
            values["allowed_content_types"] = tuple(t.lower() for t in types)
        if "allow_private_networks" in values:
            raise ConfigError(
                "[fetch] allow_private_networks cannot be set in the file; "
                "use FETCH_ALLOW_PRIVATE_NETWORKS=1 for local testing"
            )
        values["allow_private_networks"] = env_flag("FETCH_ALLOW_PRIVATE_NETWORKS", env)
        for name in ("connect_timeout", "total_timeout", "max_bytes", "per_host_limit"):
            if name in values:
                _positive("fetch", name, values[name])
        if "max_redirects" in values and (
            not isinstance(values["max_redirects"], int) or not 0 <= values["max_redirects"] <= 10
        ):
            raise ConfigError("[fetch] max_redirects must be an integer from 0 to 10")
        return cls(**values)


MAX_SUMMARY_SENTENCES = 10  # a summary is short by definition; storage accepts lengths 1 to 10


@dataclass(frozen=True, slots=True)
class SummarizerSettings:
    sentences: int = 3  # default summary length
    min_sentences: int = 1
    max_sentences: int = 7  # what "longer" may reach
    min_words: int = 25  # below this a text is too short to summarize (a brief above it is shown whole)
    max_chars: int = 300_000  # longer texts are cut before ranking (cost stays bounded)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Self:
        _check_keys("summarizer", data, cls)
        for name, value in data.items():
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ConfigError(f"[summarizer] {name} must be a positive integer, got {value!r}")
        settings = cls(**data)
        if not settings.min_sentences <= settings.sentences <= settings.max_sentences:
            raise ConfigError("[summarizer] need min_sentences <= sentences <= max_sentences")
        if settings.max_sentences > MAX_SUMMARY_SENTENCES:
            raise ConfigError(f"[summarizer] max_sentences can be at most {MAX_SUMMARY_SENTENCES}")
        return settings


def read_toml(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Read config.toml (``BOT_CONFIG`` or ``./config.toml``); a missing default file means defaults."""
    explicit = path is not None or "BOT_CONFIG" in os.environ
    target = Path(path if path is not None else os.environ.get("BOT_CONFIG", "config.toml"))
    try:
        with target.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"config file not found: {target}") from None
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{target}: invalid TOML: {exc}") from None


def load_engine_settings(
    path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> tuple[FetchSettings, SummarizerSettings]:
    """The engine's two sections, for the CLI and benchmarks (the bot goes through bot.config)."""
    data = read_toml(path)
    return (
        FetchSettings.from_mapping(data.get("fetch", {}), env),
        SummarizerSettings.from_mapping(data.get("summarizer", {})),
    )
