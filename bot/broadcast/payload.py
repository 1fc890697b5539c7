"""What a broadcast sends, frozen at publication: the rendered HTML and its buttons.

The payload is stored on the broadcast row as JSON, so a restarted sender sends exactly what was
rendered at publication. Subscribers get the summary's own buttons (open, shorter/longer, share,
like an on-demand summary); the channel gets the link button only, since anyone pressing "shorter"
in a channel would change the post for every reader.

An article is rendered once per summary length (``variants``): each subscriber gets the one of
their subscription's length, the channel the admin's chosen length (the main ``text``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import keyboards, texts
from bot.render import SummaryView, render_summary
from bot.summaries import ArticleCard

MAX_VARIANT = 10  # the longest length a subscription can hold (storage's limit)


@dataclass(frozen=True, slots=True)
class Variant:
    """The message at one length: HTML text and the subscriber's buttons."""

    text: str
    markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """One rendered message: HTML text, the buttons of subscribers and of the channel, and the
    same message at each other length (empty for an announcement)."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    channel_markup: InlineKeyboardMarkup | None = None
    variants: Mapping[int, Variant] = field(default_factory=dict)

    def for_chat(self, chat_id: int, channel_id: int | None) -> InlineKeyboardMarkup | None:
        return self.channel_markup if channel_id is not None and chat_id == channel_id else self.markup


def _variant(card: ArticleCard, shown: int, minimum: int) -> Variant:
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
    return Variant(render_summary(view), markup)


def article_message(card: ArticleCard, sentences: int, minimum: int) -> Message:
    """The summary at ``sentences`` as the channel sees it, and at every length for subscribers."""
    available = max(1, len(card.sentences))
    variants = {n: _variant(card, n, minimum) for n in range(1, min(available, MAX_VARIANT) + 1)}
    shown = max(1, min(sentences, available))
    main = variants.get(shown) or _variant(card, shown, minimum)
    channel = InlineKeyboardMarkup([[InlineKeyboardButton(texts.BUTTON_OPEN, url=card.url)]])
    return Message(main.text, main.markup, channel, variants)


def to_payload(
    message: Message, *, channel_id: int | None, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "text": message.text,
        "markup": message.markup.to_dict() if message.markup else None,
        "channel_markup": message.channel_markup.to_dict() if message.channel_markup else None,
        "channel_id": channel_id,
        **(extra or {}),
    }
    if message.variants:  # JSON keys are strings
        payload["variants"] = {
            str(n): {"text": v.text, "markup": v.markup.to_dict() if v.markup else None}
            for n, v in message.variants.items()
        }
    return payload


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A stored payload as the sender uses it: the text and the buttons as JSON, ready to send."""

    text: str
    markup: dict[str, Any] | None
    channel_markup: dict[str, Any] | None
    channel_id: int | None
    variants: Mapping[int, tuple[str, dict[str, Any] | None]] = field(default_factory=dict)

    def markup_for(self, chat_id: int) -> dict[str, Any] | None:
        return (
            self.channel_markup if self.channel_id is not None and chat_id == self.channel_id else self.markup
        )

    def for_delivery(self, chat_id: int, sentences: int | None) -> tuple[str, dict[str, Any] | None]:
        """Text and buttons for ``chat_id``, whose subscription asks for ``sentences`` (None: none
        known). The channel and chats without a length get the main message; a length with no
        variant gets the longest variant not over it (the summary has fewer sentences)."""
        if sentences is None or not self.variants or chat_id == self.channel_id:
            return self.text, self.markup_for(chat_id)
        fitting = [n for n in self.variants if n <= sentences]
        return self.variants[max(fitting) if fitting else min(self.variants)]


def _markup(data: object) -> dict[str, Any] | None:
    return data if isinstance(data, dict) else None


def outgoing(payload: dict[str, Any]) -> Outgoing:
    channel = payload.get("channel_id")
    stored = payload.get("variants")
    variants = {
        int(n): (str(v["text"]), _markup(v.get("markup")))
        for n, v in (stored.items() if isinstance(stored, dict) else ())
        if str(n).isdigit() and isinstance(v, dict) and "text" in v
    }
    return Outgoing(
        str(payload["text"]),
        _markup(payload.get("markup")),
        _markup(payload.get("channel_markup")),
        channel if isinstance(channel, int) else None,
        variants,
    )
