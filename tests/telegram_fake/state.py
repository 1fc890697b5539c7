"""Everything the fake Bot API remembers: chats, messages, updates, calls, injected faults."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .factories import as_chat_id
from .models import JSON, ApiError, Call, StoredMessage, UploadedFile, bad_request, forbidden

T = TypeVar("T")
SENDING_METHODS = frozenset(
    [
        "sendmessage",
        "senddocument",
        "sendphoto",
        "sendsticker",
        "sendvideo",
        "sendaudio",
        "sendvoice",
        "sendanimation",
        "sendmediagroup",
        "sendlocation",
        "sendpoll",
        "copymessage",
        "forwardmessage",
        "sendchataction",
    ]
)


class WaitTimeout(AssertionError):
    """Raised by the waiting helpers; an AssertionError so pytest shows it as a test failure."""


@dataclass
class Fault:
    """Misbehaviour for some chat (None: any chat): an error answered instead of doing the work, or
    (error None) the work done but the answer held back `delay` seconds."""

    error: ApiError | None
    chat_id: int | str | None = None
    methods: frozenset[str] | None = SENDING_METHODS
    times: int | None = 1  # None: until removed
    delay: float = 0.0

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        if self.methods is not None and method.lower() not in self.methods:
            return False
        return self.chat_id is None or self.chat_id == chat_id


@dataclass
class FakeState:
    bot_user: JSON
    clock: Callable[[], float] = time.time
    chats: dict[int, JSON] = field(default_factory=dict)
    usernames: dict[str, int] = field(default_factory=dict)
    started: set[int] = field(default_factory=set)
    blocked: set[int] = field(default_factory=set)
    bot_status: dict[int, str] = field(default_factory=dict)
    members: dict[int, dict[int, JSON]] = field(default_factory=dict)
    migrated: dict[int, int] = field(default_factory=dict)
    messages: dict[int, list[StoredMessage]] = field(default_factory=dict)
    read_cursor: dict[int, int] = field(default_factory=dict)
    updates: list[JSON] = field(default_factory=list)
    next_update_id: int = 700_000_001
    calls: list[Call] = field(default_factory=list)
    calls_by_method: dict[str, list[Call]] = field(default_factory=dict)
    consumed_calls: set[int] = field(default_factory=set)
    pending_polls: int = 0
    faults: list[Fault] = field(default_factory=list)
    commands: dict[tuple[str, str], list[JSON]] = field(default_factory=dict)
    menu_buttons: dict[int | None, JSON] = field(default_factory=dict)
    webhook: JSON | None = None
    files: dict[str, UploadedFile] = field(default_factory=dict)
    callback_queries: dict[str, JSON | None] = field(default_factory=dict)
    inline_queries: dict[str, JSON | None] = field(default_factory=dict)
    reactions: dict[tuple[int, int], list[JSON]] = field(default_factory=dict)
    inline_messages: dict[str, StoredMessage] = field(default_factory=dict)
    profile: dict[tuple[str, str], Any] = field(default_factory=dict)
    users: dict[int, JSON] = field(default_factory=dict)
    allowed_updates: list[str] | None = None
    last_user_id: int = 100_000
    last_group_id: int = 4_000_000
    last_supergroup_id: int = 1_000_000_000
    last_query_id: int = 4_242_000_000
    poll_generation: int = 0
    closing: bool = False
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def now(self) -> int:
        return int(self.clock())

    def new_id(self, kind: str) -> int:
        """Ids from this fake's own sequences, so a test sees the same ids whatever ran before it."""
        attribute = f"last_{kind}_id"
        value = int(getattr(self, attribute)) + 1
        setattr(self, attribute, value)
        return value

    # --- change notification -------------------------------------------------------------------
    def notify(self) -> None:
        """Wake every waiter; they re-check their condition against the new state."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(
        self,
        check: Callable[[], T | None],
        timeout: float,  # noqa: ASYNC109 (the waiting helpers' documented interface)
        describe: Callable[[], str],
    ) -> T:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (found := check()) is None:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise WaitTimeout(f"timed out after {timeout}s waiting for {describe()}")
            try:
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation that
                # arrives together with the event (the webhook task would then never stop).
                async with asyncio.timeout(remaining):
                    await self._changed.wait()
            except TimeoutError:
                continue
        return found

    # --- chats ---------------------------------------------------------------------------------
    def add_chat(self, chat: JSON, bot_status: str | None = None) -> JSON:
        self.chats[int(chat["id"])] = chat
        if "username" in chat:
            self.usernames[str(chat["username"]).lower()] = int(chat["id"])
        if chat["type"] != "private":
            default = "administrator" if chat["type"] == "channel" else "member"
            self.bot_status.setdefault(int(chat["id"]), bot_status or default)
        return chat

    def resolve_chat(self, raw: int | str) -> JSON:
        """The chat named by a chat_id parameter, or Telegram's errors for unknown/closed chats."""
        if isinstance(raw, str) and raw.startswith("@"):
            chat_id = self.usernames.get(raw[1:].lower())
            if chat_id is None:
                raise bad_request("chat not found")
        else:
            try:
                chat_id = int(raw)
            except ValueError:
                raise bad_request("chat not found") from None
        if chat_id in self.migrated:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat_id]},
            )
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def peek_chat(self, raw: int | str | None) -> JSON | None:
        """The chat a chat_id names, or None; never raises (used before the method runs)."""
        if isinstance(raw, str):
            found = self.usernames.get(raw.lstrip("@").lower())
            return self.chats.get(found) if found is not None else None
        return self.chats.get(raw) if raw is not None else None

    def check_can_send(self, chat: JSON) -> None:
        chat_id = int(chat["id"])
        if chat["type"] == "private":
            if chat_id in self.blocked:
                raise forbidden("bot was blocked by the user")
            if chat_id not in self.started:
                raise forbidden("bot can't initiate conversation with a user")
            return
        status = self.bot_status.get(chat_id, "left")
        if status == "kicked":
            raise forbidden(f"bot was kicked from the {chat['type']} chat")
        if status == "left":
            raise forbidden(f"bot is not a member of the {chat['type']} chat")

    def take_fault(self, method: str, chat_id: int | str | None) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, chat_id):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                return fault
        return None

    # --- messages ------------------------------------------------------------------------------
    def store(self, message: StoredMessage) -> StoredMessage:
        self.messages.setdefault(message.chat_id, []).append(message)
        self.notify()
        return message

    def next_message_id(self, chat_id: int) -> int:
        stored = self.messages.get(chat_id, [])
        return stored[-1].message_id + 1 if stored else 1

    def find_message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        for message in self.messages.get(chat_id, []):
            if message.message_id == message_id and not message.deleted:
                return message
        return None

    def chat_messages(
        self, chat_id: int, *, include_user: bool, include_deleted: bool
    ) -> list[StoredMessage]:
        return [
            m
            for m in self.messages.get(chat_id, [])
            if (include_user or m.from_bot) and (include_deleted or not m.deleted)
        ]

    # --- updates -------------------------------------------------------------------------------
    def push_update(self, **payload: JSON) -> JSON:
        update: JSON = {"update_id": self.next_update_id, **payload}
        self.next_update_id += 1
        self.updates.append(update)
        self.notify()
        return update

    def confirm_updates(self, offset: int) -> None:
        if offset < 0:  # Telegram: negative offset keeps only the last -offset updates
            self.updates = self.updates[offset:]
        else:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

    def pending_updates(self, allowed: Iterable[str] | None, limit: int) -> list[JSON]:
        allowed_set = set(allowed) if allowed else None
        if allowed_set is not None:
            # Telegram drops the updates a client said it does not want.
            self.updates = [u for u in self.updates if allowed_set & (u.keys() - {"update_id"})]
        return self.updates[:limit]

    # --- calls ---------------------------------------------------------------------------------
    def record(self, method: str, params: JSON, files: dict[str, UploadedFile]) -> Call:
        call = Call(len(self.calls), method, params, files, time.monotonic())
        self.calls.append(call)
        self.calls_by_method.setdefault(method.lower(), []).append(call)
        return call

    def chat_key(self, chat: JSON | int | str) -> int:
        value = as_chat_id(chat)
        if isinstance(value, str):
            return int(self.resolve_chat(value)["id"])
        return value
