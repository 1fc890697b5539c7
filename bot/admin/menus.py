"""The team's command menus: each owner's and moderator's private chat gets its own menu
(setMyCommands with a chat scope), the readers' commands plus the admin commands their role allows.

Readers keep the default menu and never see admin commands. A menu lists only commands some feature
registered, so a command not built yet never shows. Menus are set at start-up and whenever a role
changes; a revoked moderator's chat menu is deleted, which brings back the default one.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler

from bot import texts
from bot.context import BotApplication
from bot.roles import PERMISSIONS, Level
from storage.repos import users

log = logging.getLogger(__name__)


def registered_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> frozenset[str]:
    found: set[str] = set()
    for handlers in application.handlers.values():
        for handler in handlers:
            if isinstance(handler, CommandHandler):
                found.update(handler.commands)
    return frozenset(found)


def team_commands(level: Level, registered: frozenset[str]) -> list[tuple[str, str]]:
    """The admin commands (name, description) that ``level`` may use, in menu order."""
    return [
        (name, description)
        for name, description in texts.ADMIN_COMMANDS
        if name in registered and name in PERMISSIONS and level >= PERMISSIONS[name]
    ]


async def set_menu(
    application: Application[Any, Any, Any, Any, Any, Any], user_id: int, level: Level
) -> bool:
    """Give ``user_id``'s private chat the menu of ``level``; False if Telegram refused (logged)."""
    scope = BotCommandScopeChat(user_id)
    try:
        if level is Level.READER:
            await application.bot.delete_my_commands(scope=scope)
        else:
            extra = team_commands(level, registered_commands(application))
            commands = [BotCommand(n, d) for n, d in (*texts.COMMANDS, *extra)]
            await application.bot.set_my_commands(commands, scope=scope)
    except TelegramError as exc:  # e.g. an owner who never opened the bot: "chat not found"
        log.warning("could not set the command menu of %s: %s", user_id, exc)
        return False
    return True


async def refresh_menus(application: BotApplication) -> None:
    """At start-up: every owner (config) and every moderator (database) gets their menu."""
    services = application.bot_data.services
    if services is None:
        return
    async with services.sessionmaker() as session:
        moderators = [row.id for row in await users.list_moderators(session)]
    owners = services.config.bot.admin_ids
    for user_id in sorted(owners):
        await set_menu(application, user_id, Level.OWNER)
    for user_id in moderators:
        if user_id not in owners:
            await set_menu(application, user_id, Level.MODERATOR)
