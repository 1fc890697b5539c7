"""The ``[replicas]`` section of config.toml: where per-user limits live, and the singleton lease."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

from summarizer.settings import ConfigError

SharedState = Literal["auto", "memory", "database"]


@dataclass(frozen=True, slots=True)
class ReplicaSettings:
    # Where the summary quota and flood control count: "memory" (each process alone), "database"
    # (shared by every replica), or "auto": the database on PostgreSQL, memory on SQLite.
    shared_state: SharedState = "auto"
    lease_seconds: float = 30.0  # a dead replica's singleton jobs (feeds, digests, purges) move after this

    def shared(self, dialect: str) -> bool:
        """Whether the limits are counted in the database for a database of this dialect."""
        return self.shared_state == "database" or (self.shared_state == "auto" and dialect == "postgresql")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ReplicaSettings:
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        if unknown:
            raise ConfigError(f"[replicas] unknown setting(s): {', '.join(unknown)}")
        state = data.get("shared_state", "auto")
        if state not in ("auto", "memory", "database"):
            choices = '"auto", "memory" or "database"'
            raise ConfigError(f"[replicas] shared_state must be {choices}, got {state!r}")
        lease = data.get("lease_seconds", 30.0)
        if isinstance(lease, bool) or not isinstance(lease, int | float) or not 5 <= lease <= 3600:
            raise ConfigError(f"[replicas] lease_seconds must be from 5 to 3600 seconds, got {lease!r}")
        return cls(shared_state=state, lease_seconds=float(lease))
