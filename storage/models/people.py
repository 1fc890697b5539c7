"""Telegram users and chats, and the chats' subscriptions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import NEVER_REUSE_IDS, Base, BigId, ChatType, DeliveryMode, Role, one_of, utcnow


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(one_of("role", Role), name="role"),
        CheckConstraint("summary_sentences BETWEEN 1 AND 10", name="summary_sentences"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # Telegram id
    username: Mapped[str | None] = mapped_column(String(64), index=True)
    first_name: Mapped[str | None] = mapped_column(String(128))
    last_name: Mapped[str | None] = mapped_column(String(128))
    language_code: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16), default=Role.USER)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    banned_at: Mapped[datetime | None]
    ban_reason: Mapped[str | None] = mapped_column(String(500))
    banned_by: Mapped[int | None] = mapped_column(BigInteger)
    ban_notified: Mapped[bool] = mapped_column(default=False)  # "told once, then ignored"
    banned_until: Mapped[datetime | None] = mapped_column(index=True)  # a temporary ban's end (None: /unban)
    summary_sentences: Mapped[int | None] = mapped_column(SmallInteger)  # own length; None: the default

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None


class Chat(Base):
    __tablename__ = "chats"
    __table_args__ = (CheckConstraint(one_of("type", ChatType), name="type"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # Telegram id
    type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(String(256))
    username: Mapped[str | None] = mapped_column(String(64))
    can_post: Mapped[bool] = mapped_column(default=True)  # false once blocked, kicked or migrated
    migrated_to_id: Mapped[int | None] = mapped_column(BigInteger)  # the supergroup that replaced it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (
        CheckConstraint(one_of("delivery_mode", DeliveryMode), name="delivery_mode"),
        CheckConstraint("summary_sentences BETWEEN 1 AND 10", name="summary_sentences"),
        CheckConstraint("digest_hour IS NULL OR digest_hour BETWEEN 0 AND 23", name="digest_hour"),
        CheckConstraint("delivery_mode = 'immediate' OR digest_hour IS NOT NULL", name="digest_has_hour"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), unique=True)
    subscribed_by: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    summary_sentences: Mapped[int] = mapped_column(SmallInteger, default=3)
    delivery_mode: Mapped[str] = mapped_column(String(16), default=DeliveryMode.IMMEDIATE)
    digest_hour: Mapped[int | None] = mapped_column(SmallInteger)  # Europe/Paris hour, 0-23
    last_digest_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SubscriberCount(Base):
    """Active subscriptions as last read on each Europe/Paris day: the history of the /stats chart
    (a subscription's row is deleted when it ends, so past totals cannot be recomputed)."""

    __tablename__ = "subscriber_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    subscribers: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
