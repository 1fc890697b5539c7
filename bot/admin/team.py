"""The team: /moderateur_ajouter and /moderateur_retirer (owners), /admin (the team's commands).

Owners are the ids of ADMIN_IDS and are not changed here; moderators are stored on the user row.
A role change updates that person's command menu at once and is recorded in the audit log; it also
clears their flood count, so a demoted moderator starts afresh instead of with the messages they sent
while flood control left them alone.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CommandHandler

from bot.admin import menus, targets, texts
from bot.admin.audit import audit, user_target
from bot.admin.bans import target_of
from bot.admin.common import answer
from bot.admin.flood import FloodGate
from bot.context import BotApplication, BotContext
from bot.roles import Level, level_of, requires
from storage.models import Role, User
from storage.repos import users

log = logging.getLogger(__name__)


async def _change_role(
    update: Update, context: BotContext, command: str, grant: bool, flood: FloodGate
) -> None:
    target = await target_of(update, context, command)
    message, actor = update.effective_message, update.effective_user
    if target is None or message is None or actor is None:
        return
    services = context.services
    async with services.sessionmaker.begin() as session:
        row = await targets.remember(session, target)
        who = targets.label(row, target.user_id)
        refusal = _refusal(row, who, grant, owner=target.user_id in services.config.bot.admin_ids)
        if refusal is None:
            await users.set_role(session, target.user_id, Role.MODERATOR if grant else Role.USER)
            action = "moderator_add" if grant else "moderator_remove"
            await audit(session, actor.id, action, user_target(target.user_id))
    if refusal is not None:
        await answer(message, refusal)
        return
    await services.flood.forget(target.user_id)
    menu_set = await menus.set_menu(
        context.application, target.user_id, Level.MODERATOR if grant else Level.READER
    )
    await answer(message, texts.moderator_added(who, menu_set) if grant else texts.moderator_removed(who))
    await _tell(context, target.user_id, texts.WELCOME_MODERATOR if grant else texts.NO_LONGER_MODERATOR)


def _refusal(row: User | None, who: str, grant: bool, *, owner: bool) -> str | None:
    """Why the role cannot change (None: it can)."""
    if owner:
        return texts.is_owner(who)
    if row is None:
        return texts.must_start_first(who) if grant else texts.not_moderator(who)
    if grant and row.is_banned:
        return texts.banned_cannot_moderate(who)
    if grant == (row.role == Role.MODERATOR):
        return texts.already_moderator(who) if grant else texts.not_moderator(who)
    return None


async def _tell(context: BotContext, user_id: int, text: str) -> None:
    try:
        await context.bot.send_message(user_id, text)
    except TelegramError as exc:
        log.info("could not tell %s about their role: %s", user_id, exc)


@requires("admin")
async def admin_help(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    level = await level_of(context.services, user.id)
    commands = menus.team_commands(level, menus.registered_commands(context.application))
    async with context.services.sessionmaker() as session:
        moderators = [
            texts.person(row.id, row.first_name, row.last_name, row.username)
            for row in await users.list_moderators(session)
        ]
    await answer(message, texts.admin_help(commands, level is Level.OWNER, moderators))


def register(application: BotApplication, flood: FloodGate) -> None:
    @requires("moderateur_ajouter")
    async def add_moderator(update: Update, context: BotContext) -> None:
        await _change_role(update, context, "moderateur_ajouter", grant=True, flood=flood)

    @requires("moderateur_retirer")
    async def remove_moderator(update: Update, context: BotContext) -> None:
        await _change_role(update, context, "moderateur_retirer", grant=False, flood=flood)

    application.add_handler(CommandHandler("moderateur_ajouter", add_moderator))
    application.add_handler(CommandHandler("moderateur_retirer", remove_moderator))
    application.add_handler(CommandHandler("admin", admin_help))
