"""Users and chats of the fake world, and the membership changes the bot is told about."""

from __future__ import annotations

from typing import Any

from .factories import chat_member, make_chat, make_user, private_chat
from .models import JSON, StoredMessage
from .state import FakeState


class People:
    """Mixin of FakeTelegram: creates users and chats and changes who is where."""

    state: FakeState
    bot_user: JSON

    def _user_message(
        self, user: JSON, chat: JSON | None, reply_to: StoredMessage | int | None, **content: Any
    ) -> StoredMessage:
        raise NotImplementedError

    def user(self, first_name: str = "Camille", *, started: bool = True, **fields: Any) -> JSON:
        """A new user (fields: last_name, username, language_code="fr", user_id).

        Their private chat is registered; `started=False` means they never opened the bot, so sending
        to them answers 403 "bot can't initiate conversation with a user".
        """
        fields.setdefault("user_id", self.state.new_id("user"))
        user = make_user(first_name, **fields)
        self.state.users[int(user["id"])] = user
        self.state.add_chat(private_chat(user))
        if started:
            self.state.started.add(int(user["id"]))
        return user

    def group(self, title: str | None = None, *, members: dict[int, str] | None = None) -> JSON:
        """A basic group the bot is a member of; `members` maps user ids to their status."""
        return self._group("group", title, None, members)

    def supergroup(
        self, title: str | None = None, *, username: str | None = None, members: dict[int, str] | None = None
    ) -> JSON:
        return self._group("supergroup", title, username, members)

    def channel(self, title: str | None = None, *, username: str | None = None) -> JSON:
        """A channel where the bot is an administrator (it can post)."""
        return self._group("channel", title, username, None)

    def _group(
        self, kind: str, title: str | None, username: str | None, members: dict[int, str] | None
    ) -> JSON:
        sequence = "group" if kind == "group" else "supergroup"
        number = self.state.new_id(sequence)
        chat = self.state.add_chat(make_chat(kind, title=title, username=username, number=number))
        for user_id, status in (members or {}).items():
            self.set_member(chat, self.state.users[user_id], status)
        return chat

    def set_member(self, chat: JSON, user: JSON, status: str = "member") -> None:
        """Record `user`'s status in a group: creator, administrator, member, restricted, left, kicked."""
        self.state.users.setdefault(int(user["id"]), user)
        self.state.members.setdefault(int(chat["id"]), {})[int(user["id"])] = chat_member(user, status)

    def my_chat_member(self, chat: JSON, old: str, new: str, *, by: JSON | None = None) -> JSON:
        """The bot's own status in `chat` changes; in a private chat kicked = blocked, member = unblocked."""
        chat_id = int(chat["id"])
        actor = by or (self.state.users.get(chat_id) if chat["type"] == "private" else None)
        if actor is None:
            raise AssertionError("my_chat_member in a group needs `by=` (the user who changed it)")
        if chat["type"] == "private":
            if new == "kicked":
                self.state.blocked.add(chat_id)
            else:
                self.state.blocked.discard(chat_id)
        else:
            self.state.add_chat(chat)
            self.state.bot_status[chat_id] = new
        return self.state.push_update(
            my_chat_member={
                "chat": chat,
                "from": actor,
                "date": self.state.now(),
                "old_chat_member": chat_member(self.bot_user, old),
                "new_chat_member": chat_member(self.bot_user, new),
            }
        )

    def add_bot_to(self, chat: JSON, *, by: JSON, status: str = "member") -> JSON:
        """Someone adds the bot to a group (or makes it admin of a channel): the update arrives."""
        self.state.add_chat(chat, "left")
        return self.my_chat_member(chat, "left", status, by=by)

    def block(self, user: JSON, *, silently: bool = False) -> JSON:
        """The user blocks the bot: the update arrives, and sending to them now answers 403.

        ``silently``: no update (the bot was offline and has not caught up yet); returns the user."""
        if silently:
            self.state.blocked.add(int(user["id"]))
            return user
        return self.my_chat_member(self.state.chats[int(user["id"])], "member", "kicked")

    def unblock(self, user: JSON) -> JSON:
        """The user restarts the bot after blocking it."""
        return self.my_chat_member(self.state.chats[int(user["id"])], "kicked", "member")

    def migrate_group(
        self, old_chat: JSON, new_id: int | None = None, *, by: JSON | None = None, silently: bool = False
    ) -> JSON:
        """Upgrade a group to a supergroup: both service messages arrive; the old id now answers 400
        "group chat was upgraded to a supergroup chat" with parameters.migrate_to_chat_id.

        ``silently``: no service messages (the bot learns it only from that 400 answer)."""
        number = self.state.new_id("supergroup")
        new_chat = make_chat("supergroup", title=old_chat.get("title"), number=number)
        if new_id is not None:
            new_chat["id"] = new_id
        actor = by or self.user("Admin")
        old_id = int(old_chat["id"])
        self.state.add_chat(new_chat, self.state.bot_status.get(old_id, "member"))
        self.state.members[int(new_chat["id"])] = dict(self.state.members.get(old_id, {}))
        if not silently:
            self._user_message(actor, old_chat, None, extra={"migrate_to_chat_id": new_chat["id"]})
            self._user_message(actor, new_chat, None, extra={"migrate_from_chat_id": old_id})
        self.state.migrated[old_id] = int(new_chat["id"])
        return new_chat
