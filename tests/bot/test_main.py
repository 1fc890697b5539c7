"""``python -m bot`` as operators run it: readable start-up failures, clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.bot.conftest import said
from tests.telegram_fake import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"


def environment(tmp_path: Path, **values: str) -> dict[str, str]:
    config = tmp_path / "config.toml"
    if not config.exists():
        config.write_text("", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "BOT_CONFIG": str(config),
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.sqlite3",
        "PYTHONPATH": str(ROOT),
    }
    env.update(values)
    return {k: v for k, v in env.items() if v}


async def run_bot(env: dict[str, str], timeout: float = 30) -> tuple[int, str]:  # noqa: ASYNC109
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, cwd=str(ROOT),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


@pytest.mark.parametrize("token", ["", "not-a-token"])
async def test_missing_or_malformed_token(tmp_path: Path, token: str) -> None:
    code, stderr = await run_bot(environment(tmp_path, TELEGRAM_BOT_TOKEN=token))
    assert code == 2
    assert "TELEGRAM_BOT_TOKEN" in stderr and "@BotFather" in stderr
    assert "Traceback" not in stderr


async def test_token_refused_by_the_server(tmp_path: Path, fake_telegram: FakeTelegram) -> None:
    env = environment(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake_telegram.base_url)
    code, stderr = await run_bot(env)
    assert code == 2
    assert "refused the token" in stderr and "@BotFather" in stderr
    assert "Traceback" not in stderr and TOKEN not in stderr


async def test_config_error_names_the_setting(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[limits]\nsummaries_per_minute = -1\n", encoding="utf-8")
    code, stderr = await run_bot(environment(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN))
    assert code == 2
    assert "summaries_per_minute" in stderr and "Traceback" not in stderr


async def test_malformed_database_url(tmp_path: Path) -> None:
    code, stderr = await run_bot(
        environment(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, DATABASE_URL="mysql://x@y/z")
    )
    assert code == 2
    assert "DATABASE_URL" in stderr and "Traceback" not in stderr


@pytest.mark.parametrize(
    "url", ["postgresql://bot:secret@127.0.0.1:1/bot", "postgresql://bot@127.0.0.1:1/bot?password=secret"]
)
async def test_unreachable_database(tmp_path: Path, fake_telegram: FakeTelegram, url: str) -> None:
    env = environment(
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        DATABASE_URL=url,
    )
    code, stderr = await run_bot(env)
    assert code == 3
    assert "database" in stderr and "127.0.0.1:1" in stderr
    assert "Traceback" not in stderr and "secret" not in stderr


async def test_sigterm_stops_cleanly(tmp_path: Path, fake_telegram: FakeTelegram) -> None:
    env = environment(
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        TELEGRAM_API_FILE_URL=fake_telegram.file_url,
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, cwd=str(ROOT),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await fake_telegram.wait_for_polling(timeout=30)
        user = fake_telegram.user()
        fake_telegram.send_text(user, "/start")
        assert said(await fake_telegram.next_message(user, timeout=10)).startswith("Bonjour")
        assert fake_telegram.commands(language_code="fr")  # menus registered at start-up
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 10)
        elapsed = time.monotonic() - started
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, stderr.decode()
    assert elapsed < 5
    assert "Traceback" not in stderr.decode()
    assert fake_telegram.token not in stderr.decode()


async def test_unwritable_sqlite_file(tmp_path: Path, fake_telegram: FakeTelegram) -> None:
    env = environment(
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        DATABASE_URL="sqlite:////proc/no-such-dir/bot.sqlite3",
    )
    code, stderr = await run_bot(env)
    assert code == 3, stderr
    assert "database" in stderr and "Traceback" not in stderr
