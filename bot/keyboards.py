"""Every inline keyboard the readers see, built from state: what a button shows is what is stored."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import ResizeSummary, SetDelivery, SetDigestHour, SetLength, encode

DIGEST_HOURS = (6, 7, 8, 9, 12, 18, 20, 22)  # Europe/Paris; a stored hour outside this list is added
CHECK = "✓ "


def summary_keyboard(
    *,
    url: str | None,
    article_id: int | None,
    shown: int,
    available: int,
    minimum: int,
) -> InlineKeyboardMarkup | None:
    """Open / shorter / longer / share under a summary; ``available`` sentences are stored."""
    rows: list[list[InlineKeyboardButton]] = []
    if url:
        rows.append([InlineKeyboardButton(texts.BUTTON_OPEN, url=url)])
    if article_id is not None:
        resize: list[InlineKeyboardButton] = []
        if shown > minimum:
            data = encode(ResizeSummary(article_id, shown - 1))
            resize.append(InlineKeyboardButton(texts.BUTTON_SHORTER, callback_data=data))
        if shown < available:
            data = encode(ResizeSummary(article_id, shown + 1))
            resize.append(InlineKeyboardButton(texts.BUTTON_LONGER, callback_data=data))
        if resize:
            rows.append(resize)
    if url:
        rows.append([InlineKeyboardButton(texts.BUTTON_SHARE, switch_inline_query=url)])
    return InlineKeyboardMarkup(rows) if rows else None


def _mark(label: str, selected: bool) -> str:
    return CHECK + label if selected else label


def settings_keyboard(
    *,
    subscribed: bool,
    sentences: int,
    digest: bool,
    hour: int,
    minimum: int,
    maximum: int,
) -> InlineKeyboardMarkup:
    """Length choices, then delivery mode, then (for a digest) the hour; the current choice is ticked."""
    lengths = [
        InlineKeyboardButton(
            _mark(texts.length_button(n), n == sentences), callback_data=encode(SetLength(n))
        )
        for n in range(minimum, maximum + 1)
    ]
    # Lengths belong to a subscription: without one there is nothing to set them on.
    rows = [lengths[i : i + 4] for i in range(0, len(lengths), 4)] if subscribed else []
    rows.append(
        [
            InlineKeyboardButton(
                _mark(texts.BUTTON_IMMEDIATE, subscribed and not digest),
                callback_data=encode(SetDelivery("immediate")),
            ),
            InlineKeyboardButton(
                _mark(texts.BUTTON_DIGEST, subscribed and digest), callback_data=encode(SetDelivery("digest"))
            ),
        ]
    )
    if subscribed and digest:
        hours = sorted({*DIGEST_HOURS, hour})
        buttons = [
            InlineKeyboardButton(
                _mark(texts.hour_button(h), h == hour), callback_data=encode(SetDigestHour(h))
            )
            for h in hours
        ]
        rows.extend(buttons[i : i + 5] for i in range(0, len(buttons), 5))
    if subscribed:
        rows.append(
            [InlineKeyboardButton(texts.BUTTON_UNSUBSCRIBE, callback_data=encode(SetDelivery("off")))]
        )
    return InlineKeyboardMarkup(rows)
