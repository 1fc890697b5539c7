"""The ``[sending]`` section of config.toml: Telegram's limits as the whole bot must respect them.

Telegram documents about 30 messages a second for a bot (all chats together), about one a second
in a chat (private chats tolerate a short burst) and 20 a minute in a group or channel. Edits count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from bot.broadcast.settings import check_keys, number, whole

SECTION = "sending"


@dataclass(frozen=True, slots=True)
class SendingSettings:
    messages_per_second: float = 30.0  # the bot's global budget (per token), every kind of message
    private_burst: int = 3  # messages a private chat may receive at once before the pace applies
    per_chat_interval: float = 1.0  # seconds between two messages to one chat (after the burst)
    group_per_minute: int = 20  # messages a minute to one group or channel
    max_retries: int = 3  # a reply or notice answered 429 is sent again at most this many times
    max_retry_wait: float = 60.0  # ... and only when Telegram asks to wait at most this long (seconds)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Self:
        check_keys(SECTION, data, cls)
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name in ("private_burst", "group_per_minute"):
                values[name] = whole(name, value, minimum=1, maximum=1000, section=SECTION)
            elif name == "max_retries":
                values[name] = whole(name, value, minimum=0, maximum=20, section=SECTION)
            elif name == "messages_per_second":
                values[name] = number(name, value, minimum=0.1, maximum=10_000, section=SECTION)
            else:
                values[name] = number(name, value, minimum=0.01, maximum=3600, section=SECTION)
        return cls(**values)
