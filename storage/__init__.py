"""Persistence: SQLAlchemy 2 async models, repositories, database setup and migrations."""
