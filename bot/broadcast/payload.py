"""What a broadcast sends, frozen at publication: the rendered HTML and its buttons.

The payload is stored on the broadcast row as JSON, so a restarted sender sends exactly what the
admin previewed. Subscribers get the summary's own buttons (open, shorter/longer, share, like an
on-demand summary); the channel gets the link button only, since anyone pressing "shorter" in a
channel would change the post for every reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import keyboards, texts
from bot.render import SummaryView, render_summary
from bot.summaries import ArticleCard


@dataclass(frozen=True, slots=True)
class Message:
    """One rendered message: HTML text and the buttons of subscribers and of the channel."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    channel_markup: InlineKeyboardMarkup | None = None

    def for_chat(self, chat_id: int, channel_id: int | None) -> InlineKeyboardMarkup | None:
        return self.channel_markup if channel_id is not None and chat_id == channel_id else self.markup


def article_message(card: ArticleCard, sentences: int, minimum: int) -> Message:
    """The summary as subscribers see it: the same rendering as an on-demand summary."""
    shown = max(1, min(sentences, len(card.sentences)))
    view = SummaryView(
        sentences=card.summary(shown).sentences,
        title=card.title,
        url=card.url,
        site=card.site,
        reading_minutes=card.reading_minutes,
    )
    markup = keyboards.summary_keyboard(
        url=card.url, article_id=card.article_id, shown=shown, available=len(card.sentences), minimum=minimum
    )
    channel = InlineKeyboardMarkup([[InlineKeyboardButton(texts.BUTTON_OPEN, url=card.url)]])
    return Message(render_summary(view), markup, channel)


def to_payload(
    message: Message, *, channel_id: int | None, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "text": message.text,
        "markup": message.markup.to_dict() if message.markup else None,
        "channel_markup": message.channel_markup.to_dict() if message.channel_markup else None,
        "channel_id": channel_id,
        **(extra or {}),
    }


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A stored payload as the sender uses it: the text and the buttons as JSON, ready to send."""

    text: str
    markup: dict[str, Any] | None
    channel_markup: dict[str, Any] | None
    channel_id: int | None

    def markup_for(self, chat_id: int) -> dict[str, Any] | None:
        return (
            self.channel_markup if self.channel_id is not None and chat_id == self.channel_id else self.markup
        )


def outgoing(payload: dict[str, Any]) -> Outgoing:
    def markup(key: str) -> dict[str, Any] | None:
        data = payload.get(key)
        return data if isinstance(data, dict) else None

    channel = payload.get("channel_id")
    return Outgoing(
        str(payload["text"]),
        markup("markup"),
        markup("channel_markup"),
        channel if isinstance(channel, int) else None,
    )
