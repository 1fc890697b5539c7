"""Bot API methods about the bot itself: identity, updates, webhook, command menus and profile."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from .models import JSON, ApiError, bad_request
from .state import FakeState, WaitTimeout
from .validation import Params

_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
Handler = Callable[[FakeState, Params], Awaitable[Any]]


async def get_me(state: FakeState, p: Params) -> JSON:
    return state.bot_user


async def get_updates(state: FakeState, p: Params) -> list[JSON]:
    if state.webhook and state.webhook.get("url"):
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook "
            "to delete the webhook first",
        )
    if p.has("offset"):
        state.confirm_updates(p.get_int("offset"))
    if p.has("allowed_updates"):
        state.allowed_updates = list(p.get_json("allowed_updates") or []) or None
    limit = min(max(p.get_int("limit", 100), 1), 100)
    state.poll_generation += 1
    generation = state.poll_generation
    state.pending_polls += 1
    state.notify()  # an older long poll still waiting must now end with 409, like on Telegram

    def ready() -> list[JSON] | str | None:
        if state.poll_generation != generation:
            return "conflict"
        if state.closing:
            return []
        return state.pending_updates(state.allowed_updates, limit) or None

    try:
        found: list[JSON] | str = await state.wait_until(
            ready, max(p.get_int("timeout", 0), 0), lambda: "updates"
        )
    except WaitTimeout:
        return []
    finally:
        state.pending_polls -= 1
    if isinstance(found, str):
        raise ApiError(
            409,
            "Conflict: terminated by other getUpdates request; make sure that only one bot "
            "instance is running",
        )
    return copy.deepcopy(found)


async def set_webhook(state: FakeState, p: Params) -> bool:
    url = p.get_str("url", "")
    if url and not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if p.get_bool("drop_pending_updates"):
        state.updates.clear()
    state.webhook = (
        {
            "url": url,
            "secret_token": p.opt_str("secret_token"),
            "allowed_updates": p.get_json("allowed_updates"),
        }
        if url
        else None
    )
    return True


async def delete_webhook(state: FakeState, p: Params) -> bool:
    if p.get_bool("drop_pending_updates"):
        state.updates.clear()
    state.webhook = None
    return True


async def get_webhook_info(state: FakeState, p: Params) -> JSON:
    hook = state.webhook or {}
    info: JSON = {
        "url": hook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }
    for key in ("allowed_updates", "last_error_date", "last_error_message"):
        if hook.get(key):
            info[key] = hook[key]
    return info


def _commands_key(p: Params) -> tuple[str, str]:
    scope = p.get_json("scope") or {"type": "default"}
    language = p.get_str("language_code", "")
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("invalid language code specified")
    return json.dumps(scope, sort_keys=True), language


async def set_my_commands(state: FakeState, p: Params) -> bool:
    commands = p.get_json("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands must be an array of at most 100 BotCommand")
    for command in commands:
        if not _COMMAND_NAME.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise bad_request("command description must be 1-256 characters long")
    state.commands[_commands_key(p)] = [dict(c) for c in commands]
    return True


async def get_my_commands(state: FakeState, p: Params) -> list[JSON]:
    return state.commands.get(_commands_key(p), [])


async def delete_my_commands(state: FakeState, p: Params) -> bool:
    state.commands.pop(_commands_key(p), None)
    return True


async def set_chat_menu_button(state: FakeState, p: Params) -> bool:
    chat_id = int(state.resolve_chat(p.chat_id())["id"]) if p.has("chat_id") else None
    state.menu_buttons[chat_id] = p.get_json("menu_button") or {"type": "default"}
    return True


async def get_chat_menu_button(state: FakeState, p: Params) -> JSON:
    chat_id = int(state.resolve_chat(p.chat_id())["id"]) if p.has("chat_id") else None
    return state.menu_buttons.get(chat_id) or state.menu_buttons.get(None) or {"type": "commands"}


def _profile_key(p: Params, field: str) -> tuple[str, str]:
    return field, p.get_str("language_code", "")


def _profile_setter(field: str, limit: int) -> Handler:
    async def setter(state: FakeState, p: Params) -> bool:
        value = p.get_str(field, "")
        if len(value) > limit:
            raise bad_request(f"{field} is too long")
        state.profile[_profile_key(p, field)] = value
        return True

    return setter


def _profile_getter(field: str) -> Handler:
    async def getter(state: FakeState, p: Params) -> JSON:
        return {field: state.profile.get(_profile_key(p, field), "")}

    return getter


async def set_default_admin_rights(state: FakeState, p: Params) -> bool:
    state.profile[("rights", "channel" if p.get_bool("for_channels") else "")] = p.get_json("rights") or {}
    return True


async def get_default_admin_rights(state: FakeState, p: Params) -> JSON:
    stored = state.profile.get(("rights", "channel" if p.get_bool("for_channels") else ""), {})
    rights = {
        "is_anonymous": False,
        "can_manage_chat": False,
        "can_delete_messages": False,
        "can_manage_video_chats": False,
        "can_restrict_members": False,
        "can_promote_members": False,
        "can_change_info": False,
        "can_invite_users": False,
        "can_post_stories": False,
        "can_edit_stories": False,
        "can_delete_stories": False,
    }
    return {**rights, **stored}


async def log_out(state: FakeState, p: Params) -> bool:
    return True


BOT_METHODS: dict[str, Handler] = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
    "setMyName": _profile_setter("name", 64),
    "getMyName": _profile_getter("name"),
    "setMyDescription": _profile_setter("description", 512),
    "getMyDescription": _profile_getter("description"),
    "setMyShortDescription": _profile_setter("short_description", 120),
    "getMyShortDescription": _profile_getter("short_description"),
    "setMyDefaultAdministratorRights": set_default_admin_rights,
    "getMyDefaultAdministratorRights": get_default_admin_rights,
    "logOut": log_out,
    "close": log_out,
}
