"""/stats from rows written by factories (on SQLite and PostgreSQL), and /journal's pages."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.admin import stats
from bot.admin.texts import NBSP
from storage.models import Application, Broadcast, Chat, Delivery, Feed, FeedItem, utcnow
from storage.repos import audit, requests, subscriptions, users
from tests.bot.admin_team import team_bot
from tests.bot.conftest import StartBot, said
from tests.storage.databases import TestDatabase
from tests.telegram_fake import FakeTelegram

BASE_ID = 9_000_000


async def seed(session: AsyncSession, now: datetime) -> None:
    """Three users (one old), two immediate and one digest subscribers, six summary requests in the
    last 30 days and five older, deliveries, applications and feeds."""
    for n, seen in enumerate([now - timedelta(days=20), now, now]):
        await users.upsert_user(session, BASE_ID + n, first_name=f"U{n}", now=seen)
        session.add(Chat(id=BASE_ID + n, type="private"))
    await session.flush()
    await subscriptions.subscribe(session, BASE_ID)
    await subscriptions.subscribe(session, BASE_ID + 1)
    await subscriptions.subscribe(session, BASE_ID + 2, delivery_mode="digest", digest_hour=8)
    asked = [
        (now, "https://www.lemonde.fr/a", "ok", 1000),
        (now, "https://www.lemonde.fr/b", "ok", 3000),
        (now, "https://www.lemonde.fr/c", "http_404", None),
        (now - timedelta(days=3), "https://www.liberation.fr/x", "cached", 200),
        (now - timedelta(days=3), "https://www.liberation.fr/x", "cached", 200),
        (now - timedelta(days=10), "https://example.org/y", "ok", 500),
    ] + [(now - timedelta(days=40), "https://old.example/z", "ok", 9000)] * 5
    for when, url, outcome, ms in asked:
        await requests.record_request(session, BASE_ID, url, outcome=outcome, duration_ms=ms, now=when)
    for status in ["sent"] * 4 + ["failed", "skipped"]:  # none queued: a running sender would send it
        broadcast = Broadcast(kind="article", payload={}, created_at=now)
        session.add(broadcast)
        await session.flush()
        session.add(Delivery(broadcast_id=broadcast.id, chat_id=BASE_ID, status=status, updated_at=now))
    for status in ("submitted", "submitted", "draft", "refused"):
        session.add(Application(user_id=BASE_ID + 1, status=status))
    healthy, broken = (
        Feed(url="https://a.example/rss"),
        Feed(url="https://b.example/rss", consecutive_failures=3),
    )
    session.add_all([healthy, broken])
    await session.flush()
    for n, status in enumerate(("pending", "pending", "ignored")):
        session.add(FeedItem(feed_id=healthy.id, guid=f"g{n}", status=status))
    await session.flush()


async def test_gather_on_both_databases(db: TestDatabase) -> None:
    now = utcnow()
    async with db.sessionmaker.begin() as session:
        await seed(session, now)
    async with db.sessionmaker() as session:
        figures = await stats.gather(session, top=2, now=now)
    assert (figures.users, figures.new_users_week) == (3, 2)
    assert (figures.immediate, figures.digest) == (2, 1)
    assert len(figures.per_day) == stats.TREND_DAYS
    assert (figures.today, figures.week, figures.month) == (3, 5, 6)
    assert figures.success_rate == 5 / 6
    assert figures.median_ms == 500  # of 200, 200, 500, 1000, 3000
    assert figures.top_sites == [("lemonde.fr", 3), ("liberation.fr", 2)]
    assert (figures.sent, figures.failed) == (4, 1)
    assert (figures.pending_applications, figures.queue, figures.feeds_in_error) == (2, 2, 1)


def test_sparkline() -> None:
    assert stats.sparkline([0, 0, 0]) == "▁▁▁"
    assert stats.sparkline([]) == ""
    assert stats.sparkline([0, 1, 7, 100]) == "▁▂▂█"  # any activity shows above an empty day
    assert stats.sparkline([1, 2, 3, 4, 5, 6, 7]) == "▂▃▄▅▆▇█"


async def test_stats_message(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    async with team_bot(start_bot, fake_telegram, "[admin]\nstats_top_sites = 2\n") as team:
        async with team.bot.services.sessionmaker.begin() as session:
            await seed(session, utcnow())
        reply = await team.ask(team.moderator, "/stats")
        text = said(reply)
        assert reply.parse_mode == "HTML"
        lines = text.splitlines()
        assert lines[0] == "📊 Statistiques"
        assert f"👥 Utilisateurs : 7 (+6 en 7{NBSP}j)" in lines  # the team's four, and the seeded three
        assert "🔔 Abonnés : 2 immédiats · 1 quotidiens" in lines
        assert f"📝 Résumés : 3 aujourd'hui · 5 en 7{NBSP}j · 6 en 30{NBSP}j" in lines
        spark = lines[lines.index(f"📝 Résumés : 3 aujourd'hui · 5 en 7{NBSP}j · 6 en 30{NBSP}j") + 1]
        assert len(spark) == 30 and spark[-1] == "█" and set(spark) <= set(stats.SPARK)
        assert f"✅ Réussite 83{NBSP}% · temps médian 500{NBSP}ms" in lines
        assert "  1. lemonde.fr — 3" in lines and "  2. liberation.fr — 2" in lines
        assert "example.org" not in text  # only the top 2
        assert f"📣 Envois (30{NBSP}j) : 4 réussis · 1 échoués" in lines
        assert "🙋 Candidatures en attente : 2" in lines
        assert "🗂 File de modération : 2" in lines
        assert "⚠️ Flux en erreur : 1" in lines
        assert len(text) < 1000  # short enough to read on a phone


async def test_stats_of_an_empty_bot(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    async with team_bot(start_bot, fake_telegram) as team:
        text = said(await team.ask(team.owner, "/stats"))
        assert "Réussite — · temps médian —" in text and "▁" * 30 in text
        assert "Sites les plus demandés" not in text


async def test_journal_pages(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    async with team_bot(start_bot, fake_telegram, "[admin]\njournal_page_size = 3\n") as team:
        owner = team.owner
        assert said(await team.ask(owner, "/journal")).startswith("Le journal est vide")
        async with team.bot.services.sessionmaker.begin() as session:
            base = utcnow() - timedelta(hours=1)
            for n in range(4):
                await audit.record_action(
                    session, owner["id"], "feed_add", target=f"feed:{n}", details={"url": f"https://x/{n}"},
                    now=base + timedelta(minutes=n),
                )  # fmt: skip
            await audit.record_action(
                session, None, "<script>", target="user:1", now=base + timedelta(minutes=9)
            )
        first_page = await team.ask(owner, "/journal")
        first = said(first_page)
        assert first.splitlines()[0] == "Journal de l'équipe"
        assert "🤖 Le bot <script> 1\n" in first  # an unknown action as it is (escaped); a user target by id
        assert "feed:3" in first and "url : https://x/3" in first and "feed:1" not in first
        assert [b["text"] for b in first_page.buttons] == ["Plus anciennes ▶"]
        press = fake_telegram.press(owner, first_page, button_text="Plus anciennes")
        await fake_telegram.wait_for_edit(first_page)
        second = said(first_page)
        assert "feed:1" in second and "feed:0" in second and "Olivia" in second and "feed:2" not in second
        assert second.startswith("Journal de l'équipe (à partir de la 4ᵉ action)")
        assert [b["text"] for b in first_page.buttons] == ["◀ Plus récentes"]
        assert fake_telegram.callback_answer(press) is not None
        assert said(await team.ask(owner, "/journal 2")) == second
        assert said(await team.ask(owner, "/journal 3")).startswith("Il n'y a rien de plus ancien")
        assert said(await team.ask(owner, "/journal deux")).startswith("Tapez /journal")
        # A moderator cannot turn the owner's pages (the button is the owner's command).
        refused = fake_telegram.press(team.moderator, first_page, button_text="Plus récentes")
        await fake_telegram.wait_for_call("answerCallbackQuery", lambda c: c.params.get("show_alert") is True)
        answer = fake_telegram.callback_answer(refused)
        assert answer is not None and answer["text"] == texts.NOT_ALLOWED
        assert said(first_page) == second
