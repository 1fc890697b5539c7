"""The ``[feeds]`` section of config.toml: which feeds to watch, how often, whether to skip review."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from bot.broadcast.settings import check_keys, number, whole
from summarizer.settings import ConfigError

SECTION = "feeds"


@dataclass(frozen=True, slots=True)
class FeedsSettings:
    urls: tuple[str, ...] = ()  # feeds always watched (admins add more with /flux_ajouter)
    interval_seconds: float = 900.0  # time between two polls of a healthy feed
    auto_publish: bool = False  # publish new items without review (else: moderation queue)
    alert_after_failures: int = 3  # admins are told once a feed failed this many times in a row
    max_backoff: int = 16  # a failing feed waits interval × 2^failures, at most interval × this
    max_new_items: int = 10  # new items taken per poll; more are marked seen (a reshuffled feed)
    max_bytes: int = 2_000_000  # largest feed accepted
    max_items_per_poll: int = 1000  # items of one poll stored at most (the feed's first ones, newest)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Self:
        check_keys(SECTION, data, cls)
        values: dict[str, Any] = {}
        urls = data.get("urls", [])
        if not isinstance(urls, list) or not all(isinstance(u, str) and u.strip() for u in urls):
            raise ConfigError(f"[{SECTION}] urls must be a list of feed addresses")
        bad = [u for u in urls if not u.strip().lower().startswith(("http://", "https://"))]
        if bad:
            raise ConfigError(f"[{SECTION}] urls: {bad[0]!r} is not an http(s) address")
        values["urls"] = tuple(dict.fromkeys(u.strip() for u in urls))
        if "auto_publish" in data:
            if not isinstance(data["auto_publish"], bool):
                raise ConfigError(f"[{SECTION}] auto_publish must be true or false")
            values["auto_publish"] = data["auto_publish"]
        if "interval_seconds" in data:
            values["interval_seconds"] = number(
                "interval_seconds", data["interval_seconds"], minimum=0.05, maximum=86_400, section=SECTION
            )
        limits = (("alert_after_failures", 1000), ("max_backoff", 1000), ("max_new_items", 1000),
                  ("max_items_per_poll", 1_000_000))  # fmt: skip
        for name, top in limits:
            if name in data:
                values[name] = whole(name, data[name], minimum=1, maximum=top, section=SECTION)
        if "max_bytes" in data:
            values["max_bytes"] = whole("max_bytes", data["max_bytes"], minimum=1000, maximum=50_000_000,
                                        section=SECTION)  # fmt: skip
        return cls(**values)
