"""The team's card of an application, wherever it was sent: the copies announcing it and every card
opened with /candidature. They all show the same thing (answers, notes, questions and answers, the
decision) and are all edited when it changes, so nobody decides on an outdated card."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from html import escape

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot import keyboards, texts
from bot.context import BotContext
from bot.notify import NO_PREVIEW
from bot.volunteers.render import cut, detail_message, review_message, when
from storage.models import Application, ApplicationNote, ApplicationStatus, NoteKind
from storage.repos import applications, notes, users

log = logging.getLogger(__name__)


async def username_of(context: BotContext, user_id: int) -> str | None:
    async with context.services.sessionmaker() as session:
        user = await users.get_user(session, user_id)
    return user.username if user else None


async def person_name(session: AsyncSession, user_id: int | None) -> str:
    """The stored name of a team member (their id if the bot never saw their profile)."""
    if user_id is None:
        return "?"
    user = await users.get_user(session, user_id)
    if user is None:
        return str(user_id)
    return " ".join(part for part in (user.first_name, user.last_name) if part) or str(user.id)


async def reviewer_name(session: AsyncSession, application: Application) -> str:
    return await person_name(session, application.reviewed_by)


def decision_line(application: Application, reviewer: str) -> str | None:
    if application.status == ApplicationStatus.WITHDRAWN:
        return texts.WITHDRAWN_LINE
    if application.status not in (ApplicationStatus.ACCEPTED, ApplicationStatus.REFUSED):
        return None
    accepted = application.status == ApplicationStatus.ACCEPTED
    line = texts.decided_by(accepted, reviewer, when(application.decided_at))
    if application.refusal_reason:
        sent = bool(application.refusal_reason_sent)
        line += "\n" + texts.reason_line(application.refusal_reason, sent=sent)
    return line


async def notes_html(session: AsyncSession, items: Sequence[ApplicationNote], applicant: str) -> str:
    """One line per note or question (and its answer), oldest first."""
    lines: list[str] = []
    for item in items:
        author = escape(await person_name(session, item.author_id))
        text = escape(cut(" ".join(item.text.split()), 300))
        if item.kind == NoteKind.NOTE:
            lines.append(f"🗒 <b>{author} :</b> {text}")
            continue
        lines.append(f"❓ <b>{author} :</b> {text}")
        answer = escape(cut(" ".join(item.answer.split()), 300)) if item.answer else None
        lines.append(f"↳ <b>{escape(applicant)} :</b> {answer}" if answer else texts.NO_ANSWER_YET)
    return "\n".join(lines)


async def card_text(context: BotContext, application: Application, *, detail: bool = False) -> str:
    settings = context.services.config.volunteers
    async with context.services.sessionmaker() as session:
        reviewer = await reviewer_name(session, application)
        items = await notes.list_notes(session, application.id)
        extra = await notes_html(session, items, application.first_name or "?")
    username = await username_of(context, application.user_id)
    decision = decision_line(application, reviewer)
    render = detail_message if detail else review_message
    return render(application, username=username, decision=decision, settings=settings, extra=extra)


def card_buttons(application: Application) -> InlineKeyboardMarkup | None:
    if application.status != ApplicationStatus.SUBMITTED:
        return None
    return keyboards.review_decision(application.id, application.user_id)


async def refresh_cards(
    context: BotContext, application_id: int, also: tuple[int, int] | None = None
) -> Application | None:
    """Edit every card of the application to its current state (``also``: one more message, e.g. a
    card pressed before it was remembered). Returns the application, None if it is gone."""
    async with context.services.sessionmaker() as session:
        application = await applications.get_application(session, application_id)
    if application is None:
        return None
    text = await card_text(context, application)
    targets = {(int(chat), int(message)) for chat, message in application.review_messages}
    if also is not None:
        targets.add(also)
    for chat_id, message_id in sorted(targets):
        try:
            await context.bot.edit_message_text(
                text,
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=card_buttons(application),
                link_preview_options=NO_PREVIEW,
            )
        except TelegramError as exc:  # deleted by an admin, chat gone: the others still get it
            if "not modified" not in str(exc).lower():  # already up to date is fine
                log.warning("could not update review message %s/%s: %s", chat_id, message_id, exc)
    return application
