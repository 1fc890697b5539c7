"""Articles (metadata and summary, never the body) and the summary requests made by users."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import NEVER_REUSE_IDS, Base, BigId, utcnow


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(2048), unique=True)
    url: Mapped[str] = mapped_column(String(2048))  # as first given, for the "open" button
    title: Mapped[str | None] = mapped_column(String(500))
    site: Mapped[str | None] = mapped_column(String(255))
    author: Mapped[str | None] = mapped_column(String(255))
    published_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(16))
    word_count: Mapped[int | None] = mapped_column(Integer)  # for the reading time
    text_hash: Mapped[str | None] = mapped_column(String(64))  # sha256 of the text, to notice edits
    summary_sentences: Mapped[list[str] | None]
    # Selection priority of each stored sentence (same order): the best n of them are the engine's
    # own n-sentence summary, so "shorter" needs no refetch.
    summary_scores: Mapped[list[float] | None] = mapped_column(JSON(none_as_null=True))
    summary_length: Mapped[int | None] = mapped_column(SmallInteger)  # sentences asked for
    summarized_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SummaryRequest(Base):
    __tablename__ = "summary_requests"
    # canonical_url: a link whose page declares another canonical URL is found again through its
    # earlier successful request (see storage.repos.articles.find_article).
    __table_args__ = (Index(None, "user_id", "requested_at"), Index(None, "canonical_url"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    url: Mapped[str] = mapped_column(String(2048))
    canonical_url: Mapped[str | None] = mapped_column(String(2048))
    site: Mapped[str | None] = mapped_column(String(255), index=True)
    article_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    day: Mapped[date] = mapped_column(Date, index=True)  # Europe/Paris date, so stats group portably
    outcome: Mapped[str] = mapped_column(String(32))  # "ok", "cached", or an error tag
    duration_ms: Mapped[int | None] = mapped_column(Integer)


class SummaryInFlight(Base):
    """A summary being made and the placeholder message (« ⏳ … ») that waits for it.

    Deleted once the answer replaced the placeholder. A row found at start-up was cut short by a
    crash: the bot edits its placeholder into an apology (``interrupted_at`` set), and the row then
    backs the apology's retry button until it is pressed or gets old.
    """

    __tablename__ = "summaries_in_flight"
    __table_args__ = NEVER_REUSE_IDS  # its id is in the retry button of an apology

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)  # the placeholder
    url: Mapped[str | None] = mapped_column(String(2048))  # None: a pasted text (never kept)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    interrupted_at: Mapped[datetime | None]
