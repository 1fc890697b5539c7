"""summarizer.fetch.loggable_url: the one form in which a user's URL may be logged."""

from __future__ import annotations

import pytest
from yarl import URL

from summarizer.fetch import loggable_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://exemple.fr/a.html", "https://exemple.fr/a.html"),
        ("http://lecteur:motdepasse@exemple.fr/a.html", "http://***@exemple.fr/a.html"),
        ("http://jeton@exemple.fr/", "http://***@exemple.fr/"),
        ("https://exemple.fr/a?token=abc&utm_source=x", "https://exemple.fr/a?token=***&utm_source=***"),
        ("https://exemple.fr/a?abc123&&b=", "https://exemple.fr/a?***&b=***"),
        ("https://exemple.fr/a#clé", "https://exemple.fr/a"),
        ("https://exemple.fr/a@b?c=d", "https://exemple.fr/a@b?c=***"),  # "@" in the path is not a user
        ("exemple.fr/a?code=1", "exemple.fr/a?code=***"),  # what a user typed, before normalization
        ("https://[::1/a?x=1", "https://[::1/a?x=***"),  # does not even parse
        (URL("http://u:p@exemple.fr/p?q=r"), "http://***@exemple.fr/p?q=***"),
    ],
)
def test_credentials_and_query_values_are_masked(url: str | URL, shown: str) -> None:
    assert loggable_url(url) == shown
