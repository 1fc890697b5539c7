"""The ``[logging]`` and ``[ops]`` sections of config.toml.

``LOG_LEVEL`` and ``LOG_FORMAT`` override ``[logging]`` (handy in a container's ``.env``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal, Self

from summarizer.settings import ConfigError

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _check_keys(section: str, data: Mapping[str, Any], cls: type) -> None:
    unknown = sorted(set(data) - {f.name for f in fields(cls)})
    if unknown:
        raise ConfigError(f"[{section}] unknown setting(s): {', '.join(unknown)}")


@dataclass(frozen=True, slots=True)
class LoggingSettings:
    format: Literal["text", "json"] = "text"  # "json": one JSON object a line, for log collectors
    level: str = "INFO"

    @property
    def level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.level]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], env: Mapping[str, str]) -> Self:
        _check_keys("logging", data, cls)
        fmt = env.get("LOG_FORMAT") or data.get("format", "text")
        if fmt not in ("text", "json"):
            name = "LOG_FORMAT" if env.get("LOG_FORMAT") else "[logging] format"
            raise ConfigError(f'{name} must be "text" or "json", got {fmt!r}')
        level = env.get("LOG_LEVEL") or data.get("level", "INFO")
        if not isinstance(level, str) or level.upper() not in LEVELS:
            name = "LOG_LEVEL" if env.get("LOG_LEVEL") else "[logging] level"
            raise ConfigError(f"{name} must be one of {', '.join(LEVELS)}, got {level!r}")
        return cls(format="json" if fmt == "json" else "text", level=level.upper())


@dataclass(frozen=True, slots=True)
class OpsSettings:
    """The operations endpoint (/healthz, /metrics); ``port = 0`` turns it off."""

    listen: str = "127.0.0.1"  # "0.0.0.0" to let Prometheus scrape from another host or container
    port: int = 0

    @property
    def enabled(self) -> bool:
        return self.port > 0

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Self:
        _check_keys("ops", data, cls)
        listen = data.get("listen", "127.0.0.1")
        if not isinstance(listen, str) or not listen.strip():
            raise ConfigError(f"[ops] listen must be an address such as 127.0.0.1, got {listen!r}")
        port = data.get("port", 0)
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ConfigError(f"[ops] port must be an integer from 0 (off) to 65535, got {port!r}")
        return cls(listen=listen.strip(), port=port)
