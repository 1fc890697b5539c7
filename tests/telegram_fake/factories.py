"""Builders for Bot API objects (users, chats, chat members, entities) used by the fake and by tests."""

from __future__ import annotations

import itertools
import re
from typing import Any

from .html_parse import utf16_len
from .models import JSON

_user_ids = itertools.count(900_001)  # pure factories; FakeTelegram has its own lower ranges
_group_ids = itertools.count(8_000_001)
_supergroup_ids = itertools.count(1_900_000_001)

# Bare domains Telegram would link without a scheme; a short list is enough for French news sites.
_TLDS = "fr|com|org|net|io|eu|be|ch|ca|info|news|tv|me|co|uk|de|media"
_URL = re.compile(
    rf"(?<![\w@/.])(?:https?://[^\s<>\"]+|(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:{_TLDS})"
    rf"(?::\d+)?(?:/[^\s<>\"]*)?)(?![\w@])",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{4,31}(?!\w)")
_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z][A-Za-z0-9_]{4,31})?(?![\w/])")
_TRAILING_PUNCTUATION = ".,;:!?)»"


def make_user(
    first_name: str = "Camille",
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = "fr",
    user_id: int | None = None,
    is_bot: bool = False,
) -> JSON:
    """A Bot API User; ids come from a counter so every call gives a new person."""
    user: JSON = {"id": user_id or next(_user_ids), "is_bot": is_bot, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def private_chat(user: JSON) -> JSON:
    chat: JSON = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if key in user:
            chat[key] = user[key]
    return chat


def make_chat(
    kind: str = "group",
    *,
    title: str | None = None,
    username: str | None = None,
    number: int | None = None,
) -> JSON:
    """A group (small negative id), supergroup or channel (-100… ids), optionally public (@username).

    `number` picks the id (-number for a group, -100<number> otherwise); by default a module counter.
    """
    if kind == "group":
        chat_id = -(number or next(_group_ids))
    elif kind in ("supergroup", "channel"):
        chat_id = -(10**12 + (number or next(_supergroup_ids)))
    else:
        raise ValueError(f"unknown chat kind {kind!r}; private chats come from private_chat(user)")
    chat: JSON = {"id": chat_id, "type": kind, "title": title or f"Test {kind} {abs(chat_id)}"}
    if username:
        chat["username"] = username.lstrip("@")
    return chat


def chat_member(user: JSON, status: str, until_date: int = 0) -> JSON:
    """A ChatMember with every field PTB requires for the given status."""
    member: JSON = {"user": user, "status": status}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(dict.fromkeys(ADMIN_RIGHTS, True))
        member.update(can_be_edited=False, is_anonymous=False)
    elif status == "kicked":
        member["until_date"] = until_date
    elif status == "restricted":
        member.update(dict.fromkeys(RESTRICTED_RIGHTS, False))
        member.update(is_member=True, until_date=until_date)
    return member


ADMIN_RIGHTS = [
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
    "can_post_messages",
    "can_edit_messages",
]
RESTRICTED_RIGHTS = [
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_send_messages",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_manage_topics",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
]


def detect_entities(text: str) -> list[JSON]:
    """Entities Telegram's clients attach to a typed text: bot commands, mentions, e-mails and URLs."""
    found: list[tuple[int, int, str]] = []
    taken: list[range] = []
    for kind, pattern in (("email", _EMAIL), ("url", _URL), ("mention", _MENTION), ("bot_command", _COMMAND)):
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "url":
                while end > start and text[end - 1] in _TRAILING_PUNCTUATION:
                    end -= 1
            if any(start in span or end - 1 in span for span in taken):
                continue
            taken.append(range(start, end))
            found.append((start, end, kind))
    found.sort()
    return [
        {"type": kind, "offset": utf16_len(text[:start]), "length": utf16_len(text[start:end])}
        for start, end, kind in found
    ]


def user_or_chat_origin(sender: JSON, date: int, message_id: int = 1) -> JSON:
    """The MessageOrigin of a forwarded message, from a user or from a channel."""
    if sender.get("type") == "channel":
        return {"type": "channel", "date": date, "chat": sender, "message_id": message_id}
    if "type" in sender:
        return {"type": "chat", "date": date, "sender_chat": sender}
    return {"type": "user", "date": date, "sender_user": sender}


def as_chat_id(chat: JSON | int | str) -> int | str:
    if isinstance(chat, dict):
        value: Any = chat["id"]
        return int(value)
    return chat
