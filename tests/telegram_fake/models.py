"""Records kept by the fake Bot API: calls, stored messages, uploaded files, API errors."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


class ApiError(Exception):
    """An error answered to the client exactly as Telegram shapes it."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(message: str, parameters: JSON | None = None) -> ApiError:
    return ApiError(400, f"Bad Request: {message}", parameters)


def forbidden(message: str) -> ApiError:
    return ApiError(403, f"Forbidden: {message}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})


@dataclass(frozen=True)
class UploadedFile:
    """A file the bot uploaded (or a test injected): name, type and the exact bytes."""

    file_id: str
    file_unique_id: str
    filename: str
    content: bytes
    mime_type: str | None = None

    def text(self, encoding: str = "utf-8-sig") -> str:
        """Decoded content; the default encoding also drops a UTF-8 BOM."""
        return self.content.decode(encoding)


@dataclass
class Call:
    """One HTTP request the bot made, with its parsed parameters and the answer it got."""

    index: int
    method: str
    params: JSON
    files: dict[str, UploadedFile]
    at: float
    ok: bool = True
    done: bool = False  # False while the server is still working on it (a pending long poll)
    result: Any = None
    error: ApiError | None = None

    @property
    def chat_id(self) -> int | str | None:
        value = self.params.get("chat_id")
        return value if isinstance(value, int | str) else None

    def __repr__(self) -> str:
        status = "ok" if self.ok else f"error {self.error.description if self.error else ''}"
        return f"<Call #{self.index} {self.method} {self.params!r} -> {status}>"


@dataclass
class StoredMessage:
    """A message in a chat, in its latest version (the user's view) plus its edit history."""

    chat: JSON
    message_id: int
    date: int
    from_bot: bool
    sender: JSON | None
    text: str | None = None
    entities: list[JSON] = field(default_factory=list)
    source_text: str | None = None
    parse_mode: str | None = None
    caption: str | None = None
    reply_markup: JSON | None = None
    document: UploadedFile | None = None
    photo: UploadedFile | None = None
    extra: JSON = field(default_factory=dict)
    reply_to: StoredMessage | None = None
    inline_message_id: str | None = None
    pinned: bool = False
    deleted: bool = False
    edit_date: int | None = None
    history: list[JSON] = field(default_factory=list)

    @property
    def chat_id(self) -> int:
        return int(self.chat["id"])

    @property
    def buttons(self) -> list[JSON]:
        """Every inline button, row after row."""
        if not self.reply_markup or "inline_keyboard" not in self.reply_markup:
            return []
        return [button for row in self.reply_markup["inline_keyboard"] for button in row]

    def button(self, text_contains: str) -> JSON:
        """The first inline button whose label contains `text_contains` (AssertionError if none)."""
        for candidate in self.buttons:
            if text_contains in candidate.get("text", ""):
                return candidate
        labels = [b.get("text") for b in self.buttons]
        raise AssertionError(f"no button containing {text_contains!r} in message {self.message_id}: {labels}")

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for b in self.buttons if "callback_data" in b]

    def snapshot(self) -> JSON:
        """The version of this message shown to users right now, as a Bot API dict."""
        return copy.deepcopy(self.to_api())

    def to_api(self) -> JSON:
        data: JSON = {"message_id": self.message_id, "date": self.date, "chat": self.chat}
        if self.sender is not None:
            data["sender_chat" if "type" in self.sender else "from"] = self.sender
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.text is not None:
            data["text"] = self.text
            if self.entities:
                data["entities"] = self.entities
        if self.caption is not None:
            data["caption"] = self.caption
            if self.entities:
                data["caption_entities"] = self.entities
        if self.document is not None:
            data["document"] = {
                "file_id": self.document.file_id,
                "file_unique_id": self.document.file_unique_id,
                "file_name": self.document.filename,
                "mime_type": self.document.mime_type or "application/octet-stream",
                "file_size": len(self.document.content),
            }
        if self.photo is not None:
            data["photo"] = [
                {
                    "file_id": self.photo.file_id,
                    "file_unique_id": self.photo.file_unique_id,
                    "width": 90,
                    "height": 90,
                    "file_size": len(self.photo.content),
                }
            ]
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            # Telegram only echoes inline keyboards back in the returned Message.
            data["reply_markup"] = self.reply_markup
        if self.reply_to is not None:
            data["reply_to_message"] = self.reply_to.to_api_shallow()
        data.update(self.extra)
        return data

    def to_api_shallow(self) -> JSON:
        # Telegram never nests reply_to_message more than one level deep.
        data = self.to_api()
        data.pop("reply_to_message", None)
        return data

    def __repr__(self) -> str:
        who = "bot" if self.from_bot else "user"
        body = self.text if self.text is not None else self.caption
        return f"<Message {self.chat_id}/{self.message_id} by {who}: {body!r} buttons={len(self.buttons)}>"
