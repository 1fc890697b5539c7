"""Forged buttons and commands with ids beyond the 64-bit range: an ordinary stale button, no crash."""

from __future__ import annotations

import pytest

from bot import callbacks, texts
from bot.ids import MAX_ID, parse_id
from tests.bot.admin_team import silence, team_bot
from tests.bot.conftest import StartBot, said
from tests.telegram_fake import FakeTelegram, StoredMessage
from tests.telegram_fake.models import JSON

HUGE = "9999999999999999999"  # 19 digits, over 2**63 - 1


def forge(fake: FakeTelegram, user: JSON, message: StoredMessage, data: str) -> JSON:
    """A callback query that a custom client can send with any data, on a real message of the bot."""
    current = fake.message(message.chat_id, message.message_id)
    query_id = str(fake.state.new_id("query"))
    fake.state.callback_queries[query_id] = None
    query = {"id": query_id, "from": user, "chat_instance": "1", "message": current.to_api(), "data": data}
    return fake.state.push_update(callback_query=query)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), (HUGE, None), ("9" * 30, None),
     ("-1", None), ("", None), ("١٢", None), ("+5", None), (" 5", None)],
)  # fmt: skip
def test_parse_id_keeps_to_the_64_bit_range(text: str, expected: int | None) -> None:
    assert parse_id(text) == expected


@pytest.mark.parametrize("data", [f"r:{HUGE}:3", f"aw:{HUGE}:1", f"ad:{HUGE}:1", f"v:{HUGE}:s:0",
                                  f"bd:{HUGE}:p", f"fq:{HUGE}:1", f"as:{HUGE}", f"r:1:{HUGE}"])  # fmt: skip
def test_callback_ids_beyond_64_bits_are_unknown_buttons(data: str) -> None:
    assert callbacks.parse(data) is None
    assert callbacks.parse(data.replace(HUGE, str(MAX_ID))) is not None


async def test_forged_huge_ids_get_the_stale_button_answer(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        bot, rita = team.bot, team.reader
        summary = await bot.summary_of(rita, "/article/1")
        assert summary.button("Plus long")
        owner_messages = len(fake.messages(team.owner))
        mark = fake.mark()
        presses = [forge(fake, rita, summary, data) for data in (f"r:{HUGE}:3", f"aw:{HUGE}:1")]
        await silence(bot)
        for press in presses:
            answer = fake.callback_answer(press)
            assert answer is not None and answer.get("text") == texts.STALE_BUTTON
        assert fake.calls("sendMessage", since=mark) == []  # no « Oups », no admin alert
        assert len(fake.messages(team.owner)) == owner_messages
        # Commands that take an id refuse a huge one with their usage message, and nothing breaks.
        assert "Oups" not in said(await team.ask(team.owner, f"/flux_retirer {HUGE}"))
        assert "Oups" not in said(await team.ask(team.owner, f"/candidature {HUGE}"))
        assert "Oups" not in said(await team.ask(team.owner, f"/ban {HUGE}"))
        assert len(said(await bot.summary_of(rita, "/article/2")).splitlines()) > 3
