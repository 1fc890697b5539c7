"""What users do, as updates the bot receives: messages, button presses, inline mode."""

from __future__ import annotations

from typing import Any

from .factories import detect_entities, make_user, private_chat, user_or_chat_origin
from .models import JSON, StoredMessage, UploadedFile
from .people import People
from .validation import formatted_text


class Injector(People):
    """Mixin of FakeTelegram: queues the updates caused by users' actions."""

    privacy_mode: bool

    def new_file(self, filename: str, content: bytes, mime_type: str | None = None) -> UploadedFile:
        raise NotImplementedError

    def _user_message(
        self, user: JSON, chat: JSON | None, reply_to: StoredMessage | int | None, **content: Any
    ) -> StoredMessage:
        chat = chat or self.state.chats[int(user["id"])]
        chat_id = int(chat["id"])
        if chat_id in self.state.migrated and "migrate_to_chat_id" not in content.get("extra", {}):
            raise AssertionError(
                f"group {chat_id} became supergroup {self.state.migrated[chat_id]}: write there"
            )
        if chat_id not in self.state.chats:
            self.state.add_chat(chat)  # a chat built with make_chat(): the bot is in it since someone writes
        self.state.users.setdefault(int(user["id"]), user)
        if chat["type"] == "private":
            self.state.started.add(chat_id)  # writing to the bot is what "starting" it means
        elif int(user["id"]) not in self.state.members.get(chat_id, {}):
            self.set_member(chat, user, "member")
        message = StoredMessage(
            chat=chat,
            message_id=self.state.next_message_id(chat_id),
            date=self.state.now(),
            from_bot=False,
            sender=chat if chat["type"] == "channel" else user,
            reply_to=self._find(chat_id, reply_to) if reply_to is not None else None,
            **content,
        )
        self.state.store(message)
        if self._delivered(message):
            kind = "channel_post" if chat["type"] == "channel" else "message"
            self.state.push_update(**{kind: message.to_api()})
        return message

    def _delivered(self, message: StoredMessage) -> bool:
        # Privacy mode: groups only deliver commands, mentions, replies to the bot and service messages.
        if message.chat["type"] == "private":
            return True
        if self.state.bot_status.get(message.chat_id) in ("left", "kicked"):
            return False  # the bot is not in the group any more
        if not self.privacy_mode:
            return True
        text = message.text or message.caption or ""
        command = any(e["type"] == "bot_command" for e in message.entities)
        mentioned = f"@{self.bot_user['username']}".lower() in text.lower()
        replying = message.reply_to is not None and message.reply_to.from_bot
        service = bool(message.extra.keys() & {"migrate_to_chat_id", "migrate_from_chat_id"})
        return command or mentioned or replying or service

    def _find(self, chat_id: int, message: StoredMessage | int) -> StoredMessage:
        message_id = message if isinstance(message, int) else message.message_id
        found = self.state.find_message(chat_id, message_id)
        if found is None:
            raise AssertionError(f"no message {message_id} in chat {chat_id}")
        return found

    def send_text(
        self,
        user: JSON,
        text: str,
        chat: JSON | None = None,
        *,
        reply_to: StoredMessage | int | None = None,
        forward_from: JSON | None = None,
        forward_hidden: str | None = None,
        entities: list[JSON] | None = None,
    ) -> StoredMessage:
        """`user` sends `text` (in their private chat unless `chat`); entities detected like Telegram apps.

        `forward_from` makes it a forward of that user's or chat's message; `forward_hidden` a forward
        from someone whose privacy settings hide their account (Telegram then gives only this name).
        """
        extra: JSON = {}
        if forward_from is not None:
            extra["forward_origin"] = user_or_chat_origin(forward_from, self.state.now() - 3600)
        elif forward_hidden is not None:
            extra["forward_origin"] = {
                "type": "hidden_user",
                "date": self.state.now() - 3600,
                "sender_user_name": forward_hidden,
            }
        found = detect_entities(text) if entities is None else entities
        return self._user_message(user, chat, reply_to, text=text, entities=found, extra=extra)

    def edit_text(self, user: JSON, message: StoredMessage, text: str) -> JSON:
        """`user` edits a message they sent: an edited_message update with the new text."""
        if message.from_bot or message.sender is None or message.sender.get("id") != user["id"]:
            raise AssertionError(f"{user.get('first_name')} cannot edit {message!r}")
        message.history.append(message.snapshot())
        message.text, message.entities, message.edit_date = text, detect_entities(text), self.state.now()
        return self.state.push_update(edited_message=message.to_api())

    def send_photo(
        self, user: JSON, chat: JSON | None = None, *, caption: str | None = None, content: bytes = b"\x89PNG"
    ) -> StoredMessage:
        photo = self._keep(self.new_file("photo.jpg", content, "image/jpeg"))
        entities = detect_entities(caption) if caption else []
        return self._user_message(user, chat, None, photo=photo, caption=caption, entities=entities)

    def send_document(
        self,
        user: JSON,
        filename: str,
        content: bytes,
        chat: JSON | None = None,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> StoredMessage:
        document = self._keep(self.new_file(filename, content, mime_type))
        return self._user_message(user, chat, None, document=document, caption=caption)

    def send_sticker(self, user: JSON, chat: JSON | None = None, *, emoji: str = "👍") -> StoredMessage:
        sticker = {
            "file_id": "CAACAgFakeSticker",
            "file_unique_id": "AgADSticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_message(user, chat, None, extra={"sticker": sticker})

    def _keep(self, uploaded: UploadedFile) -> UploadedFile:
        self.state.files[uploaded.file_id] = uploaded
        return uploaded

    def press(
        self,
        user: JSON,
        message: StoredMessage,
        callback_data: str | None = None,
        *,
        button_text: str | None = None,
    ) -> JSON:
        """`user` presses a callback button (by data or label) of the current version of a bot message.

        Returns the update; the bot's answer is then `callback_answer(update)`.
        """
        current = message if message.inline_message_id else self._find(message.chat_id, message)
        if button_text is not None:
            callback_data = current.button(button_text).get("callback_data")
        if callback_data is None or callback_data not in current.callback_data:
            raise AssertionError(
                f"{current!r} has no button {callback_data!r}; it has {current.callback_data}"
            )
        query_id = str(self.state.new_id("query"))
        self.state.callback_queries[query_id] = None
        self.state.users.setdefault(int(user["id"]), user)
        query: JSON = {"id": query_id, "from": user, "chat_instance": str(abs(current.chat_id) * 7 + 1)}
        if current.inline_message_id:
            query["inline_message_id"] = current.inline_message_id
        else:
            query["message"] = current.to_api()
        return self.state.push_update(callback_query={**query, "data": callback_data})

    def inline_query(self, user: JSON, query: str, *, offset: str = "", chat_type: str = "sender") -> JSON:
        """`user` types "@bot query" in a chat; returns the update (answer: `inline_answer(update)`)."""
        query_id = str(self.state.new_id("query"))
        self.state.inline_queries[query_id] = None
        return self.state.push_update(
            inline_query={
                "id": query_id,
                "from": user,
                "query": query,
                "offset": offset,
                "chat_type": chat_type,
            }
        )

    def chosen(self, user: JSON, result_id: str, query: str, *, inline_message_id: str | None = None) -> JSON:
        """A chosen_inline_result update (sent by Telegram when inline feedback is enabled)."""
        result: JSON = {"result_id": result_id, "from": user, "query": query}
        if inline_message_id:
            result["inline_message_id"] = inline_message_id
        return self.state.push_update(chosen_inline_result=result)

    def send_inline_result(
        self, user: JSON, inline_update: JSON, result_id: str, chat: JSON | None = None
    ) -> StoredMessage:
        """`user` taps a result the bot answered: it is posted "via @bot" in `chat` (default: a private
        chat with a friend the bot cannot see). Returns the posted message; buttons on it carry an
        inline_message_id that `press` and editMessageText(inline_message_id=...) use."""
        query = inline_update["inline_query"]
        answer = self.state.inline_queries.get(query["id"])
        if answer is None:
            raise AssertionError(f"the bot has not answered inline query {query['id']}")
        result = next((r for r in answer["results"] if str(r.get("id")) == result_id), None)
        if result is None:
            raise AssertionError(f"no result {result_id!r} in {[r.get('id') for r in answer['results']]}")
        chat = chat or private_chat(make_user("Ami", user_id=self.state.new_id("user")))
        content = result.get("input_message_content") or {}
        text, entities = formatted_text(content.get("message_text", ""), content.get("parse_mode"), None)
        inline_id = f"AgAAAFake{self.state.new_id('query')}" if result.get("reply_markup") else None
        posted = StoredMessage(
            chat=chat,
            message_id=self.state.next_message_id(int(chat["id"])),
            date=self.state.now(),
            from_bot=False,
            sender=user,
            text=text,
            entities=entities,
            reply_markup=result.get("reply_markup"),
            inline_message_id=inline_id,
            extra={"via_bot": self.bot_user},
        )
        self.state.store(posted)
        if inline_id:
            self.state.inline_messages[inline_id] = posted
        self.chosen(user, result_id, query["query"], inline_message_id=inline_id)
        return posted
