"""State shared by the bot's replicas: rate windows, leases of singleton jobs, version counters,
Telegram's sending turns, and broadcast previews waiting for an admin's decision.

Everything here is small, keyed by primary key and updated with one conditional statement, so it
works the same on SQLite (one process) and PostgreSQL (several replicas).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import NEVER_REUSE_IDS, Base, BigId, utcnow


class RateWindow(Base):
    """Recent events of one key (a user) for one limit (``kind``: quota, flood), as Unix times.

    ``version`` makes updates optimistic: a writer changes the row only if nobody did since it read.
    """

    __tablename__ = "rate_windows"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    events: Mapped[list[Any]] = mapped_column(JSON, default=list)
    muted_until: Mapped[float] = mapped_column(Float, default=0.0)
    told_until: Mapped[float] = mapped_column(Float, default=0.0)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[float] = mapped_column(Float, index=True)


class Lease(Base):
    """A singleton job's holder until ``expires_at``; another replica takes it over after that."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]


class StateVersion(Base):
    """A counter bumped when a cached set changes (banned users): replicas reload when it moved."""

    __tablename__ = "state_versions"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class SendTurns(Base):
    """The end of one sending lane's queue (``lane``: "free" or "paid") for the bot's token.

    Replicas book Telegram's turns here (``storage.repos.shared.book_turns``): ``next_at`` is the
    first turn nobody has booked yet, in Unix seconds on the database's clock; ``booked`` whether the
    last attempt booked (a bulk attempt is refused while the queue is long), read back by that attempt.
    """

    __tablename__ = "send_turns"

    lane: Mapped[str] = mapped_column(String(16), primary_key=True)
    next_at: Mapped[float] = mapped_column(Float, default=0.0)
    booked: Mapped[bool] = mapped_column(Boolean, default=False)  # whether the last attempt booked


class BroadcastDraft(Base):
    """A /diffuser or /annonce preview: what it needs to be rendered again by any replica."""

    __tablename__ = "broadcast_drafts"
    __table_args__ = NEVER_REUSE_IDS  # its id is in the preview's buttons

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "article" or "announcement"
    created_by: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str | None] = mapped_column(Text)  # the announcement's HTML
    article_id: Mapped[int | None] = mapped_column(BigInteger)
    sentences: Mapped[int] = mapped_column(SmallInteger, default=0)
    intro_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    intro_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
