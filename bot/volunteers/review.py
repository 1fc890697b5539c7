"""The admins' side of an application: the review message with Accept/Refuse, and the decision.

The first decision wins (one conditional UPDATE in storage); every admin's copy of the review
message is then edited to say who decided, and the applicant gets the configured warm message.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Any

from telegram import CallbackQuery, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot import keyboards, texts
from bot.callbacks import DecideApplication, WithdrawApplication, parse
from bot.context import BotContext, Services
from bot.notify import notify_admins
from bot.people import remember_user
from bot.roles import requires
from bot.volunteers import cards
from storage.models import Application, ApplicationStatus
from storage.repos import applications, audit

log = logging.getLogger(__name__)


async def announce(context: BotContext, application: Application) -> None:
    """Send the new application to the team and remember their messages for the decision."""
    text = await cards.card_text(context, application)
    delivered = await notify_admins(
        context,
        text,
        reply_markup=cards.card_buttons(application),
        moderators=context.services.config.volunteers.notify_moderators,
    )
    if not delivered:
        log.warning("application %s reached no admin (set ADMIN_IDS or ADMIN_CHAT_ID)", application.id)
    async with context.services.sessionmaker.begin() as session:
        await applications.add_review_messages(session, application.id, delivered)
    # An admin may have decided on the first copy before the copies were saved: then they were not
    # updated by the decision, so update them here (one of the two sides always sees the other).
    async with context.services.sessionmaker() as session:
        current = await applications.get_application(session, application.id)
    if current is not None and current.status != ApplicationStatus.SUBMITTED:
        await cards.refresh_cards(context, current.id)


@requires("button:application")
async def on_decision(update: Update, context: BotContext) -> None:
    query = update.callback_query
    action = parse(query.data) if query is not None else None
    if query is None or not isinstance(action, DecideApplication):
        return
    reviewer = query.from_user
    if action.applicant is None:  # a button from before buttons named the applicant
        await query.answer(texts.old_decision_button(action.application_id), show_alert=True)
        return
    async with context.services.sessionmaker.begin() as session:
        # Stored so that every copy names the reviewer the same way (see ``announce``).
        await remember_user(session, reviewer.id, reviewer)
        decided = await applications.decide_application(
            session,
            action.application_id,
            accept=action.accept,
            reviewer_id=reviewer.id,
            applicant_id=action.applicant,
        )
        if decided is None:
            current = await applications.get_application(session, action.application_id)
        else:
            await audit.record_action(
                session,
                reviewer.id,
                "application.accept" if action.accept else "application.refuse",
                target=f"application:{decided.id}",
                details={"applicant": decided.user_id},
            )
    if decided is None:
        if current is None or current.user_id != action.applicant:  # erased since the card was sent
            await query.answer(texts.application_gone(action.application_id), show_alert=True)
            await _drop_buttons(query)
            return
        await query.answer(texts.already_decided(current.status), show_alert=True)
        return
    pressed = query.message
    await cards.refresh_cards(context, decided.id, (pressed.chat.id, pressed.message_id) if pressed else None)
    told = await tell_applicant(context, decided)
    await query.answer(texts.DECISION_SAVED if told else texts.APPLICANT_UNREACHABLE, show_alert=not told)


async def _drop_buttons(query: CallbackQuery) -> None:
    try:
        await query.edit_message_reply_markup(None)
    except TelegramError as exc:  # already without buttons, or deleted: nothing to take away
        log.info("could not remove the buttons of a stale card: %s", exc)


async def tell_applicant(context: BotContext, application: Application) -> bool:
    settings = context.services.config.volunteers
    accepted = application.status == ApplicationStatus.ACCEPTED
    text = escape(settings.decision_text(accepted=accepted, first_name=application.first_name or ""))
    if application.refusal_reason and application.refusal_reason_sent:
        text += "\n\n" + texts.reason_for_applicant(application.refusal_reason)
    markup = keyboards.next_step(settings.next_step_url) if accepted else None
    try:
        await context.bot.send_message(
            application.user_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
        )
    except TelegramError as exc:
        log.info("could not tell applicant %s: %s", application.user_id, exc)
        return False
    return True


async def review_copies(services: Services, user_id: int) -> list[tuple[int, list[Any]]]:
    """(application id, cards) of the user's applications the team has a card of."""
    async with services.sessionmaker() as session:
        rows = await applications.list_user_applications(session, user_id)
    return [(row.id, list(row.review_messages or [])) for row in rows if row.review_messages]


async def mark_erased(context: BotContext, copies: list[tuple[int, list[Any]]]) -> None:
    """After the applicant erased their data: every card of theirs loses its answers and buttons."""
    for application_id, messages in copies:
        text = texts.application_erased(application_id)
        for chat_id, message_id in messages:
            try:
                await context.bot.edit_message_text(
                    text, chat_id=int(chat_id), message_id=int(message_id), parse_mode=ParseMode.HTML
                )
            except TelegramError as exc:
                log.warning("could not clear review message %s/%s: %s", chat_id, message_id, exc)


async def on_withdraw(update: Update, context: BotContext) -> None:
    """The applicant's answer to "withdraw your pending application?" (offered by /annuler)."""
    query = update.callback_query
    action = parse(query.data) if query is not None else None
    if query is None or not isinstance(action, WithdrawApplication) or query.message is None:
        return
    withdrawn: Application | None = None
    async with context.services.sessionmaker.begin() as session:
        application = await applications.get_application(session, action.application_id)
        if application is None or application.user_id != query.from_user.id:
            await query.answer(texts.STALE_BUTTON, show_alert=True)
            return
        if action.confirm and await applications.withdraw_application(session, application.id):
            withdrawn = await applications.get_application(session, application.id)
    await query.answer()
    if not action.confirm:
        await query.edit_message_text(texts.WITHDRAW_KEPT)
    elif withdrawn is None:  # decided (or withdrawn) meanwhile: say what happened instead
        await query.edit_message_text(texts.already_decided(application.status))
    else:
        await query.edit_message_text(texts.WITHDRAWN)
        await cards.refresh_cards(context, withdrawn.id)
