"""bot.config: one typed config from config.toml and the environment, with errors that name the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_API_FILE_URL, ConfigError, TokenError, load_config

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
REPO_CONFIG = Path(__file__).resolve().parents[2] / "config.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_repository_config_loads_with_defaults() -> None:
    config = load_config(REPO_CONFIG, {"TELEGRAM_BOT_TOKEN": TOKEN})
    assert config.telegram.token == TOKEN
    assert config.telegram.mode == "polling"
    assert config.telegram.api_file_url == DEFAULT_API_FILE_URL
    assert config.limits.summaries_per_minute == 10
    assert config.limits.summary_workers == 0 and config.replicas.shared_state == "auto"
    assert config.bot.admin_ids == frozenset()
    assert config.bot.channel_id is None
    assert config.fetch.allow_private_networks is False
    assert TOKEN not in repr(config)


def test_environment_overrides_file(tmp_path: Path) -> None:
    path = write(
        tmp_path, '[bot]\nadmin_ids = [1]\nchannel_id = "@ancien"\n[limits]\nsummaries_per_minute = 3\n'
    )
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        "ADMIN_IDS": " 42, 7 ,",
        "CHANNEL_ID": "-1001234567890",
        "FETCH_ALLOW_PRIVATE_NETWORKS": "1",
    }
    config = load_config(path, env)
    assert config.telegram.api_base_url == "http://127.0.0.1:8081/bot"
    # The file URL follows a custom Bot API server unless given explicitly.
    assert config.telegram.api_file_url == "http://127.0.0.1:8081/file/bot"
    assert config.bot.admin_ids == frozenset({42, 7})
    assert config.bot.channel_id == "-1001234567890"
    assert config.limits.summaries_per_minute == 3
    assert config.fetch.allow_private_networks is True


def test_bot_config_variable_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[limits]\ncache_hours = 2\n")
    config = load_config(env={"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_CONFIG": str(path)})
    assert config.limits.cache_hours == 2


@pytest.mark.parametrize(
    "token", [None, "", "   ", "abc", "123:short", "12345678:has spaces in it not allowed!!!!"]
)
def test_missing_or_malformed_token(tmp_path: Path, token: str | None) -> None:
    env = {} if token is None else {"TELEGRAM_BOT_TOKEN": token}
    with pytest.raises(TokenError, match="TELEGRAM_BOT_TOKEN"):
        load_config(write(tmp_path, ""), env)


@pytest.mark.parametrize(
    ("text", "env", "named"),
    [
        ("[telegram]\nmode = 'carrier-pigeon'\n", {}, "mode"),
        ("[telegram]\nmode = 'webhook'\n", {}, "webhook_url"),
        ("[telegram]\npoll_timeout = 99\n", {}, "poll_timeout"),
        ("[telegram]\ntoken = 'x'\n", {}, "token"),
        ("[limits]\nsummaries_per_minute = 0\n", {}, "summaries_per_minute"),
        ("[limits]\nmax_concurrent_summaries = true\n", {}, "max_concurrent_summaries"),
        ("[limits]\nmin_text_chars = 500\nmax_text_chars = 100\n", {}, "min_text_chars"),
        ("[limits]\nquota = 3\n", {}, "quota"),
        ("[limits]\nsummary_workers = -1\n", {}, "summary_workers"),
        ("[limits]\nsummary_workers = 65\n", {}, "summary_workers"),
        ('[replicas]\nshared_state = "redis"\n', {}, "shared_state"),
        ("[bot]\nadmin_ids = ['abc']\n", {}, "ADMIN_IDS"),
        ("", {"ADMIN_IDS": "12,x"}, "ADMIN_IDS"),
        ("", {"ADMIN_IDS": "-5"}, "ADMIN_IDS"),
        ("", {"CHANNEL_ID": "mychannel"}, "CHANNEL_ID"),
        ("", {"CHANNEL_ID": "-12345"}, "CHANNEL_ID"),
        ("", {"TELEGRAM_API_BASE_URL": "ftp://x/bot"}, "TELEGRAM_API_BASE_URL"),
        ("[summarizer]\nsentences = 0\n", {}, "sentences"),
        ("[fetch]\nallow_private_networks = true\n", {}, "allow_private_networks"),
        ("[telegarm]\nmode = 'polling'\n", {}, "telegarm"),
        ("[limits\n", {}, "invalid TOML"),
    ],
)
def test_bad_settings_are_named(tmp_path: Path, text: str, env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_config(write(tmp_path, text), {"TELEGRAM_BOT_TOKEN": TOKEN, **env})


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "absent.toml", {"TELEGRAM_BOT_TOKEN": TOKEN})


def test_database_url_from_environment(tmp_path: Path) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}
    config = load_config(write(tmp_path, ""), env)
    assert config.database.url == f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3"


@pytest.mark.parametrize(
    ("text", "env", "named"),
    [
        ("", {"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
        ("", {"DATABASE_URL": "sqlite:///:memory:"}, "DATABASE_URL"),
        ("[database]\nurl = 'oracle://x'\n", {}, r"\[database\] url"),
        ("[database]\npool_size = 0\n", {}, "pool_size"),
    ],
)
def test_bad_database_settings_are_named(tmp_path: Path, text: str, env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_config(write(tmp_path, text), {"TELEGRAM_BOT_TOKEN": TOKEN, **env})
