from tests.storage.databases import db, postgres_db, postgres_schema, sqlite_db, sqlite_template

__all__ = ["db", "postgres_db", "postgres_schema", "sqlite_db", "sqlite_template"]
