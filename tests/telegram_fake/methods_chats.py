"""Bot API methods about chats, members, files, and answers to callback and inline queries."""

from __future__ import annotations

from typing import Any

from .factories import chat_member
from .models import JSON, bad_request
from .state import FakeState
from .validation import Params, check_reply_markup, formatted_text

_QUERY_EXPIRED = "query is too old and response timeout expired or query ID is invalid"


async def answer_callback_query(state: FakeState, p: Params) -> bool:
    query_id = p.get_str("callback_query_id")
    if query_id not in state.callback_queries or state.callback_queries[query_id] is not None:
        raise bad_request(_QUERY_EXPIRED)
    if len(p.get_str("text", "")) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    state.callback_queries[query_id] = dict(p.values)
    state.notify()
    return True


async def answer_inline_query(state: FakeState, p: Params) -> bool:
    query_id = p.get_str("inline_query_id")
    if query_id not in state.inline_queries or state.inline_queries[query_id] is not None:
        raise bad_request(_QUERY_EXPIRED)
    results = p.get_json("results")
    if not isinstance(results, list) or len(results) > 50:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        result_id = str(result.get("id", ""))
        if not 1 <= len(result_id.encode()) <= 64:
            raise bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        _check_inline_result(result)
    state.inline_queries[query_id] = {**p.values, "results": results}
    state.notify()
    return True


def _check_inline_result(result: Any) -> None:
    content = result.get("input_message_content") or {}
    if "message_text" in content:
        formatted_text(content["message_text"], content.get("parse_mode"), content.get("entities"))
    check_reply_markup(result.get("reply_markup"))


async def get_chat(state: FakeState, p: Params) -> JSON:
    chat = state.resolve_chat(p.chat_id())
    gifts = dict.fromkeys(
        ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels"),
        False,
    )
    return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}


def _member(state: FakeState, chat: JSON, user_id: int) -> JSON:
    chat_id = int(chat["id"])
    if user_id == state.bot_user["id"]:
        status = "member" if chat["type"] == "private" else state.bot_status.get(chat_id, "left")
        return chat_member(state.bot_user, status)
    user = state.users.get(user_id)
    if user is None:
        raise bad_request("user not found")
    if chat["type"] == "private":
        return chat_member(user, "member" if user_id == chat_id else "left")
    return state.members.get(chat_id, {}).get(user_id) or chat_member(user, "left")


async def get_chat_member(state: FakeState, p: Params) -> JSON:
    return _member(state, state.resolve_chat(p.chat_id()), p.get_int("user_id"))


async def get_chat_administrators(state: FakeState, p: Params) -> list[JSON]:
    chat = state.resolve_chat(p.chat_id())
    if chat["type"] == "private":
        raise bad_request("there are no administrators in the private chat")
    members = list(state.members.get(int(chat["id"]), {}).values())
    admins = [m for m in members if m["status"] in ("creator", "administrator")]
    if state.bot_status.get(int(chat["id"])) == "administrator":
        admins.append(chat_member(state.bot_user, "administrator"))
    return admins


async def get_chat_member_count(state: FakeState, p: Params) -> int:
    chat = state.resolve_chat(p.chat_id())
    members = state.members.get(int(chat["id"]), {}).values()
    return 1 + sum(m["status"] not in ("left", "kicked") for m in members)


async def leave_chat(state: FakeState, p: Params) -> bool:
    chat = state.resolve_chat(p.chat_id())
    if chat["type"] == "private":
        raise bad_request("chat member status can't be changed in private chats")
    state.bot_status[int(chat["id"])] = "left"
    state.notify()
    return True


async def get_file(state: FakeState, p: Params) -> JSON:
    uploaded = state.files.get(p.get_str("file_id"))
    if uploaded is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": uploaded.file_id,
        "file_unique_id": uploaded.file_unique_id,
        "file_size": len(uploaded.content),
        "file_path": f"files/{uploaded.file_id}",
    }


CHAT_METHODS = {
    "answerCallbackQuery": answer_callback_query,
    "answerInlineQuery": answer_inline_query,
    "getChat": get_chat,
    "getChatMember": get_chat_member,
    "getChatAdministrators": get_chat_administrators,
    "getChatMemberCount": get_chat_member_count,
    "leaveChat": leave_chat,
    "getFile": get_file,
}
