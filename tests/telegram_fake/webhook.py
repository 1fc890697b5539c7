"""Webhook mode: once setWebhook names a URL, updates are POSTed there in order, as Telegram does.

Deviation from Telegram, on purpose: plain http://127.0.0.1 and http://localhost URLs are accepted so a
bot's webhook server can be tested on the loopback without certificates.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aiohttp

from .models import JSON
from .state import FakeState

logger = logging.getLogger(__name__)
RETRY_DELAY = 0.1


class WebhookPusher:
    """Delivers queued updates to the configured webhook, one at a time, retrying failures."""

    def __init__(self, state: FakeState) -> None:
        self.state = state
        self.delivered: list[JSON] = []
        self._task: asyncio.Task[None] | None = None
        self._url: str | None = None

    async def sync(self) -> None:
        """Start, restart or stop delivery to match the webhook currently set."""
        hook = self.state.webhook
        url = hook["url"] if hook else None
        if url == self._url:
            return
        await self.stop()
        self._url = url
        if hook is not None and url:
            self._task = asyncio.create_task(self._run(url, hook.get("secret_token")))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task, self._url = None, None

    async def _run(self, url: str, secret: str | None) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:
            while True:
                update = await self.state.wait_until(
                    lambda: self.state.updates[0] if self.state.updates else None,
                    24 * 3600,
                    lambda: "updates",
                )
                if await self._post(session, url, update):
                    self.state.confirm_updates(int(update["update_id"]) + 1)
                    self.delivered.append(update)
                    self.state.notify()
                else:
                    await asyncio.sleep(RETRY_DELAY)

    async def _post(self, session: aiohttp.ClientSession, url: str, update: JSON) -> bool:
        try:
            async with session.post(url, json=update) as response:
                if 200 <= response.status < 300:
                    return True
                error = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"Connection error: {exc!r}"
        logger.debug("webhook delivery failed: %s", error)
        if self.state.webhook is not None:
            self.state.webhook["last_error_date"] = self.state.now()
            self.state.webhook["last_error_message"] = error
        return False
