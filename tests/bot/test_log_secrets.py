"""What a user sends may hold secrets (a password in the link, a token in its query): logs show none."""

from __future__ import annotations

import logging

import pytest

from tests.bot.conftest import Harness


async def test_user_urls_are_logged_without_credentials_or_query_values(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    user = bot.fake.user()
    port = bot.site.base_url.rsplit(":", 1)[1]
    links = [
        f"http://lecteur:motdepasse@127.0.0.1:{port}/article/1?jeton=s3cret-1",  # refused: credentials
        f"http://127.0.0.1:{port}/missing?jeton=s3cret-2",  # 404
        f"http://127.0.0.1:{port}/slow?session=s3cret-3",  # timeout
        "http://127.0.0.1:1/article/1?cle=s3cret-4",  # connection refused
    ]
    caplog.set_level(logging.INFO)  # the libraries' DEBUG lines echo whole updates: not ours to mask
    for name in ("bot", "summarizer", "storage"):
        caplog.set_level(logging.DEBUG, logger=name)
    for link in links:
        bot.fake.send_text(user, link)
        await bot.reply(user)
    logged = caplog.text
    assert "/missing?jeton=***" in logged and "summary of" in logged
    assert "motdepasse" not in logged and "s3cret" not in logged
