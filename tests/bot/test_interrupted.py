"""A bot killed during a summary: at its next start the « ⏳ » placeholder becomes a short apology with
a retry button, and the request is counted as interrupted."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from datetime import timedelta
from pathlib import Path

from bot import texts
from bot.inflight import ABANDONED_SECONDS, apologise
from bot.people import remember_user
from bot.summaries import Requester
from storage.models import SummaryInFlight, SummaryRequest, utcnow
from storage.repos import inflight
from tests.bot.articles import ArticleSite
from tests.bot.conftest import Harness, eventually, said
from tests.bot.test_main import ROOT, environment
from tests.telegram_fake import FakeTelegram


def rows(database: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


async def start_bot_process(env: dict[str, str], fake: FakeTelegram) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, cwd=str(ROOT),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    await fake.wait_for_polling(timeout=30)
    return process


async def test_a_placeholder_left_by_sigkill_becomes_an_apology_with_a_retry_button(
    tmp_path: Path, fake_telegram: FakeTelegram, article_site: ArticleSite
) -> None:
    fake, site = fake_telegram, article_site
    database = tmp_path / "bot.sqlite3"
    env = environment(
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        TELEGRAM_API_FILE_URL=fake.file_url,
        FETCH_ALLOW_PRIVATE_NETWORKS="1",
    )
    site.slow_seconds = 12  # the page is still loading when the bot dies
    user = fake.user("Rita")
    first = await start_bot_process(env, fake)
    try:
        fake.send_text(user, site.url("/slow"))
        placeholder = await fake.next_message(user, timeout=20)
        assert placeholder.text == texts.WORKING

        async def recorded() -> bool:
            return bool(rows(database, "SELECT id FROM summaries_in_flight"))

        await eventually(recorded, timeout=10)
    finally:
        first.kill()  # SIGKILL: no clean stop, nothing gets finished
        await first.wait()
    assert placeholder.text == texts.WORKING and rows(database, "SELECT outcome FROM summary_requests") == []

    site.slow_seconds = 0
    second = await start_bot_process(env, fake)
    try:
        apology = await fake.wait_for_edit(placeholder, timeout=20)
        assert apology.text == texts.INTERRUPTED
        assert [b["text"] for b in apology.buttons] == [texts.BUTTON_RETRY]
        interrupted = [("interrupted", site.url("/slow"))]

        async def counted() -> bool:
            return rows(database, "SELECT outcome, url FROM summary_requests") == interrupted

        await eventually(counted, timeout=10)

        fake.press(user, apology, button_text=texts.BUTTON_RETRY)
        answer = await fake.next_message(user, timeout=20)
        if said(answer).startswith("⏳"):
            await fake.wait_for_edit(answer, timeout=20)
        assert said(answer).count("\n• ") == 3
        assert fake.message(user["id"], placeholder.message_id).buttons == []  # the retry button is gone

        async def forgotten() -> bool:
            return rows(database, "SELECT id FROM summaries_in_flight") == []

        await eventually(forgotten, timeout=10)
        outcomes = rows(database, "SELECT outcome FROM summary_requests ORDER BY id")
        assert outcomes == [("interrupted",), ("ok",)]
    finally:
        second.terminate()
        await second.wait()


async def test_an_interrupted_pasted_text_gets_an_apology_without_retry(bot: Harness) -> None:
    user = bot.fake.user()
    bot.fake.send_text(user, "/aide")
    message = await bot.fake.next_message(user)  # stands for a placeholder the last run left
    async with bot.services.sessionmaker.begin() as session:
        await remember_user(session, user["id"], Requester(user_id=user["id"], first_name="Rita"))
        await inflight.start(session, user["id"], user["id"], message.message_id, None)
    assert await apologise(bot.app.bot, bot.services) == 1
    assert bot.fake.message(user["id"], message.message_id).text == texts.INTERRUPTED_TEXT
    assert bot.fake.message(user["id"], message.message_id).buttons == []
    async with bot.services.sessionmaker() as session:
        assert await session.get(SummaryInFlight, 1) is None
        request = await session.get(SummaryRequest, 1)
    assert request is not None and request.outcome == "interrupted"
    assert await apologise(bot.app.bot, bot.services) == 0  # told once


async def test_with_replicas_a_young_placeholder_is_left_to_its_replica(bot: Harness) -> None:
    """Another replica may be working on a recent one; only one older than any summary takes is
    an orphan (its replica died)."""
    user = bot.fake.user()
    bot.fake.send_text(user, "/aide")
    young = await bot.fake.next_message(user)
    bot.fake.send_text(user, "/aide")
    old = await bot.fake.next_message(user)
    async with bot.services.sessionmaker.begin() as session:
        await remember_user(session, user["id"], Requester(user_id=user["id"], first_name="Rita"))
        await inflight.start(session, user["id"], user["id"], young.message_id, "https://exemple.fr/a")
        await inflight.start(
            session, user["id"], user["id"], old.message_id, "https://exemple.fr/b",
            now=utcnow() - timedelta(seconds=ABANDONED_SECONDS + 1),
        )  # fmt: skip
    assert await apologise(bot.app.bot, bot.services, older_than=timedelta(seconds=ABANDONED_SECONDS)) == 1
    assert bot.fake.message(user["id"], old.message_id).text == texts.INTERRUPTED
    assert bot.fake.message(user["id"], young.message_id).text != texts.INTERRUPTED
