"""The reader benchmark's measures (bench/reader_metrics.py) on tiny texts written for the purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.reader_metrics import (
    Fact,
    Page,
    boilerplate_reason,
    compile_pattern,
    dangling,
    dangling_opener,
    fold,
    in_article,
    is_all_caps,
    is_complete,
    is_cut_quote,
    is_title_repeat,
    lead,
    load_pages,
    ngrams,
    score,
)

ANNOTATIONS = Path(__file__).resolve().parents[2] / "bench" / "reader_facts.toml"


def test_fold_removes_accents_ligatures_and_curly_apostrophes() -> None:
    assert fold("L’Œuvre  d’Éloïse\u00a0est   « FINIE »") == "l'oeuvre d'eloise est « finie »"
    assert fold("dé\u00adcou\u00adverte") == "decouverte"


def test_patterns_match_with_or_without_accents() -> None:
    pattern = compile_pattern(r"créé en 1947|l.etat")
    assert pattern.search(fold("Créé en 1947, le chœur"))
    assert pattern.search(fold("Cree en 1947"))
    assert pattern.search(fold("dont l’État lui-même"))
    assert not pattern.search(fold("Créé en 1948"))


@pytest.mark.parametrize(
    ("sentence", "caps"),
    [
        ("DONNEZ, PARTAGEZ, INVESTISSEZ DANS LA LUTTE !", True),
        ("MONTANT TOTAL COLLECTÉ DEPUIS LE 5 DÉC.", True),
        ("La CGT, la CFDT et FO ont signé l'accord de l'UNEDIC.", False),
        ("OK.", False),
    ],
)
def test_all_caps_lines(sentence: str, caps: bool) -> None:
    assert is_all_caps(sentence) is caps


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Article mis à jour le 7 janvier 2020.", "update line"),
        ("Pour réécouter son interview, cliquez sur l’icône ci-dessous.", "click/UI"),
        ("Vous avez lu 1 des 4 articles gratuits ce mois-ci.", "subscription"),
        ("Nous utilisons des cookies pour vous proposer une meilleure expérience.", "cookies"),
        ("Pour rester informé inscrivez-vous à la newsletter.", "newsletter"),
        ("Un Népalais prie à Katmandou, le 30 avril 2015. (Photo Prakash Mathema. AFP)", "caption/credit"),
        ("Lire la suite de la critique sur le site.", "read more"),
        ("MERCI DE VOTRE AIDE POUR LA CAISSE", "all caps"),
        # sentences of articles that only look like boilerplate
        ("La hausse vertigineuse des abonnés à Facebook illustre un malaise.", None),
        ("L'Union suisse des paysans attend d'en savoir plus sur ses effets.", None),
        ("Les chercheurs ont publié le 6 juillet un article dans la revue.", None),
        ("Le ministre a annoncé lundi une réforme des retraites.", None),
    ],
)
def test_generic_boilerplate(sentence: str, reason: str | None) -> None:
    assert boilerplate_reason(sentence) == reason


def test_page_patterns_count_as_boilerplate() -> None:
    patterns = [compile_pattern(r"revivez le direct")]
    assert (
        boilerplate_reason("Revivez le direct du vote à l’Assemblée.", patterns) == "page: revivez le direct"
    )
    assert boilerplate_reason("Les députés ont voté la loi mardi soir.", patterns) is None


def test_cut_quotes() -> None:
    assert is_cut_quote("« Notre règlement n’a pas été respecté.")
    assert is_cut_quote("Les opérateurs ne l'ont pas fait respecter. »")
    assert not is_cut_quote("« Un choc », a-t-il dit devant la presse.")
    assert not is_cut_quote("Le maire a parlé sans citer personne.")


@pytest.mark.parametrize(
    ("sentence", "opener"),
    [
        ("Il a démissionné mardi.", "il"),
        ("Elle appelle à la grève.", "elle"),
        ("Ils n'ont rien dit.", "ils"),
        ("Ce projet est abandonné.", "ce"),
        ("Ce n'est pas beau à voir.", "ce"),
        ("Cela fait dix ans.", "cela"),
        ("Ces derniers ont refusé.", "ces"),
        ("Et pourtant, rien n'a changé.", "et"),
        ("Mais Emmanuel Macron a tenu bon.", "mais"),
        ("En effet, le géant vient de s'associer.", "en effet"),
        ("De plus, 333 constats ont été dressés.", "de plus"),
        ("C’est ce qu’a annoncé le maire mercredi.", "c'est ce qu"),
        ("— Lui, il reste à Paris.", "lui"),
        ("Selon elle, la loi est mauvaise.", "selon elle"),
        ("Ou même un an auparavant, lors de la diffusion sur Arte.", "ou"),
        # not openers: impersonal, cataphoric, time, names, comparisons, quotations
        ("Il y a dix ans, tout a changé.", None),
        ("Il faut agir vite, dit le maire.", None),
        ("Il est difficile de dire ce qui arrivera.", None),
        ("Ce que révèle l'enquête est grave.", None),
        ("Ce lundi, le gouvernement a tranché.", None),
        ("Cette année, les ventes ont baissé.", None),
        ("Ces derniers jours, le ton est monté.", None),
        ("Elle Macpherson a posé pour la marque.", None),
        ("Il Corriere della Sera l'a révélé.", None),
        ("De plus en plus de gens lisent en ligne.", None),
        ("De plus de 20 mètres, il a tiré.", None),
        ("Ainsi que prévu, le texte a été voté.", None),
        ("« Elle est partie », dit son avocat.", None),
        ("Maison Blanche et Congrès ont trouvé un accord.", None),
        ("Le gouvernement a tranché lundi.", None),
        ("Où qu'il aille, le ministre est attendu.", None),
        ("Outre-Atlantique, le débat fait rage.", None),
    ],
)
def test_dangling_openers(sentence: str, opener: str | None) -> None:
    assert dangling_opener(sentence) == opener


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
    assert not is_complete("Parité : la Tunisie recule encore cette année")
    assert is_complete("2 209 Français ont été localisés sains et saufs.")


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
