"""One sentence as the reader benchmark sees it (bench/reader_sentences.py), on sentences written for
the purpose."""

from __future__ import annotations

import pytest

from bench.reader_sentences import (
    boilerplate_reason,
    compile_pattern,
    dangling_opener,
    fold,
    is_all_caps,
    is_complete,
    is_cut_quote,
)


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


def test_complete_sentences() -> None:
    assert is_complete("2 209 Français ont été localisés sains et saufs.")
    assert is_complete("« Nous devons agir », a dit la ministre devant les députés.")
    assert not is_complete("Parité : la Tunisie recule encore cette année")  # a heading
    assert not is_complete("Pourquoi la Tunisie recule-t-elle encore cette année ?")
    assert not is_complete("les chiffres viennent du Forum économique mondial.")
    assert not is_complete("Se connecter.")
