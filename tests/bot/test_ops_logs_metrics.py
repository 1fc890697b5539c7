"""Logging set-up (text and JSON, secrets masked) and the metrics registry's text format."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config
from bot.metrics import Counter, Gauge, Histogram, Registry
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


def test_metrics_text_format() -> None:
    registry = Registry()
    updates = registry.add(Counter("t_updates_total", "Updates by type.", ["type"]))
    depth = registry.add(Gauge("t_depth", 'Depth "now".'))
    seconds = registry.add(Histogram("t_seconds", "Time.", buckets=(0.1, 1.0)))
    updates.inc(type="message")
    updates.inc(2, type="message")
    updates.inc(type='call"back\n')
    depth.set(7)
    for value in (0.05, 0.5, 3.0):
        seconds.observe(value)
    with seconds.time():
        pass
    text = registry.render()
    assert "# HELP t_updates_total Updates by type.\n# TYPE t_updates_total counter\n" in text
    assert 't_updates_total{type="message"} 3\n' in text
    assert 't_updates_total{type="call\\"back\\n"} 1\n' in text
    assert '# HELP t_depth Depth \\"now\\".\n# TYPE t_depth gauge\nt_depth 7\n' in text
    assert 't_seconds_bucket{le="0.1"} 2\nt_seconds_bucket{le="1"} 3\nt_seconds_bucket{le="+Inf"} 4\n' in text
    assert "t_seconds_count 4\n" in text and "t_seconds_sum 3.55" in text
    assert updates.value(type="message") == 3 and seconds.count() == 4
    with pytest.raises(ValueError, match="labels"):
        updates.inc(kind="message")
    with pytest.raises(ValueError, match="only goes up"):
        updates.inc(-1, type="message")
    with pytest.raises(ValueError, match="twice"):
        registry.add(Gauge("t_depth", "again"))
