"""The real application, long polling against the fake Bot API, with a local article site and a fresh
SQLite database per test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.app import build_application, polling
from bot.config import Config, load_config
from bot.context import BotApplication, Services
from storage.settings import DatabaseSettings
from tests.bot.articles import ArticleSite
from tests.storage.databases import db, postgres_schema, sqlite_template  # noqa: F401  (fixtures)
from tests.telegram_fake import FakeTelegram, StoredMessage
from tests.telegram_fake.fixtures import fake_telegram  # noqa: F401  (fixture)
from tests.telegram_fake.models import JSON

BASE_TOML = """
[fetch]
total_timeout = 1.0
connect_timeout = 1.0
max_bytes = 200000
"""


# The pace in a chat, for the bot and the fake alike: one message per CHAT_INTERVAL after a burst of
# 3 (Telegram: 1 s). Tests drive conversations much faster than people type, so at 1 s the chatty ones
# spend most of their time waiting; 0.1 keeps the same rules ten times faster and the suite within its
# time. A test with its own [sending] section gets Telegram's real pace (tests/bot/test_sending.py).
CHAT_INTERVAL = 0.1


def write_config(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(BASE_TOML + extra, encoding="utf-8")
    return path


def bot_env(fake: FakeTelegram, tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "TELEGRAM_API_FILE_URL": fake.file_url,
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.sqlite3",
        "FETCH_ALLOW_PRIVATE_NETWORKS": "1",  # the article site is on 127.0.0.1
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v}


@dataclass
class Harness:
    fake: FakeTelegram
    site: ArticleSite
    app: BotApplication
    config: Config

    @property
    def services(self) -> Services:
        services = self.app.bot_data.services
        assert services is not None
        return services

    async def reply(self, chat: JSON, timeout: float = 8) -> StoredMessage:  # noqa: ASYNC109
        """The bot's next answer in ``chat``, after its placeholder (if any) was edited into the result."""
        message = await self.fake.next_message(chat, timeout=timeout)
        if message.text is not None and message.text.startswith("⏳"):
            await self.fake.wait_for_edit(message, timeout=timeout)
        return message

    async def summary_of(self, user: JSON, path: str, chat: JSON | None = None) -> StoredMessage:
        self.fake.send_text(user, self.site.url(path), chat)
        return await self.reply(chat or user)


StartBot = Callable[..., AbstractAsyncContextManager[Harness]]


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """Wait until ``check()`` holds: updates are handled concurrently, after the bot confirmed them."""
    async with asyncio.timeout(timeout):
        while not await check():  # noqa: ASYNC110 (the state is in the database: nothing to wait on)
            await asyncio.sleep(0.02)


async def messages_in(fake: FakeTelegram, chat: JSON, count: int, timeout: float = 8) -> list[StoredMessage]:  # noqa: ASYNC109
    """The bot's messages in ``chat`` once there are ``count``: a private chat gets a burst of 3, then one
    a second (Telegram's pace, kept by the bot), so many answers to one chat take a while."""

    async def arrived() -> bool:
        return len(fake.messages(chat)) >= count

    await eventually(arrived, timeout)
    return fake.messages(chat)


@pytest.fixture
async def article_site() -> AsyncIterator[ArticleSite]:
    site = ArticleSite(slow_seconds=1.5)  # over the 1 s total_timeout of BASE_TOML
    await site.start()
    yield site
    await site.stop()


@pytest.fixture
def start_bot(fake_telegram: FakeTelegram, article_site: ArticleSite, tmp_path: Path) -> StartBot:  # noqa: F811
    """``async with start_bot(toml="[limits]…", env={...}) as h:`` runs the bot with those settings.

    The owners' start-up warning about empty [volunteers] links is off (it would be every test's
    first message to an owner) unless ``link_warning=True``.
    The fake enforces Telegram's flood limits (30 messages a second, a private chat's burst then one a
    second, 20 a minute per group, edits counted, 429 with retry_after): the bot must keep them."""

    @asynccontextmanager
    async def start(
        toml: str = "",
        env: dict[str, str] | None = None,
        database: DatabaseSettings | None = None,
        *,
        link_warning: bool = False,
    ) -> AsyncIterator[Harness]:
        interval = CHAT_INTERVAL if "[sending]" not in toml else 1.0  # else the test's own pace
        if interval != 1.0:
            toml += f"\n[sending]\nper_chat_interval = {interval}\n"
        flood = fake_telegram.enable_flood_control(per_chat_per_second=round(1 / interval))
        config = load_config(write_config(tmp_path, toml), bot_env(fake_telegram, tmp_path, **(env or {})))
        if database is not None:
            config = replace(config, database=database)
        if not link_warning:  # the owners' one-time start-up warning about [volunteers] links
            config = replace(config, volunteers=replace(config.volunteers, warn_missing_links=False))
        application = build_application(config)
        async with polling(application, poll_timeout=1):
            yield Harness(fake_telegram, article_site, application, config)
        # Whatever the test did, the bot never sent to a chat before the retry_after Telegram gave it.
        assert (fake_telegram.flood or flood).early == []

    return start


@pytest.fixture
async def bot(start_bot: StartBot) -> AsyncIterator[Harness]:
    async with start_bot() as harness:
        yield harness


def said(message: StoredMessage) -> str:
    """The text of a bot message (which must have one)."""
    assert message.text is not None, message
    return message.text
