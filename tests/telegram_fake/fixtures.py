"""pytest fixtures and helpers to run a real python-telegram-bot Application against the fake.

Register the fixtures from a conftest.py with ``pytest_plugins = ["tests.telegram_fake.fixtures"]`` (root
conftest only) or ``from tests.telegram_fake.fixtures import fake_telegram  # noqa: F401``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.ext import Application

from .server import FakeTelegram


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """A started FakeTelegram, stopped after the test."""
    async with FakeTelegram() as fake:
        yield fake


@contextlib.asynccontextmanager
async def running(
    application: Application[Any, Any, Any, Any, Any, Any], fake: FakeTelegram, *, poll_timeout: int = 1
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Run `application` against `fake` with long polling for the duration of the block, in the order
    `Application.run_polling` uses: initialize, post_init, start_polling, start ... updater.stop, stop,
    post_stop, shutdown, post_shutdown (so resources opened in post_init are closed).

    The block starts once the bot waits in getUpdates; leaving it takes about a tenth of a second.
    """
    updater = application.updater
    if updater is None:
        raise ValueError("the application was built without an updater")
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await updater.start_polling(poll_interval=0, timeout=poll_timeout)
        await application.start()
        await fake.wait_for_polling()
        yield application
    finally:
        if updater.running:
            await updater.stop()
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
