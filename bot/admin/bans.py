"""/ban, /unban and /bannis: who may use the bot at all.

A ban stops every update from that user (see bot.admin.gate), removes their private chat's
subscription, and is recorded in the audit log. Owners and moderators cannot be banned.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.admin import targets, texts
from bot.admin.audit import audit, user_target
from bot.admin.common import answer, clip, fitting, names
from bot.admin.gate import BanList
from bot.context import BotApplication, BotContext
from bot.roles import Level, level_of, requires
from storage.repos import users

MAX_REASON = 500  # the column's size
BANNED_SHOWN = 30


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


def register(application: BotApplication, bans: BanList) -> None:
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
        reason = clip(" ".join(target.rest).strip(), MAX_REASON) or None
        async with services.sessionmaker.begin() as session:
            row = await targets.remember(session, target)
            if row is None:  # an id never seen: banned before they ever write
                row = await users.upsert_user(session, target.user_id)
            who = targets.label(row, target.user_id)
            if row.is_banned:
                reply = texts.already_banned(who)
            else:
                await users.ban_user(session, target.user_id, by=actor.id, reason=reason)
                await audit(session, actor.id, "ban", user_target(target.user_id), reason=reason)
                reply = texts.banned(who, reason)
        bans.banned(target.user_id)
        await answer(message, reply)

    @requires("unban")
    async def unban(update: Update, context: BotContext) -> None:
        target = await target_of(update, context, "unban")
        message, actor = update.effective_message, update.effective_user
        if target is None or message is None or actor is None:
            return
        async with context.services.sessionmaker.begin() as session:
            row = await targets.remember(session, target)
            who = targets.label(row, target.user_id)
            if row is None:
                reply = texts.unknown_user(target.user_id)
            elif not row.is_banned:
                reply = texts.not_banned(who)
            else:
                await users.unban_user(session, target.user_id)
                await audit(session, actor.id, "unban", user_target(target.user_id))
                reply = texts.unbanned(who)
        bans.lifted(target.user_id)
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
        lines = [
            texts.banned_line(
                texts.person(row.id, row.first_name, row.last_name, row.username),
                row.banned_at,
                by.get(row.banned_by) if row.banned_by is not None else None,
                clip(row.ban_reason, 80) if row.ban_reason else None,
            )
            for row in rows[:BANNED_SHOWN]
        ]
        shown = fitting(lines)
        await answer(message, texts.banned_list(shown, more=len(rows) > len(shown)))

    application.add_handler(CommandHandler("ban", ban))
    application.add_handler(CommandHandler("unban", unban))
    application.add_handler(CommandHandler("bannis", banned_list))
