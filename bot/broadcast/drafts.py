"""Previews waiting for the admin's decision, kept in memory.

A draft lives until it is published or cancelled (the first press wins: taking it is atomic on the
event loop), or for a day. After a restart the preview's buttons answer that it is no longer valid,
which is safe: nothing was queued yet.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from bot.broadcast.payload import Message
from bot.summaries import ArticleCard

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
    def __init__(self) -> None:
        self._drafts: dict[int, Draft] = {}
        self._ids = itertools.count(1)

    def add(self, draft: Draft) -> Draft:
        self._drafts = {k: d for k, d in self._drafts.items() if d.created_at > draft.created_at - LIFETIME}
        stored = replace(draft, draft_id=next(self._ids))
        self._drafts[stored.draft_id] = stored
        return stored

    def get(self, draft_id: int) -> Draft | None:
        return self._drafts.get(draft_id)

    def update(self, draft: Draft) -> None:
        if draft.draft_id in self._drafts:
            self._drafts[draft.draft_id] = draft

    def take(self, draft_id: int) -> Draft | None:
        """The draft, removed: a second press on Publish finds nothing."""
        return self._drafts.pop(draft_id, None)
