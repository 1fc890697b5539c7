"""The daily digest at the subscriber's Paris hour, with a hand-moved clock; an empty day sends nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape

from bot.broadcast.digest import DigestEntry, digest_text, run_digests
from bot.broadcast.payload import Message
from bot.broadcast.publish import publish
from bot.broadcast.runtime import broadcasting
from bot.render import utf16_len
from bot.summaries import ArticleCard
from storage.models import PARIS, BroadcastKind
from storage.repos import articles
from tests.bot.broadcasting import ManualClock, subscribe
from tests.bot.conftest import Harness, StartBot, said

TOML = """
[broadcast]
digest_check_seconds = 0.2
progress_seconds = 0.2
"""


def next_paris_hour(now: datetime) -> tuple[int, datetime]:
    """The next whole Paris hour after ``now``, and that instant (UTC)."""
    paris = now.astimezone(PARIS).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return paris.hour, paris.astimezone(UTC)


BUDGET = (
    "Le conseil municipal a voté le budget hier soir.",
    "La séance a duré trois heures.",
    "Les crédits des écoles augmentent de 12 % & ceux des routes baissent.",
    "Le maire s'est dit satisfait.",
)
BUDGET_SCORES = (0.8, 0.1, 0.9, 0.2)  # best one: the schools; best two: the vote, then the schools


async def publish_article(
    bot: Harness, title: str, url: str, sentences: tuple[str, ...] = (), scores: tuple[float, ...] = ()
) -> None:
    async with bot.services.sessionmaker.begin() as session:
        article = await articles.save_article(
            session, url, title=title, summary_sentences=list(sentences) or None,
            summary_scores=list(scores) or None,
        )  # fmt: skip
    message = Message(f"<b>{escape(title)}</b>")
    kind = BroadcastKind.ARTICLE
    await publish(
        bot.services, bot.app.bot, message, kind=kind, title=title, by=None, url=url, article_id=article.id
    )


async def test_digest_at_its_hour_once_and_not_when_empty(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML) as bot:
        fake = bot.fake
        hour, at = next_paris_hour(datetime.now(UTC))
        clock = ManualClock(at - timedelta(minutes=10))
        broadcasting(bot.services).clock = clock
        morning, evening, instant = fake.user("Matin"), fake.user("Soir"), fake.user("Direct")
        brief = fake.user("Bref")
        await subscribe(bot, morning, digest_hour=hour, sentences=5)
        await subscribe(bot, brief, digest_hour=hour, sentences=1)
        await subscribe(bot, evening, digest_hour=(hour + 12) % 24)
        await subscribe(bot, instant)
        title = 'Budget <2026> & "ville"'
        await publish_article(bot, title, "https://exemple.fr/budget", BUDGET, BUDGET_SCORES)
        await publish_article(bot, "Bibliothèques", "https://exemple.fr/biblio")
        assert [m.text for m in [await fake.next_message(instant, timeout=10)]] == [title]
        await fake.next_message(instant, timeout=10)
        assert fake.messages(morning) == []  # digest readers get no message per article

        clock.advance(minutes=15)  # the morning readers' hour has come
        digest = await fake.next_message(morning, timeout=10)
        assert said(digest) == (
            f"🗞 Les articles du jour\n\n{title}\n{BUDGET[0]} {BUDGET[2]}\n\nBibliothèques"
        )  # at most 2 sentences an article, in the article's order
        assert any(e.get("url") == "https://exemple.fr/biblio" for e in digest.entities)
        assert {"bold", "text_link"} <= {e["type"] for e in digest.entities}
        short = await fake.next_message(brief, timeout=10)
        assert said(short) == f"🗞 Les articles du jour\n\n{title}\n{BUDGET[2]}\n\nBibliothèques"
        clock.advance(minutes=30)  # later in the same hour: not again
        assert await run_digests(bot.services, clock.now()) == 0
        assert len(fake.messages(morning)) == 1 and fake.messages(evening) == []
        assert len(fake.messages(brief)) == 1

        clock.advance(hours=24)  # the next day, nothing new was published: no empty digest
        assert await run_digests(bot.services, clock.now()) == 0
        assert len(fake.messages(morning)) == 1


def card(n: int, sentences: tuple[str, ...]) -> ArticleCard:
    return ArticleCard(n, f"https://e.fr/{n}", f"Titre {n}", "e.fr", 3, sentences)


def test_digest_text_stays_within_telegram_limits() -> None:
    long = ("Une phrase assez longue qui décrit ce que l'article raconte en détail. " * 8,) * 3
    entries = [
        DigestEntry(f"Titre {n} <&> " + "x" * 200, f"https://e.fr/{n}", card(n, long)) for n in range(40)
    ]
    for sentences in (1, 2):
        text = digest_text(entries, limit=40, sentences=sentences)
        assert utf16_len(text) <= 4096 and text.endswith("autres articles.")
        assert text.count("<a href=") == text.count("</a>") == text.count("<b>") - 1  # whole entries
        assert "&lt;&amp;&gt;" in text and "<&>" not in text
    assert digest_text(entries[:3], limit=2).endswith("… et 1 autre article.")
    # One absurdly long sentence is shortened, not allowed to push every article out.
    huge = [DigestEntry("Énorme", "https://e.fr/x", card(1, ("mot " * 3000,)))]
    assert "Énorme" in digest_text(huge, limit=5) and "autre" not in digest_text(huge, limit=5)


def test_digest_entry_escapes_title_and_link() -> None:
    entry = DigestEntry('A <b> & "c"', 'https://e.fr/?a=1&b="2"', card(1, ("Un & deux < trois.",)))
    text = digest_text([entry], limit=5)
    assert (
        '<b><a href="https://e.fr/?a=1&amp;b=&quot;2&quot;">A &lt;b&gt; &amp; &quot;c&quot;</a></b>' in text
    )
    assert "Un &amp; deux &lt; trois." in text
    assert digest_text([DigestEntry("Sans lien", None)], limit=5).endswith("<b>Sans lien</b>")
