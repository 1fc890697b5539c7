from pathlib import Path

import pytest

from summarizer.settings import ConfigError, FetchSettings, SummarizerSettings, load_engine_settings

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_config_loads_and_matches_defaults() -> None:
    fetch, summ = load_engine_settings(ROOT / "config.toml", env={})
    assert fetch == FetchSettings()
    assert summ == SummarizerSettings()


def test_private_networks_only_from_environment() -> None:
    on = FetchSettings.from_mapping({}, env={"FETCH_ALLOW_PRIVATE_NETWORKS": "1"})
    off = FetchSettings.from_mapping({}, env={"FETCH_ALLOW_PRIVATE_NETWORKS": "0"})
    assert on.allow_private_networks
    assert not off.allow_private_networks
    with pytest.raises(ConfigError, match="FETCH_ALLOW_PRIVATE_NETWORKS"):
        FetchSettings.from_mapping({"allow_private_networks": True}, env={})


@pytest.mark.parametrize(
    ("section", "data", "message"),
    [
        ("fetch", {"max_bytes": -1}, "max_bytes"),
        ("fetch", {"max_redirects": 50}, "max_redirects"),
        ("fetch", {"allowed_content_types": "text/html"}, "allowed_content_types"),
        ("fetch", {"timeout": 3}, "unknown"),
        ("summarizer", {"sentences": 0}, "sentences"),
        ("summarizer", {"sentences": 9, "max_sentences": 7}, "max_sentences"),
        ("summarizer", {"max_sentences": 12}, "at most 10"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(
    section: str, data: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        if section == "fetch":
            FetchSettings.from_mapping(data, env={})
        else:
            SummarizerSettings.from_mapping(data)


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_engine_settings(tmp_path / "nope.toml", env={})


def test_invalid_toml_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[fetch\nmax_bytes = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_engine_settings(bad, env={})
