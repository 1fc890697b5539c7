"""The form's buttons: skip, (un)tick a section, validate, consent, send, edit a field, cancel.

Each button names its draft and, where it matters, the question it belongs to, so a button left on
an old message (another draft, a question already answered) is refused instead of misapplied.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update
from telegram.constants import ParseMode

from bot import keyboards, texts
from bot.callbacks import FormButton, parse
from bot.context import BotContext
from bot.volunteers import flow, review
from bot.volunteers.form import (
    CONSENT_AT,
    EDITING,
    STEPS,
    Step,
    first_missing,
    is_optional,
    next_step,
    questions,
    toggle_section,
)
from bot.volunteers.settings import VolunteerSettings

log = logging.getLogger(__name__)


def _fits(action: FormButton, draft: flow.Draft, settings: VolunteerSettings) -> bool:
    """Whether the button belongs to the question the draft is at."""
    step = STEPS[action.value] if action.value < len(STEPS) else None
    match action.kind:
        case "skip":
            return step == draft.step and is_optional(draft.step, settings)
        case "section":
            return draft.step == Step.SECTIONS and action.value < len(settings.sections)
        case "done":
            return draft.step == Step.SECTIONS
        case "consent":
            return draft.step == Step.CONSENT
        case "field":
            return draft.step == Step.REVIEW and step in questions(settings)
        case _:
            return draft.step == Step.REVIEW or action.kind == "cancel"


async def on_form_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    action = parse(query.data) if query is not None else None
    if query is None or not isinstance(action, FormButton):
        return
    services = context.services
    user_id = query.from_user.id
    async with services.drafts.lock(user_id):
        draft = await flow.load_draft(services, user_id)
        if (
            draft is None
            or draft.id != action.draft_id
            or not _fits(action, draft, services.config.volunteers)
        ):
            await query.answer(texts.STALE_BUTTON, show_alert=True)
            return
        try:
            await _apply(query, context, action, draft)
        except flow.FormChanged:  # pressed meanwhile on another replica: nothing was saved, press again
            await query.answer(texts.FORM_CHANGED, show_alert=True)


async def _apply(query: CallbackQuery, context: BotContext, action: FormButton, draft: flow.Draft) -> None:
    services, user_id = context.services, query.from_user.id
    message = query.message
    chat_id, message_id = (message.chat.id, message.message_id) if message else (user_id, 0)
    match action.kind:
        case "section":
            name = services.config.volunteers.sections[action.value]
            draft.answers["sections"] = toggle_section(
                draft.answers, name, services.config.volunteers.sections
            )
            await flow.save(services, draft, Step.SECTIONS)
            await query.answer()
            await query.edit_message_reply_markup(flow.question(services, draft)[1])
            return
        case "done" if not draft.answers.get("sections") and not is_optional(
            Step.SECTIONS, services.config.volunteers
        ):
            await query.answer(texts.FORM_SECTIONS_NONE, show_alert=True)
            return
        case "edit":
            await query.answer()
            fields = [
                (STEPS.index(step), texts.FIELD_LABELS[step])
                for step in questions(services.config.volunteers)
            ]
            await query.edit_message_reply_markup(keyboards.form_fields(draft.id, fields))
            return
        case "back":
            await query.answer()
            await query.edit_message_reply_markup(keyboards.form_review(draft.id))
            return
        case "cancel":
            await flow.cancel(services, user_id)
            await query.answer()
            await query.edit_message_text(texts.FORM_CANCELLED)
            return
        case "send":
            await _send(query, context, draft)
            return
    # The rest moves the form on: record the answer, close this question, ask the next one.
    if action.kind == "skip":
        draft.answers[draft.step] = None
    elif action.kind == "consent":
        draft.answers[CONSENT_AT] = flow.consent_now()
    target = next_step(draft.step, draft.answers, services.config.volunteers)
    if action.kind == "field":
        draft.answers[EDITING] = True
        target = STEPS[action.value]
    await flow.save(services, draft, target)
    await query.answer()
    if message_id:
        await flow.drop_keyboard(context, chat_id, message_id)
    await flow.ask(context, user_id, draft)


async def _send(query: CallbackQuery, context: BotContext, draft: flow.Draft) -> None:
    services, user_id = context.services, query.from_user.id
    try:
        application = await flow.submit(services, draft)
    except (KeyError, ValueError):
        log.warning("draft %s is incomplete, asking again", draft.id, exc_info=True)
        await flow.save(services, draft, first_missing(draft.answers, services.config.volunteers))
        await query.answer()
        await flow.ask(context, user_id, draft)
        return
    services.drafts.discard(user_id)
    await query.answer()
    await query.edit_message_reply_markup(None)
    await context.bot.send_message(user_id, texts.FORM_SENT, parse_mode=ParseMode.HTML)
    await review.announce(context, application)
