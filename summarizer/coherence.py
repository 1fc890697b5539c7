"""Which sentences lean on the one before: « Elle appelle à… », « Et pourtant… », « En effet, le géant… ».

Shown alone in a summary such a sentence dangles: the reader does not know who « elle » is, nor what
« pourtant » objects to. The selection (summarize.py) chooses it together with the sentence before
it, or not at all. The rules look at the opening words only, so they are cheap and predictable; they
err on the side of "leans" for connectors, and spare the impersonal « Il y a », « Il faut », and
« Ce lundi », « Cette semaine », which need nothing before them.
"""

from __future__ import annotations

import re

__all__ = ["needs_previous"]

# fmt: off
_CONNECTORS = (
    "et", "mais", "or", "donc", "car", "ou", "puis", "ensuite", "enfin", "pourtant", "cependant",
    "toutefois", "néanmoins", "ainsi", "aussi", "alors", "sinon", "bref", "certes", "également",
    "d'ailleurs", "d’ailleurs", "par ailleurs", "en effet", "en outre", "de plus", "de même",
    "en revanche", "au contraire", "du coup", "pour autant", "malgré tout", "quant à lui",
    "quant à elle", "autrement dit", "c'est pourquoi", "c’est pourquoi", "dès lors", "à ce titre",
    "dans ce cadre", "dans ce contexte", "à cet égard", "de son côté", "de leur côté", "là encore",
    "but", "however", "yet", "so", "also", "then", "still", "thus", "therefore", "moreover", "besides",
    "and", "meanwhile", "instead",
)
_PRONOUNS = (
    "il", "elle", "ils", "elles", "lui", "eux", "leur", "celui-ci", "celle-ci", "ceux-ci", "celles-ci",
    "celui-là", "celle-là", "cela", "ceci", "ça", "ce dernier", "cette dernière", "ces derniers",
    "ces dernières", "selon lui", "selon elle", "selon eux", "pour lui", "pour elle", "pour eux",
    "c'est", "c’est", "c'était", "c’était", "ce sont", "ce qui", "ce que", "là",
    "he", "she", "it", "they", "this", "these", "those", "that",
)
# "Il" with no antecedent: the weather, existence, necessity.
_IMPERSONAL = (
    "y a", "y avait", "y aura", "y a eu", "faut", "fallait", "faudra", "faudrait", "existe", "reste",
    "suffit", "semble", "paraît", "convient", "importe", "vaut mieux", "fait", "pleut", "neige",
    "s'agit de savoir", "est temps", "était une fois", "est question",
)
# "Ce", "Cette", "Ces" + a word of time or place: "Ce lundi", "Cette année", "Ces derniers jours".
_DEICTIC_TIME = (
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "matin", "soir", "midi",
    "week-end", "weekend", "jour", "jours", "nuit", "semaine", "semaines", "mois", "année", "années",
    "an", "ans", "été", "hiver", "printemps", "automne", "saison", "année-là", "jour-là",
    "derniers jours", "dernières semaines", "derniers mois", "dernières années", "dernières heures",
)
# fmt: on

_LEAD = re.compile(r"^[\s\"'«“‘(\[—–-]*")
_APOSTROPHES = str.maketrans({"’": "'"})


def _alternation(words: tuple[str, ...]) -> str:
    forms = sorted({w.translate(_APOSTROPHES) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in forms)


_CONNECTOR = re.compile(rf"^(?:{_alternation(_CONNECTORS)})(?![\w'-])", re.I)
_PRONOUN = re.compile(rf"^(?:{_alternation(_PRONOUNS)})(?![\w-])", re.I)
_IMPERSONAL_IL = re.compile(rf"^il (?:n'|ne )?(?:{_alternation(_IMPERSONAL)})(?![\w-])", re.I)
_DEMONSTRATIVE = re.compile(r"^(?:ce|cet|cette|ces)\s+(\S+(?:\s+\S+)?)", re.I)
_TIME_WORDS = frozenset(_DEICTIC_TIME)
# "Alors que…", "Ainsi que…", "Aussi grave que…" open a subordinate clause: the sentence is whole.
_SUBORDINATE = re.compile(r"^(?:alors|ainsi|aussi|tandis|même si|si bien)\b[^,.;:]{0,40}?\bqu(?:e\b|')", re.I)


def needs_previous(sentence: str) -> bool:
    """Whether ``sentence`` opens on a pronoun, a connector or a demonstrative that points back."""
    start = _LEAD.sub("", sentence).translate(_APOSTROPHES)
    if not start:
        return False
    if _IMPERSONAL_IL.match(start) or _SUBORDINATE.match(start):
        return False
    demonstrative = _DEMONSTRATIVE.match(start)
    if demonstrative is not None:
        following = demonstrative.group(1).lower().rstrip(",.;:")
        if following.split()[0].rstrip(",.;:") in _TIME_WORDS or following in _TIME_WORDS:
            return False
    return bool(_CONNECTOR.match(start) or _PRONOUN.match(start) or demonstrative)
