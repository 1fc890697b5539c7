"""Counts every update by type before any handler sees it (group -100; it never stops propagation)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import TypeHandler

from bot import metrics
from bot.context import BotApplication, BotContext

GROUP = -100


def update_type(update: Update) -> str:
    for kind in Update.ALL_TYPES:
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


async def count_update(update: Update, context: BotContext) -> None:
    metrics.update_received(update_type(update))


def register(application: BotApplication) -> None:
    application.add_handler(TypeHandler(Update, count_update), group=GROUP)
