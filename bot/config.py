"""The application's one config object, loaded once from config.toml and the environment.

Every section is a frozen dataclass validated at start-up; a wrong value stops the bot with a
:class:`ConfigError` that names the setting. The engine's sections reuse their own ``from_mapping``;
the bot adds ``[telegram]``, ``[bot]`` and ``[limits]``. Secrets (the token) come from the
environment only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal
from urllib.parse import urlsplit

from bot.admin.settings import AdminSettings
from bot.broadcast.settings import BroadcastSettings
from bot.feeds.settings import FeedsSettings
from bot.ops.settings import LoggingSettings, OpsSettings
from bot.replicas.settings import ReplicaSettings
from bot.sending.settings import SendingSettings
from bot.volunteers.settings import VolunteerSettings
from storage.errors import DatabaseConfigError, InvalidDatabaseURL
from storage.settings import DatabaseSettings
from summarizer.settings import ConfigError, FetchSettings, SummarizerSettings, read_toml

__all__ = [
    "BotSettings",
    "Config",
    "ConfigError",
    "LimitsSettings",
    "TelegramSettings",
    "WebhookSettings",
    "load_config",
]

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_API_FILE_URL = "https://api.telegram.org/file/bot"
# "<bot id>:<secret>" as @BotFather hands it out; the secret is 35 characters today.
TOKEN_PATTERN = re.compile(r"^[0-9]{5,16}:[A-Za-z0-9_-]{30,64}$")
# Telegram's rule for setWebhook's secret_token.
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CHANNEL_PATTERN = re.compile(r"^(@[A-Za-z][A-Za-z0-9_]{3,31}|-100[0-9]{5,16})$")


class TokenError(ConfigError):
    """TELEGRAM_BOT_TOKEN is missing or malformed (the entry point explains how to get one)."""


def _check_keys(section: str, data: Mapping[str, Any], known: set[str]) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"[{section}] unknown setting(s): {', '.join(unknown)}")


def _section(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"[{name}] must be a table")
    return value


def _int(section: str, name: str, value: Any, *, minimum: int = 1, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"[{section}] {name} must be an integer >= {minimum}, got {value!r}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"[{section}] {name} must be at most {maximum}, got {value!r}")
    return value


def _http_url(name: str, value: Any) -> str:
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+", value):
        raise ConfigError(f"{name} must be an http(s) URL, got {value!r}")
    return value.rstrip("/")


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    """Webhook mode: where Telegram posts updates, and the secret it must send with each."""

    url: str = ""  # public HTTPS URL Telegram calls (its path is where the bot listens)
    listen: str = "127.0.0.1"
    port: int = 8443
    secret_token: str = field(default="", repr=False)  # TELEGRAM_WEBHOOK_SECRET or [telegram] secret_token

    @property
    def path(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


@dataclass(frozen=True, slots=True)
class TelegramSettings:
    token: str = field(repr=False)  # never logged
    api_base_url: str = DEFAULT_API_BASE_URL
    api_file_url: str = DEFAULT_API_FILE_URL
    mode: Literal["polling", "webhook"] = "polling"
    poll_timeout: int = 10  # seconds a getUpdates call waits for news
    webhook: WebhookSettings = field(default_factory=WebhookSettings)


@dataclass(frozen=True, slots=True)
class BotSettings:
    admin_ids: frozenset[int] = frozenset()
    channel_id: str | None = None  # "@name" or "-100…"; None when the site has no channel
    admin_chat_id: int | None = None  # a group of the team for alerts and reviews; None: owners privately


@dataclass(frozen=True, slots=True)
class LimitsSettings:
    summaries_per_minute: int = 10  # per user; polite refusal beyond
    max_concurrent_summaries: int = 4  # summaries being computed at once, all users together
    cache_hours: int = 24  # an article asked again within this time is answered from storage
    min_text_chars: int = 400  # a replied-to text shorter than this is not worth summarizing
    max_text_chars: int = 20_000  # pasted texts are cut to this length
    summary_workers: int = 0  # processes computing summaries (about one per core); 0: a thread of the bot


@dataclass(frozen=True, slots=True)
class Config:
    telegram: TelegramSettings
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    bot: BotSettings = field(default_factory=BotSettings)
    limits: LimitsSettings = field(default_factory=LimitsSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    summarizer: SummarizerSettings = field(default_factory=SummarizerSettings)
    sending: SendingSettings = field(default_factory=SendingSettings)
    broadcast: BroadcastSettings = field(default_factory=BroadcastSettings)
    feeds: FeedsSettings = field(default_factory=FeedsSettings)
    admin: AdminSettings = field(default_factory=AdminSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    ops: OpsSettings = field(default_factory=OpsSettings)
    volunteers: VolunteerSettings = field(default_factory=VolunteerSettings)
    replicas: ReplicaSettings = field(default_factory=ReplicaSettings)


def parse_token(value: str | None) -> str:
    token = (value or "").strip()
    if not token:
        raise TokenError("TELEGRAM_BOT_TOKEN is not set")
    if not TOKEN_PATTERN.match(token):
        raise TokenError("TELEGRAM_BOT_TOKEN is malformed (expected <digits>:<35 letters, digits, - or _>)")
    return token


def _telegram(data: Mapping[str, Any], env: Mapping[str, str]) -> TelegramSettings:
    known = {
        "api_base_url",
        "api_file_url",
        "mode",
        "poll_timeout",
        "webhook_url",
        "listen",
        "port",
        "secret_token",
    }
    _check_keys("telegram", data, known)
    token = parse_token(env.get("TELEGRAM_BOT_TOKEN"))
    base = _http_url(
        "TELEGRAM_API_BASE_URL",
        env.get("TELEGRAM_API_BASE_URL") or data.get("api_base_url", DEFAULT_API_BASE_URL),
    )
    file_default = base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else DEFAULT_API_FILE_URL
    file_url = _http_url(
        "TELEGRAM_API_FILE_URL", env.get("TELEGRAM_API_FILE_URL") or data.get("api_file_url", file_default)
    )
    mode = data.get("mode", "polling")
    if mode not in ("polling", "webhook"):
        raise ConfigError(f'[telegram] mode must be "polling" or "webhook", got {mode!r}')
    webhook = _webhook(data, env, mode == "webhook")
    return TelegramSettings(
        token=token,
        api_base_url=base,
        api_file_url=file_url,
        mode=mode,
        poll_timeout=_int("telegram", "poll_timeout", data.get("poll_timeout", 10), minimum=0, maximum=50),
        webhook=webhook,
    )


def _webhook(data: Mapping[str, Any], env: Mapping[str, str], active: bool) -> WebhookSettings:
    secret = env.get("TELEGRAM_WEBHOOK_SECRET") or data.get("secret_token", "")
    webhook = WebhookSettings(
        url=str(data.get("webhook_url", "")),
        listen=str(data.get("listen", "127.0.0.1")),
        port=_int("telegram", "port", data.get("port", 8443), maximum=65535),
        secret_token=secret if isinstance(secret, str) else "",
    )
    if not active:
        return webhook
    parts = urlsplit(webhook.url)
    # Telegram only calls https URLs; plain http is accepted on the loopback for local tests.
    if not parts.hostname or not (
        parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)
    ):
        raise ConfigError("[telegram] webhook_url must be an https:// URL in webhook mode")
    if not webhook.secret_token:
        raise ConfigError("TELEGRAM_WEBHOOK_SECRET (or [telegram] secret_token) is required in webhook mode")
    if not SECRET_PATTERN.match(webhook.secret_token):
        raise ConfigError("TELEGRAM_WEBHOOK_SECRET must be 1 to 256 characters among A-Z, a-z, 0-9, _ and -")
    return webhook


def _admin_ids(raw: Any) -> frozenset[int]:
    items: list[Any]
    if isinstance(raw, str):
        items = [part.strip() for part in raw.split(",") if part.strip()]
    elif isinstance(raw, list):
        items = raw
    else:
        raise ConfigError(f"ADMIN_IDS must be a list of Telegram user ids, got {raw!r}")
    ids: set[int] = set()
    for item in items:
        try:
            value = int(item) if not isinstance(item, bool) else -1
        except (TypeError, ValueError):
            raise ConfigError(f"ADMIN_IDS: {item!r} is not a Telegram user id") from None
        if value <= 0:
            raise ConfigError(f"ADMIN_IDS: {item!r} is not a Telegram user id")
        ids.add(value)
    return frozenset(ids)


def _bot(data: Mapping[str, Any], env: Mapping[str, str]) -> BotSettings:
    _check_keys("bot", data, {f.name for f in fields(BotSettings)})
    admins = _admin_ids(env["ADMIN_IDS"] if "ADMIN_IDS" in env else data.get("admin_ids", []))
    channel = (env["CHANNEL_ID"] if "CHANNEL_ID" in env else data.get("channel_id", "")) or None
    if channel is not None and (not isinstance(channel, str) or not CHANNEL_PATTERN.match(channel.strip())):
        raise ConfigError(f"CHANNEL_ID must be @channelname or -100…, got {channel!r}")
    admin_chat = env["ADMIN_CHAT_ID"] if "ADMIN_CHAT_ID" in env else data.get("admin_chat_id", 0)
    try:
        admin_chat_id = int(admin_chat or 0) or None
    except (TypeError, ValueError):
        raise ConfigError(f"ADMIN_CHAT_ID must be a Telegram chat id, got {admin_chat!r}") from None
    return BotSettings(
        admin_ids=admins, channel_id=channel.strip() if channel else None, admin_chat_id=admin_chat_id
    )


def _limits(data: Mapping[str, Any]) -> LimitsSettings:
    _check_keys("limits", data, {f.name for f in fields(LimitsSettings)})
    values = {
        name: _int("limits", name, value, minimum=0 if name == "summary_workers" else 1, maximum=None)
        for name, value in data.items()
    }
    if values.get("summary_workers", 0) > 64:
        raise ConfigError(f"[limits] summary_workers must be at most 64, got {values['summary_workers']!r}")
    limits = LimitsSettings(**values)
    if limits.min_text_chars >= limits.max_text_chars:
        raise ConfigError("[limits] min_text_chars must be smaller than max_text_chars")
    return limits


def _database(data: Mapping[str, Any], env: Mapping[str, str]) -> DatabaseSettings:
    try:
        return DatabaseSettings.from_mapping(data, env)
    except InvalidDatabaseURL as exc:
        name = "DATABASE_URL" if env.get("DATABASE_URL", "").strip() else "[database] url"
        raise ConfigError(f"{name}: {exc}") from None
    except DatabaseConfigError as exc:
        raise ConfigError(str(exc)) from None


def load_config(path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Read ``path`` (else ``BOT_CONFIG``, else ./config.toml) and the environment; validate everything."""
    environ = os.environ if env is None else env
    if path is None and environ.get("BOT_CONFIG"):
        path = environ["BOT_CONFIG"]
    data = read_toml(path)
    unknown = sorted(set(data) - {f.name for f in fields(Config)})
    if unknown:
        raise ConfigError(f"unknown section(s) in the config file: {', '.join(unknown)}")
    return Config(
        telegram=_telegram(_section(data, "telegram"), environ),
        database=_database(_section(data, "database"), environ),
        bot=_bot(_section(data, "bot"), environ),
        limits=_limits(_section(data, "limits")),
        fetch=FetchSettings.from_mapping(_section(data, "fetch"), environ),
        summarizer=SummarizerSettings.from_mapping(_section(data, "summarizer")),
        sending=SendingSettings.from_mapping(_section(data, "sending")),
        broadcast=BroadcastSettings.from_mapping(_section(data, "broadcast")),
        feeds=FeedsSettings.from_mapping(_section(data, "feeds")),
        admin=AdminSettings.from_mapping(_section(data, "admin")),
        logging=LoggingSettings.from_mapping(_section(data, "logging"), environ),
        ops=OpsSettings.from_mapping(_section(data, "ops")),
        volunteers=VolunteerSettings.from_mapping(_section(data, "volunteers")),
        replicas=ReplicaSettings.from_mapping(_section(data, "replicas")),
    )
