"""Feeds served from 127.0.0.1: back catalogue, new items to review, 304, failures, recovery, auto-publish."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.broadcast.runtime import broadcasting
from storage.repos import feeds
from tests.bot.broadcasting import ADMIN_ID, ManualClock, subscribe
from tests.bot.conftest import Harness, StartBot, eventually, said
from tests.bot.feedsite import FeedSite

TOML = """
[broadcast]
progress_seconds = 0.2

[feeds]
interval_seconds = 0.2
alert_after_failures = 2
"""


@pytest.fixture
async def feed_site() -> AsyncIterator[FeedSite]:
    site = FeedSite()
    await site.start()
    yield site
    await site.stop()


def fill(site: FeedSite, bot: Harness, numbers: range) -> None:
    for n in numbers:
        site.publish(f"urn:article:{n}", bot.site.url(f"/article/{n}"), f"Article {n}")


async def items_by_status(bot: Harness) -> dict[str, int]:
    """How many feeds are stored and how many items wait in the moderation queue."""
    async with bot.services.sessionmaker() as session:
        rows = await feeds.list_feeds(session)
        pending = await feeds.count_pending(session)
    return {"pending": pending, "feeds": len(rows)}


def freeze(bot: Harness) -> ManualClock:
    clock = ManualClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    broadcasting(bot.services).clock = clock
    return clock


async def add_feed(bot: Harness, admin: dict[str, object], url: str) -> str:
    bot.fake.send_text(admin, f"/flux_ajouter {url}")
    return said(await bot.fake.next_message(admin, timeout=10))


async def test_new_items_go_to_review_and_publish(start_bot: StartBot, feed_site: FeedSite) -> None:
    async with start_bot(toml=TOML, env={"ADMIN_IDS": str(ADMIN_ID)}) as bot:
        fake = bot.fake
        clock = freeze(bot)
        admin = fake.user("Admin", user_id=ADMIN_ID)
        reader = fake.user("Lecteur")
        await subscribe(bot, reader)
        fill(feed_site, bot, range(1, 4))
        text = await add_feed(bot, admin, feed_site.url())
        assert "3 articles déjà parus" in text and "Le Journal" in text
        assert (await items_by_status(bot))["pending"] == 0

        fill(feed_site, bot, range(4, 5))
        clock.advance(seconds=1)
        offered = await fake.next_message(admin, timeout=10)
        assert "Nouvel article" in said(offered) and "(n° 4)" in said(offered)
        assert {"📣 Publier", "🗑 Ignorer", "🔗 Lire l'article"} == {b["text"] for b in offered.buttons}
        assert (await items_by_status(bot))["pending"] == 1

        # Unchanged feed: the conditional GET is answered 304, nothing new is offered.
        clock.advance(seconds=1)

        async def revalidated() -> bool:
            return feed_site.conditional_hits >= 1

        await eventually(revalidated)

        fake.press(admin, offered, button_text="Publier")
        await fake.wait_for_edit(offered)
        assert "Publié par Admin" in said(offered)
        got = await fake.next_message(reader, timeout=10)
        assert "(n° 4)" in said(got) and "• " in said(got)
        assert (await items_by_status(bot))["pending"] == 0


async def test_queue_lists_and_ignores(start_bot: StartBot, feed_site: FeedSite) -> None:
    async with start_bot(toml=TOML, env={"ADMIN_IDS": str(ADMIN_ID)}) as bot:
        fake = bot.fake
        clock = freeze(bot)
        admin = fake.user("Admin", user_id=ADMIN_ID)
        feed_site.atom = True
        fill(feed_site, bot, range(10, 12))
        assert "2 articles déjà parus" in await add_feed(bot, admin, feed_site.url())
        fill(feed_site, bot, range(12, 14))
        clock.advance(seconds=1)
        await fake.next_message(admin, timeout=10)
        await fake.next_message(admin, timeout=10)
        fake.send_text(admin, "/file")
        listing = await fake.next_message(admin)
        assert "2 articles en attente" in said(listing)
        fake.press(admin, listing, button_text="🗑 Ignorer 1")
        await fake.wait_for_edit(listing)
        assert "1 article en attente" in said(listing)
        fake.press(admin, listing, button_text="🗑 Ignorer 1")
        await fake.wait_for_edit(listing)
        assert said(listing) == "La file de modération est vide ✨"


async def test_broken_feed_backs_off_alerts_once_and_recovers(
    start_bot: StartBot, feed_site: FeedSite
) -> None:
    async with start_bot(toml=TOML, env={"ADMIN_IDS": str(ADMIN_ID)}) as bot:
        fake = bot.fake
        clock = freeze(bot)
        admin = fake.user("Admin", user_id=ADMIN_ID)
        fill(feed_site, bot, range(1, 2))
        await add_feed(bot, admin, feed_site.url())
        feed_site.status = 500

        async def polled(count: int) -> None:
            async def reached() -> bool:
                return feed_site.requests >= count

            await eventually(reached)

        clock.advance(seconds=0.3)
        await polled(2)  # failure 1: next poll after 2 intervals
        clock.advance(seconds=0.3)
        await bot.fake.wait_until_consumed()
        assert feed_site.requests == 2
        clock.advance(seconds=0.2)
        await polled(3)  # failure 2: admins told
        alert = await fake.next_message(admin, timeout=10)
        assert "ne répond plus (2 échecs de suite)" in said(alert)
        clock.advance(seconds=1.0)
        await polled(4)  # failure 3: no second alert
        fake.send_text(admin, "/flux")
        health = await fake.next_message(admin)
        assert "3 échecs de suite" in said(health)
        feed_site.status = 200
        clock.advance(seconds=5)
        recovered = await fake.next_message(admin, timeout=10)
        assert "fonctionne de nouveau" in said(recovered)


async def test_auto_publish_and_rights(start_bot: StartBot, feed_site: FeedSite) -> None:
    toml = TOML.replace("[feeds]", "[feeds]\nauto_publish = true")
    async with start_bot(toml=toml, env={"ADMIN_IDS": str(ADMIN_ID)}) as bot:
        fake = bot.fake
        clock = freeze(bot)
        admin, reader = fake.user("Admin", user_id=ADMIN_ID), fake.user("Lecteur")
        await subscribe(bot, reader)
        for command in ("/flux", f"/flux_ajouter {feed_site.url()}", "/flux_retirer 1", "/file"):
            fake.send_text(reader, command)
            assert "réservée" in said(await fake.next_message(reader))
        assert (await items_by_status(bot))["feeds"] == 0
        fill(feed_site, bot, range(20, 21))
        await add_feed(bot, admin, feed_site.url())
        fill(feed_site, bot, range(21, 22))
        clock.advance(seconds=1)
        notice = await fake.next_message(admin, timeout=10)
        assert said(notice).startswith("📣 Publié automatiquement")
        got = await fake.next_message(reader, timeout=10)
        assert "• " in said(got)
        fake.send_text(admin, "/flux_retirer 1")
        assert said(await fake.next_message(admin)) == "Flux n°1 retiré."
        fake.send_text(admin, "/flux_retirer 1")
        assert "Aucun flux n°1" in said(await fake.next_message(admin))
        fake.send_text(admin, "/flux_ajouter pas-une-adresse")
        assert "http" in said(await fake.next_message(admin))


async def test_not_a_feed_is_reported_on_add(start_bot: StartBot, feed_site: FeedSite) -> None:
    async with start_bot(toml=TOML, env={"ADMIN_IDS": str(ADMIN_ID)}) as bot:
        freeze(bot)
        admin = bot.fake.user("Admin", user_id=ADMIN_ID)
        feed_site.body_override = b"/etc/passwd"
        text = await add_feed(bot, admin, feed_site.url())
        assert "la première lecture a échoué" in text
        text = await add_feed(bot, admin, feed_site.url())
        assert text == "Ce flux est déjà suivi."


async def test_first_decision_wins_between_two_owners(start_bot: StartBot, feed_site: FeedSite) -> None:
    second_id = ADMIN_ID + 1
    async with start_bot(toml=TOML, env={"ADMIN_IDS": f"{ADMIN_ID},{second_id}"}) as bot:
        fake = bot.fake
        clock = freeze(bot)
        first, second = fake.user("Alice", user_id=ADMIN_ID), fake.user("Bruno", user_id=second_id)
        fill(feed_site, bot, range(30, 31))
        await add_feed(bot, first, feed_site.url())
        fill(feed_site, bot, range(31, 32))
        clock.advance(seconds=1)
        mine, theirs = await fake.next_message(first, timeout=10), await fake.next_message(second, timeout=10)
        fake.press(first, mine, button_text="Publier")
        await fake.wait_for_edit(mine)
        late = fake.press(second, theirs, button_text="Ignorer")
        await fake.wait_for_edit(theirs)
        answer = fake.callback_answer(late)
        assert answer is not None and answer["text"] == "Déjà traité par quelqu'un d'autre."
        assert said(theirs).endswith("Déjà traité par quelqu'un d'autre.")
        assert [b["text"] for b in theirs.buttons] == ["🔗 Lire l'article"]
        assert (await items_by_status(bot))["pending"] == 0


async def test_feeds_of_config_toml_are_watched(start_bot: StartBot, feed_site: FeedSite) -> None:
    toml = TOML.replace("[feeds]", f'[feeds]\nurls = ["{feed_site.url()}"]')
    async with start_bot(toml=toml, env={"ADMIN_IDS": str(ADMIN_ID)}) as bot:
        freeze(bot)
        admin = bot.fake.user("Admin", user_id=ADMIN_ID)
        fill(feed_site, bot, range(40, 43))

        async def read() -> bool:
            return feed_site.requests >= 1

        await eventually(read)
        bot.fake.send_text(admin, "/flux")
        listing = said(await bot.fake.next_message(admin))
        assert feed_site.url() in listing and "n°1" in listing
        assert (await items_by_status(bot))["pending"] == 0  # its back catalogue was only marked seen
