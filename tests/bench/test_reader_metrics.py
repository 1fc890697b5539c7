"""The reader benchmark's measures of a summary (bench/reader_metrics.py), on tiny texts written for the
purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.reader_metrics import (
    Fact,
    Page,
    dangling,
    in_article,
    is_title_repeat,
    lead,
    load_pages,
    ngrams,
    score,
)
from bench.reader_sentences import compile_pattern

ANNOTATIONS = Path(__file__).resolve().parents[2] / "bench" / "reader_facts.toml"


DOCUMENT = [
    "Le conseil municipal a voté lundi la fin des trottinettes.",
    "Il a suivi l'avis du maire.",
    "Elle entrera en vigueur en janvier.",
    "Les opérateurs ont dit leur colère.",
]


def test_a_sentence_with_its_predecessor_does_not_dangle() -> None:
    assert dangling(DOCUMENT[:2], DOCUMENT) == ([], 0)
    assert dangling(DOCUMENT[:3], DOCUMENT) == ([], 0)


def test_a_sentence_without_its_predecessor_dangles() -> None:
    assert dangling([DOCUMENT[0], DOCUMENT[2]], DOCUMENT) == ([1], 0)
    assert dangling([DOCUMENT[1], DOCUMENT[3]], DOCUMENT) == ([0], 0)


def test_the_first_sentence_never_dangles_and_unknown_sentences_are_counted() -> None:
    document = ["Il pleuvait sur la ville depuis trois jours.", *DOCUMENT]
    assert dangling([document[0]], document) == ([], 0)
    assert dangling(["Il n'était pas dans le texte."], document) == ([], 1)


def test_sentences_are_found_despite_spacing_and_typography() -> None:
    document = ["Le maire a parlé.", "Il a  dit\u00a0non’ au projet."]
    assert dangling(["Il a dit non' au projet."], document) == ([0], 0)


@pytest.mark.parametrize(
    ("sentence", "repeat"),
    [
        ("La fin des trottinettes en libre-service à Montréal.", True),
        ("La fin des trottinettes en libre-service à Montréal - Le Devoir", True),
        ("Montréal met fin aux trottinettes en libre-service dès 2020, faute de respect des règles.", False),
        ("Les trottinettes.", False),
    ],
)
def test_title_repeats(sentence: str, repeat: bool) -> None:
    assert is_title_repeat(sentence, "La fin des trottinettes en libre-service à Montréal") is repeat
    assert not is_title_repeat(sentence, None)


def test_off_article_sentences() -> None:
    body = ngrams("Le conseil municipal a voté lundi la fin des trottinettes en libre-service.")
    assert in_article("Le conseil municipal a voté lundi la fin des trottinettes.", body)
    assert not in_article("Abonnez-vous pour lire la suite de cet article.", body)


def test_lead_takes_complete_sentences_only() -> None:
    sentences = [
        "Menu",
        "Se connecter",
        "Parité : la Tunisie recule",
        "Pourquoi la Tunisie recule-t-elle encore ?",
        "La Tunisie est classée 124e sur 153 pays au classement mondial.",
        "« Nous devons agir », a dit la ministre devant les députés.",
        "les chiffres viennent du Forum économique mondial.",
        "Le rapport sera présenté en mars à Genève.",
        "Une quatrième phrase complète qui ne sera pas prise.",
    ]
    assert lead(sentences, 3) == [sentences[4], sentences[5], sentences[7]]


PAGE = Page(
    id="synthetic",
    title="La fin des trottinettes à Montréal",
    facts=(
        Fact("la décision", compile_pattern(r"pas de trottinettes en 2020")),
        Fact("le chiffre", compile_pattern(r"huit (trottinettes|vehicules) sur dix")),
        Fact("le responsable", compile_pattern(r"caldwell")),
    ),
    boilerplate=(compile_pattern(r"obtenez 3 articles"),),
)
TEXT = [
    "La fin des trottinettes à Montréal.",
    "Il n'y aura pas de trottinettes en 2020 dans les rues de Montréal.",
    "Ainsi, huit trottinettes sur dix étaient mal garées l'été dernier.",
    "Obtenez 3 articles de plus par mois.",
    "Éric Alan Caldwell juge que l'expérience a été un échec.",
]


def test_score_of_a_summary() -> None:
    body = ngrams(" ".join(TEXT[1:3] + TEXT[4:]))
    result = score([TEXT[0], TEXT[2], TEXT[3]], TEXT, PAGE, body)
    assert result.facts == [False, True, False]
    assert result.boilerplate == [(2, "page: obtenez 3 articles")]
    assert result.title_repeats == [0]
    assert result.off_article == [2]  # the title repeat is counted once, as such
    assert result.dangling == [1]  # "Ainsi," without the sentence before it
    assert result.chars == len(" ".join([TEXT[0], TEXT[2], TEXT[3]]))


def test_score_of_a_good_summary() -> None:
    result = score([TEXT[1], TEXT[2], TEXT[4]], TEXT, PAGE, ngrams(" ".join(TEXT)))
    assert result.facts == [True, True, True]
    assert (result.boilerplate, result.dangling, result.title_repeats, result.off_article) == ([], [], [], [])


def test_the_committed_annotations_load() -> None:
    pages = load_pages(ANNOTATIONS)
    assert len(pages) == 29
    assert len({p.id for p in pages}) == 29
    assert all(p.title and 2 <= len(p.facts) <= 4 for p in pages)
    assert all(p.id.startswith("fr-") for p in pages)


def test_bad_annotations_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "facts.toml"
    bad.write_text('[[page]]\nid = "x"\ntitle = "T"\nfacts = [{ what = "a", re = "a" }]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="2 to 4 facts"):
        load_pages(bad)
    bad.write_text(
        '[[page]]\nid = "x"\ntitle = "T"\nfacts = [{ what = "a", re = "(" }, { what = "b", re = "b" }]\n'
    )
    with pytest.raises(Exception, match="missing"):
        load_pages(bad)
