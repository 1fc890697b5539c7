"""One way out for every message, against the fake's flood limits (on in every end-to-end test).

Replies, the summary placeholder's edit and the team's notifications all survive a 429; many readers
at once are all answered without a 429; a reader's reply overtakes a broadcast in progress.
"""

from __future__ import annotations

import asyncio

from bot import texts
from bot.broadcast.payload import Message
from bot.broadcast.publish import publish
from storage.models import BroadcastKind
from tests.bot.admin_team import team_bot
from tests.bot.broadcasting import subscribe, wait_sent
from tests.bot.conftest import StartBot, eventually, said
from tests.bot.test_error_reports import REPORT, add_failing_commands
from tests.telegram_fake import FakeTelegram, too_many_requests

READERS = 90  # bench/bench_bot.py does 300 (10 s of budget); 90 keep this test at about 3 s
REAL_PACE = "[sending]\nper_chat_interval = 1.0\n"  # Telegram's own, whatever conftest.CHAT_INTERVAL is


async def test_a_reply_answered_429_is_sent_again_after_retry_after(start_bot: StartBot) -> None:
    async with start_bot(REAL_PACE) as bot:
        fake = bot.fake
        reader = fake.user("Lina")
        fake.rate_limit(reader, retry_after=1)
        fake.send_text(reader, "/start")
        reply = await fake.next_message(reader, timeout=5)
        assert "Bonjour Lina" in said(reply)
        [refused, sent] = [c for c in fake.calls("sendMessage") if c.params["chat_id"] == reader["id"]]
        assert refused.error is not None and refused.error.code == 429
        assert sent.ok and sent.at - refused.at >= 1.0
        assert fake.flood is not None and fake.flood.early == []


async def test_the_summary_placeholder_edit_survives_a_429(start_bot: StartBot) -> None:
    async with start_bot(REAL_PACE) as bot:
        fake = bot.fake
        reader = fake.user("Hugo")
        fake.fail(reader, too_many_requests(1), methods=frozenset({"editMessageText"}))
        summary = await bot.summary_of(reader, "/article/1")
        assert "\n• " in said(summary) and texts.UNEXPECTED not in said(summary)
        edits = [c for c in fake.calls("editMessageText") if c.params["chat_id"] == reader["id"]]
        assert [c.ok for c in edits] == [False, True] and edits[1].at - edits[0].at >= 1.0


async def test_an_admin_notification_survives_a_429(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake, REAL_PACE) as team:
        add_failing_commands(team)
        fake.rate_limit(team.owner, retry_after=1)
        fake.send_text(team.reader, "/boom")
        assert said(await fake.next_message(team.reader)) == texts.UNEXPECTED
        report = await fake.next_message(team.owner, timeout=5)
        assert said(report).startswith(REPORT)
        assert fake.flood is not None and fake.flood.early == []


async def test_many_readers_at_once_all_get_their_answer_without_a_429(start_bot: StartBot) -> None:
    async with start_bot(REAL_PACE) as bot:
        fake = bot.fake
        readers = [fake.user(f"Lecteur {i}") for i in range(READERS)]
        for i, reader in enumerate(readers):
            fake.send_text(reader, "/abonner" if i % 2 else "/start")
        replies = await asyncio.gather(*(fake.next_message(r, timeout=20) for r in readers))
        assert all(said(r) for r in replies)
        assert fake.flood is not None and fake.flood.refused == 0 and fake.flood.early == []
        sends = sorted(c.at for c in fake.calls("sendMessage") if c.ok)
        # The budget was used, not exceeded: never more than 30 in a second.
        assert all(sends[i + 30] - sends[i] > 1.0 for i in range(len(sends) - 30))


async def test_a_readers_reply_overtakes_a_broadcast(start_bot: StartBot) -> None:
    async with start_bot(REAL_PACE + "[broadcast]\nprogress_seconds = 0.2\n") as bot:
        fake = bot.fake
        subscribers = [fake.user(f"Abonné {i}") for i in range(120)]
        for chat in subscribers:
            await subscribe(bot, chat)
        published = await publish(
            bot.services, bot.app.bot, Message("Bonjour à tous"), kind=BroadcastKind.ANNOUNCEMENT,
            title="test", by=None,
        )  # fmt: skip
        ids = {s["id"] for s in subscribers}

        async def in_full_swing() -> bool:  # about 4 s of budget are left
            return sum(1 for c in fake.calls("sendMessage") if c.params["chat_id"] in ids) >= 30

        await eventually(in_full_swing, 10)
        readers = [fake.user(f"Pressée {i}") for i in range(20)]
        for reader in readers:
            fake.send_text(reader, "/start")
        await asyncio.gather(*(fake.next_message(reader, timeout=5) for reader in readers))
        calls = fake.calls("sendMessage")
        asking = {r["id"] for r in readers}
        answers = [i for i, c in enumerate(calls) if c.params["chat_id"] in asking]
        # While readers wait for their answer, the broadcast only gets the turns it already had.
        overtaken = [c for c in calls[answers[0] : answers[-1]] if c.params["chat_id"] in ids]
        assert len(overtaken) <= 3, len(overtaken)
        reply_at = answers[-1]
        await wait_sent(bot, published.broadcast_id, timeout=20)
        remaining = [c for c in fake.calls("sendMessage")[reply_at:] if c.params["chat_id"] in ids]
        assert len(remaining) > 20  # the broadcast was far from over when the reader got the answer
        assert fake.flood is not None and fake.flood.refused == 0
