"""Page metadata: titles without the site name, canonical URL, author, date, language."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from summarizer.metadata import PageMeta, read_metadata

URL = "https://journal.example/politique/2024/05/02/budget-vote/"


def meta_of(head: str, body: str = "", url: str | None = URL, lang: str = "fr") -> PageMeta:
    page = f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    return read_metadata(lxml_html.document_fromstring(page), url)


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        ("<title>Le budget est voté - Le Journal</title>", "", "Le budget est voté"),
        ("<title>Le Journal | Le budget est voté</title>", "", "Le budget est voté"),
        ("<title>Le budget est voté | JOURNAL | 02.05.2024</title>", "", "Le budget est voté"),
        (
            '<meta property="og:title" content="Covid-19 - ce qui change"><title>x</title>',
            "",
            "Covid-19 - ce qui change",
        ),
        (
            "<title>Politique : le budget est voté</title>",
            "<h1>Le budget est voté</h1>",
            "Le budget est voté",
        ),
        (
            "<title>Le budget est voté à l’unanimité - Le Journal</title>",
            "<h1>Le budget est voté</h1>",
            "Le budget est voté",
        ),
    ],
)
def test_titles_lose_the_site_name(head: str, body: str, title: str) -> None:
    site = '<meta property="og:site_name" content="Le Journal">'
    assert meta_of(site + head, body).title == title


@pytest.mark.parametrize(
    ("link", "url", "expected"),
    [
        (
            '<link rel="canonical" href="/politique/budget/">',
            URL,
            "https://journal.example/politique/budget/",
        ),
        (
            '<link rel="Canonical" href="https://journal.example/a?id=7">',
            None,
            "https://journal.example/a?id=7",
        ),
        ('<meta property="og:url" content="https://journal.example/b">', URL, "https://journal.example/b"),
        ('<link rel="canonical" href="https://journal.example/">', URL, URL),  # template mistake
        ('<link rel="canonical" href="javascript:void(0)">', URL, URL),
        ("", URL, URL),
        ("", None, None),
    ],
)
def test_canonical_url(link: str, url: str | None, expected: str | None) -> None:
    assert meta_of(link, url=url).url == expected


def test_json_ld_graph_gives_author_date_site_and_paywall() -> None:
    ld = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "Le Journal"},'
        '{"@type": ["NewsArticle"], "headline": "Le budget est voté",'
        '"datePublished": "2024-05-02T18:00:00Z",'
        '"author": [{"name": "Anne Durand"}, {"name": "Marc Petit"}], "publisher": {"name": "Le Journal"},'
        '"isAccessibleForFree": false}]}</script><script type="application/ld+json">{broken</script>'
    )
    meta = meta_of(ld)
    assert meta.title == "Le budget est voté"
    assert meta.author == "Anne Durand, Marc Petit"
    assert meta.date == "2024-05-02"
    assert meta.site == "Le Journal"
    assert meta.free is False
    assert meta.declares_article


def test_author_and_date_from_the_page_itself() -> None:
    body = '<p class="article-author">Par Jeanne Martin</p><time datetime="2024-04-30T09:00">30 avril</time>'
    meta = meta_of("<title>t</title>", body, url="https://journal.example/article-sans-date")
    assert meta.author == "Jeanne Martin"
    assert meta.date == "2024-04-30"


def test_date_from_the_url_and_host_as_site() -> None:
    meta = meta_of("<title>t</title>")
    assert meta.date == "2024-05-02"
    assert meta.site == "journal.example"


@pytest.mark.parametrize(
    ("lang", "head", "expected"),
    [
        ("fr-FR", "", "fr"),
        ("EN", "", "en"),
        ("", '<meta property="og:locale" content="fr_CA">', "fr"),
        ("", "", None),
    ],
)
def test_declared_language(lang: str, head: str, expected: str | None) -> None:
    assert meta_of(head, lang=lang).language == expected


def test_invalid_dates_are_ignored() -> None:
    meta = meta_of(
        '<meta property="article:published_time" content="2024-13-45">', url="https://journal.example/x"
    )
    assert meta.date is None
