"""Previews waiting for the admin's decision, stored in the database (``broadcast_drafts``).

Any replica can show, resize, publish or cancel a preview made on another, and a restart keeps
them. What is stored is what renders the preview again: the article (its stored summary) and the
chosen length, or the announcement's HTML. A draft lives until it is published or cancelled (the
first press wins: taking it is one conditional DELETE), or for a day.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcast.clock import Clock
from bot.broadcast.payload import Message, article_message
from bot.summaries import ArticleCard, card_of
from storage.models import BroadcastDraft
from storage.repos import articles
from storage.repos import drafts as stored_drafts

LIFETIME = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Draft:
    draft_id: int
    kind: Literal["article", "announcement"]
    by: int
    message: Message
    created_at: datetime
    card: ArticleCard | None = None
    sentences: int = 0
    intro: tuple[int, int] | None = None  # (chat id, message id) of the preview's intro, kept up to date

    @property
    def title(self) -> str:
        """Plain text naming the broadcast in progress messages."""
        return (self.card.title or self.card.url) if self.card else ""


class Drafts:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, minimum: int) -> None:
        self.sessionmaker, self.clock, self.minimum = sessionmaker, clock, minimum

    async def add(self, draft: Draft) -> Draft:
        async with self.sessionmaker.begin() as session:
            row = await stored_drafts.add_draft(
                session,
                draft.kind,
                draft.by,
                text=draft.message.text if draft.card is None else None,
                article_id=draft.card.article_id if draft.card else None,
                sentences=draft.sentences,
                now=draft.created_at,
            )
            if draft.intro is not None:
                await stored_drafts.update_draft(
                    session, row.id, sentences=draft.sentences, intro=draft.intro
                )
        return replace(draft, draft_id=row.id)

    async def get(self, draft_id: int) -> Draft | None:
        async with self.sessionmaker() as session:
            row = await stored_drafts.get_draft(session, draft_id, since=self._since())
            return await self._rebuild(session, row)

    async def update(self, draft: Draft) -> None:
        async with self.sessionmaker.begin() as session:
            await stored_drafts.update_draft(
                session, draft.draft_id, sentences=draft.sentences, intro=draft.intro
            )

    async def take(self, draft_id: int) -> Draft | None:
        """The draft, removed: a second press on Publish, here or on another replica, finds nothing."""
        async with self.sessionmaker.begin() as session:
            row = await stored_drafts.take_draft(session, draft_id, since=self._since())
            return await self._rebuild(session, row)

    async def purge(self) -> int:
        async with self.sessionmaker.begin() as session:
            return await stored_drafts.purge_drafts(session, self._since())

    def _since(self) -> datetime:
        return self.clock.now() - LIFETIME

    async def _rebuild(self, session: AsyncSession, row: BroadcastDraft | None) -> Draft | None:
        if row is None:
            return None
        chat_id, message_id = row.intro_chat_id, row.intro_message_id
        intro = (chat_id, message_id) if chat_id is not None and message_id is not None else None
        if row.kind == "announcement":
            message = Message(row.text or "")
            return Draft(row.id, "announcement", row.created_by, message, row.created_at, intro=intro)
        article = await articles.get_article_by_id(session, row.article_id or 0)
        if article is None or not article.summary_sentences:
            return None  # the article was deleted since the preview
        card = card_of(article, cached=True)
        message = article_message(card, row.sentences, self.minimum)
        return Draft(row.id, "article", row.created_by, message, row.created_at, card, row.sentences, intro)
