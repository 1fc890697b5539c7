from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.errors import DatabaseConfigError, InvalidDatabaseURL, InvalidValue
from storage.settings import DEFAULT_URL, DatabaseSettings, normalize_database_url, safe_url
from storage.urls import canonical_url, is_tracking_parameter, site_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://u:p@db:5432/bot", "postgresql+asyncpg://u:p@db:5432/bot"),
        ("postgresql://u@db/bot", "postgresql+asyncpg://u@db/bot"),
        ("postgresql+psycopg2://u@db/bot", "postgresql+asyncpg://u@db/bot"),
        ("postgresql+asyncpg://u@db/bot", "postgresql+asyncpg://u@db/bot"),
        ("postgres://u@db/bot?sslmode=require", "postgresql+asyncpg://u@db/bot?ssl=require"),
        ("sqlite:///data/bot.sqlite3", "sqlite+aiosqlite:///data/bot.sqlite3"),
        ("sqlite:////var/lib/bot/bot.db", "sqlite+aiosqlite:////var/lib/bot/bot.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("data/bot.sqlite3", "sqlite+aiosqlite:///data/bot.sqlite3"),
        ("/srv/bot.db", "sqlite+aiosqlite:////srv/bot.db"),
        ("  postgres://u@db/bot  ", "postgresql+asyncpg://u@db/bot"),
    ],
)
def test_database_url_forms_are_normalised(raw, expected):
    assert normalize_database_url(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty"),
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("sqlite://", "in-memory"),
        ("sqlite:///:memory:", "in-memory"),
        ("postgres://u@h/db?sslmode=sometimes", "sslmode"),
        ("://nothing", "not a valid database URL"),
    ],
)
def test_broken_database_urls_give_clear_errors(raw, message):
    with pytest.raises(InvalidDatabaseURL, match=message):
        normalize_database_url(raw)


def test_passwords_never_appear_in_messages():
    with pytest.raises(InvalidDatabaseURL) as info:
        normalize_database_url("mysql://user:s3cret@h/db")
    assert "s3cret" not in str(info.value)
    assert "s3cret" not in safe_url("postgresql+asyncpg://user:s3cret@h/db")


def test_shipped_config_loads_and_matches_defaults():
    loaded = DatabaseSettings.load(ROOT / "config.toml", env={})
    assert loaded == DatabaseSettings() and loaded.url == DEFAULT_URL and loaded.is_sqlite


def test_database_url_environment_variable_wins():
    loaded = DatabaseSettings.from_mapping(
        {"url": "sqlite:///a.db"}, env={"DATABASE_URL": "postgres://u@h/d"}
    )
    assert loaded.url == "postgresql+asyncpg://u@h/d" and not loaded.is_sqlite
    blank = DatabaseSettings.from_mapping({"url": "sqlite:///a.db"}, env={"DATABASE_URL": " "})
    assert blank.url == "sqlite+aiosqlite:///a.db"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pool_sise": 3}, "unknown setting"),
        ({"echo": "yes"}, "echo"),
        ({"pool_size": 0}, "pool_size"),
        ({"pool_size": True}, "pool_size"),
        ({"busy_timeout": -1}, "busy_timeout"),
        ({"url": 5}, "url"),
        ({"schema": "Robert'); DROP"}, "schema"),
        ({"schema": "bot"}, "only applies to PostgreSQL"),
    ],
)
def test_bad_settings_are_refused(data, message):
    with pytest.raises(DatabaseConfigError, match=message):
        DatabaseSettings.from_mapping(data, env={})


def test_config_file_problems(tmp_path):
    with pytest.raises(DatabaseConfigError, match="not found"):
        DatabaseSettings.load(tmp_path / "missing.toml", env={})
    broken = tmp_path / "broken.toml"
    broken.write_text("[database\nurl=", encoding="utf-8")
    with pytest.raises(DatabaseConfigError, match="invalid TOML"):
        DatabaseSettings.load(broken, env={})
    good = tmp_path / "good.toml"
    good.write_text('[database]\nurl = "postgres://u@h/db"\nschema = "bot"\n', encoding="utf-8")
    assert DatabaseSettings.load(good, env={}).schema == "bot"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://WWW.Exemple.FR/Actu/Un-Article?utm_source=x&utm_medium=y#top",
            "https://www.exemple.fr/Actu/Un-Article",
        ),
        ("http://exemple.fr:80/a?b=1&fbclid=2&c=3", "http://exemple.fr/a?b=1&c=3"),
        ("https://exemple.fr:443", "https://exemple.fr/"),
        ("https://exemple.fr:8443/a", "https://exemple.fr:8443/a"),
        (
            "https://exemple.fr/a?xtor=RSS-1&gclid=z&at_medium=m&id=%C3%A9t%C3%A9",
            "https://exemple.fr/a?id=%C3%A9t%C3%A9",
        ),
        ("https://user:pw@exemple.fr/a", "https://exemple.fr/a"),
        ("https://exemple.fr./a", "https://exemple.fr/a"),
        ("https://éxemple.fr/a", "https://xn--xemple-9ua.fr/a"),
        ("https://[::1]:8080/a", "https://[::1]:8080/a"),
        ("https://exemple.fr/a?q=&flag", "https://exemple.fr/a?q=&flag"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url", ["ftp://exemple.fr/a", "exemple.fr/a", "https://", "javascript:alert(1)", "http://[::1"]
)
def test_canonical_url_refuses_what_is_not_a_web_address(url):
    with pytest.raises(InvalidValue):
        canonical_url(url)


def test_tracking_parameters_and_sites():
    assert is_tracking_parameter("UTM_Campaign") and is_tracking_parameter("fbclid")
    assert not is_tracking_parameter("id") and not is_tracking_parameter("page")
    assert site_of("https://www.lemonde.fr/a") == "lemonde.fr"


_hosts = st.from_regex(r"[a-zA-Z][a-zA-Z0-9-]{0,10}\.(fr|com|org)", fullmatch=True)
_segments = st.lists(st.from_regex(r"[a-zA-Z0-9._~-]{1,8}", fullmatch=True), max_size=3)
_params = st.lists(
    st.tuples(
        st.sampled_from(["id", "page", "utm_source", "fbclid", "q", "gclid"]),
        st.from_regex(r"[a-z0-9]{0,5}", fullmatch=True),
    ),
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(host=_hosts, path=_segments, params=_params, fragment=st.booleans())
def test_canonical_url_is_idempotent_and_drops_tracking(host, path, params, fragment):
    query = "&".join(f"{k}={v}" for k, v in params)
    url = f"https://{host}/{'/'.join(path)}" + (f"?{query}" if query else "") + ("#frag" if fragment else "")
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "#" not in once and host.lower() in once
    assert not any(f"{name}=" in once for name in ("utm_source", "fbclid", "gclid"))
    kept = [f"{k}={v}" for k, v in params if k in ("id", "page", "q")]
    assert once.endswith("?" + "&".join(kept)) if kept else "?" not in once


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+asyncpg://u@h/db?password=s3cret", "postgresql+asyncpg://u@h/db?password=***"),
        ("postgresql+asyncpg://u:s3cret@h/db?ssl=require", "postgresql+asyncpg://u:***@h/db?ssl=***"),
        ("sqlite+aiosqlite:///data/bot.sqlite3", "sqlite+aiosqlite:///data/bot.sqlite3"),
    ],
)
def test_query_values_are_masked_like_passwords(url, shown):
    assert safe_url(url) == shown
    assert safe_url(normalize_database_url(url)) == shown
