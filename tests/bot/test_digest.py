"""The daily digest at the subscriber's Paris hour, with a hand-moved clock; an empty day sends nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape

from bot.broadcast.digest import digest_text, run_digests
from bot.broadcast.payload import Message
from bot.broadcast.publish import publish
from bot.broadcast.runtime import broadcasting
from storage.models import PARIS, Broadcast, BroadcastKind
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


async def publish_article(bot: Harness, title: str, url: str) -> None:
    message = Message(f"<b>{escape(title)}</b>")
    kind = BroadcastKind.ARTICLE
    await publish(bot.services, bot.app.bot, message, kind=kind, title=title, by=None, url=url)


async def test_digest_at_its_hour_once_and_not_when_empty(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML) as bot:
        fake = bot.fake
        hour, at = next_paris_hour(datetime.now(UTC))
        clock = ManualClock(at - timedelta(minutes=10))
        broadcasting(bot.services).clock = clock
        morning, evening, instant = fake.user("Matin"), fake.user("Soir"), fake.user("Direct")
        await subscribe(bot, morning, digest_hour=hour)
        await subscribe(bot, evening, digest_hour=(hour + 12) % 24)
        await subscribe(bot, instant)
        await publish_article(bot, "Budget <2026> & ville", "https://exemple.fr/budget")
        await publish_article(bot, "Bibliothèques", "https://exemple.fr/biblio")
        assert [m.text for m in [await fake.next_message(instant, timeout=10)]] == ["Budget <2026> & ville"]
        await fake.next_message(instant, timeout=10)
        assert fake.messages(morning) == []  # digest readers get no message per article

        clock.advance(minutes=15)  # the morning reader's hour has come
        digest = await fake.next_message(morning, timeout=10)
        assert said(digest).startswith("🗞 Les articles du jour")
        assert "• Budget <2026> & ville\n• Bibliothèques" in said(digest)
        assert any(e.get("url") == "https://exemple.fr/biblio" for e in digest.entities)
        clock.advance(minutes=30)  # later in the same hour: not again
        assert await run_digests(bot.services, clock.now()) == 0
        assert len(fake.messages(morning)) == 1 and fake.messages(evening) == []

        clock.advance(hours=24)  # the next day, nothing new was published: no empty digest
        assert await run_digests(bot.services, clock.now()) == 0
        assert len(fake.messages(morning)) == 1


def test_digest_text_stays_within_telegram_limits() -> None:
    items = [
        Broadcast(kind="article", payload={"title": f"Titre {n} " + "x" * 200, "url": f"https://e.fr/{n}"})
        for n in range(40)
    ]
    text = digest_text(items, limit=40)
    assert len(text) <= 4096 and text.endswith("autres articles.")
    assert digest_text(items[:3], limit=2).endswith("… et 1 autre article.")
