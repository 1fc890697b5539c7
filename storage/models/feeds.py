"""RSS/Atom feeds and the items already seen in each (by GUID and by canonical URL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import NEVER_REUSE_IDS, Base, BigId, FeedItemStatus, one_of, utcnow


class Feed(Base):
    __tablename__ = "feeds"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))  # the header, verbatim
    last_checked_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    failure_notified: Mapped[bool] = mapped_column(default=False)  # admins told it is failing
    active: Mapped[bool] = mapped_column(default=True)
    added_by: Mapped[int | None] = mapped_column(BigInteger)  # None: from config.toml
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedItem(Base):
    __tablename__ = "feed_items"
    __table_args__ = (
        UniqueConstraint("feed_id", "guid"),
        UniqueConstraint("feed_id", "canonical_url"),
        CheckConstraint(one_of("status", FeedItemStatus), name="status"),
        CheckConstraint("guid IS NOT NULL OR canonical_url IS NOT NULL", name="has_key"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    feed_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("feeds.id", ondelete="CASCADE"))
    guid: Mapped[str | None] = mapped_column(String(1024))
    canonical_url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default=FeedItemStatus.PENDING, index=True)
    article_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None]
