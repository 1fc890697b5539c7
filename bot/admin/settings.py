"""The ``[admin]`` section of config.toml: flood thresholds, error-report throttling, stats options."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from summarizer.settings import ConfigError

# Lowest accepted value of each setting; 0 for flood_messages turns flood control off.
_MINIMUM = {"flood_messages": 0}
_MAXIMUM = {"stats_top_sites": 20, "journal_page_size": 30}


@dataclass(frozen=True, slots=True)
class AdminSettings:
    flood_messages: int = 8  # a reader sending more than this many messages...
    flood_seconds: int = 10  # ...within this many seconds is slowed down (0 messages: off)
    flood_cooldown_seconds: int = 30  # how long their messages are then ignored
    alert_window_seconds: int = 600  # error reports: same error counted, not re-sent, within this window
    alert_max_per_window: int = 5  # at most this many error reports per window, all errors together
    ban_cache_seconds: int = 60  # bans made outside this process are seen after at most this long
    ban_check_seconds: int = 60  # how often temporary bans that have ended are lifted
    stats_top_sites: int = 5  # sites listed by /stats
    journal_page_size: int = 10  # audit entries per /journal page

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> AdminSettings:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"[admin] unknown setting(s): {', '.join(unknown)}")
        values: dict[str, int] = {}
        for name, value in data.items():
            minimum = _MINIMUM.get(name, 1)
            if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                raise ConfigError(f"[admin] {name} must be an integer >= {minimum}, got {value!r}")
            if name in _MAXIMUM and value > _MAXIMUM[name]:
                raise ConfigError(f"[admin] {name} must be at most {_MAXIMUM[name]}, got {value!r}")
            values[name] = value
        return cls(**values)
