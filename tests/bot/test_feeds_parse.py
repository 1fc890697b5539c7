"""Feed parsing on bytes (RSS, Atom, junk) and the [feeds] settings."""

from __future__ import annotations

import pytest

from bot.feeds.parse import NotAFeed, parse_feed
from bot.feeds.settings import FeedsSettings
from summarizer.settings import ConfigError

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Le site</title>
<item><title>Un  titre</title><link>/a/1</link><guid isPermaLink="false">g-1</guid></item>
<item><title>Sans guid</title><link>https://exemple.fr/a/2?utm_source=x</link></item>
<item><title>Rien</title></item>
<item><title>Courriel</title><link>mailto:a@b.fr</link></item>
</channel></rss>"""


def test_rss_items_with_guid_or_link() -> None:
    parsed = parse_feed(RSS, "https://exemple.fr/feed.xml")
    assert parsed.title == "Le site"
    assert [(e.guid is not None, e.url, e.title) for e in parsed.entries] == [
        (True, "https://exemple.fr/a/1", "Un titre"),
        (False, "https://exemple.fr/a/2?utm_source=x", "Sans guid"),
    ]


def test_junk_is_not_a_feed_and_never_read_as_a_path() -> None:
    for body in (b"/etc/passwd", b"<html><body>Bonjour</body></html>", b""):
        with pytest.raises(NotAFeed):
            parse_feed(body, "https://exemple.fr/feed.xml")


@pytest.mark.parametrize(
    "data",
    [
        {"urls": "https://exemple.fr/feed"},
        {"urls": ["ftp://exemple.fr/feed"]},
        {"interval_seconds": 0},
        {"auto_publish": "yes"},
        {"max_new_items": 0},
        {"intervalle": 3},
    ],
)
def test_bad_feeds_settings_name_the_section(data: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match=r"\[feeds\]"):
        FeedsSettings.from_mapping(data)


def test_feeds_settings_keep_order_without_repeats() -> None:
    settings = FeedsSettings.from_mapping({"urls": ["https://a.fr/f", " https://b.fr/f", "https://a.fr/f"]})
    assert settings.urls == ("https://a.fr/f", "https://b.fr/f")
