"""Typed settings of the database: the ``[database]`` section of config.toml plus ``DATABASE_URL``.

Storage must not import the engine or the bot, so it reads its own section here, following the same
pattern as ``summarizer.settings``: a frozen dataclass built by ``from_mapping`` with validation, and
unknown keys refused so a typo in config.toml is caught at start-up.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Self

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from storage.errors import DatabaseConfigError, InvalidDatabaseURL

DEFAULT_URL = "sqlite+aiosqlite:///data/bot.sqlite3"
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_SSLMODES = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}


def safe_url(url: str | URL) -> str:
    """The database URL for messages and logs: its password and every query value masked (``***``),
    like ``summarizer.fetch.loggable_url`` does for web addresses (``?password=…`` is a libpq way of
    passing one; storage cannot import the engine's helper)."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except ArgumentError:
        return "<unparsable URL>"
    base, mark, query = parsed.render_as_string(hide_password=True).partition("?")
    pairs = (part.partition("=") for part in query.split("&") if part)
    return base + mark + "&".join(f"{key}=***" if sep else "***" for key, sep, _ in pairs)


def normalize_database_url(raw: str) -> str:
    """Turn the usual ways of writing a database URL into one SQLAlchemy async URL.

    ``postgres://`` and ``postgresql://`` (any driver) become ``postgresql+asyncpg://`` and libpq's
    ``sslmode`` becomes asyncpg's ``ssl``; ``sqlite:///path`` and a bare file path become
    ``sqlite+aiosqlite:///path``. In-memory SQLite is refused: each connection would see its own
    empty database, so migrations would be lost.
    """
    text = raw.strip()
    if not text:
        raise InvalidDatabaseURL("the database URL is empty")
    if "://" not in text:
        text = "sqlite:///" + text
    try:
        url = make_url(text)
    except ArgumentError:
        scheme = text.split("://", 1)[0]
        raise InvalidDatabaseURL(f"not a valid database URL (scheme {scheme!r})") from None
    backend = url.get_backend_name()
    if backend in {"postgres", "postgresql"}:
        return _normalize_postgres(url)
    if backend == "sqlite":
        return _normalize_sqlite(url)
    raise InvalidDatabaseURL(f"unsupported database {backend!r}: use PostgreSQL or SQLite ({safe_url(url)})")


def _normalize_postgres(url: URL) -> str:
    url = url.set(drivername="postgresql+asyncpg")
    query = dict(url.query)
    if "sslmode" in query:
        mode = query.pop("sslmode")
        if not isinstance(mode, str) or mode not in _SSLMODES:
            raise InvalidDatabaseURL(f"unknown sslmode {mode!r} in the database URL")
        query.setdefault("ssl", mode)
    if url.port is not None and not 0 < url.port < 65536:
        raise InvalidDatabaseURL(f"invalid port in the database URL ({safe_url(url)})")
    return url.set(query=query).render_as_string(hide_password=False)


def _normalize_sqlite(url: URL) -> str:
    database = url.database or ""
    if database in {"", ":memory:"} or database.startswith("file::memory:"):
        raise InvalidDatabaseURL("in-memory SQLite is not supported: give a file path, e.g. data/bot.sqlite3")
    return url.set(drivername="sqlite+aiosqlite").render_as_string(hide_password=False)


def _number(name: str, value: Any, *, integer: bool = False, minimum: float = 0) -> None:
    kinds: tuple[type[int] | type[float], ...] = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or float(value) < minimum:
        kind = "an integer" if integer else "a number"
        raise DatabaseConfigError(f"[database] {name} must be {kind} >= {minimum:g}, got {value!r}")


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    url: str = DEFAULT_URL  # always normalised; DATABASE_URL wins over the file
    echo: bool = False  # log every SQL statement (debugging only)
    pool_size: int = 5  # connections kept open
    max_overflow: int = 10  # extra connections allowed under load
    pool_timeout: float = 30.0  # seconds to wait for a free connection
    pool_pre_ping: bool = True  # check a pooled connection before use (survives a server restart)
    connect_timeout: float = 10.0  # seconds to reach the server before DatabaseUnavailable
    busy_timeout: float = 30.0  # SQLite: seconds a writer waits for the lock instead of failing
    auto_upgrade: bool = True  # the bot applies pending migrations at start-up
    schema: str | None = None  # PostgreSQL: the schema to use (default: the server's search_path)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Self:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise DatabaseConfigError(f"[database] unknown setting(s): {', '.join(unknown)}")
        values = dict(data)
        environ = os.environ if env is None else env
        raw_url = environ.get("DATABASE_URL", "").strip() or values.get("url", DEFAULT_URL)
        if not isinstance(raw_url, str):
            raise DatabaseConfigError("[database] url must be a string")
        values["url"] = normalize_database_url(raw_url)
        for name in ("echo", "pool_pre_ping", "auto_upgrade"):
            if name in values and not isinstance(values[name], bool):
                raise DatabaseConfigError(f"[database] {name} must be true or false")
        for name in ("pool_size", "max_overflow"):
            if name in values:
                _number(name, values[name], integer=True, minimum=1 if name == "pool_size" else 0)
        for name in ("pool_timeout", "connect_timeout", "busy_timeout"):
            if name in values:
                _number(name, values[name], minimum=0.1)
                values[name] = float(values[name])
        schema = values.get("schema")
        if schema is not None:
            if not isinstance(schema, str) or not _IDENTIFIER.fullmatch(schema):
                raise DatabaseConfigError(f"[database] schema must be a plain identifier, got {schema!r}")
            if values["url"].startswith("sqlite"):
                raise DatabaseConfigError("[database] schema only applies to PostgreSQL")
        return cls(**values)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> Self:
        """The ``[database]`` section of config.toml (``BOT_CONFIG`` or ``./config.toml``) plus the env."""
        environ = os.environ if env is None else env
        explicit = path is not None or "BOT_CONFIG" in environ
        target = Path(path if path is not None else environ.get("BOT_CONFIG", "config.toml"))
        try:
            with target.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            if explicit:
                raise DatabaseConfigError(f"config file not found: {target}") from None
            data = {}
        except tomllib.TOMLDecodeError as exc:
            raise DatabaseConfigError(f"{target}: invalid TOML: {exc}") from None
        section = data.get("database", {})
        if not isinstance(section, dict):
            raise DatabaseConfigError("[database] must be a table")
        return cls.from_mapping(section, environ)
