"""Wiring of admin and moderation: the ban gate and flood control in early handler groups, the team's
commands, the error reporter, and the team's command menus at start-up."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import TypeHandler

from bot.admin import bans, menus, reports, team
from bot.admin.alerts import ErrorReporter
from bot.admin.flood import FloodGate
from bot.admin.gate import BanList
from bot.context import BotApplication
from bot.handlers.errors import add_alert_hook

# Handler groups run in increasing order and a gate's ApplicationHandlerStop ends the update, so
# these run before every feature (group 0): bans first, then flood control.
BAN_GROUP = -20
FLOOD_GROUP = -10


def register(application: BotApplication) -> None:
    ban_list = BanList()
    application.add_handler(TypeHandler(Update, ban_list.screen), group=BAN_GROUP)
    flood = FloodGate()
    application.add_handler(TypeHandler(Update, flood.screen), group=FLOOD_GROUP)
    bans.register(application, ban_list)
    team.register(application, flood)
    reports.register(application)
    add_alert_hook(application, ErrorReporter(application))


async def start(application: BotApplication) -> Callable[[], Awaitable[None]]:
    """Run by bot.app at the end of post_init (its BACKGROUND): owners and moderators get their menus.

    Nothing keeps running, so what it returns to stop has nothing to do.
    """
    await menus.refresh_menus(application)

    async def stop() -> None:
        return None

    return stop
