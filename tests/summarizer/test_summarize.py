"""Behaviour of the ranking: what a summary may contain, in which order, at what cost in sentences.

The texts are written for these tests (news-like, with the traps seen in scraped articles); timing
lives in bench/bench_engine.py, never here.
"""

from __future__ import annotations

import json
import random
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers.lex_rank import LexRankSummarizer

from summarizer import TextTooShort, UnsupportedLanguage, summarize_text
from summarizer.features import FEATURE_NAMES
from summarizer.ranking import FastLexRank, stemmer_for, stop_words_for
from summarizer.ranking_filters import MAX_CANDIDATES, candidates, is_fragment, words_of
from summarizer.ranking_model import ModelError, load_scorer, scorer_from_json
from summarizer.sentences import SentenceTokenizer, split_sentences
from summarizer.summarize import prepare

TITLE = "Intempéries dans le Var : un troisième disparu à Cassis"
TEASER = "Netflix semble avoir..."
CAPTION = "Photo AFP"
REPEATED = "Un pêcheur de 44 ans est porté disparu depuis samedi à Cassis, a indiqué mardi la gendarmerie."
ARTICLE = "\n".join(
    [
        TITLE,
        "Routes coupées, trains supprimés, agriculteurs désemparés : le Var tente lundi de se remettre "
        "des pluies exceptionnelles qui ont fait au moins quatre morts pendant le week-end. " + REPEATED,
        TEASER,
        "Samedi, l'homme serait parti pêcher sur des rochers balayés par de hautes vagues. Le département "
        "avait été placé en vigilance orange pour les pluies et les inondations. Sa voiture a été "
        "retrouvée sur un parking proche des calanques par son frère.",
        CAPTION,
        "Des plongeurs de la gendarmerie devaient sonder mardi les rochers où l'homme aurait pu "
        "disparaître. La mer très agitée n'avait pas permis de mettre un bateau à l'eau dimanche soir. "
        "Un hélicoptère de la gendarmerie a survolé la côte pendant plusieurs heures sans succès.",
        "Dans le Var, deux personnes restent portées disparues depuis la crue de samedi. Les recherches "
        "reprendront mercredi matin si la météo le permet, selon la préfecture.",
        REPEATED,  # scrapers repeat the lead at the bottom ("à lire aussi", pull quotes)
    ]
)
ENGLISH = "\n".join(
    [
        "Floods hit the south of France",
        "Roads were cut and trains cancelled on Monday as the south of France counted the cost of weekend "
        "floods that killed at least four people. A 44-year-old fisherman has been missing since "
        "Saturday near Cassis, the police said on Tuesday.",
        "The man had gone fishing on rocks swept by high waves while the area was under an orange weather "
        "warning. His brother found his car in a car park close to the cliffs on Sunday morning.",
        "Police divers were due to search the rocks on Tuesday, and a helicopter flew over the coast for "
        "several hours. Rescuers said the rough sea had prevented any boat from leaving the harbour on "
        "Sunday night.",
        "Two other people are still missing in the Var after Saturday's flash floods. The search will "
        "resume on Wednesday morning if the weather allows, the prefecture said.",
    ]
)


def _positions(summary_sentences: list[str], text: str) -> list[int]:
    return [text.index(s) for s in summary_sentences]


def test_summary_has_the_requested_count_in_document_order() -> None:
    for count in (1, 2, 3, 5):
        summary = summarize_text(ARTICLE, sentences=count)
        assert len(summary.sentences) == count
        positions = _positions(summary.sentences, ARTICLE)
        assert positions == sorted(positions)
        assert len(summary.scores) == count
        assert all(0.0 <= s <= 1.0 for s in summary.scores)


def test_summary_metadata() -> None:
    summary = summarize_text(ARTICLE, sentences=3)
    assert summary.language == "fr"
    assert summary.source_sentences == len(split_sentences(ARTICLE))
    assert summary.source_words == len(ARTICLE.split())
    assert summary.method


def test_sentences_are_verbatim_and_never_duplicated() -> None:
    summary = summarize_text(ARTICLE, sentences=20)  # more than the text has: every candidate
    assert all(s in ARTICLE for s in summary.sentences)
    assert len(set(summary.sentences)) == len(summary.sentences)
    # The last paragraph repeats the second sentence verbatim: only one of them may appear.
    repeated = (
        "Un pêcheur de 44 ans est porté disparu depuis samedi à Cassis, a indiqué mardi la gendarmerie."
    )
    assert summary.sentences.count(repeated) == 1


def test_near_duplicates_are_dropped() -> None:
    near = (
        ARTICLE + "\nSelon la gendarmerie, un pêcheur de 44 ans est porté disparu depuis samedi à Cassis.\n"
    )
    summary = summarize_text(near, sentences=20)
    assert not any(s.startswith("Selon la gendarmerie, un pêcheur") for s in summary.sentences)


def test_title_teaser_caption_are_never_chosen() -> None:
    summary = summarize_text(ARTICLE, sentences=20)
    for line in (TITLE, TEASER, CAPTION):
        assert all(line not in s for s in summary.sentences), line


def test_question_headline_and_unpunctuated_lines_are_skipped() -> None:
    text = "Faut-il avoir peur des crues en Provence cet hiver ?\n" + ARTICLE.replace(
        TITLE, "Par Jean Dupont"
    )
    summary = summarize_text(text, sentences=20)
    assert all("Faut-il" not in s and "Jean Dupont" not in s for s in summary.sentences)


@pytest.mark.parametrize(
    ("sentence", "fragment"),
    [
        ("Le président a annoncé lundi une réforme des retraites.", False),
        ("« Nous ne céderons pas », a déclaré la ministre mardi soir.", False),
        ("iPhone : Apple a vendu deux millions d'appareils en une semaine.", False),
        ("Netflix semble avoir trouvé la parade aux...", True),
        ("Photo AFP", True),
        ("Il est mort.", True),  # too short to stand alone in a summary
        ("Karim Ouali vit-il vraiment à Hong Kong depuis 2011 ?", True),
        ("« Pourquoi moi ? », a demandé la victime devant les juges mardi.", False),
        ("et la suite des événements a surpris tout le monde ici.", True),
        ("Le bilan des inondations dans le Var et les Alpes-Maritimes", True),
    ],
)
def test_fragments(sentence: str, fragment: bool) -> None:
    assert is_fragment(sentence, words_of(sentence)) is fragment


def test_english_text_uses_english_resources() -> None:
    summary = summarize_text(ENGLISH, sentences=2, language="en")
    assert summary.language == "en"
    assert len(summary.sentences) == 2
    assert all(s in ENGLISH for s in summary.sentences)
    assert "Floods hit the south of France" not in summary.sentences
    assert stemmer_for("en")("flooding") == "flood"
    assert "the" in stop_words_for("en") and "le" in stop_words_for("fr")


@pytest.mark.parametrize(
    "text", ["", "   \n ", "Bonjour.", "Photo AFP\nPar Jean Dupont\nNetflix semble avoir..."]
)
def test_nothing_to_summarize(text: str) -> None:
    with pytest.raises(TextTooShort):
        summarize_text(text)


@pytest.mark.parametrize("language", ["de", "es", "", "klingon"])
def test_unsupported_language(language: str) -> None:
    with pytest.raises(UnsupportedLanguage):
        summarize_text(ARTICLE, language=language)


def test_region_codes_are_accepted() -> None:
    assert summarize_text(ARTICLE, language="fr-FR").language == "fr"


def test_count_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        summarize_text(ARTICLE, sentences=0)


def test_deterministic() -> None:
    assert summarize_text(ARTICLE, sentences=3) == summarize_text(ARTICLE, sentences=3)


def _long_text(sentences: int) -> str:
    """Distinct news-like sentences (random words from the test article), two per paragraph."""
    rng = random.Random(7)
    vocabulary = sorted(w for w in set(words_of(ARTICLE + ENGLISH)) if len(w) > 3)
    lines = []
    for _ in range(sentences // 2):
        pair = [" ".join(rng.choices(vocabulary, k=14)).capitalize() + "." for _ in range(2)]
        lines.append(" ".join(pair))
    return "\n".join(lines)


def test_huge_input_is_bounded() -> None:
    text = _long_text(2000)
    prepared = prepare(text)
    assert prepared.total_sentences == 2000
    assert len(prepared.candidates) <= MAX_CANDIDATES
    assert prepared.features.shape == (len(prepared.candidates), len(FEATURE_NAMES))
    summary = summarize_text(text, sentences=3)
    assert len(summary.sentences) == 3
    assert summary.source_sentences == 2000


def test_model_file_loads_and_matches_the_features() -> None:
    scorer = load_scorer()
    assert scorer.mean.shape == (len(FEATURE_NAMES),)
    assert "OrangeSum" in scorer.description
    round_trip = scorer_from_json(json.loads(json.dumps(scorer.to_json())))
    features = prepare(ARTICLE).features
    assert np.allclose(round_trip.logits(features), scorer.logits(features), atol=1e-3)


def test_stale_or_broken_weights_are_refused() -> None:
    data = load_scorer().to_json()
    with pytest.raises(ModelError, match="other features"):
        scorer_from_json({**data, "features": data["features"][:-1]})
    with pytest.raises(ModelError, match="malformed"):
        scorer_from_json({**data, "layers": [{"weights": [[1.0]], "bias": [0.0]}]})
    with pytest.raises(ModelError, match="malformed"):
        scorer_from_json({k: v for k, v in data.items() if k != "mean"})


def test_fast_lexrank_rates_like_sumy() -> None:
    tokenizer = SentenceTokenizer("fr")
    sentences = [s for s in split_sentences(ARTICLE) if not is_fragment(s, words_of(s))]
    document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
    stock = LexRankSummarizer(stemmer_for("fr"))
    stock.stop_words = stop_words_for("fr")
    captured: dict[str, list[float]] = {}

    def keep_all(infos: list[Any]) -> list[Any]:  # sumy hands the rated sentences to a callable count
        captured["ratings"] = [i.rating for i in sorted(infos, key=lambda i: i.order)]
        return infos

    stock(document, keep_all)
    fast = FastLexRank("fr")
    ours = fast.ratings(fast.content_words(document))
    assert np.allclose(ours, captured["ratings"])


def test_candidates_keep_positions_of_skipped_lines() -> None:
    found, total = candidates([["Photo AFP"], ["Le maire a présenté lundi le nouveau plan de circulation."]])
    assert total == 2
    assert [(c.index, c.paragraph, c.in_paragraph) for c in found] == [(1, 1, 0)]


_WORDS = st.sampled_from(
    [
        "le",
        "maire",
        "a",
        "annoncé",
        "lundi",
        "un",
        "plan",
        "Paris",
        "«",
        "»",
        "...",
        ".",
        "?",
        "\n",
        "2024",
        "l'État",
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_WORDS, max_size=200).map(" ".join), st.integers(min_value=1, max_value=6))
def test_never_crashes_and_returns_text_sentences(text: str, count: int) -> None:
    try:
        summary = summarize_text(text, sentences=count)
    except TextTooShort:
        return
    assert 1 <= len(summary.sentences) <= count
    flat = " ".join(text.split())  # hard-wrapped lines come back joined by one space
    assert all(" ".join(s.split()) in flat for s in summary.sentences)
    assert all(not is_fragment(s, words_of(s)) for s in summary.sentences)


def test_scores_give_the_shorter_summaries() -> None:
    # The bot shortens a stored summary from its scores: that must match asking for fewer sentences.
    summary = summarize_text(ARTICLE, sentences=4)
    for count in (1, 2, 3):
        assert summary.shortened(count).sentences == summarize_text(ARTICLE, sentences=count).sentences


def test_sentences_sharing_no_word_rate_equally_without_warnings() -> None:
    # With two sentences every idf is log(2/2) = 0: sumy's power method would divide 0 by 0.
    text = (
        "Le maire de Lyon a présenté lundi son nouveau plan de circulation. "
        "Les commerçants du centre-ville dénoncent une décision prise sans concertation aucune."
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        summary = summarize_text(text, sentences=1)
        features = prepare(text).features
    assert len(summary.sentences) == 1
    assert np.isfinite(features).all()
    assert np.isfinite(summary.scores).all()


def test_hard_wrapped_text_is_read_as_whole_sentences() -> None:
    wrapped = (
        "Le conseil municipal vote le budget participatif\n\n"
        "Réunis lundi soir, les élus ont adopté à une large majorité le premier\n"
        "budget participatif de la commune. Un million d'euros sera consacré aux\n"
        "projets proposés et choisis par les habitants eux-mêmes.\n\n"
        "Les propositions pourront être déposées jusqu'à la fin du mois d'avril,\n"
        "sur le site de la mairie ou dans les maisons de quartier.\n"
    )
    summary = summarize_text(wrapped, sentences=3)
    assert summary.sentences == [
        "Réunis lundi soir, les élus ont adopté à une large majorité le premier budget participatif "
        "de la commune.",
        "Un million d'euros sera consacré aux projets proposés et choisis par les habitants eux-mêmes.",
        "Les propositions pourront être déposées jusqu'à la fin du mois d'avril, sur le site de la "
        "mairie ou dans les maisons de quartier.",
    ]


def test_exclamation_headline_is_skipped() -> None:
    text = "Les pêcheurs de Cassis enfin retrouvés sains et saufs !\n" + ARTICLE
    summary = summarize_text(text, sentences=20)
    assert all("sains et saufs" not in s for s in summary.sentences)
