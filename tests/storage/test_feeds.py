from datetime import UTC, datetime

import pytest

from storage.errors import Duplicate, FieldTooLong, InvalidValue, NotFound
from storage.models import FeedItemStatus
from storage.repos import articles, feeds
from tests.storage.databases import present

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
FEED = "https://exemple.fr/rss.xml"


async def test_add_feed_refuses_duplicates_and_leaves_the_transaction_usable(db):
    async with db.sessionmaker.begin() as session:
        feed = await feeds.add_feed(session, FEED, title="Exemple", added_by=1, now=T0)
        with pytest.raises(Duplicate, match="already exists"):
            await feeds.add_feed(session, FEED)
        other = await feeds.add_feed(session, "https://exemple.fr/atom.xml")  # same transaction goes on
    async with db.sessionmaker() as session:
        assert [f.id for f in await feeds.list_feeds(session)] == [feed.id, other.id]


async def test_bad_feed_urls_are_refused(db):
    async with db.sessionmaker.begin() as session:
        with pytest.raises(InvalidValue):
            await feeds.add_feed(session, "javascript:alert(1)")
        with pytest.raises(FieldTooLong):
            await feeds.add_feed(session, "https://exemple.fr/" + "x" * 2048)
        assert await feeds.list_feeds(session) == []


async def test_ensure_feed_is_an_upsert_that_reactivates(db):
    async with db.sessionmaker.begin() as session:
        first = await feeds.ensure_feed(session, FEED)
        first.active = False
        await session.flush()
        again = await feeds.ensure_feed(session, FEED)
        assert again.id == first.id and again.active
        assert [f.id for f in await feeds.list_feeds(session, active_only=True)] == [first.id]


async def test_record_check_tracks_health(db):
    async with db.sessionmaker.begin() as session:
        feed = await feeds.add_feed(session, FEED)
        await feeds.record_check(session, feed.id, etag='"v1"', last_modified="Sun, 01 Mar 2026", now=T0)
        failing = await feeds.record_check(session, feed.id, error="HTTP 500 " + "x" * 900, now=T0)
        failing = await feeds.record_check(session, feed.id, error="timeout", now=T0)
        assert failing.consecutive_failures == 2 and failing.last_error == "timeout"
        assert failing.etag == '"v1"'
        assert await feeds.count_feeds_in_error(session) == 1
        await feeds.set_failure_notified(session, feed.id, True)
        healed = await feeds.record_check(session, feed.id, title="Le flux", now=T0)
        assert (healed.consecutive_failures, healed.last_error, healed.title) == (0, None, "Le flux")
        assert healed.failure_notified and healed.last_success_at == T0
        assert await feeds.count_feeds_in_error(session) == 0
        with pytest.raises(NotFound):
            await feeds.record_check(session, 999)


async def test_items_are_seen_by_guid_or_canonical_url(db):
    async with db.sessionmaker.begin() as session:
        feed = await feeds.add_feed(session, FEED)
        assert not await feeds.has_items(session, feed.id)
        item = await feeds.add_item(
            session, feed.id, guid="g1", url="https://exemple.fr/a?utm_source=rss", title="A"
        )
        assert (
            item is not None
            and item.canonical_url == "https://exemple.fr/a"
            and await feeds.has_items(session, feed.id)
        )
        assert await feeds.add_item(session, feed.id, guid="g1", url="https://exemple.fr/other") is None
        assert await feeds.add_item(session, feed.id, guid="g2", url="https://EXEMPLE.fr/a#x") is None
        assert await feeds.add_item(session, feed.id, guid=None, url="https://exemple.fr/b") is not None
        assert await feeds.add_item(session, feed.id, guid="g3", url=None) is not None
        with pytest.raises(InvalidValue):
            await feeds.add_item(session, feed.id, guid="  ", url=None)
        other = await feeds.add_feed(session, "https://autre.fr/rss")
        assert await feeds.add_item(session, other.id, guid="g1", url="https://exemple.fr/a") is not None


async def test_moderation_queue_first_decision_wins(db):
    async with db.sessionmaker.begin() as session:
        feed = await feeds.add_feed(session, FEED)
        one = present(await feeds.add_item(session, feed.id, guid="1", url=None))
        two = present(await feeds.add_item(session, feed.id, guid="2", url=None))
        await feeds.add_item(session, feed.id, guid="old", url=None, status=FeedItemStatus.IGNORED)
        article = await articles.save_article(session, "https://exemple.fr/1")
        await feeds.set_item_article(session, one.id, article.id)
        assert [i.id for i in await feeds.pending_items(session)] == [one.id, two.id]
        assert await feeds.count_pending(session) == 2
        assert await feeds.decide_item(session, one.id, status="published", by=10, now=T0)
        assert not await feeds.decide_item(session, one.id, status="ignored", by=11, now=T0)
        with pytest.raises(InvalidValue):
            await feeds.decide_item(session, two.id, status="pending", by=10)
        decided = present(await feeds.get_item(session, one.id))
        assert (decided.status, decided.decided_by, decided.article_id) == ("published", 10, article.id)
        assert await feeds.count_pending(session) == 1


async def test_remove_feed_removes_its_items(db):
    async with db.sessionmaker.begin() as session:
        feed = await feeds.add_feed(session, FEED)
        await feeds.add_item(session, feed.id, guid="1", url=None)
        assert await feeds.remove_feed(session, feed.id)
        assert not await feeds.remove_feed(session, feed.id)
        assert await feeds.count_pending(session) == 0


async def test_add_items_stores_a_batch_once_with_the_first_ones_for_review(db):
    async with db.sessionmaker.begin() as session:
        feed = await feeds.add_feed(session, FEED)
        await feeds.add_item(session, feed.id, guid="old", url="https://exemple.fr/old")
        batch = [
            feeds.NewItem("n1", "https://exemple.fr/1", "Un"),
            feeds.NewItem("old", "https://exemple.fr/elsewhere"),  # known GUID
            feeds.NewItem("n2", "https://EXEMPLE.fr/old#x"),  # known URL
            feeds.NewItem("n1", "https://exemple.fr/1bis"),  # repeated within the batch
            feeds.NewItem(None, "https://exemple.fr/2", "Deux"),
            feeds.NewItem("n3", None, "Trois"),
        ]
        added = await feeds.add_items(session, feed.id, batch, review=2, now=T0)
        assert [(i.guid, i.canonical_url, i.status) for i in added] == [
            ("n1", "https://exemple.fr/1", FeedItemStatus.PENDING),
            (None, "https://exemple.fr/2", FeedItemStatus.PENDING),
            ("n3", None, FeedItemStatus.IGNORED),
        ]
        assert await feeds.add_items(session, feed.id, batch, review=5) == []  # all known now
        assert await feeds.add_items(session, feed.id, [], review=5) == []
        with pytest.raises(InvalidValue):
            await feeds.add_items(session, feed.id, [feeds.NewItem(" ", None)], review=0)
    async with db.sessionmaker() as session:
        assert await feeds.count_pending(session) == 3  # "old" and the two new ones
