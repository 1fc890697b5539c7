"""The sender's own Bot API connection: ``sendMessage`` only, over aiohttp, JSON in and out.

Broadcasting is the one hot path of the bot (hundreds of messages a second); python-telegram-bot's
general client costs about twice the CPU per request (httpx, then a full ``Message`` object built
from every answer, which the sender never reads). Errors are raised as python-telegram-bot's own
exceptions, mapped exactly as its request layer maps them, so ``outcomes.classify`` stays the one
reading of Telegram's answers. The token is only in the URL and never logged.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

import aiohttp
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

TIMEOUT_SECONDS = 20.0


def error_from(status: int, data: dict[str, Any]) -> TelegramError:
    """The exception python-telegram-bot would raise for this error answer."""
    message = str(data.get("description") or f"HTTP error {status}")
    parameters = data.get("parameters") or {}
    if parameters.get("migrate_to_chat_id"):
        return ChatMigrated(int(parameters["migrate_to_chat_id"]))
    if parameters.get("retry_after"):
        return RetryAfter(int(parameters["retry_after"]))
    if status == HTTPStatus.FORBIDDEN:
        return Forbidden(message)
    if status in (HTTPStatus.NOT_FOUND, HTTPStatus.UNAUTHORIZED):
        return InvalidToken(message)
    if status == HTTPStatus.BAD_REQUEST:
        return BadRequest(message)
    if status == HTTPStatus.CONFLICT:
        return Conflict(message)
    return NetworkError(message)


class SendClient:
    """``async with SendClient(base_url, token, connections=8) as client: await client.send_message(...)``"""

    def __init__(self, base_url: str, token: str, *, connections: int) -> None:
        self._url = f"{base_url}{token}/sendMessage"
        self._token = token
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None
        self.bot_id = int(token.split(":", 1)[0])

    async def start(self) -> SendClient:
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._connections),
            timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS),
            json_serialize=json.dumps,
            trust_env=False,
        )
        return self

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send_message(
        self, chat_id: int, text: str, reply_markup: dict[str, Any] | None, *, paid: bool = False
    ) -> int:
        """Send an HTML message without link preview; returns Telegram's message id. ``paid``: as a
        paid broadcast (``allow_paid_broadcast``, charged in Stars beyond Telegram's free rate)."""
        if self._session is None:
            raise RuntimeError("SendClient.start() was not awaited")
        payload: dict[str, Any] = {
            "chat_id": chat_id,
            "text": text,
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True},
        }
        if reply_markup is not None:
            payload["reply_markup"] = reply_markup
        if paid:
            payload["allow_paid_broadcast"] = True
        try:
            async with self._session.post(self._url, json=payload) as response:
                status = response.status
                data = await response.json(content_type=None)
        except TimeoutError as exc:
            raise TimedOut("Timed out") from exc
        except (aiohttp.ClientError, ValueError) as exc:
            # The reason ends up in deliveries.last_error: never let the token (in the URL) go with it.
            reason = f"{type(exc).__name__}: {exc}".replace(self._token, "<token>")
            raise NetworkError(reason) from exc
        if not isinstance(data, dict):
            raise NetworkError(f"unexpected answer (HTTP {status})")
        if data.get("ok") and isinstance(data.get("result"), dict):
            return int(data["result"]["message_id"])
        raise error_from(status, data)
