"""Sentence scores of stored summaries, a reader's own summary length, and articles found again through
an earlier request for a link whose page declared another canonical URL. On SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage.errors import InvalidValue, NotFound
from storage.repos import articles, requests, users
from tests.storage.databases import present

T0 = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
CANONICAL = "https://www.exemple.fr/actu/budget-2026"
SHARED = "https://amp.exemple.fr/budget?ref=partage"


async def test_scores_are_stored_with_their_sentences(db):
    async with db.sessionmaker.begin() as session:
        saved = await articles.save_article(
            session, CANONICAL, summary_sentences=["A.", "B.", "C."], summary_length=3,
            summary_scores=[0.25, 0.9, 1],
        )  # fmt: skip
    assert saved.summary_scores == [0.25, 0.9, 1.0]
    async with db.sessionmaker.begin() as session:
        refreshed = await articles.save_article(session, CANONICAL, title="Nouveau titre")
    assert refreshed.summary_scores == [0.25, 0.9, 1.0]  # a metadata refresh keeps the summary
    async with db.sessionmaker.begin() as session:
        resummarized = await articles.save_article(session, CANONICAL, summary_sentences=["D.", "E."])
    # Scores belong to the sentences they rank: new sentences without scores leave none behind.
    assert resummarized.summary_sentences == ["D.", "E."] and resummarized.summary_scores is None
    async with db.sessionmaker() as session:
        assert present(await articles.get_article(session, CANONICAL)).summary_scores is None
        raw = await session.scalar(text("SELECT COUNT(*) FROM articles WHERE summary_scores IS NULL"))
    assert raw == 1  # SQL NULL, not the JSON text 'null'


@pytest.mark.parametrize(
    ("sentences", "scores"),
    [
        (["A.", "B."], [0.5]),  # one score per sentence
        (None, [0.5]),  # scores without sentences
        (["A."], [float("nan")]),
        (["A."], [float("inf")]),
        (["A."], [True]),
        (["A."], ["0.5"]),
    ],
)
async def test_bad_scores_are_refused(db, sentences, scores):
    async with db.sessionmaker.begin() as session:
        with pytest.raises(InvalidValue):
            await articles.save_article(
                session, CANONICAL, summary_sentences=sentences, summary_scores=scores
            )
        assert await articles.get_article(session, CANONICAL) is None


async def test_a_link_is_found_again_through_its_successful_request(db):
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 1)
        article = await articles.save_article(session, CANONICAL, summary_sentences=["A."])
        # The page at SHARED declared CANONICAL: the request remembers which link gave which article.
        await requests.record_request(session, 1, SHARED, outcome="ok", article_id=article.id, now=T0)
        await requests.record_request(session, 1, "https://autre.fr/x", outcome="http_404", now=T0)
    async with db.sessionmaker() as session:
        assert present(await articles.find_article(session, SHARED)).id == article.id
        # Another form of the same link (tracking parameter) is the same request key.
        assert present(await articles.find_article(session, SHARED + "&utm_source=tg")).id == article.id
        assert present(await articles.find_article(session, CANONICAL)).id == article.id
        assert await articles.find_article(session, "https://autre.fr/x") is None  # failed: no article
        assert await articles.find_article(session, "https://inconnu.fr/") is None
        assert await articles.get_article(session, SHARED) is None  # the plain lookup is unchanged
        with pytest.raises(InvalidValue):
            await articles.find_article(session, "ftp://exemple.fr/fichier")


async def test_a_readers_own_summary_length(db):
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 7, first_name="Léa")
        assert await users.get_summary_sentences(session, 7) is None
        assert await users.get_summary_sentences(session, 8) is None  # unknown reader: no choice
        assert (await users.set_summary_sentences(session, 7, 5)).summary_sentences == 5
    async with db.sessionmaker.begin() as session:
        assert await users.get_summary_sentences(session, 7) == 5
        await users.upsert_user(session, 7, first_name="Léa B.")  # a profile refresh keeps it
        assert await users.get_summary_sentences(session, 7) == 5
        await users.set_summary_sentences(session, 7, None)
        assert await users.get_summary_sentences(session, 7) is None


@pytest.mark.parametrize("bad", [0, 11, -1, True])
async def test_a_readers_length_out_of_range_is_refused(db, bad):
    async with db.sessionmaker.begin() as session:
        await users.upsert_user(session, 7)
        await users.set_summary_sentences(session, 7, 4)
        with pytest.raises(InvalidValue):
            await users.set_summary_sentences(session, 7, bad)
    async with db.sessionmaker() as session:
        assert await users.get_summary_sentences(session, 7) == 4


async def test_length_of_an_unknown_reader_and_the_database_check(db):
    async with db.sessionmaker.begin() as session:
        with pytest.raises(NotFound):
            await users.set_summary_sentences(session, 99, 3)
        await users.upsert_user(session, 7)
    # The schema itself refuses what the repository would (a write that bypasses it).
    with pytest.raises(IntegrityError):
        async with db.engine.begin() as conn:
            await conn.execute(text("UPDATE users SET summary_sentences = 11 WHERE id = 7"))
    async with db.sessionmaker() as session:
        assert await users.get_summary_sentences(session, 7) is None
