"""A large feed is imported in short transactions, and one poll stores a bounded number of items."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select

from bot.context import Services
from bot.feeds.parse import parse_feed
from bot.feeds.watcher import BATCH_SIZE, IN_THREAD_BYTES, parse_off_loop
from storage.models import FeedItem, FeedItemStatus
from tests.bot.broadcasting import ADMIN_ID
from tests.bot.conftest import Harness, StartBot, said
from tests.bot.feedsite import FeedSite
from tests.bot.test_feeds import fill, freeze


@pytest.fixture
async def feed_site() -> AsyncIterator[FeedSite]:
    site = FeedSite()
    await site.start()
    yield site
    await site.stop()


@contextmanager
def counting_commits(services: Services) -> Iterator[list[int]]:
    commits: list[int] = []

    def on_commit(connection: Any) -> None:
        commits.append(1)

    engine = services.database.engine.sync_engine
    event.listen(engine, "commit", on_commit)
    try:
        yield commits
    finally:
        event.remove(engine, "commit", on_commit)


async def stored(bot: Harness) -> list[tuple[str | None, str]]:
    async with bot.services.sessionmaker() as session:
        rows = await session.execute(select(FeedItem.guid, FeedItem.status).order_by(FeedItem.id))
        return [(guid, status) for guid, status in rows.all()]


async def test_a_large_feed_goes_in_short_batches_and_is_bounded(
    start_bot: StartBot, feed_site: FeedSite
) -> None:
    toml = "[feeds]\ninterval_seconds = 0.2\nmax_items_per_poll = 500\nmax_new_items = 2\n"
    async with start_bot(toml=toml, env={"ADMIN_IDS": str(ADMIN_ID)}) as bot:
        fake, clock = bot.fake, freeze(bot)
        admin = fake.user("Admin", user_id=ADMIN_ID)
        fill(feed_site, bot, range(1, 1201))  # newest first: 1200 down to 1
        with counting_commits(bot.services) as commits:
            fake.send_text(admin, f"/flux_ajouter {feed_site.url()}")
            text = said(await fake.next_message(admin, timeout=20))
        assert "500 articles déjà parus" in text
        rows = await stored(bot)
        assert [guid for guid, _ in rows] == [f"urn:article:{n}" for n in range(1200, 700, -1)]  # the newest
        assert {status for _, status in rows} == {FeedItemStatus.IGNORED}
        assert len(commits) > 500 // BATCH_SIZE  # one short transaction per batch, not one for all

        # The next poll still takes at most max_new_items new ones for review, the others as seen.
        fill(feed_site, bot, range(1201, 1204))
        clock.advance(seconds=1)
        offered = [said(await fake.next_message(admin, timeout=10)) for _ in range(2)]
        assert "(n° 1203)" in offered[0] and "(n° 1202)" in offered[1]
        async with bot.services.sessionmaker() as session:
            total = await session.scalar(select(func.count()).select_from(FeedItem))
            pending = await session.scalar(
                select(func.count()).select_from(FeedItem).where(FeedItem.status == FeedItemStatus.PENDING)
            )
        assert (total, pending) == (503, 2)


async def test_a_large_feed_is_parsed_in_a_child_process_like_a_small_one(feed_site: FeedSite) -> None:
    for n in range(1, 3001):
        feed_site.publish(f"urn:article:{n}", f"https://exemple.fr/article/{n}", f"Article {n}")
    body = feed_site._rss().encode()
    assert len(body) > IN_THREAD_BYTES
    parsed = await parse_off_loop(body, "https://exemple.fr/feed.xml", 10)
    assert parsed == parse_feed(body, "https://exemple.fr/feed.xml", 10)
    assert [e.guid for e in parsed.entries] == [f"urn:article:{n}" for n in range(3000, 2990, -1)]
