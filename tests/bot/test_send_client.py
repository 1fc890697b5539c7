"""The sender's own HTTP client never lets the bot token into an error reason (stored in the outbox)."""

from __future__ import annotations

import pytest
from telegram.error import NetworkError

from bot.broadcast.client import SendClient

TOKEN = "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


async def test_network_error_reason_has_no_token() -> None:
    client = await SendClient("http://127.0.0.1:99999/bot", TOKEN, connections=1).start()
    try:
        with pytest.raises(NetworkError) as info:
            await client.send_message(1, "Bonjour", None)
    finally:
        await client.close()
    assert TOKEN not in str(info.value)
    assert "<token>" in str(info.value)
