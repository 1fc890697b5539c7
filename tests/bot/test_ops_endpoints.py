"""/healthz and /metrics after real activity, and webhook mode end to end through the fake Bot API."""

from __future__ import annotations

import re
import socket
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bot import metrics
from bot.app import build_application, webhook
from bot.broadcast import runtime
from bot.config import load_config
from bot.ops import health
from storage.models import utcnow
from storage.repos import chats, outbox, subscriptions
from tests.bot.conftest import StartBot, bot_env, eventually, said, write_config
from tests.bot.feedsite import FeedSite
from tests.telegram_fake import FakeTelegram

SECRET = "s3cret-token_for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def sample(text: str, name: str) -> float:
    """The value of one sample line (``name`` with its labels) in a Prometheus exposition."""
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    assert found is not None, f"{name} not in\n{text}"
    return float(found.group(1))


async def get(port: int, path: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}{path}") as response:
        return response.status, response.headers["Content-Type"], await response.text()


async def has_metric(port: int, name: str, at_least: float) -> bool:
    body = (await get(port, "/metrics"))[2]
    return (
        re.search(rf"^{re.escape(name)} ", body, re.MULTILINE) is not None and sample(body, name) >= at_least
    )


async def test_healthz_and_metrics_after_activity(start_bot: StartBot) -> None:
    port = free_port()
    before_ok = metrics.value("bot_summaries_total", outcome="ok")
    before_fetches = metrics.value("bot_fetch_seconds_count")
    before_sent = metrics.value("bot_deliveries_total", outcome="sent")
    before_retried = metrics.value("bot_deliveries_total", outcome="retried")
    before_429 = metrics.value("bot_telegram_429_total")
    async with start_bot(toml=f"[ops]\nport = {port}\n") as bot:
        user = bot.fake.user()
        bot.fake.send_text(user, "/start")
        await bot.reply(user)
        summary = await bot.summary_of(user, "/article/3")
        assert said(summary).startswith("Rénovation")
        bot.fake.send_text(user, bot.site.url("/missing"))
        await bot.reply(user)
        # A broadcast to three subscribers: one gets it, one meets Telegram's 429, one is held back.
        reader, throttled, held = bot.fake.user("Ana"), bot.fake.user("Bob"), bot.fake.user("Cléo")
        bot.fake.rate_limit(throttled, retry_after=30)
        async with bot.services.sessionmaker.begin() as session:
            for person in (reader, throttled, held):
                await chats.upsert_chat(session, person["id"], type="private")
                await subscriptions.subscribe(session, person["id"])
            payload = {"text": "<b>Annonce</b>", "markup": None, "channel_id": None}
            await outbox.enqueue_broadcast(session, kind="announcement", payload=payload)
            await outbox.delay_chat(session, held["id"], until=utcnow() + timedelta(hours=1))
        await bot.fake.next_message(reader)
        await bot.fake.wait_for_call("sendMessage", lambda call: call.params["chat_id"] == throttled["id"])
        await eventually(
            lambda: has_metric(port, 'bot_deliveries_total{outcome="retried"}', before_retried + 1)
        )

        status, kind, body = await get(port, "/metrics")
        assert status == 200 and kind.startswith("text/plain")
        assert "# TYPE bot_updates_total counter" in body
        assert sample(body, 'bot_updates_total{type="message"}') >= 3
        assert sample(body, 'bot_summaries_total{outcome="ok"}') == before_ok + 1
        assert sample(body, 'bot_summaries_total{outcome="http_404"}') >= 1
        assert sample(body, "bot_fetch_seconds_count") == before_fetches + 2
        assert sample(body, 'bot_fetch_seconds_bucket{le="+Inf"}') == before_fetches + 2
        assert sample(body, "bot_summary_seconds_count") >= 1
        assert sample(body, 'bot_deliveries_total{outcome="sent"}') >= before_sent + 1
        assert sample(body, "bot_telegram_429_total") >= before_429 + 1
        assert sample(body, "bot_outbox_depth") == 2  # read from the database at scrape time
        assert "# TYPE bot_feed_errors_total counter" in body

        status, kind, body = await get(port, "/healthz")
        assert status == 200 and kind.startswith("application/json")
        assert '"database": "ok"' in body and '"sender": "ok"' in body and '"status": "ok"' in body

        alive = True

        async def extra_check() -> bool:
            return alive

        health.add_check(bot.app, "extra", extra_check)
        status, _, body = await get(port, "/healthz")
        assert status == 200 and '"extra": "ok"' in body
        alive = False
        status, _, body = await get(port, "/healthz")
        assert status == 503 and '"extra": "failing"' in body and '"status": "failing"' in body

        health.remove_check(bot.app, "extra")
        assert (await get(port, "/healthz"))[0] == 200
        # The real sender dies: the container must be restarted.
        await runtime.broadcasting(bot.services).sender.stop()
        status, _, body = await get(port, "/healthz")
        assert status == 503 and '"sender": "stopped"' in body
    with pytest.raises(aiohttp.ClientConnectionError):
        await get(port, "/healthz")  # stopped with the bot


async def test_health_reports_an_unreachable_database(start_bot: StartBot, tmp_path: Path) -> None:
    port = free_port()
    files = [tmp_path / f"bot.sqlite3{suffix}" for suffix in ("", "-wal", "-shm")]
    async with start_bot(toml=f"[ops]\nport = {port}\n") as bot:
        await bot.services.database.engine.dispose()
        for path in files:  # open connections keep the moved files; new ones find garbage
            if path.exists():
                path.rename(path.with_name(path.name + ".moved"))
        files[0].write_bytes(b"this is not a database file at all" * 100)
        await eventually(lambda: unhealthy(port, '"database": "unavailable"'))
        files[0].unlink()
        for path in files:
            moved = path.with_name(path.name + ".moved")
            if moved.exists():
                moved.rename(path)
        await bot.services.database.engine.dispose()
        await eventually(lambda: healthy(port))


async def unhealthy(port: int, detail: str) -> bool:
    status, _, body = await get(port, "/healthz")
    return status == 503 and detail in body


async def healthy(port: int) -> bool:
    return (await get(port, "/healthz"))[0] == 200


async def test_ops_port_taken_stops_the_start(start_bot: StartBot) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError):
            async with start_bot(toml=f"[ops]\nport = {taken.getsockname()[1]}\n"):
                pass


async def test_webhook_mode_end_to_end(fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    toml = f'[telegram]\nmode = "webhook"\nwebhook_url = "{url}"\nport = {port}\n'
    env = bot_env(fake_telegram, tmp_path, TELEGRAM_WEBHOOK_SECRET=SECRET)
    config = load_config(write_config(tmp_path, toml), env)
    application = build_application(config)
    async with webhook(application, config.telegram.webhook):
        call = await fake_telegram.wait_for_call("setWebhook")
        assert call.params["url"] == url and call.params["secret_token"] == SECRET
        assert "callback_query" in str(call.params["allowed_updates"])
        user = fake_telegram.user()
        fake_telegram.send_text(user, "/start")
        assert said(await fake_telegram.next_message(user)).startswith("Bonjour")
        assert fake_telegram.calls("getUpdates") == []  # nothing polled: Telegram pushed
        assert fake_telegram.webhook.delivered  # the pusher POSTed it

        intruder = fake_telegram.user("Mallory")
        forged = {
            "update_id": 999_999,
            "message": {
                "message_id": 1, "date": 0, "chat": {"id": intruder["id"], "type": "private"},
                "from": intruder, "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }  # fmt: skip
        async with aiohttp.ClientSession() as session:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with session.post(url, json=forged, headers=headers) as response:
                    assert response.status == 403
            async with session.post(url.replace("/hook", "/other"), json=forged) as response:
                assert response.status == 404
        mark = fake_telegram.mark()
        fake_telegram.send_text(user, "/start")  # the bot is still fine after the intruder
        await fake_telegram.next_message(user)
        assert not [
            c for c in fake_telegram.calls("sendMessage", since=mark) if c.params["chat_id"] == intruder["id"]
        ]
        assert fake_telegram.messages(intruder) == []


def test_webhook_settings_are_validated(fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    def load(toml: str, **env: str) -> None:
        load_config(
            write_config(tmp_path, '[telegram]\nmode = "webhook"\n' + toml),
            bot_env(fake_telegram, tmp_path, **env),
        )

    with pytest.raises(Exception, match="TELEGRAM_WEBHOOK_SECRET"):
        load('webhook_url = "https://bot.example.org/hook"\n')
    with pytest.raises(Exception, match="TELEGRAM_WEBHOOK_SECRET must be"):
        load('webhook_url = "https://bot.example.org/hook"\n', TELEGRAM_WEBHOOK_SECRET="pas de blancs")
    with pytest.raises(Exception, match="https"):
        load('webhook_url = "http://bot.example.org/hook"\n', TELEGRAM_WEBHOOK_SECRET=SECRET)
    with pytest.raises(Exception, match="https"):
        load("", TELEGRAM_WEBHOOK_SECRET=SECRET)
    config = load_config(
        write_config(
            tmp_path,
            '[telegram]\nmode = "webhook"\nwebhook_url = "https://b.example/x/y"\nsecret_token = "abc"\n',
        ),
        bot_env(fake_telegram, tmp_path),
    )
    assert config.telegram.webhook.secret_token == "abc" and config.telegram.webhook.path == "x/y"
    assert "abc" not in repr(config)


async def test_feed_errors_are_counted(start_bot: StartBot) -> None:
    site = FeedSite(status=500)
    await site.start()
    port = free_port()
    before = metrics.value("bot_feed_errors_total")
    toml = f'[ops]\nport = {port}\n[feeds]\nurls = ["{site.url()}"]\ninterval_seconds = 0.2\n'
    try:
        async with start_bot(toml=toml):
            await eventually(lambda: has_metric(port, "bot_feed_errors_total", before + 1))
    finally:
        await site.stop()
    assert site.requests >= 1
