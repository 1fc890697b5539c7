"""Errors raised by the storage layer on purpose.

Each message is written for the operator or the caller's log, and never contains a password.
The bot turns the ones a user can cause (``Duplicate``, ``FieldTooLong``) into French replies.
"""

from __future__ import annotations


class StorageError(Exception):
    """Base class of every error the storage layer raises on purpose."""


class DatabaseConfigError(StorageError, ValueError):
    """The ``[database]`` settings or ``DATABASE_URL`` are wrong. The message says which and why."""


class InvalidDatabaseURL(DatabaseConfigError):
    """``DATABASE_URL`` cannot be understood or names an unsupported database."""


class DatabaseUnavailable(StorageError):
    """The database cannot be reached or opened (server down, wrong credentials, unwritable file)."""


class SchemaOutOfDate(StorageError):
    """The database is not at the latest migration; run ``python -m storage upgrade``."""


class NotFound(StorageError):
    """The row an operation needs does not exist."""


class Duplicate(StorageError):
    """A row with the same unique key already exists; nothing was written."""


class InvalidValue(StorageError, ValueError):
    """A value is outside what the column accepts; nothing was written."""


class FieldTooLong(InvalidValue):
    """A string is longer than its column allows (checked before writing, on every engine)."""

    def __init__(self, table: str, column: str, length: int, limit: int) -> None:
        self.table = table
        self.column = column
        self.length = length
        self.limit = limit
        super().__init__(f"{table}.{column} is {length} characters long, the limit is {limit}")


class InvalidTransition(StorageError):
    """The row is not in a state that allows this change (e.g. deciding a withdrawn application)."""
