from datetime import UTC, date, datetime, timedelta

import pytest

from storage.errors import FieldTooLong, InvalidValue
from storage.repos import articles, requests, users
from tests.storage.databases import present

T0 = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
URL = "https://WWW.Exemple.fr:443/actu/article-1?id=3&utm_source=tw&fbclid=abc#commentaires"


async def test_save_and_find_article_by_any_form_of_its_url(db):
    async with db.sessionmaker.begin() as session:
        saved = await articles.save_article(
            session, URL, title="Un titre", author="A. Auteur", language="fr", word_count=900,
            text_hash=articles.hash_text("le texte"), summary_sentences=["Une.", "Deux."], summary_length=2,
            published_at=T0 - timedelta(days=1), now=T0,
        )  # fmt: skip
    assert saved.canonical_url == "https://www.exemple.fr/actu/article-1?id=3"
    assert saved.site == "exemple.fr" and saved.summarized_at == T0
    async with db.sessionmaker() as session:
        found = present(
            await articles.get_article(session, "https://www.exemple.fr/actu/article-1?id=3&gclid=x")
        )
        assert found.id == saved.id
        assert found.summary_sentences == ["Une.", "Deux."] and found.published_at == T0 - timedelta(days=1)
        assert await articles.get_article(session, "https://www.exemple.fr/autre") is None
        assert present(await articles.get_article_by_id(session, saved.id)).title == "Un titre"


async def test_saving_again_updates_in_place_and_keeps_unspecified_fields(db):
    async with db.sessionmaker.begin() as session:
        first = await articles.save_article(
            session, URL, title="Avant", summary_sentences=["A."], summary_length=1
        )
        second = await articles.save_article(session, URL + "&utm_medium=x", title="Après", word_count=10)
    assert second.id == first.id
    assert second.title == "Après" and second.word_count == 10 and second.summary_sentences == ["A."]


async def test_bad_articles_are_refused_before_writing(db):
    async with db.sessionmaker.begin() as session:
        with pytest.raises(InvalidValue):
            await articles.save_article(session, "ftp://exemple.fr/x")
        with pytest.raises(FieldTooLong):
            await articles.save_article(session, "https://exemple.fr/" + "a" * 2100)
        with pytest.raises(FieldTooLong):
            await articles.save_article(session, URL, title="t" * 501)
        with pytest.raises(InvalidValue):
            await articles.save_article(session, URL, summary_sentences="pas une liste")
        with pytest.raises(InvalidValue):
            await articles.save_article(session, URL, summary_sentences=["x" * 30_000])
        assert await articles.get_article(session, URL) is None


async def test_quota_counts_a_users_recent_requests(db):
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 1)
        await users.upsert_user(session, 2)
        for seconds_ago in (5, 30, 59, 61, 600):
            await requests.record_request(
                session, 1, URL, outcome="ok", duration_ms=500, now=T0 - timedelta(seconds=seconds_ago)
            )
        await requests.record_request(session, 2, URL, outcome="ok", now=T0)
        assert await requests.count_recent_requests(session, 1, seconds=60, now=T0) == 3
        assert await requests.count_recent_requests(session, 2, seconds=60, now=T0) == 1
        assert await requests.count_recent_requests(session, 3, seconds=60, now=T0) == 0


async def test_record_request_stores_canonical_url_site_and_paris_day(db):
    late_evening = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)  # already 11 March in Paris
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 1)
        request = await requests.record_request(
            session, 1, URL, outcome="ok", duration_ms=1200, now=late_evening
        )
        pasted = await requests.record_request(session, 1, None, outcome="too-short", now=late_evening)
        broken = await requests.record_request(
            session, 1, "http://[::1", outcome="invalid-url", now=late_evening
        )
    assert request.day == date(2026, 3, 11) and request.site == "exemple.fr"
    assert request.canonical_url == "https://www.exemple.fr/actu/article-1?id=3"
    assert pasted.url == "" and pasted.canonical_url is None and broken.site is None


async def test_record_request_refuses_bad_values(db):
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 1)
        for bad in ({"outcome": "OK!"}, {"outcome": ""}, {"outcome": "ok", "duration_ms": -1}):
            with pytest.raises(InvalidValue):
                await requests.record_request(session, 1, URL, **bad)
        assert await requests.count_recent_requests(session, 1, seconds=3600) == 0


async def test_statistics_per_day_success_median_and_top_sites(db):
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 1)
        plan = [  # (days ago, url, outcome, duration)
            (0, "https://a.fr/1", "ok", 100), (0, "https://a.fr/2", "cached", 5),
            (0, "https://b.fr/1", "ok", 300), (0, "https://b.fr/2", "fetch-error", 9000),
            (1, "https://a.fr/3", "ok", 700), (3, "https://c.fr/1", "not-article", 50),
            (40, "https://d.fr/1", "ok", 1),
        ]  # fmt: skip
        for days_ago, url, outcome, duration in plan:
            await requests.record_request(
                session, 1, url, outcome=outcome, duration_ms=duration, now=T0 - timedelta(days=days_ago)
            )
        per_day = await requests.requests_per_day(session, days=4, now=T0)
        stats = await requests.request_stats(session, since=T0 - timedelta(days=7))
        today = await requests.request_stats(
            session, since=T0 - timedelta(hours=1), until=T0 + timedelta(hours=1)
        )
        empty = await requests.request_stats(session, since=T0 + timedelta(days=1))
        sites = await requests.top_sites(session, since=T0 - timedelta(days=30), limit=2)
    assert per_day == [
        (date(2026, 3, 7), 1),
        (date(2026, 3, 8), 0),
        (date(2026, 3, 9), 1),
        (date(2026, 3, 10), 4),
    ]
    assert (stats.total, stats.succeeded) == (6, 4) and stats.success_rate == pytest.approx(4 / 6)
    assert stats.median_ms == pytest.approx((100 + 300) / 2)  # of 5, 100, 300, 700
    assert today.median_ms == 100  # of 5, 100, 300
    assert empty.total == 0 and empty.success_rate is None and empty.median_ms is None
    assert sites == [("a.fr", 3), ("b.fr", 2)]
