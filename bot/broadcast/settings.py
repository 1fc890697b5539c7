"""The ``[broadcast]`` section of config.toml: how fast the sender drains the outbox, and when it gives up.

Telegram's documented limits are about 30 messages a second overall, one a second per chat and 20 a
minute per group or channel; the default global rate stays below 30 so interactive replies keep room.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Self

from summarizer.settings import ConfigError

SECTION = "broadcast"


def number(name: str, value: Any, *, minimum: float, maximum: float, section: str = SECTION) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not minimum <= value <= maximum:
        raise ConfigError(
            f"[{section}] {name} must be a number from {minimum:g} to {maximum:g}, got {value!r}"
        )
    return float(value)


def whole(name: str, value: Any, *, minimum: int, maximum: int, section: str = SECTION) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise ConfigError(f"[{section}] {name} must be an integer from {minimum} to {maximum}, got {value!r}")
    return value


def check_keys(section: str, data: Mapping[str, Any], cls: type) -> None:
    unknown = sorted(set(data) - {f.name for f in fields(cls)})
    if unknown:
        raise ConfigError(f"[{section}] unknown setting(s): {', '.join(unknown)}")


@dataclass(frozen=True, slots=True)
class BroadcastSettings:
    rate_per_second: float = 25.0  # messages a second, all chats together
    per_chat_interval: float = 1.0  # seconds between two messages to the same chat
    group_per_minute: int = 20  # messages a minute to one group or channel
    max_attempts: int = 5  # claims of one delivery (network errors, Telegram's waits) before "failed"
    retry_seconds: float = 2.0  # first backoff after a network error, doubled each time
    lease_seconds: float = 60.0  # a crashed sender's deliveries are taken up again after this
    max_in_flight: int = 8  # requests to Telegram at once, so the bot's own replies keep room
    progress_seconds: float = 3.0  # how often the admin's progress message is edited
    digest_items: int = 15  # articles listed at most in one daily digest
    digest_check_seconds: float = 60.0  # how often due digests are looked for

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Self:
        check_keys(SECTION, data, cls)
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name in ("group_per_minute", "max_attempts", "max_in_flight", "digest_items"):
                values[name] = whole(name, value, minimum=1, maximum=1000)
            elif name == "rate_per_second":
                values[name] = number(name, value, minimum=0.1, maximum=10_000)
            else:
                values[name] = number(name, value, minimum=0.01, maximum=86_400)
        return cls(**values)
