"""bot.links: finding the article link in what people type."""

from __future__ import annotations

import pytest

from bot.links import find_in_text, is_pasted_article, normalize


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("https://exemple.fr/a", "https://exemple.fr/a"),
        ("HTTP://Exemple.fr/a?b=1", "HTTP://Exemple.fr/a?b=1"),
        ("exemple.fr/article-1", "https://exemple.fr/article-1"),
        ("www.exemple.fr", "https://www.exemple.fr"),
        ("https://exemple.fr/a).", "https://exemple.fr/a"),
        ("https://exemple.fr/a»", "https://exemple.fr/a"),
        ("@quelquun", None),
        ("/resume", None),
        ("bonjour", None),
        ("ftp://exemple.fr/x", None),
        ("https://", None),
        ("", None),
        ("deux mots.fr", None),
    ],
)
def test_normalize(typed: str, expected: str | None) -> None:
    assert normalize(typed) == expected


def test_find_in_text_takes_the_first_link() -> None:
    text = "Lis « https://a.fr/1 » puis https://b.fr/2."
    assert find_in_text(text) == "https://a.fr/1"
    assert find_in_text("rien ici") is None
    assert find_in_text(None) is None


PROSE = "Le conseil municipal a adopté mardi le projet de rénovation de la piscine par 32 voix contre 5. "


def test_a_link_with_page_chrome_around_it_is_a_link() -> None:
    shared = "\n".join(
        ["La piscine Jean-Bouin fermera deux ans", "https://exemple.fr/piscine", "Partager", "Menu", PROSE]
    )
    assert not is_pasted_article(shared)


def test_an_article_pasted_with_its_own_link_is_a_text() -> None:
    pasted = "\n".join(
        ["La piscine Jean-Bouin fermera deux ans", *[PROSE] * 10, "Source : https://exemple.fr/p"]
    )
    assert is_pasted_article(pasted)
    assert not is_pasted_article("https://exemple.fr/p " * 200)  # links are not prose
