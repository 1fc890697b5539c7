"""The HTTP face of the fake Bot API: aiohttp on 127.0.0.1, routes, parameter decoding, dispatch."""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

from aiohttp import BodyPartReader, web

from .factories import as_chat_id
from .inject import Injector
from .inspect import Inspector
from .limits import FloodControl
from .methods_bot import BOT_METHODS
from .methods_chats import CHAT_METHODS
from .methods_messages import MESSAGE_METHODS
from .models import JSON, ApiError, UploadedFile
from .state import FakeState, WaitTimeout
from .validation import Params, decode_form_value
from .webhook import WebhookPusher

logger = logging.getLogger(__name__)
Handler = Callable[[FakeState, Params], Awaitable[Any]]
METHODS: dict[str, Handler] = {**BOT_METHODS, **CHAT_METHODS, **MESSAGE_METHODS}
_BY_LOWER_NAME = {name.lower(): name for name in METHODS}


class FakeTelegram(Injector, Inspector):
    """A Bot API server for tests; see the package docstring for the whole interface."""

    def __init__(
        self,
        *,
        bot_username: str = "resume_test_bot",
        bot_id: int = 7_000_000_001,
        bot_name: str = "Résumés (test)",
        privacy_mode: bool = False,
    ) -> None:
        self.bot_user: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": not privacy_mode,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.token = f"{bot_id}:AAFakeTokenForLoopbackTests_0123456789"
        self.privacy_mode = privacy_mode
        self.state = FakeState(self.bot_user)
        self._file_ids = itertools.count(1)
        self.flood: FloodControl | None = None
        self.webhook = WebhookPusher(self.state)
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def enable_flood_control(
        self,
        *,
        per_chat_per_second: int = 1,
        per_group_per_minute: int = 20,
        global_per_second: int = 30,
        private_burst: int = 3,
        paid_per_second: int = 1000,
    ) -> FloodControl:
        """From now on, sending faster than these limits answers 429 with retry_after (see limits.py)."""
        self.flood = FloodControl(
            per_chat_per_second, per_group_per_minute, global_per_second, private_burst, paid_per_second
        )
        return self.flood

    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        # Pending long polls answer [] at once, so shutdown never waits for a getUpdates timeout.
        self.state.closing = True
        self.state.notify()
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    def new_file(self, filename: str, content: bytes, mime_type: str | None = None) -> UploadedFile:
        number = next(self._file_ids)
        return UploadedFile(
            f"BQACAgFakeFile{number:06d}", f"AgADFake{number:06d}", filename, content, mime_type
        )

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        name = _BY_LOWER_NAME.get(request.match_info["method"].lower())
        params, files = await self._read_params(request)
        call = self.state.record(name or request.match_info["method"], params, files)
        try:
            if name is None:
                raise ApiError(404, "Not Found")
            chat_key = _fault_key(params.get("chat_id"))
            fault = self.state.take_fault(name, chat_key)
            chat = self.state.peek_chat(chat_key)
            if fault is not None and fault.error is not None:
                retry_after = (fault.error.parameters or {}).get("retry_after")
                if self.flood is not None and chat is not None and retry_after:
                    self.flood.told(int(chat["id"]), float(retry_after))
                raise fault.error
            if self.flood is not None:
                limited = self.flood.admit(
                    name, chat, paid=params.get("allow_paid_broadcast") in (True, "true")
                )
                if limited is not None:
                    raise limited
            call.result = await METHODS[name](self.state, Params(params, files))
            if name in ("setWebhook", "deleteWebhook"):
                await self.webhook.sync()
            if fault is not None and fault.delay:
                await self._hold_back(fault.delay)
            return web.json_response({"ok": True, "result": call.result})
        except ApiError as error:
            call.ok, call.error = False, error
            logger.debug("fake Bot API %s -> %s", call.method, error.description)
            return web.json_response(error.payload(), status=error.code)
        finally:
            call.done = True
            self.state.notify()

    async def _hold_back(self, seconds: float) -> None:
        # Done but not yet answered: the client may time out although the user got the message.
        with contextlib.suppress(WaitTimeout):
            await self.state.wait_until(lambda: True if self.state.closing else None, seconds, lambda: "stop")

    async def _read_params(self, request: web.Request) -> tuple[JSON, dict[str, UploadedFile]]:
        params: JSON = {key: decode_form_value(key, value) for key, value in request.query.items()}
        files: dict[str, UploadedFile] = {}
        if request.content_type == "application/json" and request.can_read_body:
            body = await request.json()
            params.update(body if isinstance(body, dict) else {})
        elif request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                if part.filename is not None:
                    content_type = part.headers.get("Content-Type")
                    files[part.name] = self.new_file(part.filename, bytes(await part.read()), content_type)
                else:
                    params[part.name] = decode_form_value(part.name, await part.text())
        elif request.can_read_body:
            form = await request.post()
            params.update({k: decode_form_value(k, v) for k, v in form.items() if isinstance(v, str)})
        return params, files

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        uploaded = self.state.files.get(file_id)
        if uploaded is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        return web.Response(
            body=uploaded.content, content_type=uploaded.mime_type or "application/octet-stream"
        )


def _fault_key(raw: Any) -> int | str | None:
    if isinstance(raw, int | str):
        return as_chat_id(raw)
    return None
