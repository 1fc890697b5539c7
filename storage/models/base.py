"""Declarative base, shared column types and the enumerations stored as short strings.

Statuses are plain strings guarded by CHECK constraints rather than database enum types: the
same schema then works on SQLite and PostgreSQL, and adding a status is a one-line migration.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, BigInteger, DateTime, Dialect, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Digest hours and per-day statistics are in the site's time zone.
PARIS = ZoneInfo("Europe/Paris")

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Surrogate keys: BIGINT on PostgreSQL; on SQLite only "INTEGER PRIMARY KEY" auto-increments.
BigId = BigInteger().with_variant(Integer(), "sqlite")
# Ids are shown in buttons, messages and the journal, so a deleted row's id must never come back:
# PostgreSQL sequences never reuse one; SQLite needs AUTOINCREMENT (else it reuses the highest id
# after that row is deleted). Every table with a BigId key puts this in its ``__table_args__``.
NEVER_REUSE_IDS: dict[str, Any] = {"sqlite_autoincrement": True}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every engine.

    SQLite has no time zone type: values are stored as UTC text in one fixed format, so comparing
    them in SQL stays correct. Naive datetimes are refused rather than guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware datetime (e.g. storage.utcnow())")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
        list[Any]: JSON(),
    }


def one_of(column: str, values: type[StrEnum]) -> str:
    """SQL text of a CHECK that ``column`` holds one of the enumeration's values."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class ChatType(StrEnum):
    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"


class Role(StrEnum):
    USER = "user"
    MODERATOR = "moderator"


class DeliveryMode(StrEnum):
    IMMEDIATE = "immediate"
    DIGEST = "digest"


class BroadcastKind(StrEnum):
    ARTICLE = "article"
    ANNOUNCEMENT = "announcement"
    DIGEST = "digest"


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class FeedItemStatus(StrEnum):
    PENDING = "pending"  # in the moderation queue
    PUBLISHED = "published"
    IGNORED = "ignored"  # rejected by an admin, or back catalogue of a new feed


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


__all__ = [
    "NEVER_REUSE_IDS",
    "PARIS",
    "ApplicationStatus",
    "Base",
    "BigId",
    "BroadcastKind",
    "ChatType",
    "DeliveryMode",
    "DeliveryStatus",
    "FeedItemStatus",
    "Role",
    "UTCDateTime",
    "one_of",
    "utcnow",
]
