"""A summary line must make sense on its own: leaning sentences, the standfirst, banners, quotes.

Each test builds a small text written for it, with the trap it guards, and checks the choice the
real engine makes (committed weights), not just the length of the result.
"""

from __future__ import annotations

import pytest

from summarizer import summarize_text
from summarizer.coherence import needs_previous
from summarizer.ranking_filters import candidates, is_boilerplate
from summarizer.sentences import split_paragraphs
from summarizer.summarize import prepare, selection_order

LEANING = [
    "Elle appelle à une nouvelle assemblée générale mardi prochain.",
    "Et pourtant, à moi aussi, la violence me manque.",
    "En effet, le géant vient de s'associer avec un collectif.",
    "Ils espèrent faire franchir un nouveau cap à leur mobilisation.",
    "Cette décision a surpris les élus de l'opposition.",
    "Ces derniers ont refusé de commenter l'annonce.",
    "C'est ce qu'a annoncé le responsable de la mobilité mercredi.",
    "Ou même un an auparavant, lors de la diffusion du documentaire.",
    "Mais la mairie n'a pas encore donné sa réponse aux riverains.",
]
STANDING = [
    "Il y a d'abord le poids de la géographie dans cette histoire.",
    "Il faut compter trois ans de travaux avant la réouverture.",
    "Ce lundi, le conseil municipal a voté le budget de la ville.",
    "Cette semaine, la préfecture a levé l'alerte aux orages.",
    "Ces derniers jours, les pompiers sont intervenus à vingt reprises.",
    "Alors qu'Erdogan ouvre les frontières, nous publions cet entretien.",
    "Ilona Martin, maire de la commune, a présenté le projet.",
    "Le maire a présenté le projet devant trois cents habitants.",
    "« Nous fermerons l'usine en mars », a déclaré la directrice du site.",
]


@pytest.mark.parametrize("sentence", LEANING)
def test_sentences_that_point_back_need_the_one_before(sentence: str) -> None:
    assert needs_previous(sentence)


@pytest.mark.parametrize("sentence", STANDING)
def test_impersonal_and_time_openers_stand_alone(sentence: str) -> None:
    assert not needs_previous(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "MONTANT TOTAL COLLECTÉ DEPUIS LE 5 DÉCEMBRE.",
        "DONNEZ, PARTAGEZ, INVESTISSEZ DANS LA LUTTE !",
        "« Notre règlement n'a pas été respecté.",
        "« Notre règlement n'a pas été respecté. »",
        "Pour réécouter l'émission, cliquez sur l'icône en haut de la page.",
    ],
)
def test_banners_instructions_and_speakerless_quotes_are_not_statements(sentence: str) -> None:
    assert is_boilerplate(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "« Notre règlement n'a pas été respecté », a regretté le maire de Montréal.",
        "La SNCF et la RATP ont annoncé un accord sur les horaires du RER B.",
        "Le « grand débat » a réuni dix mille personnes en deux mois.",
    ],
)
def test_ordinary_sentences_are_not_boilerplate(sentence: str) -> None:
    assert not is_boilerplate(sentence)


STANDFIRST = (
    "Le studio Lumen vient d'annoncer qu'il s'associait avec le collectif Parité Cinéma afin de "
    "financer à hauteur de 20 millions d'euros des films réalisés par des femmes"
)
BODY = [
    "Le lundi 8 mars marquait un jour important pour le cinéma.",
    "Il s'agissait de la journée internationale des droits des femmes.",
    "En effet, le studio vient de s'associer avec un collectif pour aider à la parité.",
    "Le fonds financera une trentaine de longs métrages sur cinq ans, selon le communiqué du studio.",
    "Le collectif Parité Cinéma rassemble depuis 2018 près de deux cents réalisatrices et productrices.",
    "Les premiers projets retenus seront annoncés au festival de Cannes en mai prochain.",
    "La profession salue un geste fort, mais attend de voir les premiers tournages.",
]
ARTICLE = "\n".join([STANDFIRST, *BODY])


def test_a_standfirst_without_full_stop_is_a_candidate() -> None:
    found, _ = candidates(split_paragraphs(ARTICLE))
    assert found[0].text == STANDFIRST + "."


def test_the_standfirst_leads_the_summary() -> None:
    summary = summarize_text(ARTICLE, sentences=3, title="Lumen finance des films de réalisatrices")
    assert summary.sentences[0] == STANDFIRST + "."
    assert "20 millions" in " ".join(summary.sentences)


def test_a_kicker_is_not_a_standfirst() -> None:
    found, _ = candidates(split_paragraphs("Cinéma\nLe fonds financera une trentaine de films\n" + BODY[0]))
    assert [c.text for c in found] == [BODY[0]]  # "Cinéma" above: the line below is only a heading then
    found, _ = candidates(split_paragraphs("Culture\n" + ARTICLE))
    assert found[0].text == STANDFIRST + "."  # a one-word kicker above the standfirst changes nothing


def test_a_leaning_sentence_is_never_shown_without_its_antecedent() -> None:
    for count in range(1, 7):
        chosen = summarize_text(ARTICLE, sentences=count).sentences
        for k, sentence in enumerate(chosen):
            if needs_previous(sentence):
                document = [STANDFIRST + ".", *BODY]
                before = document[document.index(sentence) - 1]
                assert k > 0 and chosen[k - 1] == before, (count, chosen)


def test_every_prefix_of_the_selection_order_is_coherent() -> None:
    prepared = prepare(ARTICLE, "fr")
    scores = [1.0 if c.leans else 0.1 for c in prepared.candidates]  # the worst case: leaners rated best
    import numpy as np

    order = selection_order(prepared, np.array(scores), 10)
    for end in range(1, len(order) + 1):
        taken = set(order[:end])
        for i in taken:
            before = prepared.leans_on[i]
            assert before is None or before in taken


def test_a_sentence_whose_antecedent_is_not_a_candidate_is_never_chosen() -> None:
    text = "\n".join(
        [
            "Que faire des trottinettes abandonnées sur les trottoirs de la ville ?",
            "Elle a donc décidé de les interdire toutes dès le premier janvier prochain.",
            "La mairie de Montréal ne renouvellera pas les permis des trois opérateurs cette année.",
            "Les opérateurs disent avoir investi plusieurs millions de dollars dans leur flotte.",
            "Le conseil municipal votera la mesure lors de sa séance du mois prochain.",
        ]
    )
    for count in range(1, 5):
        assert not any(s.startswith("Elle a donc") for s in summarize_text(text, sentences=count).sentences)


def test_short_texts_are_not_judged_redundant_by_words_found_everywhere() -> None:
    """sumy's idf is negative for a word in every sentence; that made unrelated sentences look alike."""
    text = "\n".join(
        [
            "Les éléphants de Guinée perdent leurs terres à cause de l'agriculture intensive.",
            "Les éléphants traversent désormais les villages pour trouver de quoi se nourrir.",
            "Les éléphants sont protégés par la loi depuis 1990, rappelle le ministère.",
            "Les éléphants restants seraient moins de trois cents selon les ONG locales.",
        ]
    )
    assert len(summarize_text(text, sentences=3).sentences) == 3


def test_the_title_is_never_a_summary_sentence() -> None:
    title = "Le fonds Lumen financera des films de réalisatrices pendant cinq ans."
    text = "\n".join([title, *BODY, title])
    chosen = summarize_text(text, sentences=5, title=title).sentences
    assert title not in chosen
