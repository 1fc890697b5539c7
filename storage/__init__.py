"""Persistence: SQLAlchemy 2 async models, repositories, database setup and migrations.

Typical use by the bot::

    from storage import DatabaseSettings, open_database, repos

    db = await open_database(DatabaseSettings.load())      # post_init: connect + migrate
    async with db.sessionmaker.begin() as session:         # one transaction per update
        await repos.users.upsert_user(session, user.id, first_name=user.first_name)
    await db.close()                                       # post_shutdown

This package never imports ``bot``, ``telegram`` or ``summarizer``.
"""

from storage.database import Database, check_connection, create_engine, create_sessionmaker, open_database
from storage.errors import (
    DatabaseConfigError,
    DatabaseUnavailable,
    Duplicate,
    FieldTooLong,
    InvalidDatabaseURL,
    InvalidTransition,
    InvalidValue,
    NotFound,
    SchemaOutOfDate,
    StorageError,
)
from storage.models import utcnow
from storage.settings import DatabaseSettings, normalize_database_url, safe_url
from storage.urls import canonical_url, site_of

__all__ = [
    "Database",
    "DatabaseConfigError",
    "DatabaseSettings",
    "DatabaseUnavailable",
    "Duplicate",
    "FieldTooLong",
    "InvalidDatabaseURL",
    "InvalidTransition",
    "InvalidValue",
    "NotFound",
    "SchemaOutOfDate",
    "StorageError",
    "canonical_url",
    "check_connection",
    "create_engine",
    "create_sessionmaker",
    "normalize_database_url",
    "open_database",
    "safe_url",
    "site_of",
    "utcnow",
]
