"""Logging set-up (text and JSON, secrets masked) and the metrics registry's text format."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import metrics
from bot.config import ConfigError, load_config
from bot.ops.logs import MASK, configure_logging
from bot.ops.settings import LoggingSettings, OpsSettings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
OTHER_TOKEN = "987654321:ZZZdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9"
SECRET = "webhook-secret-0123456789"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quiet = {
        name: logging.getLogger(name).level
        for name in ("httpx", "httpcore", "apscheduler", "telegram", "tornado")
    }
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)
    logging.captureWarnings(False)


def emit_everything(log: logging.Logger) -> None:
    log.info("HTTP Request: POST https://api.telegram.org/bot%s/sendMessage", TOKEN)
    log.warning("webhook secret is %s, other bot %s", SECRET, OTHER_TOKEN)
    try:
        raise RuntimeError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getMe")
    except RuntimeError:
        log.exception("start-up failed")


@pytest.mark.usefixtures("restore_logging")
def test_text_logs_mask_tokens_everywhere() -> None:
    stream = io.StringIO()
    configure_logging(LoggingSettings(), secrets=[TOKEN, SECRET], stream=stream)
    emit_everything(logging.getLogger("bot.test"))
    logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot%s/getUpdates", TOKEN)
    logging.getLogger("bot.test").debug("not shown at INFO")
    out = stream.getvalue()
    assert TOKEN not in out and SECRET not in out and OTHER_TOKEN not in out
    assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0" not in out  # not even the secret half
    assert f"/bot{MASK}/sendMessage" in out and f"/bot{MASK}/getMe" in out  # the traceback too
    assert "INFO bot.test: HTTP Request" in out and "Traceback" in out
    assert "getUpdates" not in out  # httpx's INFO lines are silenced
    assert "not shown" not in out


@pytest.mark.usefixtures("restore_logging")
def test_json_lines() -> None:
    stream = io.StringIO()
    configure_logging(LoggingSettings(format="json", level="DEBUG"), secrets=[TOKEN], stream=stream)
    log = logging.getLogger("bot.json")
    emit_everything(log)
    log.debug("réglage %d", 3, extra={"chat_kind": "private", "duration": 1.5})
    logging.getLogger("telegram.ext.Application").debug("Processing update Update(first_name='Camille')")
    lines = stream.getvalue().splitlines()
    entries = [json.loads(line) for line in lines]
    assert len(entries) == 4  # python-telegram-bot's DEBUG dump of the update (personal data) is not there
    assert {"time", "level", "logger", "message"} <= set(entries[0])
    assert entries[0]["level"] == "INFO" and entries[0]["logger"] == "bot.json"
    assert entries[0]["time"].endswith("+00:00")
    assert TOKEN not in stream.getvalue()
    assert "exception" in entries[2] and MASK in entries[2]["exception"]
    assert entries[3]["message"] == "réglage 3"
    assert entries[3]["chat_kind"] == "private" and entries[3]["duration"] == 1.5


def test_logging_and_ops_settings(tmp_path: Path) -> None:
    assert LoggingSettings.from_mapping({}, {}) == LoggingSettings("text", "INFO")
    assert LoggingSettings.from_mapping({"format": "json", "level": "debug"}, {}).level == "DEBUG"
    assert LoggingSettings.from_mapping({"format": "json"}, {"LOG_FORMAT": "text"}).format == "text"
    assert LoggingSettings.from_mapping({}, {"LOG_LEVEL": "warning"}).level_number == logging.WARNING
    with pytest.raises(ConfigError, match=r"\[logging\] format"):
        LoggingSettings.from_mapping({"format": "xml"}, {})
    with pytest.raises(ConfigError, match="LOG_LEVEL"):
        LoggingSettings.from_mapping({}, {"LOG_LEVEL": "LOUD"})
    with pytest.raises(ConfigError, match=r"\[logging\] unknown"):
        LoggingSettings.from_mapping({"colour": True}, {})
    assert not OpsSettings().enabled and OpsSettings(port=8080).enabled
    for bad in (-1, 70000, "8080", True):
        with pytest.raises(ConfigError, match=r"\[ops\] port"):
            OpsSettings.from_mapping({"port": bad})
    with pytest.raises(ConfigError, match=r"\[ops\] listen"):
        OpsSettings.from_mapping({"listen": ""})
    path = tmp_path / "config.toml"
    path.write_text('[logging]\nformat = "json"\n[ops]\nport = 9100\nlisten = "0.0.0.0"\n', encoding="utf-8")
    config = load_config(path, {"TELEGRAM_BOT_TOKEN": TOKEN})
    assert config.logging.format == "json" and config.ops == OpsSettings("0.0.0.0", 9100)


def test_metrics_keep_their_names_and_format() -> None:
    before = metrics.value("bot_updates_total", type="t_message")
    metrics.update_received("t_message")
    metrics.update_received("t_message")
    metrics.delivery_finished("sent", 0)  # nothing recorded for an empty batch
    with metrics.SUMMARY_SECONDS.time():
        pass
    text = metrics.render().decode()
    assert metrics.value("bot_updates_total", type="t_message") == before + 2
    assert "# TYPE bot_updates_total counter\n" in text
    assert f'bot_updates_total{{type="t_message"}} {before + 2}\n' in text
    for name in (
        "bot_summaries_total",
        "bot_deliveries_total",
        "bot_telegram_429_total",
        "bot_feed_errors_total",
    ):
        assert f"# TYPE {name} counter\n" in text
    for name in ("bot_fetch_seconds", "bot_summary_seconds"):
        assert f"# TYPE {name} histogram\n" in text and f'{name}_bucket{{le="+Inf"}}' in text
    assert "# TYPE bot_outbox_depth gauge" in text and "bot_start_time_seconds " in text
    assert "_created" not in text
    assert metrics.value("bot_summary_seconds_count") >= 1
    assert metrics.CONTENT_TYPE.startswith("text/plain")
