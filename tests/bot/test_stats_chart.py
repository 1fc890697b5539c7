"""The /stats chart (issue 14): day-by-day series from the database, a PNG made for a phone, sent as a
photo after the text figures; /stats 90 for 90 days; only for the team."""

from __future__ import annotations

import struct
from datetime import UTC, date, datetime, timedelta

from bot import texts
from bot.admin import chart
from bot.admin import texts as admin_texts
from storage.models import Application, Broadcast, Chat, Delivery, SubscriberCount
from storage.repos import history, subscriptions, users
from tests.bot.admin_team import silence, team_bot
from tests.bot.conftest import StartBot, said
from tests.storage.databases import TestDatabase
from tests.telegram_fake import FakeTelegram

NOW = datetime(2026, 12, 6, 11, 0, tzinfo=UTC)  # noon in Paris
TODAY = date(2026, 12, 6)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def test_series_per_paris_day_on_both_databases(db: TestDatabase) -> None:
    async with db.sessionmaker.begin() as session:
        for n in range(4):
            await users.upsert_user(session, 500 + n, now=NOW - timedelta(days=20))
            session.add(Chat(id=500 + n, type="private"))
        await session.flush()
        # Two subscriptions from 10 days ago, one from yesterday, one of a banned user (not counted).
        for n, age in ((0, 10), (1, 10), (2, 1), (3, 10)):
            await subscriptions.subscribe(session, 500 + n, now=NOW - timedelta(days=age))
        await users.ban_user(session, 503, by=None)
        # Readings: 5 subscribers three days ago (one left since), none on the two days after.
        session.add(SubscriberCount(day=TODAY - timedelta(days=3), subscribers=5, recorded_at=NOW))
        # Deliveries: a broadcast at 23:30 Paris yesterday (22:30 UTC) and one today.
        for created, statuses in (
            (datetime(2026, 12, 5, 22, 30, tzinfo=UTC), ["sent", "sent", "failed", "skipped"]),
            (NOW, ["sent", "queued"]),
            (NOW - timedelta(days=40), ["sent"]),  # before the period
        ):
            broadcast = Broadcast(kind="article", payload={}, created_at=created)
            session.add(broadcast)
            await session.flush()
            for n, status in enumerate(statuses):
                session.add(Delivery(broadcast_id=broadcast.id, chat_id=500 + n, status=status))
        for submitted in (NOW, NOW - timedelta(days=2), None):
            session.add(
                Application(user_id=500, status="submitted" if submitted else "draft", submitted_at=submitted)
            )
        await session.flush()
    async with db.sessionmaker() as session:
        series = await chart.gather(session, days=7, now=NOW)
    assert series.days == [TODAY - timedelta(days=6 - i) for i in range(7)]
    # Before the first reading: today's subscribers who had already joined; then the reading, kept
    # while the bot did not run; today: the live count.
    assert series.subscribers == [2, 2, 2, 5, 5, 5, 3]
    assert series.sent == [0, 0, 0, 0, 0, 2, 1]
    assert series.failed == [0, 0, 0, 0, 0, 1, 0]
    assert series.applications == [0, 0, 0, 0, 1, 0, 1]
    assert series.summaries == [0] * 7
    async with db.sessionmaker.begin() as session:
        assert await history.record_subscribers(session, now=NOW) == 3
        assert (
            await history.record_subscribers(session, now=NOW + timedelta(hours=1)) == 3
        )  # same day: updated
    async with db.sessionmaker() as session:
        assert (await chart.gather(session, days=7, now=NOW + timedelta(days=1))).subscribers[-2:] == [3, 3]


def test_the_chart_is_a_png_for_a_phone() -> None:
    days = [TODAY - timedelta(days=29 - i) for i in range(30)]
    busy = chart.Series(days, list(range(100, 130)), [5] * 30, [1000] * 30, [3] * 30, [1, 0] * 15)
    png = chart.render(busy)
    assert png_size(png) == (1080, 1800)
    assert chart.render(busy) == png  # the same figures draw the same picture
    assert chart.render(chart.Series(days, [0] * 30, [0] * 30, [0] * 30, [0] * 30, [0] * 30)) != png
    assert chart.caption(busy).startswith(
        "📊 <b>Les 30 derniers jours</b>, du 7 novembre au 6 décembre 2026 :"
    )
    assert [chart.short_date(date(2026, m, 1)) for m in (2, 3, 7, 12)] == [
        "1 févr.",
        "1 mars",
        "1 juil.",
        "1 déc.",
    ]


async def test_stats_sends_the_text_then_the_chart(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        assert said(await team.ask(team.reader, "/abonner")).startswith("C'est noté")
        marc = team.moderator
        text = await team.ask(marc, "/stats")
        assert said(text).startswith("📊 Statistiques")  # the figures a screen reader reads, first
        # While the chart is drawn (in a worker thread), the bot keeps answering everyone else.
        assert said(await team.ask(team.reader, "/aide")).startswith("Ce que je sais faire")
        assert not fake.calls("sendPhoto")
        photo = await fake.next_message(marc, timeout=60)
        assert photo.photo is not None and photo.caption is not None
        assert png_size(photo.photo.content) == (1080, 1800)
        assert photo.caption.startswith("📊 Les 30 derniers jours, du ")
        assert fake.calls("sendChatAction")  # « envoie une photo… » while it is drawn

        await team.ask(team.owner, "/stats 90")
        photo = await fake.next_message(team.owner, timeout=60)
        assert photo.caption is not None and photo.caption.startswith("📊 Les 90 derniers jours, du ")

        for wrong in ("/stats trois", "/stats 3", "/stats 1000", "/stats 30 60"):
            assert said(await team.ask(marc, wrong)) == admin_texts.STATS_USAGE.replace("<code>", "").replace(
                "</code>", ""
            )
        # Readers and banned users get no figures.
        assert (await team.ask(team.reader, "/stats")).text == texts.NOT_ALLOWED
        fake.send_text(team.banned, "/stats")
        await silence(team.bot)
        assert [m.text for m in fake.messages(team.banned)] == [texts.BANNED_NOTICE]
        assert not any(m.photo for user in (team.reader, team.banned) for m in fake.messages(user))
        async with team.bot.services.sessionmaker() as session:
            reading = await session.get(SubscriberCount, history.paris_day(datetime.now(UTC)))
        assert reading is not None and reading.subscribers == 1  # /stats keeps today's reading
