"""Reviewers working together on an application: /refuser with a reason (sent kindly or kept for the
team), /note between reviewers, /question to the applicant, whose reply (to the bot's message) is
shown on every card of the application. Guarded by ``bot.roles``; each use goes to the audit log."""

from __future__ import annotations

import logging

from telegram import ForceReply, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.context import BotContext
from bot.people import remember_user
from bot.roles import requires
from bot.volunteers import cards, review
from storage.models import Application, ApplicationStatus, NoteKind
from storage.repos import applications, audit, notes

log = logging.getLogger(__name__)

REASON_MAX = 500
NOTE_MAX = 1000


def _number_and_text(context: BotContext) -> tuple[int, str] | None:
    args = context.args or []
    raw = args[0].lstrip("#n°") if args else ""
    if not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw), " ".join(args[1:]).strip()


async def _application(message: Message, context: BotContext, number: int) -> Application | None:
    """The application (not a draft), or None after telling the admin it does not exist."""
    async with context.services.sessionmaker() as session:
        application = await applications.get_application(session, number)
    if application is None or application.status == ApplicationStatus.DRAFT:
        await message.reply_text(texts.application_not_found(number))
        return None
    return application


@requires("refuser")
async def refuse_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    parsed = _number_and_text(context)
    if message is None or user is None:
        return
    if parsed is None:
        await message.reply_text(texts.REFUSE_USAGE)
        return
    number, reason = parsed
    words = reason.split(None, 1)
    internal = bool(words) and words[0].lower().rstrip(":") == "interne"  # "/refuser 12 interne : …"
    if internal:
        reason = words[1].lstrip(": ") if len(words) > 1 else ""
    if len(reason) > REASON_MAX:
        await message.reply_text(texts.reason_too_long(REASON_MAX, len(reason)))
        return
    if await _application(message, context, number) is None:
        return
    async with context.services.sessionmaker.begin() as session:
        await remember_user(session, user.id, user)
        decided = await applications.decide_application(
            session,
            number,
            accept=False,
            reviewer_id=user.id,
            reason=reason or None,
            reason_sent=not internal,
        )
        if decided is not None:
            where = ("internal" if internal else "sent") if reason else "none"
            details = {"applicant": decided.user_id, "reason": where}
            await audit.record_action(
                session, user.id, "application.refuse", target=f"application:{number}", details=details
            )
        else:
            current = await applications.get_application(session, number)
    if decided is None:
        await message.reply_text(texts.already_decided(current.status if current else "gone"))
        return
    await cards.refresh_cards(context, decided.id)
    told = await review.tell_applicant(context, decided)
    await message.reply_text(texts.refused_done(number, reason=bool(reason), sent=not internal, told=told))


async def _note(update: Update, context: BotContext, kind: NoteKind) -> None:
    message, user = update.effective_message, update.effective_user
    parsed = _number_and_text(context)
    if message is None or user is None:
        return
    if parsed is None or not parsed[1]:
        await message.reply_text(texts.NOTE_USAGE if kind == NoteKind.NOTE else texts.QUESTION_USAGE)
        return
    number, text = parsed
    if len(text) > NOTE_MAX:
        await message.reply_text(texts.reason_too_long(NOTE_MAX, len(text)))
        return
    application = await _application(message, context, number)
    if application is None:
        return
    if kind == NoteKind.QUESTION and application.status != ApplicationStatus.SUBMITTED:
        await message.reply_text(texts.already_decided(application.status))
        return
    async with context.services.sessionmaker.begin() as session:
        await remember_user(session, user.id, user)
        note = await notes.add_note(session, number, author_id=user.id, kind=kind, text=text)
        await audit.record_action(session, user.id, f"application.{kind}", target=f"application:{number}")
    if kind == NoteKind.QUESTION and not await _ask(context, application, note.id, text):
        await message.reply_text(texts.QUESTION_UNREACHABLE)
        return
    await cards.refresh_cards(context, number)
    await message.reply_text(texts.NOTE_ADDED if kind == NoteKind.NOTE else texts.question_sent(number))


async def _ask(context: BotContext, application: Application, note_id: int, text: str) -> bool:
    """Send the question to the applicant; their reply to it is the answer. False if unreachable."""
    try:
        sent = await context.bot.send_message(
            application.user_id,
            texts.question_to_applicant(text),
            parse_mode=ParseMode.HTML,
            reply_markup=ForceReply(input_field_placeholder=texts.ANSWER_PLACEHOLDER),
        )
    except TelegramError as exc:
        log.info("could not ask applicant %s: %s", application.user_id, exc)
        async with context.services.sessionmaker.begin() as session:
            await notes.delete_note(session, note_id)
        return False
    async with context.services.sessionmaker.begin() as session:
        await notes.set_question_message(session, note_id, sent.message_id)
    return True


@requires("note")
async def note_command(update: Update, context: BotContext) -> None:
    await _note(update, context, NoteKind.NOTE)


@requires("question")
async def question_command(update: Update, context: BotContext) -> None:
    await _note(update, context, NoteKind.QUESTION)


async def on_reply(update: Update, context: BotContext) -> None:
    """An applicant's reply to the team's question: shown on the cards, the asker is told."""
    message, user = update.message, update.effective_user
    replied = message.reply_to_message if message is not None else None
    if message is None or user is None or replied is None or message.chat.type != ChatType.PRIVATE:
        return
    async with context.services.sessionmaker.begin() as session:
        question = await notes.question_replied_to(session, user.id, replied.message_id)
        application = (
            await applications.get_application(session, question.application_id) if question else None
        )
        if question is None or application is None:
            return  # an ordinary reply: the other handlers take it
        pending = application.status == ApplicationStatus.SUBMITTED
        if pending and message.text:
            await notes.answer_question(session, question.id, message.text[:NOTE_MAX])
    if not pending:
        await message.reply_text(texts.already_decided(application.status))
    elif not message.text:
        await message.reply_text(texts.FORM_NOT_TEXT)
    else:
        await cards.refresh_cards(context, application.id)
        await message.reply_text(texts.ANSWER_SENT)
        await _tell_asker(context, question.author_id, application, message.text)
    raise ApplicationHandlerStop


async def _tell_asker(context: BotContext, asker: int | None, application: Application, answer: str) -> None:
    if asker is None:
        return
    try:
        await context.bot.send_message(
            asker,
            texts.answer_received(application.id, application.first_name or "?", answer[:300]),
            parse_mode=ParseMode.HTML,
        )
    except TelegramError as exc:  # the card shows the answer anyway
        log.info("could not tell %s about an answer: %s", asker, exc)
