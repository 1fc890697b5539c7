"""The bot's one logging configuration, applied by ``python -m bot`` (never at import).

Human-readable lines by default, JSON lines with ``[logging] format = "json"``. Secrets never reach
the output: a filter on the handler rewrites every record, its arguments and its traceback, masking
the bot token (python-telegram-bot and httpx put it in every Bot API URL, ``/bot<token>/sendMessage``),
anything shaped like a bot token, and the other secrets it is given (the webhook secret token).
Libraries that would log personal data (python-telegram-bot dumps updates at DEBUG) are kept at INFO.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.ops.settings import LoggingSettings

TOKEN_SHAPE = re.compile(r"\b[0-9]{5,16}:[A-Za-z0-9_-]{30,64}")
MASK = "<redacted>"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries whose INFO lines are noise (httpx logs every request URL; APScheduler every job run).
QUIET = ("httpx", "httpcore", "apscheduler", "aiosqlite", "asyncio")
# python-telegram-bot's DEBUG lines dump whole updates (names, message texts): personal data, so
# its loggers stay at INFO even when the bot's own run at DEBUG.
NO_DEBUG = ("telegram", "tornado")
# LogRecord attributes that are not "extra=" fields.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class SecretFilter(logging.Filter):
    """Masks secrets in the message, its arguments and the traceback of every record it sees."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Longest first, so a secret containing another is masked whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 8}, key=len, reverse=True)
        self._traceback = logging.Formatter()

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return TOKEN_SHAPE.sub(MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._traceback.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, exception, extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | bool | str | None) else str(value)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(
    settings: LoggingSettings, *, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> logging.Handler:
    """Replace the root logger's handlers with one writing to ``stream`` (stderr); returns it."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter() if settings.format == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(SecretFilter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.level_number)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, settings.level_number))
    for name in NO_DEBUG:
        logging.getLogger(name).setLevel(max(logging.INFO, settings.level_number))
    logging.captureWarnings(True)
    return handler
