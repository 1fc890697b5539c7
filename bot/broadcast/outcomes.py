"""What a failed send means for the delivery: Telegram's errors sorted into the sender's few cases.

The reason stored on a delivery is a short tag (``blocked``, ``chat_not_found``, ``network``…),
followed for the open-ended cases by Telegram's own words; the final report groups by tag.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning


class Kind(StrEnum):
    WAIT = "wait"  # 429: retry this chat after ``retry_after``
    GONE = "gone"  # blocked, kicked, deactivated, chat not found: stop sending to this chat
    MIGRATED = "migrated"  # the group became ``new_chat_id``: move the delivery there and send again
    RETRY = "retry"  # network trouble: try again later, up to a limit
    FAILED = "failed"  # refused for good (a bad message): no point in retrying


# Reasons that mean the subscriber is gone: counted as "removed" in the final report.
GONE_REASONS = ("blocked", "kicked", "deactivated", "not_started", "chat_not_found", "forbidden")


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: Kind
    reason: str
    retry_after: float = 0.0
    new_chat_id: int | None = None


def classify(error: BaseException) -> Outcome:
    """The sender's reading of an exception raised by ``send_message``."""
    if isinstance(error, RetryAfter):
        with warnings.catch_warnings():  # PTB warns that the type will become timedelta: both are handled
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            wait = error.retry_after
        seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
        return Outcome(Kind.WAIT, f"retry_after {seconds:g}", retry_after=max(seconds, 0.0))
    if isinstance(error, ChatMigrated):
        return Outcome(Kind.MIGRATED, "migrated", new_chat_id=error.new_chat_id)
    if isinstance(error, Forbidden):
        return Outcome(Kind.GONE, _forbidden_reason(error.message))
    if isinstance(error, BadRequest):  # before NetworkError: PTB makes BadRequest a subclass of it
        if "chat not found" in error.message.lower():
            return Outcome(Kind.GONE, "chat_not_found")
        return Outcome(Kind.FAILED, f"bad_request: {error.message}")
    if isinstance(error, NetworkError):  # TimedOut included
        return Outcome(Kind.RETRY, f"network: {error.message or type(error).__name__}")
    if isinstance(error, TelegramError):
        return Outcome(Kind.FAILED, f"telegram: {error.message}")
    return Outcome(Kind.FAILED, f"error: {type(error).__name__}: {error}")


def _forbidden_reason(message: str) -> str:
    text = message.lower()
    if "blocked" in text:
        return "blocked"
    if "deactivated" in text:
        return "deactivated"
    if "kicked" in text or "not a member" in text:
        return "kicked"
    if "initiate" in text:
        return "not_started"
    return "forbidden"


def tag_of(reason: str) -> str:
    """The tag of a stored reason (``"network: timed out"`` -> ``"network"``)."""
    return reason.split(":", 1)[0].split(" ", 1)[0].strip() or "error"
