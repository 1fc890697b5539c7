"""Error reports to the team: the error handler logs every error with its traceback, then this hook
sends a short report to the admin chat (bot.notify), de-duplicated and rate-limited.

Two errors are "the same" when they have the same type and happen at the same line of the project's
code; the same error is counted, not re-sent, within ``[admin] alert_window_seconds``, and at most
``alert_max_per_window`` reports go out per window, so a failure storm costs the admins a few
messages, each saying how much was held back. The counts live in memory, per process.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from telegram import Update
from telegram.error import Forbidden

from bot.admin import texts
from bot.admin.common import clip
from bot.admin.throttle import AlertThrottle
from bot.context import BotApplication, BotContext
from bot.notify import notify_admins

log = logging.getLogger(__name__)

PROJECT = Path(__file__).resolve().parents[2]
SUMMARY_SLACK = 0.05  # seconds after the window closes, so the counts are surely due


SENDING = PROJECT / "bot" / "sending"


def place(error: BaseException) -> str | None:
    """The deepest frame of the traceback in the project's own code (else the deepest frame at all)."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return None
    ours = [
        f
        for f in frames
        if f.filename.startswith(str(PROJECT))
        and "site-packages" not in f.filename
        and not f.filename.startswith(str(SENDING))  # the way out to Telegram, not where it went wrong
    ]
    frame = (ours or frames)[-1]
    path = Path(frame.filename)
    shown = path.relative_to(PROJECT) if path.is_relative_to(PROJECT) else Path(path.name)
    return f"{shown}:{frame.lineno} ({frame.name})"


def signature(error: BaseException) -> str:
    kind = type(error)
    return f"{kind.__module__}.{kind.__qualname__}@{place(error)}"


def origin(update: object) -> str:
    if not isinstance(update, Update):
        return texts.error_origin(texts.ORIGIN_BACKGROUND, None, None)
    user = update.effective_user
    chat = update.effective_chat
    message = update.effective_message
    if update.callback_query is not None:
        what = texts.ORIGIN_BUTTON
    elif update.inline_query is not None:
        what = texts.ORIGIN_INLINE
    elif message is not None:
        words = (message.text or "").split(maxsplit=1)
        command = words[0] if words and words[0].startswith("/") else None
        # Only the command's name: what readers write stays out of the admin chat.
        what = texts.ORIGIN_COMMAND.format(command=clip(command, 40)) if command else texts.ORIGIN_MESSAGE
    else:
        what = texts.ORIGIN_UPDATE
    return texts.error_origin(what, user.id if user else None, chat.id if chat else None)


class ErrorReporter:
    """The alert hook (bot.handlers.errors.add_alert_hook) that reports errors to the team.

    What the throttle holds back is not lost: a job of the job queue sends one summary once the
    window is over ("this error happened 240 more times"), unless a later report said it first.
    """

    def __init__(self, application: BotApplication, clock: Callable[[], float] = time.monotonic) -> None:
        self._application = application  # for its job queue
        self._clock = clock
        self._throttle: AlertThrottle | None = None
        self._summary_planned = False

    async def __call__(self, update: object, context: BotContext) -> None:
        error = context.error
        if error is None or isinstance(error, Forbidden):
            return  # a user who blocked the bot mid-reply is not a fault to report
        services = context.bot_data.services
        if services is None:
            return
        if self._throttle is None:
            settings = services.config.admin
            self._throttle = AlertThrottle(settings.alert_window_seconds, settings.alert_max_per_window)
        headline = clip(f"{type(error).__name__}: {error}", 300)
        where = place(error)
        label = f"{headline} ({where})" if where else headline
        admission = self._throttle.admit(signature(error), self._clock(), label)
        if admission is None:
            log.info("error report held back (same error recently, or too many reports)")
            self._plan_summary()
            return
        report = texts.error_report(headline, where, origin(update), admission.repeats, admission.others)
        await notify_admins(context, report)

    def _plan_summary(self) -> None:
        due = self._throttle.next_summary_at() if self._throttle else None
        queue = self._application.job_queue
        if self._summary_planned or due is None or queue is None:
            return  # without a job queue the counts ride on the next report
        self._summary_planned = True
        delay = max(due - self._clock(), 0.0) + SUMMARY_SLACK
        queue.run_once(self._send_summary, delay, name="error report summary")

    async def _send_summary(self, context: BotContext) -> None:
        self._summary_planned = False
        if self._throttle is None:
            return
        summary = self._throttle.drain(self._clock())
        if summary is not None and context.bot_data.services is not None:
            await notify_admins(context, texts.error_summary(summary.repeats, summary.others))
        self._plan_summary()
