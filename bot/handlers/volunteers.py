"""Volunteer applications ("Rejoindre l'équipe de rédaction — Postuler"): wiring and entry points.

/postuler, /apply and the ?start=postuler deep link (bot.handlers.start) open the form. While a user
has a draft, ``route`` (an early handler group) takes their private messages as answers, so a link
they send is an answer and not a summary request; readers without a draft pass after one set lookup.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import callbacks, keyboards, texts
from bot.context import BotApplication, BotContext
from bot.handlers.common import remember
from bot.volunteers import admin, buttons, flow, jobs, review, team

# Before every feature (group 0) but after the ban gate and flood control of bot.admin (-20, -10).
FORM_GROUP = -1
REPLY_GROUP = -2
# Commands that keep their usual meaning in the middle of the form; /postuler shows the question again.
PASS_THROUGH = frozenset({"annuler", "cancel", "mesdonnees", "supprimer_mes_donnees"})
RESUME = frozenset({"postuler", "apply"})


async def postuler(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text(
            texts.FORM_PRIVATE_ONLY, reply_markup=keyboards.write_me_privately(context.bot.username)
        )
        return
    if not await flow.may_apply(context.services, user.id):
        return
    await remember(context.services, message.chat, user)  # an application belongs to a known user
    await flow.begin(context, user.id)


def command_of(message: Message) -> tuple[str, str] | None:
    """(command, first argument) of a command message, without the @botname; None for other messages."""
    text = message.text or ""
    if not message.entities or message.entities[0].type != MessageEntityType.BOT_COMMAND:
        return None
    if message.entities[0].offset != 0:
        return None
    words = text.split()
    name = words[0][1:].split("@")[0].lower()
    return name, (words[1].lower() if len(words) > 1 else "")


async def route(update: Update, context: BotContext) -> None:
    """A private message from someone filling the form: their answer (or guidance), nothing else."""
    message, user = update.message, update.effective_user
    if message is None or user is None or message.chat.type != ChatType.PRIVATE:
        return
    services = context.services
    if not await services.drafts.has(services.sessionmaker, user.id):
        return
    command = command_of(message)
    if command is not None and command[0] in PASS_THROUGH:
        return
    async with services.drafts.lock(user.id):
        draft = await flow.load_draft(services, user.id)
        if draft is None:
            return
        if command is not None and (command[0] in RESUME or command == ("start", "postuler")):
            await flow.ask(context, user.id, draft, texts.FORM_RESUMED)
        elif command is not None:
            await flow.ask(context, user.id, draft, texts.FORM_COMMAND)
        else:
            try:
                await flow.answer_text(context, user.id, draft, message.text)
            except flow.FormChanged:  # answered meanwhile on another replica: show where the form is
                current = await flow.load_draft(services, user.id)
                if current is not None:
                    await flow.ask(context, user.id, current)
    raise ApplicationHandlerStop


async def cancel_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if message.chat.type == ChatType.PRIVATE and await flow.cancel(context.services, user.id):
        await message.reply_text(texts.FORM_CANCELLED)
        return
    pending = await flow.pending_application(context.services, user.id)
    if message.chat.type == ChatType.PRIVATE and pending is not None:
        await message.reply_text(texts.WITHDRAW_CONFIRM, reply_markup=keyboards.withdraw_application(pending))
    else:
        await message.reply_text(texts.NOTHING_TO_CANCEL)


def register(application: BotApplication) -> None:
    # An applicant's reply to a question of the team, before the form and every feature.
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.REPLY, team.on_reply), group=REPLY_GROUP
    )
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE, route), group=FORM_GROUP)
    application.add_handler(CommandHandler(["postuler", "apply"], postuler))
    application.add_handler(CommandHandler(["annuler", "cancel"], cancel_command))
    application.add_handler(
        CallbackQueryHandler(buttons.on_form_button, pattern=callbacks.matches(callbacks.FormButton))
    )
    application.add_handler(
        CallbackQueryHandler(review.on_decision, pattern=callbacks.matches(callbacks.DecideApplication))
    )
    application.add_handler(
        CallbackQueryHandler(review.on_withdraw, pattern=callbacks.matches(callbacks.WithdrawApplication))
    )
    application.add_handler(
        CallbackQueryHandler(admin.on_page, pattern=callbacks.matches(callbacks.ListApplications))
    )
    application.add_handler(
        CallbackQueryHandler(admin.on_show, pattern=callbacks.matches(callbacks.ShowApplication))
    )
    application.add_handler(CommandHandler("candidatures", admin.list_command))
    application.add_handler(CommandHandler("candidature", admin.show_command))
    application.add_handler(CommandHandler("export_candidatures", admin.export_command))
    application.add_handler(CommandHandler("refuser", team.refuse_command))
    application.add_handler(CommandHandler("note", team.note_command))
    application.add_handler(CommandHandler("question", team.question_command))
    jobs.schedule(application)
