"""Word lists the sentence splitter relies on (French first, some English).

Kept apart from the splitting logic so the rules stay readable and the lists easy to extend.
Abbreviations are stored without their final period and matched case-sensitively, because
"M." (monsieur) and "m." (mètre) do not behave alike.
"""

from __future__ import annotations

# A period after these never ends a sentence: a name, a number or a word always follows.
NON_FINAL: frozenset[str] = frozenset(
    {
        # titles
        "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Mgr", "Mgrs", "Dr", "Drs", "Pr", "Prs", "Me",
        "St", "Ste", "Sts", "Stes", "Vve", "Cdt", "Cne", "Col", "Gal", "Gén", "Lt", "Sgt", "Adj",
        "Mr", "Mrs", "Ms", "Messrs", "Prof", "Gov", "Sen", "Rep", "Rev", "Hon", "Capt", "Gen", "Sr",
        # references and citations
        "cf", "Cf", "p", "pp", "n", "nº", "chap", "éd", "Éd", "coll", "fig", "Fig", "tél", "Tél", "op",
        "cit", "vs", "env", "approx", "réf", "Réf", "av", "apr", "bd", "Bd", "boul", "rte", "sq", "sqq",
        "resp", "trad", "suiv", "e.g", "i.e", "viz", "cca", "Cie", "Sté", "Ets",
    }
)  # fmt: skip

# These may close a sentence ("etc.") or are common words too ("vol", "art", "ex"): a capital
# after them splits, a digit or a lowercase word does not ("vol. 2", "art. 4", "p. ex. des").
FINAL_OK: frozenset[str] = frozenset(
    {
        "etc", "Etc", "J.-C", "No", "no", "Nos", "vol", "Vol", "Chap", "art", "Art", "ex", "Ex", "min",
        "max", "jr", "Jr", "Bros", "al", "ed", "ibid", "dir", "Inc", "Ltd", "Co", "Corp", "pl",
        "janv", "févr", "fév", "avr", "juil", "sept", "oct", "nov", "déc",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    }
)  # fmt: skip

# Words that very often open a sentence and are no surname or brand part: they decide the
# ambiguous cases (an initial before a capital, "ParisLe" glued after a capitalised word).
STARTERS: frozenset[str] = frozenset(
    {
        # French
        "Le", "La", "Les", "L", "Un", "Une", "Des", "Du", "De", "D", "Il", "Elle", "Ils", "Elles", "On",
        "Ce", "Cet", "Cette", "Ces", "C", "Ça", "Cela", "Ceci", "Celui", "Celle", "Ceux", "Celles",
        "Je", "J", "Tu", "Nous", "Vous", "Mon", "Ma", "Mes", "Son", "Sa", "Ses", "Leur", "Leurs",
        "Notre", "Nos", "Votre", "Vos", "Dans", "Depuis", "Selon", "Pour", "Par", "Sur", "Sous",
        "Avec", "Sans", "Mais", "Et", "Or", "Donc", "Car", "Si", "Quand", "Lorsque", "Lorsqu", "Alors",
        "Après", "Avant", "Lors", "Au", "Aux", "En", "À", "Entre", "Face", "Malgré", "Pendant", "Puis",
        "Ainsi", "Enfin", "Pourtant", "Cependant", "Toutefois", "Néanmoins", "Parmi", "Jusqu",
        "Comme", "Outre", "Voici", "Voilà", "Dès", "Vers", "Chez", "Tout", "Tous", "Toute", "Toutes",
        "Plusieurs", "Certains", "Certaines", "Aucun", "Aucune", "Chaque", "Ici", "Hier", "Demain",
        "Aujourd", "Désormais", "Déjà", "Encore", "Aussi", "Bref", "Reste", "Côté", "Autre", "Autres",
        "Quant", "Quel", "Quelle", "Quels", "Quelles", "Qui", "Que", "Qu", "Quoi", "Pourquoi",
        "Comment", "Où", "Combien", "Seul", "Seule", "Seuls", "Même", "Pas", "Non", "Oui", "Contrairement",
        "Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche",
        "Concernant", "Durant", "Grâce", "Afin", "Bien", "Parce", "Plus", "Moins",
        # English
        "The", "A", "An", "It", "He", "She", "They", "We", "I", "This", "That", "These", "Those",
        "In", "At", "For", "But", "And", "If", "When", "While", "However", "Meanwhile", "There",
    }
)  # fmt: skip

# Camel-case names that look like two glued words ("You|Tube", "one|Plus"); compared lowercased.
BRANDS: frozenset[str] = frozenset(
    {
        "iphone", "ipad", "ipod", "imac", "itunes", "icloud", "ebay", "ebook", "youtube", "mcdonald",
        "playstation", "linkedin", "tiktok", "whatsapp", "powerpoint", "javascript", "typescript",
        "macbook", "deepmind", "paypal", "blablacar", "easyjet", "biomérieux", "oneplus", "leboncoin",
        "airbnb", "github", "gitlab", "softbank", "blackrock", "totalenergies", "fedex", "mastercard",
        "wechat", "aliexpress", "doordash", "onlyfans", "dicaprio", "desantis", "lebron", "mckinsey",
        "smartphone", "esport", "esports", "epay", "ecommerce", "ibook", "iwatch", "airpods", "macos",
    }
)  # fmt: skip

# Elided French words ("l'", "qu'"): dropped from word lists, the stemmer and stop words ignore them.
ELISIONS: frozenset[str] = frozenset(
    {"l", "d", "j", "m", "n", "s", "t", "c", "ç", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "quelqu"}
)
