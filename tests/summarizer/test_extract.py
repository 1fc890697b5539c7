"""``summarizer.extract`` on synthetic French pages that carry the traps of real ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from summarizer import Article, NotAnArticle, extract
from summarizer.fallback import fallback_paragraphs

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
URL = "https://petit-echo.example/societe/2024/03/14/roubaix-ressourcerie-velos/"
TITLE = "À Roubaix, une ressourcerie fait revivre les vieux vélos du quartier"
CHAPO = "Depuis l’automne, une poignée de bénévoles répare chaque samedi des bicyclettes abandonnées"
REPEATED = "Les bénévoles aimeraient ouvrir un deuxième jour par semaine et former des jeunes du quartier"
MOJIBAKE = re.compile("\ufffd|Ã[\u0080-\u00bf]|â€|Â[\u00a0-\u00bf]")
JUNK = [
    "À lire aussi",
    "Photo :",
    "Crédit",
    "commentaires",
    "Partager",
    "newsletter",
    "POSTULER",
    "don pour la rédaction",
    "plumes bénévoles",
    "abonnez-vous",
    "cookies",
    "©",
    "Mentions légales",
    "[caption",
    "attachment_",
    "Les plus lus",
    "Publié le",
    "Par Camille",
    "Accueil",
    "\u00ad",
    "\u200b",
]


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@pytest.fixture(scope="module")
def article() -> Article:
    return extract(page("article_fr.html"), url=URL + "?utm_source=telegram")


def test_article_text_has_the_story_and_nothing_else(article: Article) -> None:
    assert "l’association a remis en circulation plus de cent quarante vélos" in article.text
    assert "accueille volontiers les donateurs de vieilles bicyclettes" in article.text
    assert "dérailleurs tordus" in article.text
    for junk in JUNK:
        assert junk not in article.text, junk


def test_article_keeps_the_standfirst_and_not_the_title(article: Article) -> None:
    assert article.text.startswith(CHAPO)
    assert TITLE not in article.text


def test_article_paragraphs_are_lines_and_repeats_are_dropped(article: Article) -> None:
    lines = article.text.split("\n")
    assert len(lines) >= 6
    assert all(line.strip() == line and line for line in lines)
    assert sum(line.startswith(REPEATED) for line in lines) == 1


def test_article_metadata(article: Article) -> None:
    assert article.title == TITLE
    assert article.url == URL  # canonical, resolved against the page URL
    assert article.author == "Camille Vasseur"
    assert article.date == "2024-03-14"
    assert article.site == "Le Petit Écho"
    assert article.language == "fr"
    assert article.description is not None and article.description.startswith(CHAPO)
    assert article.extractor == "trafilatura"


@pytest.mark.parametrize(
    ("name", "http_charset"),
    [
        ("article_cp1252_meta.html", None),
        ("article_cp1252_nometa.html", None),
        ("article_cp1252_nometa.html", "windows-1252"),
        ("article_cp1252_nometa.html", "utf-8"),  # a wrong header must not garble the text
        ("article_latin1_label.html", None),
        ("article_latin1_label.html", "iso-8859-1"),
        ("article_bom_utf8.html", None),
        ("article_bom_utf16.html", None),
    ],
)
def test_charset_variants_give_the_same_article(
    article: Article, name: str, http_charset: str | None
) -> None:
    other = extract(page(name), url=URL, http_charset=http_charset)
    assert other.text == article.text
    assert other.title == article.title
    assert not MOJIBAKE.search(other.text + (other.title or ""))


def test_str_input_gives_the_same_article(article: Article) -> None:
    assert extract(page("article_fr.html").decode("utf-8"), url=URL).text == article.text


def test_already_garbled_str_input_is_repaired(article: Article) -> None:
    garbled = page("article_fr.html").decode("utf-8").encode("utf-8").decode("cp1252", errors="ignore")
    repaired = extract(garbled, url=URL)
    assert not MOJIBAKE.search(repaired.text)
    assert "cent quarante vélos" in repaired.text


def test_xhtml_with_xml_declaration_in_latin1() -> None:
    result = extract(page("xhtml_latin1.html"))
    assert result.title == "Chronique d’un été à la ferme"
    assert "la traite des chèvres et la fabrication du fromage" in result.text
    assert not MOJIBAKE.search(result.text)


def test_fallback_extractor_takes_over_when_trafilatura_finds_nothing() -> None:
    # The column's class name says "commentaire": generic extractors throw it away as reader comments.
    result = extract(
        page("editorial_commentaire.html"), url="https://petit-echo.example/opinions/2024/gratuite/"
    )
    assert result.extractor == "fallback"
    assert result.title == "La gratuité des transports, une fausse bonne idée ?"
    assert result.text.startswith("La métropole a donc tranché")
    assert result.text.endswith("Les élus ont six mois pour prouver que ce n’est pas le cas.")
    assert len(result.text.split("\n")) == 4


def test_plain_text_is_taken_as_the_article() -> None:
    result = extract(page("article.txt"))
    assert result.extractor == "plain"
    assert result.title == "Le conseil municipal vote le budget participatif"
    paragraphs = result.text.split("\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith(
        "Réunis lundi soir, les élus ont adopté à une large majorité le premier budget"
    )
    assert result.language == "fr"


@pytest.mark.parametrize(
    ("name", "url", "reason"),
    [
        ("consent_wall.html", "https://quotidien-nord.example/inondations-littoral", "consent-wall"),
        ("paywall_stub.html", "https://gazette.example/economie/retraites-rapport-cor", "paywall"),
        ("home_page.html", "https://petit-echo.example/", "home-page"),
        ("home_page.html", None, "home-page"),  # the canonical link says where the page lives
        ("section_page.html", "https://petit-echo.example/categorie/societe/", "listing"),
        ("section_page.html", "https://petit-echo.example/societe", "listing"),
        ("too_short.html", "https://petit-echo.example/page-disparue", "too-short"),
    ],
)
def test_pages_that_are_not_articles(name: str, url: str | None, reason: str) -> None:
    with pytest.raises(NotAnArticle) as caught:
        extract(page(name), url=url)
    assert caught.value.reason == reason
    assert caught.value.user_message  # a French sentence the bot can show as is


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        "",
        b"\x00\x01\x02\xff\xfe\x00",
        b"<html></html>",
        b"<p>Bonjour.</p>",
        "<<<>>>",
        "<div>" * 3000,
    ],
)
def test_empty_or_broken_input_is_not_an_article(data: bytes | str) -> None:
    with pytest.raises(NotAnArticle):
        extract(data)


def test_english_article_is_labelled_english() -> None:
    paragraphs = "".join(
        f"<p>The city council approved the participatory budget on Monday evening, paragraph {i}, which will "
        "devote one million euros to projects proposed by the residents of every neighbourhood.</p>"
        for i in range(5)
    )
    html = f'<html lang="fr"><head><title>Budget</title></head><body><article>{paragraphs}</article></body>'
    assert extract(html, url="https://example.org/news/budget").language == "en"


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400))
def test_extract_never_fails_other_than_not_an_article(text: str) -> None:
    try:
        result = extract(text)
    except NotAnArticle:
        return
    assert "\ufffd" not in result.text


def test_home_page_that_calls_itself_an_article_is_still_a_home_page() -> None:
    html = page("home_page.html").replace(b'content="website"', b'content="article"')
    with pytest.raises(NotAnArticle) as caught:
        extract(html, url="https://petit-echo.example/")
    assert caught.value.reason == "home-page"


def test_article_served_at_the_root_with_a_query_is_an_article(article: Article) -> None:
    html = page("article_fr.html").replace(b'<link rel="canonical"', b'<link rel="x-canonical"')
    html = html.replace(b'property="og:url"', b'property="x-og-url"')
    result = extract(html, url="https://petit-echo.example/?p=4512")
    assert result.text == article.text
    assert result.url == "https://petit-echo.example/?p=4512"


def test_fallback_prefers_the_article_to_longer_reader_comments() -> None:
    story = "".join(
        f"<p>Le chantier du nouveau pont a pris six mois de retard, paragraphe {i}, selon la métropole.</p>"
        for i in range(3)
    )
    comments = "".join(
        f'<div class="comment"><p>Commentaire {i} : les travaux durent depuis trop longtemps, les riverains '
        "attendent toujours des réponses claires de la part des élus et des entreprises.</p></div>"
        for i in range(8)
    )
    html = (
        f'<html><body><nav><a href="/">Accueil</a></nav><div class="story">{story}</div>'
        f'<div class="share"><p>Partager sur Facebook</p></div>'
        f'<section id="comments">{comments}</section></body></html>'
    )
    paragraphs = fallback_paragraphs(lxml_html.document_fromstring(html))
    assert len(paragraphs) == 3
    assert all(p.startswith("Le chantier du nouveau pont") for p in paragraphs)


def test_fallback_skips_link_lists_and_widgets_inside_the_article() -> None:
    paragraphs = "".join(
        f"<p>Paragraphe {i} de l’article, assez long pour compter dans le score.</p>" for i in range(4)
    )
    links = "".join(f'<li><a href="/a{i}">Un autre article numéro {i}</a></li>' for i in range(6))
    widget = '<div class="newsletter"><p>Inscrivez-vous</p></div>'
    html = f"<html><body><article>{paragraphs}<ul>{links}</ul>{widget}</article></body></html>"
    assert fallback_paragraphs(lxml_html.document_fromstring(html)) == [
        f"Paragraphe {i} de l’article, assez long pour compter dans le score." for i in range(4)
    ]


def test_fallback_on_an_empty_page() -> None:
    assert (
        fallback_paragraphs(lxml_html.document_fromstring("<html><body><nav>Menu</nav></body></html>")) == []
    )


def test_short_free_article_beside_paywalled_teasers_is_an_article() -> None:
    story = (
        "<p>La piscine municipale rouvrira ses portes lundi après six mois de travaux de rénovation. "
        "Les horaires d’ouverture sont élargis le dimanche matin et le mercredi soir, et un nouveau "
        "bassin d’apprentissage accueillera les écoles du quartier dès la rentrée prochaine.</p>"
        "<p>Le tarif reste inchangé pour les habitants de la commune, annonce la mairie.</p>"
        "<p>Déjà abonné ? Se connecter</p>"  # the site's login prompt, on a free article
    )
    related = "".join(
        f'<li><a href="/a{i}">Un autre sujet {i}</a> <span>Article réservé aux abonnés</span></li>'
        for i in range(4)
    )
    html = (
        '<html><head><meta property="og:type" content="article"><title>Piscine</title></head>'
        f"<body><article><h1>La piscine rouvre lundi</h1>{story}</article><ul>{related}</ul></body></html>"
    )
    result = extract(html, url="https://petit-echo.example/sport/2024/piscine-reouverture/")
    assert result.title == "La piscine rouvre lundi"
    assert result.text.startswith("La piscine municipale rouvrira ses portes lundi")
    assert result.text.endswith("annonce la mairie.")
