"""The sender through the fake Bot API: Telegram's refusals, one chat at a time, retries and limits."""

from __future__ import annotations

import itertools
import time

from bot.broadcast.payload import Message
from bot.broadcast.publish import publish
from storage.models import BroadcastKind
from storage.repos import chats, subscriptions
from tests.bot.broadcasting import deliveries, subscribe, wait_finished, wait_sent
from tests.bot.conftest import Harness, StartBot
from tests.telegram_fake.models import JSON

FAST = """
[broadcast]
progress_seconds = 0.2
retry_seconds = 0.05
max_attempts = 3
"""


async def send_to_all(bot: Harness, text: str = "Bonjour <b>à tous</b>") -> int:
    published = await publish(
        bot.services, bot.app.bot, Message(text), kind=BroadcastKind.ANNOUNCEMENT, title="test", by=None
    )
    return published.broadcast_id


def received(bot: Harness, chat: JSON, text: str = "Bonjour à tous") -> int:
    return sum(1 for m in bot.fake.messages(chat) if m.text == text)


async def test_retry_after_holds_only_that_chat(start_bot: StartBot) -> None:
    async with start_bot(toml=FAST) as bot:
        slow, *others = [bot.fake.user(f"Lecteur {i}") for i in range(4)]
        for chat in (slow, *others):
            await subscribe(bot, chat)
        bot.fake.rate_limit(slow, retry_after=1)
        started = time.monotonic()
        broadcast_id = await send_to_all(bot)
        await wait_sent(bot, broadcast_id)
        waited = time.monotonic() - started
        assert [received(bot, chat) for chat in (slow, *others)] == [1, 1, 1, 1]
        first = {c.params["chat_id"]: c.at for c in bot.fake.calls("sendMessage") if c.ok}
        assert all(first[o["id"]] < first[slow["id"]] for o in others)  # the others did not wait
        assert waited >= 1.0
        statuses = {d.chat_id: (d.status, d.attempts) for d in await deliveries(bot, broadcast_id)}
        assert statuses[slow["id"]] == ("sent", 2)


async def test_refusals_deactivate_and_report_reasons(start_bot: StartBot) -> None:
    async with start_bot(toml=FAST) as bot:
        fake = bot.fake
        blocked, gone, deleted, fine = (fake.user(n) for n in ("Bloque", "Disparu", "Supprime", "Fidele"))
        for chat in (blocked, gone, deleted, fine):
            await subscribe(bot, chat)
        fake.block(blocked, silently=True)
        fake.forget_chat(gone)
        fake.deactivate_user(deleted)
        broadcast_id = await send_to_all(bot)
        await wait_finished(bot, broadcast_id)
        reasons = {d.chat_id: (d.status, d.last_error) for d in await deliveries(bot, broadcast_id)}
        assert reasons == {
            blocked["id"]: ("failed", "blocked"),
            gone["id"]: ("failed", "chat_not_found"),
            deleted["id"]: ("failed", "deactivated"),
            fine["id"]: ("sent", None),
        }
        async with bot.services.sessionmaker() as session:
            for chat in (blocked, gone, deleted):
                stored = await chats.get_chat(session, chat["id"])
                assert stored is not None and stored.can_post is False
            counts = await subscriptions.count_subscriptions(session)
        assert counts["immediate"] == 1
        # The next broadcast skips them without asking Telegram.
        marker = fake.mark()
        second = await send_to_all(bot, "Encore")
        await wait_finished(bot, second)
        assert [c.params["chat_id"] for c in fake.calls("sendMessage", since=marker)] == [fine["id"]]


async def test_migrated_group_gets_it_in_the_supergroup(start_bot: StartBot) -> None:
    async with start_bot(toml=FAST) as bot:
        group = bot.fake.group("Club")
        await subscribe(bot, group)
        supergroup = bot.fake.migrate_group(group, silently=True)
        broadcast_id = await send_to_all(bot)
        await wait_sent(bot, broadcast_id)
        assert received(bot, supergroup) == 1
        [delivery] = await deliveries(bot, broadcast_id)
        assert (delivery.chat_id, delivery.status) == (supergroup["id"], "sent")
        async with bot.services.sessionmaker() as session:
            moved = await subscriptions.get_subscription(session, supergroup["id"])
            old = await chats.get_chat(session, group["id"])
        assert moved is not None and old is not None and old.migrated_to_id == supergroup["id"]


async def test_network_errors_retry_then_fail_with_reason(start_bot: StartBot) -> None:
    async with start_bot(toml=FAST) as bot:
        flaky, dead = bot.fake.user("Instable"), bot.fake.user("Injoignable")
        for chat in (flaky, dead):
            await subscribe(bot, chat)
        bot.fake.network_error(flaky, times=2)
        bot.fake.network_error(dead, times=10)
        broadcast_id = await send_to_all(bot)
        await wait_finished(bot, broadcast_id)
        result = {d.chat_id: (d.status, d.attempts) for d in await deliveries(bot, broadcast_id)}
        assert result[flaky["id"]] == ("sent", 3)
        assert result[dead["id"]] == ("failed", 3)
        assert received(bot, flaky) == 1 and received(bot, dead) == 0
        [failed] = [d for d in await deliveries(bot, broadcast_id) if d.status == "failed"]
        assert (failed.last_error or "").startswith("network")
        async with bot.services.sessionmaker() as session:
            still = await chats.get_chat(session, dead["id"])
        assert still is not None and still.can_post  # a network error says nothing about the reader


async def test_limits_per_chat_and_per_group_are_kept(start_bot: StartBot) -> None:
    toml = FAST + "[sending]\ngroup_per_minute = 2\nper_chat_interval = 0.5\nprivate_burst = 1\n"
    async with start_bot(toml=toml) as bot:
        flood = bot.fake.enable_flood_control(per_chat_per_second=2, per_group_per_minute=2, private_burst=1)
        reader, group = bot.fake.user("Lecteur"), bot.fake.group("Club")
        for chat in (reader, group):
            await subscribe(bot, chat)
        ids = [await send_to_all(bot, f"Message {n}") for n in range(3)]
        for broadcast_id in ids[:2]:
            await wait_sent(bot, broadcast_id)
        times = [c.at for c in bot.fake.calls("sendMessage") if c.params["chat_id"] == reader["id"]]
        assert len(times) >= 2 and all(b - a >= 0.45 for a, b in itertools.pairwise(times))
        # The third message to the group waits for the minute: it is still queued, not refused.
        group_sends = [c for c in bot.fake.calls("sendMessage") if c.params["chat_id"] == group["id"]]
        assert len(group_sends) == 2
        assert flood.refused == 0
        statuses = {d.chat_id: d.status for d in await deliveries(bot, ids[2])}
        assert statuses[group["id"]] in ("queued", "sending")
