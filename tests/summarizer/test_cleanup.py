"""French clean-up of extracted paragraphs: boilerplate lines go, prose stays."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.cleanup import clean_paragraphs, normalize_text
from summarizer.shortcodes import strip_shortcodes

PROSE = (
    "Le conseil municipal a adopté lundi soir le budget participatif, qui consacrera un million d’euros "
    "aux projets proposés par les habitants des quartiers."
)
PROSE_2 = (
    "Les propositions pourront être déposées jusqu’à la fin du mois d’avril, sur le site de la mairie "
    "ou dans les maisons de quartier."
)


def kept(*lines: str) -> list[str]:
    return clean_paragraphs([PROSE, *lines, PROSE_2]).paragraphs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            '[caption id="attachment_12" align="aligncenter" width="800"]Le maire. Photo DR[/caption] Texte.',
            "Texte.",
        ),
        ("Avant [embed]https://video.example/v/1[/embed] après.", "Avant après."),
        ('[gallery ids="1,2,3"] Légende', "Légende"),
        ("[vc_row][vc_column]Le texte[/vc_column][/vc_row]", "Le texte"),
        ("Un [b]mot[/b] et un [url=https://example.org]lien[/url].", "Un mot et un lien."),
        ('Bouton [button link="/don"]Soutenir[/button] fin.', "Bouton fin."),
        ('[foo id="7"]contenu[/foo]', "contenu"),
        (
            "Une note [1], un [sic] et une coupe […] restent.",
            "Une note [1], un [sic] et une coupe […] restent.",
        ),
    ],
)
def test_shortcodes(raw: str, expected: str) -> None:
    assert normalize_text(strip_shortcodes(raw)) == expected


@pytest.mark.parametrize(
    "line",
    [
        "À lire aussi : Roubaix veut doubler ses pistes cyclables",
        "A lire aussi - Le budget de la ville en débat",
        "LIRE AUSSI SUR PETIT-ECHO.EXAMPLE",
        "» Lire aussi : le portrait de la maire",
        "Voir aussi notre dossier sur les mobilités",
        "En vidéo, quatre façons de réparer un pneu",
        "Photo : AFP",
        "Photo (cc) : Jean Dupont",
        "Crédit photo : Camille Vasseur / Le Petit Écho",
        "Crédits photos : Bestimage",
        "Image illustrative : un vélo dans une cour",
        "© AFP",
        "Par Camille Vasseur",
        "Auteur : Kossivi Tiassou",
        "Publié le 14 mars 2024 à 8h30",
        "Mis à jour le 15/03/2024",
        "Créé: 12.12.2019, 07h36",
        "mercredi 11 septembre 2019",
        "14/03/2024",
        "Temps de lecture : 4 min",
        "12 commentaires",
        "Voir les commentaires",
        "Partager",
        "Partager sur Facebook",
        "Facebook Twitter LinkedIn E-mail",
        "Recevez chaque matin notre newsletter : inscrivez-vous gratuitement.",
        "Abonnez-vous",
        "Cet article est réservé aux abonnés.",
        "Il vous reste 85 % de cet article à lire.",
        "Déjà abonné ? Se connecter",
        "Nous et nos partenaires utilisons des cookies : vous pouvez accepter ou refuser.",
        "Tout accepter",
        "POSTULER",
        "Rejoindre l’équipe de rédaction — Postuler",
        "Rejoindre la rédaction",
        "Rejoins-nous !",
        "Tu penses avoir un don pour la rédaction ? Rejoins notre équipe de bénévoles !",
        "Devenez rédacteur bénévole au Petit Écho : envoyez-nous votre candidature.",
        "Faire un don",
        "Accueil > Société > Roubaix",
        "[object Object]",
        "Publicité",
        "(Avec AFP)",
        "Suivez-nous sur Instagram",
        "Partagez l’article",
        "Mots-clés : vélo, Roubaix, bénévolat",
        "Cet article vous a plu ? Soutenez la rédaction en partageant nos reportages.",
        "Commentaires",
        "Newsletter",
        "Les poireaux de M. DupontLes poireaux de M. Dupont",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    assert kept(line) == [PROSE, PROSE_2]


@pytest.mark.parametrize(
    "line",
    [
        "Le maire invite les habitants à postuler aux jardins partagés, attribués par tirage au sort.",
        "La CNIL a sanctionné le site pour avoir déposé des cookies sans le consentement des internautes.",
        "Elle a choisi de devenir bénévole aux Restos du cœur après son départ à la retraite.",
        "« Nous recrutons deux cents personnes d’ici à l’été », explique le directeur de l’usine.",
        "Par ailleurs, la ville compte ouvrir trois nouvelles bibliothèques.",
        "Publié en 2019, ce rapport avait déjà alerté sur l’état des ponts.",
        "« Oui » dit-il, « non » répond-elle, et la réunion s’achève.",
        "Faire un don en ligne :",
        "Il va rejoindre l’équipe de France de rugby pour la tournée d’automne en Argentine.",
        "Quels sont les horaires de l’atelier ?",
    ],
)
def test_prose_that_looks_like_boilerplate_is_kept(line: str) -> None:
    assert kept(line) == [PROSE, line, PROSE_2]


def test_caption_shortcode_spanning_lines_goes_whole() -> None:
    lines = ['[caption id="attachment_7" width="640"]', "Le maire devant l’atelier. Photo DR", "[/caption]"]
    assert kept(*lines) == [PROSE, PROSE_2]


def test_unclosed_caption_does_not_swallow_the_text() -> None:
    assert kept('[caption id="attachment_7"]Légende sans fin', PROSE + " Encore.") == [
        PROSE,
        "Légende sans fin",
        PROSE + " Encore.",
        PROSE_2,
    ]


def test_teaser_headline_under_a_bare_label_goes_too() -> None:
    assert kept("LIRE AUSSI SUR PETIT-ECHO.EXAMPLE", ">> Affaire des subventions : la mairie répond") == [
        PROSE,
        PROSE_2,
    ]
    assert kept(
        "Lire aussi Jeanne Martin &", "Paul Durand, « Les vélos de Roubaix », Le Petit Écho, mars 2024."
    ) == [
        PROSE,
        PROSE_2,
    ]


def test_question_above_a_recruitment_button_goes_with_it() -> None:
    assert kept("Envie de raconter ton quartier ?", "POSTULER") == [PROSE, PROSE_2]


def test_repeated_paragraphs_keep_the_first_copy() -> None:
    cta = "Envoyez vos photos de quartier à la rédaction, nous publierons les plus belles chaque semaine."
    result = clean_paragraphs([PROSE, cta, PROSE_2, cta, PROSE])
    assert result.paragraphs == [PROSE, cta, PROSE_2]
    assert result.dropped["repeated"] == 2


def test_short_lines_and_questions_may_repeat() -> None:
    question = "Quel est votre premier souvenir de lecture et pourquoi vous a-t-il marqué ?"
    lines = [question, PROSE, question, PROSE_2, "Réponse", "Réponse"]
    assert clean_paragraphs(lines).paragraphs == lines


def test_closing_signature_is_dropped() -> None:
    assert clean_paragraphs([PROSE, PROSE_2, PROSE + " Fin.", "Kab NIANG"]).paragraphs[-1] == PROSE + " Fin."


def test_dropped_lines_are_counted_by_kind() -> None:
    lines = [PROSE, "Réservé aux abonnés", "Déjà abonné ? Se connecter", "Photo : AFP", "© Reuters"]
    assert clean_paragraphs(lines).dropped == {"paywall": 1, "subscribe": 1, "credit": 2}


def test_normalize_text_removes_invisible_characters_and_repairs_mojibake() -> None:
    assert (
        normalize_text("dé\u00adrail\u00adleur\u200b \u200dvélo\ufeff\x07  Ã©tÃ©\t!")
        == "dérailleur vélo été !"
    )


def test_empty_and_blank_input() -> None:
    assert clean_paragraphs([]).paragraphs == []
    assert clean_paragraphs(["", "   ", "\u200b\u00ad"]).paragraphs == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=12))
def test_clean_paragraphs_never_crashes_and_returns_tidy_lines(lines: list[str]) -> None:
    result = clean_paragraphs(lines)
    for paragraph in result.paragraphs:
        assert paragraph and paragraph == paragraph.strip() and "\n" not in paragraph
        assert not any(ch in paragraph for ch in "\u00ad\u200b\ufeff\ufffd")
        repeatable = len(re.findall(r"\w+", paragraph)) < 8 or paragraph.endswith(("?", ":"))
        assert repeatable or result.paragraphs.count(paragraph) == 1


def test_layout_table_rows_lose_their_pipes() -> None:
    assert kept("| | Le marché du travail est-il trop rigide ? | |", "| Ville | Budget |") == [
        PROSE,
        "Le marché du travail est-il trop rigide ?",
        "| Ville | Budget |",
        PROSE_2,
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ["Revivez le direct du vote à l’Assemblée avec vos questions."],
        ["Retrouvez tous nos articles sur la réforme dans notre dossier."],
        ["Tout savoir sur le projet.", "Camille Vasseur"],
        ["Camille Vasseur", "*Le prénom a été modifié."],
    ],
)
def test_promotions_and_signatures_at_the_end(lines: list[str]) -> None:
    result = clean_paragraphs([PROSE, PROSE_2, PROSE + " Suite.", *lines]).paragraphs
    assert "Camille Vasseur" not in result
    assert not any(line.startswith(("Revivez", "Retrouvez")) for line in result)
