"""/ban, /unban and /bannis: who may use the bot at all.

A ban stops every update from that user (see bot.admin.gate) and suspends their private chat's
subscription; it lasts until /unban, or for a duration (``/ban @x 7j motif``) after which it is lifted
automatically (bot.admin.lifting). Lifting a ban resumes the subscription and tells the reader.
Banning an id the bot has never seen asks for a confirmation first (a typo would ban a stranger).
Every ban and unban is recorded in the audit log. Owners and moderators cannot be banned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards
from bot.admin import lifting, targets, texts
from bot.admin.audit import audit, user_target
from bot.admin.common import NO_PREVIEW, answer, clip, fitting, names
from bot.admin.durations import Duration, DurationError, paris_date, split_duration
from bot.admin.gate import BanList
from bot.context import BotApplication, BotContext, Services
from bot.roles import Level, level_of, requires
from storage.models import utcnow
from storage.repos import subscriptions, users

MAX_REASON = 500  # the column's size
BANNED_SHOWN = 30
MAX_PENDING = 200  # unconfirmed bans of unknown ids kept in memory


@dataclass(frozen=True, slots=True)
class BanRequest:
    user_id: int
    duration: Duration | None
    reason: str | None


async def target_of(
    update: Update, context: BotContext, command: str, extra: str = ""
) -> targets.Target | None:
    """The person the command is about, or None after telling the admin what is missing."""
    message = update.effective_message
    if message is None:
        return None
    usage = texts.usage(command) + extra
    try:
        async with context.services.sessionmaker() as session:
            return await targets.resolve(
                session, message, list(context.args or []), bot_id=context.bot.id, usage=usage
            )
    except targets.TargetError as exc:
        await answer(message, exc.text)
        return None


async def _ban(services: Services, bans: BanList, actor_id: int, request: BanRequest, now: datetime) -> str:
    """Ban as asked (a user never seen gets a bare row) and say so; the admin's reply (HTML)."""
    until = now + request.duration.delta if request.duration else None
    async with services.sessionmaker.begin() as session:
        row = await users.get_user(session, request.user_id) or await users.upsert_user(
            session, request.user_id
        )
        who = targets.label(row, request.user_id)
        if row.is_banned:
            ended = row.banned_until and paris_date(row.banned_until, now=now)
            return texts.already_banned(who, ended or None)
        subscribed = await subscriptions.get_subscription(session, request.user_id) is not None
        await users.ban_user(
            session, request.user_id, by=actor_id, reason=request.reason, until=until, now=now
        )
        details = {"reason": request.reason, "duration": str(request.duration) if request.duration else None}
        await audit(session, actor_id, "ban", user_target(request.user_id), **details)
    bans.banned(request.user_id, until)
    if until is None or request.duration is None:
        return texts.banned(who, request.reason, subscribed=subscribed)
    ending = paris_date(until, now=now)
    return texts.banned(
        who, request.reason, duration=str(request.duration), until=ending, subscribed=subscribed
    )


def register(application: BotApplication, bans: BanList) -> None:
    pending: dict[tuple[int, int], BanRequest] = {}  # (admin, unknown id) -> the ban to confirm

    @requires("ban")
    async def ban(update: Update, context: BotContext) -> None:
        target = await target_of(update, context, "ban", texts.BAN_USAGE_EXTRA)
        message, actor = update.effective_message, update.effective_user
        if target is None or message is None or actor is None:
            return
        services = context.services
        if await level_of(services, target.user_id) >= Level.MODERATOR:
            await answer(message, texts.CANNOT_BAN_ADMIN)
            return
        try:
            duration, words = split_duration(target.rest)
        except DurationError as exc:
            await answer(message, texts.DURATION_ZERO if str(exc) == "zero" else texts.DURATION_TOO_LONG)
            return
        request = BanRequest(target.user_id, duration, clip(" ".join(words).strip(), MAX_REASON) or None)
        async with services.sessionmaker.begin() as session:
            known = await targets.remember(session, target) is not None
        if not known:  # an id typed by hand that never wrote to the bot: make sure it is the right one
            if len(pending) >= MAX_PENDING:
                pending.pop(next(iter(pending)))
            pending[(actor.id, target.user_id)] = request
            warning = texts.unknown_id_warning(
                target.user_id, str(duration) if duration else None, request.reason
            )
            await answer(message, warning, keyboards.confirm_ban(target.user_id))
            return
        await answer(message, await _ban(services, bans, actor.id, request, utcnow()))

    @requires("button:ban")
    async def confirm(update: Update, context: BotContext) -> None:
        query, actor = update.callback_query, update.effective_user
        action = callbacks.parse(query.data) if query else None
        if query is None or actor is None or not isinstance(action, callbacks.ConfirmBan):
            return
        request = pending.pop((actor.id, action.user_id), None)
        if request is None and any(target == action.user_id for _, target in pending):
            await query.answer(texts.NOT_YOUR_BAN_REQUEST, show_alert=True)  # asked by someone else
            return
        await query.answer()
        if request is None:
            reply = texts.BAN_REQUEST_EXPIRED
        elif not action.confirm:
            reply = texts.BAN_CANCELLED
        else:
            reply = await _ban(context.services, bans, actor.id, request, utcnow())
        await query.edit_message_text(reply, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)

    @requires("unban")
    async def unban(update: Update, context: BotContext) -> None:
        target = await target_of(update, context, "unban")
        message, actor = update.effective_message, update.effective_user
        if target is None or message is None or actor is None:
            return
        services = context.services
        async with services.sessionmaker.begin() as session:
            row = await targets.remember(session, target)
            who = targets.label(row, target.user_id)
        lifted = None
        if row is not None and row.is_banned:
            lifted = await lifting.lift(services, context.bot, bans, target.user_id, actor_id=actor.id)
        if lifted is not None:
            reply = texts.unbanned(lifted.label, lifted.subscription, lifted.told)
        else:
            bans.lifted(target.user_id)
            reply = texts.unknown_user(target.user_id) if row is None else texts.not_banned(who)
        await answer(message, reply)

    @requires("bannis")
    async def banned_list(update: Update, context: BotContext) -> None:
        message = update.effective_message
        if message is None:
            return
        async with context.services.sessionmaker() as session:
            rows = list(await users.list_banned(session, limit=BANNED_SHOWN + 1))
            by = await names(session, (row.banned_by for row in rows))
        if not rows:
            await answer(message, texts.NOBODY_BANNED)
            return
        now = utcnow()
        lines = [
            texts.banned_line(
                texts.person(row.id, row.first_name, row.last_name, row.username),
                row.banned_at,
                by.get(row.banned_by) if row.banned_by is not None else None,
                clip(row.ban_reason, 80) if row.ban_reason else None,
                paris_date(row.banned_until, now=now) if row.banned_until else None,
            )
            for row in rows[:BANNED_SHOWN]
        ]
        shown = fitting(lines)
        await answer(message, texts.banned_list(shown, more=len(rows) > len(shown)))

    application.add_handler(CommandHandler("ban", ban))
    application.add_handler(CallbackQueryHandler(confirm, pattern=callbacks.matches(callbacks.ConfirmBan)))
    application.add_handler(CommandHandler("unban", unban))
    application.add_handler(CommandHandler("bannis", banned_list))
    lifting.schedule_expiry(application, bans)
