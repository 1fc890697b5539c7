"""French sentence splitting: abbreviations, numbers, quotes, URLs and text glued by scrapers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer

from summarizer.errors import UnsupportedLanguage
from summarizer.sentences import SentenceTokenizer, split_paragraphs, split_sentences


def one(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il pleut. Il vente.", ["Il pleut.", "Il vente."]),
        ("Vraiment ? Oui ! Bon.", ["Vraiment ?", "Oui !", "Bon."]),
        ("M. Dupont est arrivé. Il a parlé.", ["M. Dupont est arrivé.", "Il a parlé."]),
        ("MM. Durand et Duval sont là. Fin.", ["MM. Durand et Duval sont là.", "Fin."]),
        ("Selon Mme Martin et Mlle Roux, ça va. Fin.", ["Selon Mme Martin et Mlle Roux, ça va.", "Fin."]),
        ("Le Dr. Durand et le Pr. Morel opèrent. Fin.", ["Le Dr. Durand et le Pr. Morel opèrent.", "Fin."]),
        ("Me. Dupond plaide à St. Malo. Fin.", ["Me. Dupond plaide à St. Malo.", "Fin."]),
        ("Voir cf. Annexe et p. 12. Fin.", ["Voir cf. Annexe et p. 12.", "Fin."]),
        ("Des fruits, p. ex. des pommes. Fin.", ["Des fruits, p. ex. des pommes.", "Fin."]),
        ("En 52 av. J.-C. César gagne.", ["En 52 av. J.-C.", "César gagne."]),
        ("En 14 apr. J.-C., Auguste meurt. Fin.", ["En 14 apr. J.-C., Auguste meurt.", "Fin."]),
        ("Il y avait env. 300 personnes. Fin.", ["Il y avait env. 300 personnes.", "Fin."]),
        ("Lire le vol. 2, chap. 3, art. 4. Fin.", ["Lire le vol. 2, chap. 3, art. 4.", "Fin."]),
        ("Le 3 janv. 2020 et le 5 févr. 2021. Fin.", ["Le 3 janv. 2020 et le 5 févr. 2021.", "Fin."]),
        (
            "Des pommes, des poires, etc. Le reste attend.",
            ["Des pommes, des poires, etc.", "Le reste attend."],
        ),
        ("Des pommes, etc. et des poires. Fin.", ["Des pommes, etc. et des poires.", "Fin."]),
        ("Mr. Smith met Dr. Jones. It rained.", ["Mr. Smith met Dr. Jones.", "It rained."]),
        ("Fruit, e.g. apples, i.e. food. Fine.", ["Fruit, e.g. apples, i.e. food.", "Fine."]),
        ("He lives in the U.S. He works.", ["He lives in the U.S.", "He works."]),
    ],
)
def test_abbreviations(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "J. K. Rowling a écrit un livre.",
        "Emmanuel M. dit non.",
        "Le 1er mai, J.-P. Dupont parle.",
        "Il mesure 3.5 m et pèse 3,5 kg.",
        "Le prix atteint 1.000 euros ou 1.000.000 de dollars.",
        "Rendez-vous à 10 h 30 au n° 3 de la rue.",
        "Le taux passe de 2,5 % à 3.75 % cette année.",
        "Écrivez à jean.dupont@exemple.fr pour en savoir plus.",
        "Voyez https://www.exemple.com/Page.Html?Id=3&Mode=Full pour les détails.",
        "Le site www.Exemple.fr/Actu.Html le dit.",
        "Le projet Node.js et le site Booking.com sont cités.",
        "« Vraiment ? » a-t-il demandé.",
        "« Non ! » s'est-il exclamé.",
        "“Really?” he asked.",
        "Il hésite... puis repart.",
        "Il hésite… puis repart.",
        "Il a dit : « Nous (...) Les gens veulent autre chose ».",
        "Son iPhone, YouTube, McDonald's, eBay et PlayStation.",
        "LinkedIn, TikTok, WhatsApp, PowerPoint, JavaScript, iOS, MacBook, DeepMind et OpenAI.",
        "Sur macOS, BioNTech et SpaceX font parler d'eux.",
        "Le hashtag #BalanceTonPorc circule.",
        "1. Introduction au sujet.",
    ],
)
def test_single_sentences(text: str) -> None:
    one(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il hésite... Puis il part.", ["Il hésite...", "Puis il part."]),
        ("Attendez… Non.", ["Attendez…", "Non."]),
        ("« Oui ! » Elle répond.", ["« Oui ! »", "Elle répond."]),
        ("Il a fini (enfin.) Puis il part.", ["Il a fini (enfin.)", "Puis il part."]),
        ('Il a dit "c\'est fini." Puis il part.', ['Il a dit "c\'est fini."', "Puis il part."]),
        ("« C'est fini. » Il part.", ["« C'est fini. »", "Il part."]),
        ("Il est né en 1990. 2020 fut dure.", ["Il est né en 1990.", "2020 fut dure."]),
        ("C'est la vitamine C. Elle aide.", ["C'est la vitamine C.", "Elle aide."]),
        ("Le prix (42 %).Pour finir.", ["Le prix (42 %).", "Pour finir."]),
    ],
)
def test_boundaries(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("la parité.Comme quoi.", ["la parité.", "Comme quoi."]),
        ("une caméra.La plateforme.", ["une caméra.", "La plateforme."]),
        ("dans ses projetsLe lundi suivant.", ["dans ses projets", "Le lundi suivant."]),
        ("la joieEnfant de la balle.", ["la joie", "Enfant de la balle."]),
        ("le centre de ParisLe maire répond.", ["le centre de Paris", "Le maire répond."]),
        ("près d'aujourd'huiL'entreprise recrute.", ["près d'aujourd'hui", "L'entreprise recrute."]),
        ("TRANSPORTSLa candidate parle.", ["TRANSPORTS", "La candidate parle."]),
        ("selon les associations.EDF ne nie pas.", ["selon les associations.", "EDF ne nie pas."]),
        ("a-t-il dit.M. Dupont répond.", ["a-t-il dit.", "M. Dupont répond."]),
        ('de même source."Le transfert" attendra.', ["de même source.", '"Le transfert" attendra.']),
        ('"Ils seront ravis."Le patron rit.', ['"Ils seront ravis."', "Le patron rit."]),
        ('il a dit"Je pars" puis rien.', ["il a dit", '"Je pars" puis rien.']),
        ("elle a dit«Je pars» puis rien.", ["elle a dit", "«Je pars» puis rien."]),
        ("le reste.»Le lendemain.", ["le reste.»", "Le lendemain."]),
        ("un bilan de 52.000 à 25.000.Et il part.", ["un bilan de 52.000 à 25.000.", "Et il part."]),
        ("inutile ?En revanche non.", ["inutile ?", "En revanche non."]),
        ('de vitamine E."Même si" rien.', ["de vitamine E.", '"Même si" rien.']),
        ('qui a dû fermer."250 cas" sont là.', ["qui a dû fermer.", '"250 cas" sont là.']),
        ("selon LRSelon lui, rien.", ["selon LR", "Selon lui, rien."]),
        (
            "juste après l'annonce.- Appel à attendre -Dès le décès, il agit.",
            ["juste après l'annonce.", "- Appel à attendre -", "Dès le décès, il agit."],
        ),
        (
            "a-t-il estimé.- Quel plan de bataille? -Symbole du retour.",
            ["a-t-il estimé.", "- Quel plan de bataille? -", "Symbole du retour."],
        ),
        ("la tuerie.• Un piège via Facebook", ["la tuerie.", "• Un piège via Facebook"]),
        ("Au menu :• Le fromage• Le dessert", ["Au menu :", "• Le fromage", "• Le dessert"]),
    ],
)
def test_glued_by_scrapers(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "le standard ASP.NET est ancien.",
        "aux U.S.A en 2020.",
        "voir l'art.L. 12.",
        "M.Dupont est là.",
        "la PUMa est votée.",
        "Le match Paris - Lyon -Le Havre est reporté.",
        "Jean-Pierre et Marie-Claire viennent.",
    ],
)
def test_glued_periods_that_are_not_boundaries(text: str) -> None:
    one(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "« Nous ne lâcherons rien. Le combat continue », a déclaré X. Puis il part.",
            ["« Nous ne lâcherons rien. Le combat continue », a déclaré X.", "Puis il part."],
        ),
        (
            '"Pas question. Jamais", a-t-elle dit. Fin.',
            ['"Pas question. Jamais", a-t-elle dit.', "Fin."],
        ),
        (
            "« Nous ne lâcherons rien. Le combat continue. » Puis il part.",
            ["« Nous ne lâcherons rien.", "Le combat continue. »", "Puis il part."],
        ),
        ("“Stop. Now,” he said. Then he left.", ["“Stop. Now,” he said.", "Then he left."]),
        (
            'Il cite le film "Titanic". Le public rit. "Bravo", dit-il.',
            ['Il cite le film "Titanic".', "Le public rit.", '"Bravo", dit-il.'],
        ),
    ],
)
def test_short_quotations_inside_a_sentence_stay_whole(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_long_quotation_is_split_into_its_sentences() -> None:
    first = "Nous avons travaillé pendant des mois sur ce dossier difficile et sensible. " * 4
    text = f"« {first}Nous continuerons », a-t-il dit."
    assert len(split_sentences(text)) == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il a été arrêté pour vol. Les deux hommes sont partis.", 2),
        ("Voir le vol. 2 du recueil.", 1),
        ("Il aime l'art. Le reste l'ennuie.", 2),
        ("Apple Inc. The company grew.", 2),
        ("Louis XIV. Le roi soleil.", 2),
        ("Il est 10 h. Le train part.", 2),
        ("Il a couru 10 km. Le lendemain, il dort.", 2),
        ("Des pommes (poires, etc.) et du pain.", 1),
        ("Il habite au 12 av. Foch depuis 1990.", 1),
        ("Le groupe B. Il a gagné.", 2),
        ("Il est parti à 14 h 30.Il est revenu.", 2),
    ],
)
def test_word_and_abbreviation_ambiguities(text: str, expected: int) -> None:
    assert len(split_sentences(text)) == expected


def test_line_breaks_always_end_sentences_and_group_paragraphs() -> None:
    text = "Premier paragraphe sans point\nDeuxième. Encore une phrase.\n\n  \nM.\nFin"
    assert split_paragraphs(text) == [
        ["Premier paragraphe sans point"],
        ["Deuxième.", "Encore une phrase."],
        ["M."],
        ["Fin"],
    ]
    assert split_sentences("a\r\nb\u2028c") == ["a", "b", "c"]


def test_paragraphs_glued_by_a_scraper_are_restored() -> None:
    raw = "Premier paragraphe. Il continue.Deuxième paragraphe ici. Encore.Troisième sans pointQuatrième."
    assert split_paragraphs(raw) == [
        ["Premier paragraphe.", "Il continue."],
        ["Deuxième paragraphe ici.", "Encore."],
        ["Troisième sans point"],
        ["Quatrième."],
    ]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", ".", "...", "?!", "« »"])
def test_degenerate_input(text: str) -> None:
    assert split_sentences(text) == ([] if not text.strip() else [text.strip()])


def test_sentence_tokenizer_for_sumy() -> None:
    tokenizer = SentenceTokenizer("fr")
    assert tokenizer.language == "french"
    assert tokenizer.to_sentences("M. Dupont parle. Il part.") == ("M. Dupont parle.", "Il part.")
    words = tokenizer.to_words("L'article qu'aujourd'hui l’équipe a-t-il dit, jusqu'à 2020 : COVID-19.")
    assert words == ("article", "aujourd'hui", "équipe", "a", "dit", "à", "COVID-19")
    english = SentenceTokenizer("en")
    assert english.language == "english"
    assert english.to_words("McDonald's don't sell it's 3 cars.") == (
        "McDonald",
        "don't",
        "sell",
        "it",
        "cars",
    )


def test_sentence_tokenizer_drives_sumy() -> None:
    text = (
        "Le maire a présenté le budget. Le budget prévoit des travaux.\n"
        "Les travaux du budget commencent en mai. Les habitants attendent."
    )
    parser = PlaintextParser.from_string(text, SentenceTokenizer("fr"))
    assert len(parser.document.sentences) == 4
    summary = LexRankSummarizer(Stemmer("french"))(parser.document, 2)
    assert len(summary) == 2


def test_french_words_drop_elisions_and_inverted_pronouns() -> None:
    words = SentenceTokenizer("fr-FR").to_words(
        "Jusqu'où l'État ira-t-il ? dit-elle. Lorsqu’elle part, c'est fini."
    )
    assert words == ("où", "État", "ira", "dit", "elle", "part", "est", "fini")
    assert SentenceTokenizer("fr").to_words("... 2020 ! — « » 3,5 %") == ()


@pytest.mark.parametrize("language", ["de", "klingon", ""])
def test_unsupported_tokenizer_language(language: str) -> None:
    with pytest.raises(UnsupportedLanguage):
        SentenceTokenizer(language)


_ALPHABET = st.sampled_from(
    [*"aZé É.!?…«»\"“”()'’-–:;,0123456789\n\t\u00a0\u202fMcJLeT@/#%•", "M. ", "etc.", "www.", "://", ".fr"]
)


def _squeeze(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_words_are_words(text: str) -> None:
    for language in ("fr", "en"):
        for word in SentenceTokenizer(language).to_words(text):
            assert word[0].isalpha() and word in text.replace("’", "'")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_drops_or_invents_characters(text: str) -> None:
    sentences = split_sentences(text)
    assert _squeeze("".join(sentences)) == _squeeze(text)
    assert all(sentence == sentence.strip() and sentence for sentence in sentences)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_never_drops_characters_on_tricky_alphabet(text: str) -> None:
    paragraphs = split_paragraphs(text)
    assert _squeeze("".join(s for paragraph in paragraphs for s in paragraph)) == _squeeze(text)
    assert all(paragraphs)
