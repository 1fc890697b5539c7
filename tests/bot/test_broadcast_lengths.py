"""An article broadcast at each subscriber's own summary length; the channel at the admin's.

The payload holds one rendering per length, so a sender restarted mid-broadcast (reading the
payload back from storage) still gives each subscriber their length.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from bot.broadcast.payload import Outgoing, outgoing
from bot.broadcast.runtime import broadcasting
from bot.broadcast.sender import Sender
from storage.models import DeliveryStatus
from storage.repos import broadcasts
from tests.bot.broadcasting import (
    ADMIN_ID,
    last_broadcast_id,
    progress_of,
    subscribe,
    wait_finished,
    wait_sent,
)
from tests.bot.conftest import Harness, StartBot, eventually, said
from tests.bot.test_broadcast import admin_env, preview_of
from tests.telegram_fake import StoredMessage
from tests.telegram_fake.models import JSON

TOML = """
[broadcast]
progress_seconds = 0.2
"""


def bullets(message: StoredMessage) -> int:
    return said(message).count("• ")


def labels(message: StoredMessage) -> set[str]:
    return {b["text"] for b in message.buttons}


async def publish_article(bot: Harness, admin: JSON, path: str) -> int:
    intro, preview = await preview_of(bot, admin, f"/diffuser {bot.site.url(path)}")
    assert "chaque abonné reçoit la longueur qu'il a choisie" in said(intro)
    bot.fake.press(admin, preview, button_text="Publier")
    await bot.fake.next_message(admin)  # progress
    return await last_broadcast_id(bot)


async def test_each_subscriber_gets_their_length_and_the_channel_the_admins(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML, env=admin_env(CHANNEL_ID="@site_test")) as bot:
        fake = bot.fake
        admin = fake.user("Admin", user_id=ADMIN_ID)
        channel = fake.channel("Le site", username="site_test")
        readers = {n: fake.user(f"Lecteur {n}") for n in (1, 3, 5)}
        for n, reader in readers.items():
            await subscribe(bot, reader, sentences=n)

        intro, preview = await preview_of(bot, admin, f"/diffuser {bot.site.url('/article/4')}")
        assert "Aperçu (canal et abonnés à 3 phrases)" in said(intro)
        fake.press(admin, preview, button_text="Plus long")
        await fake.wait_for_edit(preview)
        await fake.wait_for_edit(intro)
        assert bullets(preview) == 4 and "canal et abonnés à 4 phrases" in said(intro)
        fake.press(admin, preview, button_text="Publier")
        await fake.next_message(admin)  # progress
        await wait_finished(bot, await last_broadcast_id(bot))

        got = {n: fake.messages(reader) for n, reader in readers.items()}
        assert all(len(messages) == 1 for messages in got.values())
        assert {n: bullets(messages[0]) for n, messages in got.items()} == {1: 1, 3: 3, 5: 5}
        assert len({said(messages[0]) for messages in got.values()}) == 3
        # Each one's buttons go from their own length.
        assert "➖ Plus court" not in labels(got[1][0]) and "➕ Plus long" in labels(got[1][0])
        assert {"➖ Plus court", "➕ Plus long"} <= labels(got[5][0])
        [post] = fake.messages(channel)
        assert said(post) == said(preview) and bullets(post) == 4
        assert labels(post) == {"🔗 Lire l'article"}
        # The buttons work: one sentence more for the reader at 1.
        fake.press(readers[1], got[1][0], button_text="Plus long")
        await fake.wait_for_edit(got[1][0])
        assert bullets(got[1][0]) == 2


async def test_payload_keeps_every_length_and_a_restarted_sender_uses_them(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML, env=admin_env()) as bot:
        fake = bot.fake
        admin = fake.user("Admin", user_id=ADMIN_ID)
        readers = [(fake.user(f"Lecteur {i}"), 1 + i % 5) for i in range(40)]
        for reader, n in readers:
            await subscribe(bot, reader, sentences=n)
        first = broadcasting(bot.services).sender
        broadcast_id = await publish_article(bot, admin, "/article/5")

        async def started() -> bool:
            return sum(1 for reader, _ in readers if fake.messages(reader)) >= 8

        await eventually(started, 10)
        await first.stop()
        at_stop = await progress_of(bot, broadcast_id)
        assert at_stop[DeliveryStatus.QUEUED] > 0  # really in the middle
        again = Sender(
            client=first.client, gate=first.gate, sessionmaker=first.sessionmaker, settings=first.settings,
            clock=first.clock, worker=first.worker,
        )  # fmt: skip
        again.start()
        try:
            await wait_sent(bot, broadcast_id, timeout=20)
        finally:
            await again.stop()

        async with bot.services.sessionmaker() as session:
            stored = await broadcasts.get_broadcast(session, broadcast_id)
        assert stored is not None
        frozen: Outgoing = outgoing(stored.payload)
        assert sorted(frozen.variants) == list(range(1, len(frozen.variants) + 1))
        for reader, n in readers:
            [message] = fake.messages(reader)
            assert bullets(message) == n
            assert message.text == said_html_free(frozen.variants[n][0]), n


def said_html_free(html: str) -> str:
    """The text Telegram shows for stored HTML (tags dropped, entities decoded)."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_outgoing_picks_the_longest_variant_within_the_length() -> None:
    payload: dict[str, Any] = {
        "text": "main",
        "markup": None,
        "channel_markup": {"inline_keyboard": []},
        "channel_id": -100,
        "variants": {"1": {"text": "one", "markup": None}, "2": {"text": "two", "markup": None}},
    }
    message = outgoing(payload)
    assert message.for_delivery(7, 1) == ("one", None)
    assert message.for_delivery(7, 9) == ("two", None)  # only two sentences exist
    assert message.for_delivery(7, None) == ("main", None)  # no subscription known
    assert message.for_delivery(-100, 1) == ("main", {"inline_keyboard": []})  # the channel
    # Bad stored variants are ignored rather than sent.
    broken = outgoing({**payload, "variants": {"x": {"text": "?"}, "3": "nope"}})
    assert broken.variants == {} and broken.for_delivery(7, 1) == ("main", None)
