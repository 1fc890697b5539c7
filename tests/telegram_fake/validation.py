"""Request parameters as Telegram reads them, and the content rules it enforces on messages."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from .html_parse import parse_html, utf16_len
from .markdown import parse_markdown, parse_markdown_v2
from .models import JSON, UploadedFile, bad_request

# Parameters Telegram always reads as strings: PTB sends str values as-is (not JSON-encoded).
STRING_PARAMS = frozenset(
    [
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "url",
        "action",
        "language_code",
        "description",
        "short_description",
        "name",
        "title",
        "query",
        "switch_pm_text",
        "switch_pm_parameter",
        "next_offset",
        "inline_message_id",
        "secret_token",
        "ip_address",
        "emoji",
        "sticker",
        "document",
        "photo",
    ]
)
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
_BUTTON_KINDS = [
    "url",
    "callback_data",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "login_url",
    "web_app",
    "pay",
    "callback_game",
    "copy_text",
]


def decode_form_value(name: str, value: str) -> Any:
    if name in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class Params:
    """Typed access to one request's parameters, failing the way Telegram does."""

    def __init__(self, values: JSON, files: dict[str, UploadedFile] | None = None) -> None:
        self.values = values
        self.files = files or {}

    def has(self, name: str) -> bool:
        return self.values.get(name) is not None

    def get_int(self, name: str, default: int | None = None) -> int:
        value = self.values.get(name, default)
        if value is None:
            raise bad_request(f"{name} is empty")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise bad_request(f'field "{name}" must be of type Integer')
        try:
            return int(value)
        except ValueError:
            raise bad_request(f'field "{name}" must be of type Integer') from None

    def get_str(self, name: str, default: str | None = None) -> str:
        value = self.values.get(name, default)
        if value is None:
            raise bad_request(f"{name} is empty" if name != "text" else "message text is empty")
        return value if isinstance(value, str) else json.dumps(value)

    def opt_str(self, name: str) -> str | None:
        return self.get_str(name) if self.has(name) else None

    def get_bool(self, name: str) -> bool:
        value = self.values.get(name, False)
        return value in (True, "true", "True", 1, "1")

    def get_json(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_id(self) -> int | str:
        value = self.values.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value)
        try:
            return int(text)
        except ValueError:
            return text  # "@channelname", or garbage that resolves to "chat not found" like on Telegram


def formatted_text(
    text: str, parse_mode: str | None, entities: list[JSON] | None, *, caption: bool = False
) -> tuple[str, list[JSON]]:
    """Apply the parse mode, strip like Telegram, then enforce the length limits in UTF-16 units."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, parsed = parse_html(text)
    elif mode == "markdownv2":
        plain, parsed = parse_markdown_v2(text)
    elif mode == "markdown":
        plain, parsed = parse_markdown(text)
    elif mode:
        raise bad_request(f'unsupported parse_mode "{parse_mode}"')
    else:
        plain, parsed = text, list(entities or [])
    plain, parsed = _strip(plain, parsed)
    length = utf16_len(plain)
    if caption:
        if length > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
    elif length == 0:
        raise bad_request("message text is empty")
    elif length > TEXT_LIMIT:
        raise bad_request("message is too long")
    return plain, parsed


def _strip(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    # Telegram trims surrounding whitespace; entities shift with the removed prefix.
    stripped = text.strip()
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    limit = utf16_len(stripped)
    kept: list[JSON] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] - shift + entity["length"], limit)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def check_reply_markup(markup: Any) -> JSON | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        for row in rows:
            for button in row:
                _check_inline_button(button)
    elif "keyboard" in markup:
        for row in markup["keyboard"]:
            for button in row:
                label = button.get("text") if isinstance(button, dict) else button
                if not label:
                    raise bad_request("keyboard button text must be non-empty")
    return markup


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    kinds = [kind for kind in _BUTTON_KINDS if kind in button]
    if len(kinds) != 1:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = str(button["url"])
        parts = urlsplit(url)
        web = parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in url
        if not (web or parts.scheme == "tg"):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
