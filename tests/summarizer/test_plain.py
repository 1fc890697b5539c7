"""Pasted and forwarded texts get the same clean-up as pages: chrome, notices, calls to action, title."""

from __future__ import annotations

from summarizer import extract
from summarizer.pipeline import summarize_pasted
from summarizer.plain import plain_article
from summarizer.settings import SummarizerSettings

TITLE = "La piscine Jean-Bouin fermera deux ans pour travaux"
STANDFIRST = (
    "La mairie a voté mardi la rénovation complète de la piscine municipale, "
    "un chantier de 14 millions d'euros qui privera les nageurs du bassin jusqu'en 2027"
)
BODY = [
    "Le conseil municipal a adopté le projet par 32 voix contre 5, après deux heures de débat.",
    "La piscine, construite en 1968, perd chaque jour l'équivalent de quarante mètres cubes d'eau.",
    "Les clubs de natation seront accueillis à la piscine intercommunale de Saint-Ouen pendant les travaux.",
    "Elle ouvrira ses lignes d'eau aux scolaires le matin et aux clubs le soir, précise la mairie.",
    "Le bassin rénové comptera huit couloirs au lieu de six, et un bassin d'apprentissage sera ajouté.",
    "Les riverains seront informés du calendrier lors d'une réunion publique le 12 mars.",
]
RECRUIT = [
    "REJOINDRE L'ÉQUIPE DE RÉDACTION",
    "Tu penses avoir un don pour la rédaction ?",
    "Contacte-nous dès maintenant pour rejoindre notre équipe de bénévoles.",
    "POSTULER",
]
CHROME_TOP = ["Aller au contenu", "Menu", "Accueil", "Actualités", "Rechercher", "Se connecter"]
NOTICES = [
    "Vous avez lu 1 des 4 articles gratuits de ce mois.",
    "Nous utilisons des cookies pour améliorer votre expérience. "
    "En poursuivant, vous acceptez leur utilisation.",
    "Inscrivez-vous à notre newsletter pour recevoir chaque matin l'essentiel de l'actualité locale.",
    "Photo : Jean Martin / Le Journal",
]
SETTINGS = SummarizerSettings()


def pasted_page() -> str:
    """What a reader gets by selecting a whole page on a phone and pasting it."""
    return "\n".join(
        [
            *CHROME_TOP,
            TITLE,
            "Par Camille Dupont",
            "Publié le 3 mars 2026 à 18h12",
            STANDFIRST,
            NOTICES[3],
            *BODY[:3],
            *RECRUIT,
            NOTICES[0],
            *BODY[3:],
            *RECRUIT,
            TITLE,
            NOTICES[1],
            NOTICES[2],
            *RECRUIT,
            "Mentions légales",
            "Contact",
        ]
    )


def test_a_pasted_page_is_read_as_its_article() -> None:
    article = plain_article(pasted_page())
    assert article.title == TITLE
    lines = article.text.split("\n")
    assert lines[0] == STANDFIRST  # the chrome above the title is gone, the title is not in the body
    assert TITLE not in lines
    for noise in [*RECRUIT, *NOTICES, "Par Camille Dupont"]:
        assert noise not in lines


def test_a_pasted_page_is_summarized_like_the_page_itself() -> None:
    pasted = summarize_pasted(pasted_page(), settings=SETTINGS, sentences=3)
    page = extract(
        "<html><head><title>{t}</title></head><body><article><h1>{t}</h1>{p}</article></body></html>".format(
            t=TITLE, p="".join(f"<p>{line}</p>" for line in [STANDFIRST, *BODY])
        )
    )
    assert page.title == TITLE
    assert pasted.article.title == TITLE
    from summarizer.pipeline import summarize_article

    assert pasted.summary.sentences == summarize_article(page, settings=SETTINGS, sentences=3).sentences
    assert pasted.summary.sentences[0] == STANDFIRST + "."
    for count in range(1, 6):
        chosen = summarize_pasted(pasted_page(), settings=SETTINGS, sentences=count).summary.sentences
        assert not any(line in chosen for line in [*RECRUIT, *NOTICES, TITLE])


def test_a_paste_copied_from_the_headline_down_keeps_its_first_paragraph() -> None:
    article = plain_article("\n".join([TITLE, STANDFIRST, *BODY]))
    assert article.title == TITLE
    assert article.text.split("\n")[0] == STANDFIRST


def test_a_paste_with_no_title_starts_at_its_prose() -> None:
    article = plain_article("\n".join([*BODY, *BODY[:2]]))
    assert article.title is None
    assert article.text.split("\n") == BODY  # repeated paragraphs kept once


def test_a_page_showing_escaped_markup_keeps_it_escaped() -> None:
    """ "&amp;lt;b&amp;gt;" in the source is "&lt;b&gt;" on screen, never "<b>"."""
    html = (
        "<html><head><title>Le HTML à l'école</title></head><body><article><h1>Le HTML à l'école</h1>"
        "<p>Pour mettre un mot en gras, on écrit la balise &amp;lt;b&amp;gt; devant lui, explique la "
        "formatrice de Dupont &amp; Fils aux élèves de CM2 de l'école du quartier.</p>"
        + "".join(f"<p>{line}</p>" for line in BODY)
        + "</article></body></html>"
    )
    text = extract(html).text
    assert "la balise &lt;b&gt; devant lui" in text
    assert "Dupont & Fils" in text
