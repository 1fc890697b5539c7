"""Which sentences may appear in a summary at all.

A summary line must stand on its own: headlines, titles, teasers cut with "...", captions, bylines,
ALL-CAPS slogans, quotations cut from their speaker, "cliquez ici" instructions and other fragments
are never candidates, whatever their rating; neither is a sentence that repeats an earlier one or
the title. Rejected sentences still count for positions, so the ranker sees where the candidates
really were in the text.

The standfirst (chapô) is the author's own summary, and scrapers and CMSs often drop its final full
stop: the opening paragraph is a candidate whatever its last punctuation, when it reads as prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.coherence import needs_previous

MIN_WORDS = 6  # shorter "sentences" are labels, bylines or captions, not statements
MAX_WORDS = 120  # longer ones are lists or unpunctuated text that the splitter could not cut
NEAR_DUPLICATE = 0.7  # Jaccard similarity of word sets above which a sentence repeats an earlier one
CONTAINED = 0.9  # share of a sentence's words found in an earlier one that makes it a repeat
MAX_CANDIDATES = 150  # how many candidates the (quadratic) ranking sees, whatever the text's length
LEAD_CANDIDATES = 100  # of those, how many are simply the first ones (news puts the facts first)

_WORD = re.compile(r"\w+")
_CLOSERS = "\"'»”’)]"
_TERMINAL = re.compile(r"[.!?][" + re.escape(_CLOSERS) + r"\s]*$")
_QUESTION = re.compile(r"\?[" + re.escape(_CLOSERS) + r"\s]*$")
_EXCLAIM = re.compile(r"![" + re.escape(_CLOSERS) + r"\s]*$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)[)\]]?\s*$")
_OPENING = re.compile(r"^[\s\"'«“‘(\[—–-]*")
_LETTER = re.compile(r"[^\W\d_]")
ALL_CAPS_SHARE = 0.7  # share of upper-case letters above which a line shouts: a slogan or a banner
STANDFIRST_MIN_WORDS = 6  # the last sentence of an opening paragraph of several: shorter is a label
# An opening paragraph of one unpunctuated sentence is a headline unless it is longer than headlines
# run (French news titles: 8 to 15 words); standfirsts run 20 to 40.
STANDFIRST_ALONE_MIN_WORDS = 16
KICKER_WORDS = 3  # a first line this short may sit above the standfirst
TITLE_REPEAT = 0.8  # Jaccard similarity of word sets above which a sentence is the title again
TITLE_CONTAINED = 0.9  # share of a sentence's words found in the title that makes it a repeat
# Notices addressed to the visitor, and readers' comment signatures ("par Binh le 7 mai 2020 - 15:39").
_NOTICE = re.compile(
    r"\bcookies?\b.{0,100}\b(?:vous|vos|votre|ce site|notre site|nos partenaires|des tiers)\b|"
    r"\b(?:vous|vos|votre|ce site|notre site|nos partenaires|des tiers)\b.{0,100}\bcookies?\b|"
    r"\bpolitique (?:de |des |relative aux )?cookies\b|"
    r"\b(?:inscri\w*|abonne\w*)\b.{0,60}\b(?:newsletter|lettre d['’]information|infolettre|"
    r"liste de diffusion)\b|"
    r"\b(?:contribuez|adhérez|soutenez-nous|faites un don|abonnez-vous|inscrivez-vous|rejoignez-nous)\b|"
    r"^(?:partage avec les réseaux sociaux|mesure d['’]audience|publicités? (?:ciblées?|personnalisées?)|"
    r"cookies? (?:techniques|nécessaires|fonctionnels|analytiques))\s*:|"
    r"\bpar \S+ le \d{1,2}(?:er)? \w+\.? \d{4}\s*(?:[-–,]|à)\s*\d{1,2}\s*[:h]\s*\d{2}",
    re.I,
)
# Every _INSTRUCTION, _CAPTION and _NOTICE match holds one of these: the regexes run only then.
_HINTS = (
    "cliqu", "appuyez", "téléchargez", "click", "tap ", "cookie", "newsletter", "lettre d", "infolettre",
    "diffusion", "contribuez", "adhérez", "soutenez", "faites un don", "abonnez", "inscrivez", "rejoignez",
    "réseaux sociaux", "audience", "publicit", "par ", "photo", "crédit", "image", "illustration", "légende",
    "vidéo",
)
_CAPTION = re.compile(
    r"^\W*(?:photos?|crédits?(?: photos?)?|images?|illustrations?|légende)\s*:|"
    r"^\[(?:images?|photos?|vidéos?)\]",
    re.I,
)
_INSTRUCTION = re.compile(
    r"\bcliqu(?:ez|er|ant)\b|\bappuyez sur\b|\btéléchargez (?:l['’]appli|notre appli)|"
    r"\bclick (?:here|on)\b|\btap (?:here|on)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may be chosen, with where it sits in the text."""

    text: str
    index: int  # position among all the sentences of the text
    paragraph: int  # index of its paragraph
    in_paragraph: int  # position inside the paragraph
    paragraph_size: int  # sentences in that paragraph
    words: tuple[str, ...]  # lower-cased word tokens
    leans: bool = False  # opens on a pronoun or connector that needs the sentence before it
    before: int = -1  # index of the sentence it would lean on (banners and instructions skipped)


def words_of(sentence: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(sentence.lower()))


def is_fragment(sentence: str, words: Sequence[str]) -> bool:
    """True for what cannot stand alone in a summary: too short or long, unpunctuated, cut, a question,
    or starting mid-sentence."""
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return True
    stripped = sentence.strip()
    # A question ("Karim Ouali vit-il à Hong Kong ?") is a hook or the reporter's, never a summary line.
    if _ELLIPSIS.search(stripped) or not _TERMINAL.search(stripped) or _QUESTION.search(stripped):
        return True
    start = _OPENING.sub("", stripped)
    if not start or not (start[0].isalnum()):
        return True
    # "et la suite…" starts mid-sentence; "iPhone", "eBay" are names and may start a sentence.
    return start[0].islower() and not (len(start) > 1 and start[1].isupper())


def is_boilerplate(sentence: str) -> bool:
    """Lines that are not statements of the article: ALL-CAPS banners, quotations with no speaker
    (or cut by the splitter), instructions to click or tap, captions, and notices addressed to the
    visitor (cookies, newsletters, donations, comment signatures)."""
    if sum(map(str.isupper, sentence)) >= 8:  # cheap first: most sentences have a few capitals
        letters = _LETTER.findall(sentence)
        if sum(c.isupper() for c in letters) >= ALL_CAPS_SHARE * len(letters):
            return True
    folded = sentence.casefold()
    if any(hint in folded for hint in _HINTS) and (
        _INSTRUCTION.search(sentence) or _CAPTION.match(sentence) or _NOTICE.search(sentence)
    ):
        return True
    if sentence.count("«") != sentence.count("»"):
        return True  # a quotation cut by the splitter, or left open by the page itself
    return _unattributed_quote(sentence.strip())


def _unattributed_quote(sentence: str) -> bool:
    """« Notre règlement n'a pas été respecté. »: said by nobody the reader can see; or a quotation
    whose closing mark is in another sentence (the splitter cut it)."""
    opener = sentence[:1]
    if opener in "«“":
        closer = "»" if opener == "«" else "”"
        closing = sentence.find(closer)
        return closing == -1 or not _WORD.search(sentence[closing + 1 :])
    if opener == '"':
        return sentence.count('"') % 2 == 1 or (
            sentence.count('"') == 2 and not _WORD.search(sentence[sentence.rfind('"') + 1 :])
        )
    return False


def _standfirst_sentence(paragraphs: Sequence[Sequence[str]], p: int, j: int) -> str | None:
    """The opening paragraph's last sentence with a full stop added, when its own was dropped."""
    paragraph = paragraphs[p]
    first = 1 if p == 1 and len(words_of(" ".join(paragraphs[0]))) <= KICKER_WORDS else 0
    if p != first or j != len(paragraph) - 1 or len(paragraphs) <= p + 1:
        return None
    sentence = paragraph[j].strip()
    if _TERMINAL.search(sentence) or sentence.endswith((":", ";", ",", "…")):
        return None
    minimum = STANDFIRST_MIN_WORDS if len(paragraph) > 1 else STANDFIRST_ALONE_MIN_WORDS
    if not minimum <= len(words_of(sentence)) <= MAX_WORDS:
        return None
    return sentence + "."


def _is_title(words: tuple[str, ...], title: frozenset[str]) -> bool:
    if not title:
        return False
    found = frozenset(words)
    common = len(found & title)
    # "Il y a d'abord le poids de la géographie." under the title « Il y a, d'abord, le poids de la
    # géographie ». Sur les migrations…: the headline quotes it, the summary need not say it again.
    return common / len(found | title) >= TITLE_REPEAT or common / len(found) >= TITLE_CONTAINED


def _is_headline(paragraph: Sequence[str], index: int, words: Sequence[str]) -> bool:
    """A short exclamation alone at the top is a title ("Les Bleus champions du monde !").

    Questions need no such rule: no question is ever a candidate."""
    return index == 0 and len(paragraph) == 1 and len(words) <= 15 and bool(_EXCLAIM.search(paragraph[0]))


def candidates(
    paragraphs: Sequence[Sequence[str]], title: str | None = None
) -> tuple[list[Candidate], int]:
    """The sentences that may be chosen, in document order, and the total number of sentences."""
    found: list[Candidate] = []
    seen: set[tuple[str, ...]] = set()
    title_words = frozenset(words_of(title or ""))
    index = 0
    last_statement = -1  # the latest sentence that is not noise (a banner, an instruction)
    for p, paragraph in enumerate(paragraphs):
        for j, sentence in enumerate(paragraph):
            text = _standfirst_sentence(paragraphs, p, j) if p < 2 else None
            text = text or sentence.strip()
            words = words_of(text)
            noise = is_boilerplate(text)
            if not (
                noise
                or is_fragment(text, words)
                or _is_headline(paragraph, p, words)
                or words in seen
                or _is_title(words, title_words)
            ):
                seen.add(words)
                leans = last_statement >= 0 and needs_previous(text)
                found.append(Candidate(text, index, p, j, len(paragraph), words, leans, last_statement))
            if not noise:
                last_statement = index
            index += 1
    return found, index


def _frequency_scores(found: Sequence[Candidate]) -> list[float]:
    counts: dict[str, int] = {}
    for candidate in found:
        for word in set(candidate.words):
            counts[word] = counts.get(word, 0) + 1
    return [sum(counts[w] for w in set(c.words)) / len(c.words) for c in found]


def bound(found: list[Candidate]) -> list[Candidate]:
    """At most MAX_CANDIDATES: the first ones, then the most frequent-worded of the rest, in order.

    Linear in the text's length, so the quadratic steps after it see a bounded number of sentences.
    """
    if len(found) <= MAX_CANDIDATES:
        return found
    rest = found[LEAD_CANDIDATES:]
    scores = _frequency_scores(rest)
    best = sorted(range(len(rest)), key=lambda i: -scores[i])[: MAX_CANDIDATES - LEAD_CANDIDATES]
    return found[:LEAD_CANDIDATES] + [rest[i] for i in sorted(best)]


def without_near_duplicates(found: Sequence[Candidate]) -> list[Candidate]:
    """Drop a candidate whose words mostly repeat an earlier candidate's (quadratic: bound first)."""
    kept: list[Candidate] = []
    sets: list[frozenset[str]] = []
    for candidate in found:
        words = frozenset(candidate.words)
        if not any(_repeats(words, earlier) for earlier in sets):
            kept.append(candidate)
            sets.append(words)
    return kept


def _repeats(words: frozenset[str], earlier: frozenset[str]) -> bool:
    common = len(words & earlier)
    if not common:
        return False
    return common / len(words | earlier) >= NEAR_DUPLICATE or common / len(words) >= CONTAINED
