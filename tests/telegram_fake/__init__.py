"""A fake Telegram Bot API server for end-to-end tests (aiohttp over real HTTP on 127.0.0.1).

The bot under test talks to it exactly as to api.telegram.org: python-telegram-bot posts form, JSON or
multipart data to ``/bot<TOKEN>/<method>`` and gets ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": N, "description": "...", "parameters": {...}}``. The fake enforces the rules
that matter (see "Rules" below), so what Telegram would refuse fails the test too.

Running the real bot against it::

    from tests.telegram_fake import FakeTelegram
    from tests.telegram_fake.fixtures import running       # fixture: fake_telegram (started, stopped after)

    async with FakeTelegram() as fake:
        application = (ApplicationBuilder().token(fake.token)
                       .base_url(fake.base_url).base_file_url(fake.file_url).build())
        async with running(application, fake):             # post_init ... post_shutdown, like run_polling
            user = fake.user("Léa")
            fake.send_text(user, "/start")
            reply = await fake.next_message(user)           # StoredMessage
            assert "Bonjour" in reply.text and reply.button("Postuler")

Without the helper: ``async with application: await application.start(); await
application.updater.start_polling(poll_interval=0, timeout=1)`` then ``await application.updater.stop();
await application.stop()`` (PTB calls post_init/post_stop/post_shutdown only inside run_polling, so call them
yourself). Stopping is immediate: the updater cancels its pending long poll, and ``fake.stop()`` ends
any pending getUpdates at once. For webhook mode use ``updater.start_webhook(listen="127.0.0.1", port=P,
webhook_url="http://127.0.0.1:P/path", secret_token=...)``: the fake then POSTs updates there in order.

``FakeTelegram(bot_username="resume_test_bot", bot_id=7000000001, privacy_mode=False)``:

- lifecycle: ``await start()`` / ``await stop()`` or ``async with``; ``.token``, ``.base_url``
  ("http://127.0.0.1:PORT/bot"), ``.file_url``, ``.bot_user`` (dict), ``.state`` (everything, raw).
- people and chats (Bot API dicts; ids from this fake's own sequences, so the same in every run):
  ``user(first_name="Camille", *, started=True, last_name=, username=, language_code="fr")`` (private chat
  registered; ``started=False``: 403 "bot can't initiate conversation with a user"), ``group(title,
  members={user_id: status})``, ``supergroup(title, username=, members=)``, ``channel(title, username=)``
  (bot is admin), ``set_member(chat, user, status)``, ``add_bot_to(chat, by=user, status="member")``.
  Pure factories: ``make_user``, ``make_chat``, ``private_chat``, ``detect_entities``.
- what users do (update ids increase; getUpdates returns them in order):
  ``send_text(user, text, chat=None, *, reply_to=msg|id, forward_from=user|chat, forward_hidden=name,
  entities=None)`` (entities detected like Telegram's apps: bot_command, mention, url, email),
  ``send_photo(user, chat=None, *, caption=)``, ``send_document(user, filename, content, chat=None)``,
  ``send_sticker(user, chat=None)``
  -> StoredMessage; ``edit_text(user, message, text)`` -> edited_message update; ``press(user, message,
  callback_data=None, *, button_text=None)`` (the button must be on the current version of that message)
  -> update; ``inline_query(user, query)`` -> update;
  ``send_inline_result(user, inline_update, result_id, chat=None)`` -> StoredMessage (pressable, editable
  through inline_message_id); ``chosen(user, result_id, query)``; ``my_chat_member(chat, old, new, *,
  by=user)``; ``block(user)`` / ``unblock(user)``; ``migrate_group(old_chat, new_id=None)`` -> new chat.
- what the bot did: ``calls(method=None, *, since=0)`` -> [Call(.method, .params, .files, .ok, .result,
  .error, .at)], ``mark()``, ``messages(chat, include_user=False, include_deleted=False)`` (latest
  versions), ``message(chat, id)``, ``last_message(chat)``, ``reply_keyboard(chat)``,
  ``commands(scope=None, language_code="")``, ``callback_answer(press_update)``,
  ``inline_answer(inline_update)``, ``pending_updates()``, ``state.profile`` (setMyDescription...).
  StoredMessage: ``.text`` (after parsing) ``.source_text`` ``.parse_mode`` ``.entities`` ``.caption``
  ``.reply_markup`` ``.buttons`` ``.button(label_part)`` ``.callback_data`` ``.document`` / ``.photo``
  (UploadedFile: ``.filename``, ``.content`` bytes, ``.text()``) ``.history`` ``.deleted`` ``.pinned``.
- waiting (a timeout raises WaitTimeout, an AssertionError that lists the last calls):
  ``await wait_for_call(method, predicate=None, timeout=5)`` (oldest answered matching call not returned
  before), ``await next_message(chat, timeout=5)`` (next bot message in that chat not returned before),
  ``await wait_for_edit(message, timeout=5)`` (one edit more than it had when called: call it right after
  the synchronous action that triggers the edit), ``await wait_for_polling()`` (the bot is in a long
  poll), ``await wait_until_consumed()`` (every queued update confirmed by a later getUpdates offset).
- making Telegram refuse: ``fail(chat|None, ApiError, times=1, methods=SENDING_METHODS)``,
  ``rate_limit(chat|None, retry_after=3, times=1)`` (429 + parameters.retry_after), ``chat_not_found(chat)``,
  ``forget_chat(chat)``, ``kick_bot(chat)``, ``deactivate_user(user)``, ``block(user)``, ``migrate_group``
  (then 400 + parameters.migrate_to_chat_id for the old id), ``enable_flood_control(per_chat_per_second=1,
  per_group_per_minute=20, global_per_second=30, private_burst=3, paid_per_second=1000)`` (exact: edits
  count, a private chat gets a burst then 1 a second, 429 with retry_after held per chat; returns the
  FloodControl: ``.refused``, ``.refused_by`` (per limit hit), ``.early`` (sends before a retry_after),
  ``.clock``; see limits.py),
  ``network_error(chat, times=1)`` (502 -> PTB NetworkError, nothing sent), ``slow_answer(chat, seconds,
  times=1)`` (sent, but answered late -> client TimedOut).
- other knobs: ``state.clock`` (message dates, default time.time), ``webhook.delivered`` (updates POSTed).

Rules enforced: text 1..4096 and captions ..1024 UTF-16 units after entity parsing and trimming; HTML
parse mode with Telegram's tag set (html_parse.py; stricter than Telegram on a bare "&name" without ";"),
MarkdownV2 reserved characters and legacy Markdown (markdown.py); callback_data 1..64 bytes
(BUTTON_DATA_INVALID); URL buttons http(s)/tg; editing to identical content ("message is not modified");
missing messages ("message to edit not found"); 403 for blocked users and chats the bot left or was kicked
from; 400 "chat not found"; 404 for unknown methods; 401 for a wrong token; 409 when a second getUpdates
starts or a webhook is set; answerCallbackQuery/answerInlineQuery only once per query.
"""

from .factories import detect_entities, make_chat, make_user, private_chat
from .limits import FloodControl
from .models import ApiError, Call, StoredMessage, UploadedFile, bad_request, forbidden, too_many_requests
from .server import FakeTelegram
from .state import SENDING_METHODS, WaitTimeout

__all__ = [
    "SENDING_METHODS",
    "ApiError",
    "Call",
    "FakeTelegram",
    "FloodControl",
    "StoredMessage",
    "UploadedFile",
    "WaitTimeout",
    "bad_request",
    "detect_entities",
    "forbidden",
    "make_chat",
    "make_user",
    "private_chat",
    "too_many_requests",
]
