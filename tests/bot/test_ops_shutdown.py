"""``python -m bot`` in production shape: SIGTERM with a summary in flight, JSON logs, the ops endpoint."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import sys
from pathlib import Path

import aiohttp

from storage.database import create_sessionmaker
from storage.repos import chats, outbox, subscriptions, users
from tests.bot.articles import ArticleSite
from tests.bot.test_main import ROOT, environment
from tests.bot.test_ops_endpoints import free_port
from tests.storage.databases import create_migrated_engine, sqlite_settings
from tests.telegram_fake import FakeTelegram


async def test_sigterm_lets_the_summary_in_flight_finish(
    tmp_path: Path, fake_telegram: FakeTelegram, article_site: ArticleSite
) -> None:
    port = free_port()
    (tmp_path / "config.toml").write_text(
        f'[fetch]\ntotal_timeout = 8.0\n[logging]\nformat = "json"\n[ops]\nport = {port}\n', encoding="utf-8"
    )
    env = environment(
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        TELEGRAM_API_FILE_URL=fake_telegram.file_url,
        FETCH_ALLOW_PRIVATE_NETWORKS="1",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, cwd=str(ROOT),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await fake_telegram.wait_for_polling(timeout=30)
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/healthz") as response,
        ):
            assert response.status == 200
        user = fake_telegram.user()
        fake_telegram.send_text(user, article_site.url("/slow"))  # answered after 1.5 s
        placeholder = await fake_telegram.next_message(user, timeout=10)
        assert placeholder.text is not None and placeholder.text.startswith("⏳")
        await asyncio.sleep(0.3)  # the fetch is under way
        process.send_signal(signal.SIGTERM)
        await asyncio.sleep(0.3)
        fake_telegram.send_text(user, "/start")  # arrives while the bot stops
        await fake_telegram.wait_for_edit(placeholder, timeout=10)
        _, stderr = await asyncio.wait_for(process.communicate(), 15)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert (placeholder.text or "").startswith("Rénovation des bibliothèques")  # finished, not cut short
    entries = [json.loads(line) for line in log.splitlines() if line.strip()]
    assert entries and all({"time", "level", "logger", "message"} <= set(e) for e in entries)
    assert fake_telegram.token not in log and "Traceback" not in log
    # The request was recorded, and the database closed cleanly (its WAL checkpointed away).
    assert not (tmp_path / "bot.sqlite3-wal").exists()
    db = sqlite3.connect(tmp_path / "bot.sqlite3")
    try:
        assert db.execute("SELECT outcome FROM summary_requests").fetchall() == [("ok",)]
    finally:
        db.close()
    # The update sent during the stop was either handled or left queued for the next start: not lost.
    answered = any((m.text or "").startswith("Bonjour") for m in fake_telegram.messages(user))
    assert answered or any("/start" in json.dumps(u) for u in fake_telegram.pending_updates())


async def queue_announcement(database: Path, chat_ids: list[int]) -> None:
    """A migrated database holding one announcement queued for ``chat_ids`` (all subscribed)."""
    engine = await create_migrated_engine(sqlite_settings(database))
    try:
        async with create_sessionmaker(engine).begin() as session:
            for chat_id in chat_ids:
                await users.upsert_user(session, chat_id, first_name="Lecteur")
                await chats.upsert_chat(session, chat_id, type="private")
                await subscriptions.subscribe(session, chat_id)
            payload = {"text": "<b>Annonce</b> : la rédaction recrute.", "markup": None, "channel_id": None}
            await outbox.enqueue_broadcast(session, kind="announcement", payload=payload)
    finally:
        await engine.dispose()


def statuses(database: Path) -> dict[str, int]:
    db = sqlite3.connect(database)
    try:
        return dict(db.execute("SELECT status, count(*) FROM deliveries GROUP BY status").fetchall())
    finally:
        db.close()


def hanging(database: Path) -> list[tuple[object, ...]]:
    db = sqlite3.connect(database)
    try:
        query = "SELECT id, chat_id, attempts, last_error, leased_by FROM deliveries WHERE status = 'sending'"
        return db.execute(query).fetchall()
    finally:
        db.close()


async def start_bot_process(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, cwd=str(ROOT),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def stop_bot_process(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "Traceback" not in log, log
    return log


async def test_sigterm_with_deliveries_in_flight_loses_and_repeats_nothing(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    readers = [fake_telegram.user(f"Lecteur {i}") for i in range(24)]
    ids = [int(reader["id"]) for reader in readers]
    database = tmp_path / "bot.sqlite3"
    await queue_announcement(database, ids)
    (tmp_path / "config.toml").write_text("[sending]\nmessages_per_second = 20\n", encoding="utf-8")
    env = environment(
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        TELEGRAM_API_FILE_URL=fake_telegram.file_url,
    )
    for reader in readers[5:10]:
        fake_telegram.slow_answer(reader, 0.5)  # sent, answered late: in flight at the stop

    def received() -> list[int]:
        return [
            int(c.params["chat_id"])
            for c in fake_telegram.calls("sendMessage")
            if int(c.params["chat_id"]) in ids
        ]

    process = await start_bot_process(env)
    try:
        async with asyncio.timeout(30):
            while len(received()) < 8:  # noqa: ASYNC110 (the fake has no event for "n messages")
                await asyncio.sleep(0.05)
    finally:
        log = await stop_bot_process(process)
    first = statuses(database)
    assert "sending" not in first, (
        first,
        hanging(database),
        log[-2000:],
    )  # leases released or outcomes recorded: none left hanging
    assert first.get("sent", 0) + first.get("queued", 0) == len(ids), first
    assert 0 < first.get("queued", 0) < len(ids)  # stopped half way
    assert first["sent"] == len(set(received()))  # every message that went out is recorded as sent

    process = await start_bot_process(env)  # the next start finishes the broadcast
    try:
        async with asyncio.timeout(30):
            while statuses(database).get("sent", 0) < len(ids):  # noqa: ASYNC110
                await asyncio.sleep(0.1)
    finally:
        await stop_bot_process(process)
    assert statuses(database) == {"sent": len(ids)}
    assert sorted(received()) == sorted(ids)  # each reader got it exactly once


async def test_python_m_bot_serves_the_webhook(tmp_path: Path, fake_telegram: FakeTelegram) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg"
    secret = "un-secret_tres-long-0123456789"
    (tmp_path / "config.toml").write_text(
        f'[telegram]\nmode = "webhook"\nwebhook_url = "{url}"\nport = {port}\n', encoding="utf-8"
    )
    env = environment(
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        TELEGRAM_API_FILE_URL=fake_telegram.file_url,
        TELEGRAM_WEBHOOK_SECRET=secret,
        LOG_LEVEL="DEBUG",  # even the most verbose logs show no secret and no personal data
    )
    process = await start_bot_process(env)
    try:
        call = await fake_telegram.wait_for_call("setWebhook", timeout=30)
        assert call.params["url"] == url and call.params["secret_token"] == secret
        user = fake_telegram.user()
        fake_telegram.send_text(user, "/start")
        assert (await fake_telegram.next_message(user, timeout=10)).text is not None
        async with aiohttp.ClientSession() as session, session.post(url, json={"update_id": 1}) as response:
            assert response.status == 403
    finally:
        log = await stop_bot_process(process)
    assert fake_telegram.calls("getUpdates") == []
    assert secret not in log and fake_telegram.token not in log
    assert user["first_name"] not in log and "/start" not in log  # python-telegram-bot's DEBUG dumps updates
    assert "DEBUG alembic" in log  # DEBUG was on
