"""The ``[broadcast]`` section of config.toml: how the sender drains the outbox, and when it gives up.

The sender takes its turns from the bot's one sending gate (``[sending]``: Telegram's limits, replies
first); ``allow_paid_broadcast`` lets it use Telegram's paid lane instead (up to 1,000 a second).
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


def flag(name: str, value: Any, *, section: str = SECTION) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"[{section}] {name} must be true or false, got {value!r}")
    return value


def check_keys(section: str, data: Mapping[str, Any], cls: type) -> None:
    unknown = sorted(set(data) - {f.name for f in fields(cls)})
    if unknown:
        raise ConfigError(f"[{section}] unknown setting(s): {', '.join(unknown)}")


@dataclass(frozen=True, slots=True)
class BroadcastSettings:
    allow_paid_broadcast: bool = False  # Telegram's paid lane: up to paid_per_second, charged in Stars
    paid_per_second: float = 1000.0  # the paid lane's rate (Telegram allows 1,000)
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
            if name in ("max_attempts", "max_in_flight", "digest_items"):
                values[name] = whole(name, value, minimum=1, maximum=1000)
            elif name == "allow_paid_broadcast":
                values[name] = flag(name, value)
            elif name == "paid_per_second":
                values[name] = number(name, value, minimum=1, maximum=1000)
            else:
                values[name] = number(name, value, minimum=0.01, maximum=86_400)
        return cls(**values)
