"""``python -m bot``: load the config, open (and upgrade) the database, register the menus, then
long-poll, or serve the webhook with ``[telegram] mode = "webhook"``.

Start-up problems an operator can fix (token, config, database, Telegram unreachable) end with one
short message on stderr and a non-zero exit, not a traceback. SIGINT/SIGTERM stop it cleanly: no new
updates are taken, the ones being handled (summaries) finish, background parts stop, the database
closes. Logging is configured here, by ``bot.ops.logs``, and nowhere at import.
"""

from __future__ import annotations

import asyncio
import sys

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.config import Config, ConfigError, TokenError, load_config
from bot.ops.logs import configure_logging
from storage.errors import StorageError

EXIT_CONFIG = 2
EXIT_DATABASE = 3
EXIT_TELEGRAM = 4

TOKEN_HELP = """\
To get a token: open Telegram, talk to @BotFather, send /newbot and follow the steps;
it answers with a token like 123456789:AAH…. Then start the bot with
    TELEGRAM_BOT_TOKEN=<your token> python -m bot
(keep the token secret: never put it in config.toml or in git)."""


def fail(message: str, code: int) -> int:
    print(f"resume-bot: {message}", file=sys.stderr)
    return code


async def check_token(config: Config) -> None:
    """Ask the Bot API who we are before starting, so a refused token gets the short message below
    (python-telegram-bot would log its own traceback first)."""
    bot = Bot(config.telegram.token, base_url=config.telegram.api_base_url)
    async with bot:  # initialize() calls getMe
        pass


def run(config: Config) -> None:
    # Imported here so that a configuration mistake is reported before the engine's heavy imports.
    from bot.app import ALLOWED_UPDATES, build_application, webhook_options

    asyncio.run(check_token(config))
    application = build_application(config)
    if config.telegram.mode == "webhook":
        application.run_webhook(**webhook_options(config.telegram.webhook))
        return
    application.run_polling(
        allowed_updates=ALLOWED_UPDATES,
        timeout=config.telegram.poll_timeout,
        poll_interval=0.0,
        drop_pending_updates=False,
    )


def main() -> int:
    try:
        config = load_config()
    except TokenError as exc:
        return fail(f"{exc}.\n{TOKEN_HELP}", EXIT_CONFIG)
    except ConfigError as exc:
        return fail(f"configuration error: {exc}", EXIT_CONFIG)
    configure_logging(config.logging, secrets=[config.telegram.token, config.telegram.webhook.secret_token])
    try:
        run(config)
    except InvalidToken:
        return fail(f"Telegram refused the token (revoked or mistyped).\n{TOKEN_HELP}", EXIT_CONFIG)
    except NetworkError as exc:
        reason = str(exc).replace(config.telegram.token, "<token>")
        return fail(f"cannot reach the Bot API at {config.telegram.api_base_url}: {reason}", EXIT_TELEGRAM)
    except TelegramError as exc:
        reason = str(exc).replace(config.telegram.token, "<token>")
        return fail(f"the Bot API refused to start the bot: {reason}", EXIT_TELEGRAM)
    except StorageError as exc:
        return fail(f"database problem: {exc}", EXIT_DATABASE)
    except OSError as exc:  # the webhook or [ops] port is taken or not allowed
        return fail(f"cannot listen on a port: {exc}", EXIT_CONFIG)
    return 0


if __name__ == "__main__":
    sys.exit(main())
