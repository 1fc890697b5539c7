"""The outbox: a broadcast and one delivery per recipient chat.

A delivery is claimed by a sender with a lease (``leased_until``); if the sender dies while the
delivery is ``sending``, the lease expires and another claim takes it up again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import NEVER_REUSE_IDS, Base, BigId, BroadcastKind, DeliveryStatus, one_of, utcnow


class Broadcast(Base):
    __tablename__ = "broadcasts"
    __table_args__ = (CheckConstraint(one_of("kind", BroadcastKind), name="kind"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    article_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    # What to send, frozen at publication (rendered text, buttons...): later edits of the article
    # must not change a broadcast that is half sent.
    payload: Mapped[dict[str, Any]]
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The admin's progress message, edited as the broadcast advances.
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    finished_at: Mapped[datetime | None]  # set once, when the final report has been sent


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "chat_id"),
        CheckConstraint(one_of("status", DeliveryStatus), name="status"),
        Index(None, "status", "id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("broadcasts.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    not_before: Mapped[datetime | None]  # retry or RetryAfter: not claimed before this time
    leased_until: Mapped[datetime | None]
    leased_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
