"""Who may do what: the one place that says which command or button needs which role.

Owners are the user ids of ``ADMIN_IDS`` / ``[bot] admin_ids``; owners grant and revoke the
moderator role at run time (stored on the user row); everyone else is a reader. Feature modules
wrap their admin handlers with ``requires("command_name")`` and never compare ids themselves, so a
refusal reads the same everywhere and changes nothing.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine, Mapping
from enum import IntEnum
from typing import Any, Final

from telegram import Update

from bot import texts
from bot.context import BotContext, Services
from storage.models import Role
from storage.repos import users

log = logging.getLogger(__name__)


class Level(IntEnum):
    READER = 0
    MODERATOR = 1
    OWNER = 2


# Every admin command and admin button action, with the lowest level allowed to use it.
# Buttons are named "button:<action>" so they are listed here beside the commands.
PERMISSIONS: Final[Mapping[str, Level]] = {
    # broadcasting and feeds (issue 5)
    "diffuser": Level.MODERATOR,
    "annonce": Level.MODERATOR,
    "file": Level.MODERATOR,
    "flux": Level.MODERATOR,
    "flux_ajouter": Level.OWNER,
    "flux_retirer": Level.OWNER,
    "button:broadcast": Level.MODERATOR,
    "button:queue": Level.MODERATOR,
    # volunteer applications (issue 6)
    "candidatures": Level.MODERATOR,
    "candidature": Level.MODERATOR,
    "export_candidatures": Level.OWNER,
    "button:application": Level.MODERATOR,
    "refuser": Level.MODERATOR,  # with a reason, sent or kept for the team
    "note": Level.MODERATOR,
    "question": Level.MODERATOR,
    # moderation (issue 7)
    "ban": Level.MODERATOR,
    "unban": Level.MODERATOR,
    "bannis": Level.MODERATOR,
    "button:ban": Level.MODERATOR,  # confirming the ban of an id the bot has never seen
    "stats": Level.MODERATOR,
    "journal": Level.OWNER,
    "moderateur_ajouter": Level.OWNER,
    "moderateur_retirer": Level.OWNER,
    "admin": Level.MODERATOR,  # the team's own help listing
    "button:journal": Level.OWNER,  # older / newer pages of /journal
}

# A coroutine function, as PTB's handler classes require.
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


async def level_of(services: Services, user_id: int) -> Level:
    if user_id in services.config.bot.admin_ids:
        return Level.OWNER
    async with services.sessionmaker() as session:
        user = await users.get_user(session, user_id)
    if user is not None and user.role == Role.MODERATOR:
        return Level.MODERATOR
    return Level.READER


async def allowed(services: Services, user_id: int | None, permission: str) -> bool:
    """Whether ``user_id`` may use ``permission`` (a key of ``PERMISSIONS``)."""
    needed = PERMISSIONS[permission]
    return user_id is not None and await level_of(services, user_id) >= needed


def requires(permission: str) -> Callable[[Handler], Handler]:
    """Wrap a handler so that only users with the level of ``permission`` reach it.

    Others get one short refusal (an alert for a button, a reply for a command) and nothing runs.
    """
    if permission not in PERMISSIONS:
        raise KeyError(f"{permission!r} is not listed in bot.roles.PERMISSIONS")

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def guarded(update: Update, context: BotContext) -> None:
            user = update.effective_user
            if await allowed(context.services, user.id if user else None, permission):
                await handler(update, context)
                return
            log.info("refused %s to user %s", permission, user.id if user else None)
            if update.callback_query is not None:
                await update.callback_query.answer(texts.NOT_ALLOWED, show_alert=True)
            elif update.effective_message is not None:
                await update.effective_message.reply_text(texts.NOT_ALLOWED)

        return guarded

    return decorate
