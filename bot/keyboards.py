"""Every inline keyboard the readers see, built from state: what a button shows is what is stored."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import (
    CallbackAction,
    ConfirmBan,
    DecideApplication,
    DeleteMyData,
    DraftButton,
    DraftStep,
    FormButton,
    JournalPage,
    ListApplications,
    ListStatus,
    QueueDecision,
    ResizeSummary,
    RetrySummary,
    SetDelivery,
    SetDigestHour,
    SetLength,
    ShowApplication,
    WithdrawApplication,
    encode,
)

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


def retry_summary(request_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.BUTTON_RETRY, RetrySummary(request_id))]])


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
    personal: bool = False,
) -> InlineKeyboardMarkup:
    """Length choices, then delivery mode, then (for a digest) the hour; the current choice is ticked."""
    lengths = [
        InlineKeyboardButton(
            _mark(texts.length_button(n), n == sentences), callback_data=encode(SetLength(n))
        )
        for n in range(minimum, maximum + 1)
    ]
    # A reader's own length exists without a subscription; a group's belongs to its subscription.
    rows = [lengths[i : i + 4] for i in range(0, len(lengths), 4)] if subscribed or personal else []
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


# --- volunteers (issue 6) ------------------------------------------------------------------------

TICK = "✅ "
LIST_TABS: tuple[ListStatus, ...] = ("submitted", "accepted", "refused", "all")


def _button(label: str, action: CallbackAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(action))


def form_skip(draft_id: int, step_index: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.BUTTON_SKIP, FormButton(draft_id, "skip", step_index))]])


def form_sections(draft_id: int, sections: tuple[str, ...], chosen: list[str]) -> InlineKeyboardMarkup:
    """Two sections a row, the chosen ones ticked, then "Valider"."""
    buttons = [
        _button((TICK if name in chosen else "") + name, FormButton(draft_id, "section", index))
        for index, name in enumerate(sections)
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(texts.BUTTON_VALIDATE, FormButton(draft_id, "done"))])
    return InlineKeyboardMarkup(rows)


def form_consent(draft_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.BUTTON_CONSENT, FormButton(draft_id, "consent"))]])


def form_review(draft_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(texts.BUTTON_SEND, FormButton(draft_id, "send"))],
            [
                _button(texts.BUTTON_EDIT, FormButton(draft_id, "edit")),
                _button(texts.BUTTON_FORM_CANCEL, FormButton(draft_id, "cancel")),
            ],
        ]
    )


def form_fields(draft_id: int, fields: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    """One button per editable field, (step index, label), then "Retour" to the summary."""
    buttons = [_button(label, FormButton(draft_id, "field", index)) for index, label in fields]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(texts.BUTTON_BACK, FormButton(draft_id, "back"))])
    return InlineKeyboardMarkup(rows)


def write_me_privately(bot_username: str) -> InlineKeyboardMarkup:
    url = f"https://t.me/{bot_username}?start=postuler"
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts.BUTTON_WRITE_ME, url=url)]])


def next_step(url: str) -> InlineKeyboardMarkup | None:
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts.BUTTON_NEXT_STEP, url=url)]]) if url else None


def review_decision(application_id: int, applicant: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.BUTTON_ACCEPT, DecideApplication(application_id, True, applicant)),
                _button(texts.BUTTON_REFUSE, DecideApplication(application_id, False, applicant)),
            ]
        ]
    )


def applications_page(
    items: list[tuple[int, str]], status: ListStatus, page: int, pages: int
) -> InlineKeyboardMarkup:
    """One button per listed application (id, label), then the filters, then the paging arrows."""
    rows = [[_button(label, ShowApplication(application_id))] for application_id, label in items]
    filters = [
        _button((TICK if key == status else "") + texts.LIST_FILTERS[key], ListApplications(key, 0))
        for key in LIST_TABS
    ]
    rows.extend([filters[:2], filters[2:]])
    paging = []
    if page > 0:
        paging.append(_button(texts.BUTTON_PREVIOUS, ListApplications(status, page - 1)))
    if page + 1 < pages:
        paging.append(_button(texts.BUTTON_NEXT, ListApplications(status, page + 1)))
    if paging:
        rows.append(paging)
    return InlineKeyboardMarkup(rows)


def withdraw_application(application_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(texts.BUTTON_WITHDRAW_YES, WithdrawApplication(application_id, confirm=True))],
            [_button(texts.BUTTON_WITHDRAW_NO, WithdrawApplication(application_id, confirm=False))],
        ]
    )


def delete_my_data() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(texts.BUTTON_DELETE_YES, DeleteMyData(confirm=True))],
            [_button(texts.BUTTON_DELETE_NO, DeleteMyData(confirm=False))],
        ]
    )


# --- broadcasting and feeds (issue 5) ------------------------------------------------------------


def draft_keyboard(
    draft_id: int, shown: InlineKeyboardMarkup | None, *, shorter: bool, longer: bool
) -> InlineKeyboardMarkup:
    """The preview's keyboard: the subscribers' own buttons, whose length buttons change the draft,
    then Publish / Cancel. Without length buttons (an announcement) only the last row remains."""
    rows: list[list[InlineKeyboardButton]] = []
    for row in shown.inline_keyboard if shown else ():
        kept: list[InlineKeyboardButton] = []
        for button in row:
            if button.text == texts.BUTTON_SHORTER and shorter:
                kept.append(_draft_button(button.text, draft_id, "shorter"))
            elif button.text == texts.BUTTON_LONGER and longer:
                kept.append(_draft_button(button.text, draft_id, "longer"))
            elif button.callback_data is None:
                kept.append(button)
        if kept:
            rows.append(kept)
    rows.append(
        [
            _draft_button(texts.BUTTON_PUBLISH, draft_id, "publish"),
            _draft_button(texts.BUTTON_CANCEL, draft_id, "cancel"),
        ]
    )
    return InlineKeyboardMarkup(rows)


def _draft_button(label: str, draft_id: int, step: DraftStep) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(DraftButton(draft_id, step)))


def queue_keyboard(item_id: int, url: str | None) -> InlineKeyboardMarkup:
    """Under a feed item waiting for review: open it, publish it, or ignore it."""
    rows = [[InlineKeyboardButton(texts.BUTTON_OPEN, url=url)]] if url else []
    rows.append(
        [
            InlineKeyboardButton(texts.BUTTON_PUBLISH, callback_data=encode(QueueDecision(item_id, True))),
            InlineKeyboardButton(texts.BUTTON_IGNORE, callback_data=encode(QueueDecision(item_id, False))),
        ]
    )
    return InlineKeyboardMarkup(rows)


# --- moderation (issue 7) ---


def journal_pages(page: int, has_older: bool) -> InlineKeyboardMarkup | None:
    """Newer / older under a /journal page (page 1 is the newest)."""
    row = []
    if page > 1:
        row.append(_button(texts.BUTTON_NEWER_ACTIONS, JournalPage(page - 1)))
    if has_older:
        row.append(_button(texts.BUTTON_OLDER_ACTIONS, JournalPage(page + 1)))
    return InlineKeyboardMarkup([row]) if row else None


def confirm_ban(user_id: int) -> InlineKeyboardMarkup:
    """Under the warning about banning an id the bot has never seen."""
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.BUTTON_BAN_ANYWAY, ConfirmBan(user_id, True)),
                _button(texts.BUTTON_BAN_CANCEL, ConfirmBan(user_id, False)),
            ]
        ]
    )
