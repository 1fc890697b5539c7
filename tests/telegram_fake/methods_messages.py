"""Bot API methods that create, change or remove messages."""

from __future__ import annotations

import copy
from typing import Any

from .models import JSON, StoredMessage, UploadedFile, bad_request
from .state import FakeState
from .validation import CHAT_ACTIONS, Params, check_reply_markup, formatted_text


def _target_chat(state: FakeState, p: Params, *, sending: bool = True) -> JSON:
    chat = state.resolve_chat(p.chat_id())
    if sending:
        state.check_can_send(chat)
    return chat


def _reply_to(state: FakeState, chat: JSON, p: Params) -> StoredMessage | None:
    reply_id: Any = None
    lenient = False
    if p.has("reply_parameters"):
        parameters = p.get_json("reply_parameters") or {}
        reply_id, lenient = parameters.get("message_id"), bool(parameters.get("allow_sending_without_reply"))
    elif p.has("reply_to_message_id"):
        reply_id, lenient = p.get_int("reply_to_message_id"), p.get_bool("allow_sending_without_reply")
    if reply_id is None:
        return None
    found = state.find_message(int(chat["id"]), int(reply_id))
    if found is None and not lenient:
        raise bad_request("message to be replied not found")
    return found


def _new_message(state: FakeState, chat: JSON, p: Params, **fields: Any) -> StoredMessage:
    sender = state.bot_user if chat["type"] != "channel" else chat
    message = StoredMessage(
        chat=chat,
        message_id=state.next_message_id(int(chat["id"])),
        date=state.now(),
        from_bot=True,
        sender=sender,
        reply_markup=check_reply_markup(p.get_json("reply_markup")),
        reply_to=_reply_to(state, chat, p),
        **fields,
    )
    return state.store(message)


async def send_message(state: FakeState, p: Params) -> JSON:
    chat = _target_chat(state, p)
    source = p.get_str("text")
    parse_mode = p.opt_str("parse_mode")
    text, entities = formatted_text(source, parse_mode, p.get_json("entities"))
    message = _new_message(
        state, chat, p, text=text, entities=entities, source_text=source, parse_mode=parse_mode
    )
    return message.to_api()


def _upload(state: FakeState, p: Params, field: str) -> UploadedFile:
    if field in p.files:
        uploaded = p.files[field]
    else:
        reference = p.get_str(field)
        if reference.startswith("attach://") and reference[9:] in p.files:
            uploaded = p.files[reference[9:]]
        elif reference in state.files:
            return state.files[reference]
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
    state.files[uploaded.file_id] = uploaded
    return uploaded


def _captioned(state: FakeState, p: Params, field: str) -> JSON:
    chat = _target_chat(state, p)
    uploaded = _upload(state, p, field)
    caption: str | None = None
    entities: list[JSON] = []
    if p.has("caption"):
        caption, entities = formatted_text(
            p.get_str("caption"), p.opt_str("parse_mode"), p.get_json("caption_entities"), caption=True
        )
    kind = {"document": "document", "photo": "photo"}[field]
    message = _new_message(
        state,
        chat,
        p,
        caption=caption,
        entities=entities,
        parse_mode=p.opt_str("parse_mode"),
        **{kind: uploaded},
    )
    return message.to_api()


async def send_document(state: FakeState, p: Params) -> JSON:
    return _captioned(state, p, "document")


async def send_photo(state: FakeState, p: Params) -> JSON:
    return _captioned(state, p, "photo")


def _editable(state: FakeState, p: Params) -> StoredMessage:
    if p.has("inline_message_id"):
        inline = state.inline_messages.get(p.get_str("inline_message_id"))
        if inline is None:
            raise bad_request("MESSAGE_ID_INVALID")
        return inline
    chat = _target_chat(state, p, sending=False)
    message = state.find_message(int(chat["id"]), p.get_int("message_id"))
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _commit_edit(state: FakeState, message: StoredMessage, changes: JSON) -> JSON | bool:
    current = {key: getattr(message, key) for key in changes}
    if current == changes:
        raise bad_request(
            "message is not modified: specified new message content and reply markup are exactly the same "
            "as a current content and reply markup of the message"
        )
    message.history.append(message.snapshot())
    for key, value in changes.items():
        setattr(message, key, value)
    message.edit_date = state.now()
    state.notify()
    # Like Telegram: an edited inline message is answered with True, a chat message with the Message.
    return True if message.inline_message_id else message.to_api()


async def edit_message_text(state: FakeState, p: Params) -> JSON | bool:
    message = _editable(state, p)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    source = p.get_str("text")
    parse_mode = p.opt_str("parse_mode")
    text, entities = formatted_text(source, parse_mode, p.get_json("entities"))
    changes: JSON = {
        "text": text,
        "entities": entities,
        "reply_markup": check_reply_markup(p.get_json("reply_markup")),
    }
    result = _commit_edit(state, message, changes)
    message.source_text, message.parse_mode = source, parse_mode
    return result


async def edit_message_caption(state: FakeState, p: Params) -> JSON | bool:
    message = _editable(state, p)
    if message.text is not None:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = formatted_text(
        p.get_str("caption", ""), p.opt_str("parse_mode"), p.get_json("caption_entities"), caption=True
    )
    markup = check_reply_markup(p.get_json("reply_markup"))
    return _commit_edit(
        state, message, {"caption": caption or None, "entities": entities, "reply_markup": markup}
    )


async def edit_message_reply_markup(state: FakeState, p: Params) -> JSON | bool:
    message = _editable(state, p)
    return _commit_edit(state, message, {"reply_markup": check_reply_markup(p.get_json("reply_markup"))})


async def delete_message(state: FakeState, p: Params) -> bool:
    chat = _target_chat(state, p, sending=False)
    message = state.find_message(int(chat["id"]), p.get_int("message_id"))
    if message is None:
        raise bad_request("message to delete not found")
    if (
        not message.from_bot
        and chat["type"] != "private"
        and state.bot_status.get(message.chat_id) != "administrator"
    ):
        raise bad_request("message can't be deleted")
    message.deleted = True
    state.notify()
    return True


async def delete_messages(state: FakeState, p: Params) -> bool:
    chat = _target_chat(state, p, sending=False)
    ids = p.get_json("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must contain 1-100 identifiers")
    for message_id in ids:
        found = state.find_message(int(chat["id"]), int(message_id))
        if found is not None:  # Telegram skips the ones it cannot find
            found.deleted = True
    state.notify()
    return True


async def pin_chat_message(state: FakeState, p: Params) -> bool:
    chat = _target_chat(state, p, sending=False)
    message = state.find_message(int(chat["id"]), p.get_int("message_id"))
    if message is None:
        raise bad_request("message to pin not found")
    if chat["type"] != "private" and state.bot_status.get(int(chat["id"])) != "administrator":
        raise bad_request("not enough rights to manage pinned messages in the chat")
    message.pinned = True
    state.notify()
    return True


async def unpin_chat_message(state: FakeState, p: Params) -> bool:
    chat = _target_chat(state, p, sending=False)
    for message in state.messages.get(int(chat["id"]), []):
        if not p.has("message_id") or message.message_id == p.get_int("message_id"):
            message.pinned = False
    state.notify()
    return True


async def send_chat_action(state: FakeState, p: Params) -> bool:
    _target_chat(state, p)
    if p.get_str("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def _source_message(state: FakeState, p: Params) -> StoredMessage:
    source_chat = state.resolve_chat(p.values.get("from_chat_id") or "")
    found = state.find_message(int(source_chat["id"]), p.get_int("message_id"))
    if found is None:
        raise bad_request("message to copy not found")
    return found


async def copy_message(state: FakeState, p: Params) -> JSON:
    source = _source_message(state, p)
    chat = _target_chat(state, p)
    copied = _new_message(
        state,
        chat,
        p,
        text=source.text,
        entities=copy.deepcopy(source.entities),
        caption=source.caption,
        document=source.document,
        photo=source.photo,
    )
    return {"message_id": copied.message_id}


async def forward_message(state: FakeState, p: Params) -> JSON:
    source = _source_message(state, p)
    chat = _target_chat(state, p)
    origin = {"type": "user", "date": source.date, "sender_user": source.sender or state.bot_user}
    forwarded = _new_message(
        state,
        chat,
        p,
        text=source.text,
        entities=copy.deepcopy(source.entities),
        caption=source.caption,
        document=source.document,
        photo=source.photo,
        extra={"forward_origin": origin},
    )
    return forwarded.to_api()


async def set_message_reaction(state: FakeState, p: Params) -> bool:
    chat = _target_chat(state, p, sending=False)
    message_id = p.get_int("message_id")
    if state.find_message(int(chat["id"]), message_id) is None:
        raise bad_request("message to react not found")
    state.reactions[(int(chat["id"]), message_id)] = list(p.get_json("reaction") or [])
    state.notify()
    return True


MESSAGE_METHODS = {
    "sendMessage": send_message,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "deleteMessages": delete_messages,
    "pinChatMessage": pin_chat_message,
    "unpinChatMessage": unpin_chat_message,
    "sendChatAction": send_chat_action,
    "copyMessage": copy_message,
    "forwardMessage": forward_message,
    "setMessageReaction": set_message_reaction,
}
