"""What the bot did, seen from the tests: call log, chat contents, waits, and injected failures."""

from __future__ import annotations

import json
from collections.abc import Callable

from .factories import as_chat_id
from .models import JSON, ApiError, Call, StoredMessage, bad_request, forbidden, too_many_requests
from .state import SENDING_METHODS, FakeState, Fault

CallPredicate = Callable[[Call], bool]


class Inspector:
    """Mixin of FakeTelegram: read what the bot sent, wait for it, and make Telegram misbehave."""

    state: FakeState

    # --- call log --------------------------------------------------------------------------------
    def calls(self, method: str | None = None, *, since: int = 0) -> list[Call]:
        """Calls in arrival order (all methods, or one), from index `since` (see `mark()`)."""
        if method is None:
            return self.state.calls[since:]
        return [c for c in self.state.calls_by_method.get(method.lower(), []) if c.index >= since]

    def mark(self) -> int:
        """An index for `calls(since=…)`: only what happens after this point."""
        return len(self.state.calls)

    async def wait_for_call(
        self,
        method: str,
        predicate: CallPredicate | None = None,
        timeout: float = 5,  # noqa: ASYNC109
    ) -> Call:
        """The oldest finished call to `method` matching `predicate` that no wait_for_call returned yet.

        Finished means answered, so `.ok`, `.result` and `.error` are final.
        """
        log = self.state.calls_by_method.setdefault(method.lower(), [])
        consumed = self.state.consumed_calls
        start = 0

        def check() -> Call | None:
            nonlocal start
            while start < len(log) and log[start].index in consumed:
                start += 1  # skip the consumed prefix once, so long logs stay cheap to scan
            for call in log[start:]:
                if call.done and call.index not in consumed and (predicate is None or predicate(call)):
                    consumed.add(call.index)
                    return call
            return None

        return await self.state.wait_until(check, timeout, lambda: f"a {method} call; log: {self._tail()}")

    def _tail(self) -> str:
        interesting = [c for c in self.state.calls if c.method != "getUpdates"]
        return "\n  " + "\n  ".join(repr(c) for c in interesting[-8:])

    # --- chat contents ---------------------------------------------------------------------------
    def messages(
        self, chat: JSON | int | str, *, include_user: bool = False, include_deleted: bool = False
    ) -> list[StoredMessage]:
        """The chat as the user sees it now: the bot's messages (latest version), oldest first."""
        return self.state.chat_messages(
            self.state.chat_key(chat), include_user=include_user, include_deleted=include_deleted
        )

    def message(self, chat: JSON | int | str, message_id: int) -> StoredMessage:
        found = self.state.find_message(self.state.chat_key(chat), message_id)
        if found is None:
            raise AssertionError(f"no message {message_id} in chat {as_chat_id(chat)}")
        return found

    def last_message(self, chat: JSON | int | str) -> StoredMessage:
        shown = self.messages(chat)
        if not shown:
            raise AssertionError(f"the bot sent nothing to chat {as_chat_id(chat)}")
        return shown[-1]

    async def next_message(self, chat: JSON | int | str, timeout: float = 5) -> StoredMessage:  # noqa: ASYNC109
        """The next bot message sent to `chat` that no earlier next_message call returned (in send order)."""
        chat_id = self.state.chat_key(chat)
        stored = self.state.messages.setdefault(chat_id, [])

        def check() -> StoredMessage | None:
            position = self.state.read_cursor.get(chat_id, 0)
            while position < len(stored):
                message = stored[position]
                position += 1
                if message.from_bot:
                    self.state.read_cursor[chat_id] = position
                    return message
            self.state.read_cursor[chat_id] = position
            return None

        return await self.state.wait_until(
            check, timeout, lambda: f"a bot message in chat {chat_id}; log: {self._tail()}"
        )

    async def wait_for_edit(
        self,
        message: StoredMessage,
        timeout: float = 5,  # noqa: ASYNC109
        *,
        edits: int | None = None,
    ) -> StoredMessage:
        """Wait until `message` has been edited (`edits` times in total, default: once more than now)."""
        target = len(message.history) + 1 if edits is None else edits
        return await self.state.wait_until(
            lambda: message if len(message.history) >= target else None,
            timeout,
            lambda: f"edit #{target} of {message!r}; log: {self._tail()}",
        )

    async def wait_for_polling(self, timeout: float = 5) -> None:  # noqa: ASYNC109
        """Wait until the bot is waiting in a getUpdates long poll (it has started polling)."""
        await self.state.wait_until(
            lambda: True if self.state.pending_polls else None, timeout, lambda: "a pending getUpdates"
        )

    def reply_keyboard(self, chat: JSON | int | str) -> list[list[str]] | None:
        """The reply keyboard the user sees now in `chat` (button labels), or None if there is none."""
        for message in reversed(self.messages(chat, include_deleted=True)):
            markup = message.reply_markup or {}
            if markup.get("remove_keyboard"):
                return None
            if "keyboard" in markup:
                return [[b if isinstance(b, str) else b["text"] for b in row] for row in markup["keyboard"]]
        return None

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The command menu stored for a scope ({"type": "default"} when None) and language."""
        key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return self.state.commands.get((key, language_code), [])

    def callback_answer(self, update: JSON) -> JSON | None:
        """The answerCallbackQuery parameters for a `press()` update, or None if not answered yet."""
        return self.state.callback_queries[update["callback_query"]["id"]]

    def inline_answer(self, update: JSON) -> JSON | None:
        """The answerInlineQuery parameters (results decoded) for an `inline_query()` update."""
        return self.state.inline_queries[update["inline_query"]["id"]]

    def pending_updates(self) -> list[JSON]:
        """Updates queued and not yet confirmed by the bot (getUpdates offset)."""
        return list(self.state.updates)

    async def wait_until_consumed(self, timeout: float = 5) -> None:  # noqa: ASYNC109
        """Wait until the bot has confirmed every queued update (it asked for a later offset)."""
        await self.state.wait_until(
            lambda: True if not self.state.updates else None,
            timeout,
            lambda: f"the bot to confirm {len(self.state.updates)} updates",
        )

    # --- failures --------------------------------------------------------------------------------
    def fail(
        self,
        chat: JSON | int | str | None,
        error: ApiError,
        *,
        times: int | None = 1,
        methods: frozenset[str] | None = SENDING_METHODS,
    ) -> Fault:
        """Answer `error` to the next `times` calls (None: forever) for `chat` (None: any chat)."""
        fault = Fault(
            error,
            None if chat is None else as_chat_id(chat),
            None if methods is None else frozenset(m.lower() for m in methods),
            times,
        )
        self.state.faults.append(fault)
        return fault

    def rate_limit(self, chat: JSON | int | str | None, retry_after: int = 3, *, times: int = 1) -> Fault:
        """429 "Too Many Requests: retry after N" with parameters.retry_after (flood control)."""
        return self.fail(chat, too_many_requests(retry_after), times=times)

    def network_error(self, chat: JSON | int | str | None, *, times: int = 1) -> Fault:
        """502 Bad Gateway, which PTB raises as NetworkError (nothing was sent)."""
        return self.fail(chat, ApiError(502, "Bad Gateway"), times=times)

    def slow_answer(self, chat: JSON | int | str | None, seconds: float, *, times: int = 1) -> Fault:
        """The message is sent (the user sees it) but the answer comes `seconds` late, so a client with a
        shorter read timeout gets TimedOut: the "sent but not recorded" window of a sender."""
        fault = Fault(None, None if chat is None else as_chat_id(chat), SENDING_METHODS, times, seconds)
        self.state.faults.append(fault)
        return fault

    def forget_chat(self, chat: JSON | int | str) -> None:
        """The chat disappears (deleted account, wrong id): every call answers 400 "chat not found"."""
        self.state.chats.pop(self.state.chat_key(chat), None)

    def chat_not_found(self, chat: JSON | int | str, *, times: int | None = None) -> Fault:
        return self.fail(chat, bad_request("chat not found"), times=times, methods=None)

    def kick_bot(self, chat: JSON | int | str) -> None:
        """The bot is removed from a group silently (no update): sends answer 403."""
        self.state.bot_status[self.state.chat_key(chat)] = "kicked"

    def deactivate_user(self, user: JSON) -> Fault:
        """The user deleted their account: 403 "user is deactivated"."""
        return self.fail(user, forbidden("user is deactivated"), times=None)
