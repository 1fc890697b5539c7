"""French clean-up of extracted paragraphs: what generic extractors still let through.

Each rule looks at one paragraph (a line of the extracted text) and only ever drops short, formulaic
lines: "À lire aussi" teasers, photo credits, bylines and dates, comment counts, share and newsletter
blocks, paywall and consent prompts, calls for volunteers. Long prose is never dropped by a pattern.
Dropped lines are counted by kind so the caller can tell a paywall stub or a consent wall apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from summarizer.decode import fix_mojibake
from summarizer.shortcodes import strip_shortcodes

__all__ = ["Cleaned", "clean_paragraphs", "is_boilerplate_line", "normalize_text", "text_key"]

# --- characters -------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffd"), None)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\f\v\r]+")
_WORD_CHARS = re.compile(r"\w+")


def normalize_text(text: str) -> str:
    """Repair double-encoded text, drop soft hyphens, zero-width and control characters, tidy spaces."""
    text = fix_mojibake(unicodedata.normalize("NFC", text)).translate(_INVISIBLE)
    return _SPACES.sub(" ", _CONTROLS.sub(" ", text)).strip()


def text_key(text: str) -> str:
    """The words of ``text`` only, case folded: two lines with the same key say the same thing."""
    return "".join(_WORD_CHARS.findall(text.casefold()))


# --- line rules ----------------------------------------------------------------------------------

_LEAD = r"^[\s»>›→►▶•·*|–—-]*"  # arrows and bullets that teasers start with
_NAME = r"(?:[A-ZÀ-Ý][\w'’.-]*|de|du|la|le|et|&)"
_LETTER = r"(?:newsletter|lettre d['’]information|infolettre|liste de diffusion)"
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_MONTH = r"(?:janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|oct|nov|déc|dec)"
_BESIDE = r"(?:\s*[·|•]\s*[^.!?·|•]{1,40})+"  # "· Gaëlle Le Bihan · Musique" after a date
_TIME = r"(?:\s*(?:à|-|,)?\s*\d{1,2}\s*[h:]\s*\d{0,2})?"

Rule = tuple[str, int, re.Pattern[str], tuple[re.Pattern[str], ...]]


def _rule(
    kind: str, max_words: int, *alternatives: str, flags: int = re.I, also: tuple[str, ...] = ()
) -> Rule:
    """A line of at most ``max_words`` words matching any alternative (and every ``also``) is dropped."""
    return (
        kind,
        max_words,
        re.compile("|".join(alternatives), flags),
        tuple(re.compile(a, flags) for a in also),
    )


_RULES: tuple[Rule, ...] = (
    _rule(
        "related",
        40,
        _LEAD + r"(?:(?:à|a) lire|lire) (?:aussi|également|egalement|la suite)\b",
        _LEAD + r"(?:(?:à )?voir aussi|sur le même (?:sujet|thème))\b",
        _LEAD + r"(?:à découvrir|découvrez) (?:aussi|également)\b",
        _LEAD + r"(?:nos articles sur|articles? (?:liés?|similaires|recommandés?)|en savoir plus)\b",
        _LEAD + r"(?:vous aimerez aussi|vous pourriez aussi aimer)\b",
    ),
    _rule(
        "promo",
        20,
        r"^(?:revivez|suivez|retrouvez|découvrez|écoutez|regardez|consultez)\b.{0,120}"
        r"\b(?:direct|live|dossier|nos articles|notre article|podcast|vidéo|newsletter|appli\w*|chaîne|ici)"
        r"\b",
        r"^cet article vous a (?:plu|intéressé|été utile)",
    ),
    _rule("video", 15, _LEAD + r"(?:en vidéo|vidéo|video|en images|diaporama|infographie)\s*[-:,.–—]"),
    _rule(
        "credit",
        25,
        _LEAD + r"(?:crédits?(?: photos?)?|credits?|photos?|images?(?: illustrative)?|illustrations?|légende|"
        r"source photo|copyright)\s*(?:\(cc\)\s*)?:",
    ),
    _rule("credit", 12, r"©", r"\(c\) \w", r"^(?:photo|image) ?(?:afp|reuters|ap|getty)\b"),
    _rule(
        "byline",
        8,
        r"^(?:par|by|auteur|autrice|auteurs|édition|edition|rédaction|réalisation|montage|journaliste|texte|"
        r"traduction|infographie)\s*:\s*\S",
    ),
    _rule("byline", 6, rf"^(?:[Pp]ar|PAR|[Bb]y)\s+{_NAME}(?:\s+{_NAME})*$", flags=0),
    _rule(
        "date",
        12,
        r"^(?:(?:article|texte|page|billet|dépêche|dernière)\s+)?"
        r"(?:publié|mis à jour|mise à jour|modifié|créé|actualisé|posté|updated|published)e?s?"
        r"\s*(?:le\b|:|à\b|il y a\b|on\b)?\s*\S{0,12}\s*\d",
    ),
    _rule("date", 8, rf"^(?:(?:le )?{_WEEKDAY}\s+)?\d{{1,2}}(?:er)?\s+{_MONTH}[a-zéû.]*\s+\d{{4}}{_TIME}$"),
    _rule("date", 4, rf"^\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}{_TIME}$"),
    # A date line with the byline or the section beside it: "17 mars 2025 · Gaëlle Le Bihan".
    _rule(
        "date",
        14,
        rf"^(?:(?:le )?{_WEEKDAY}\s+)?\d{{1,2}}(?:er)?\s+{_MONTH}[a-zéû.]*\s+\d{{4}}{_TIME}{_BESIDE}$",
        rf"^\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}{_TIME}{_BESIDE}$",
    ),
    _rule("byline", 4, r"^(?:par|by) (?:la|notre) rédaction\W*$", r"^la rédaction\W*$"),
    _rule("reading-time", 8, r"(?:temps de )?lecture\s*:?\s*\d+\s*min", r"^\d+\s*min(?:utes?)? de lecture"),
    _rule(
        "comments",
        5,
        r"^(?:\d+\s+(?:commentaires?|réactions?|comments?)|commentaires?|commenter|réagir|réagissez)\W*$",
        r"^aucun commentaire\W*$",
        r"^(?:(?:voir|afficher|lire) les (?:\d+ )?|ajouter un |laisser un )commentaires?\W*$",
    ),
    _rule(
        "share",
        8,
        r"^(?:(?:partager|partagez|tweeter|twitter|facebook|linkedin|whatsapp|messenger|pinterest|e-?mail|"
        r"imprimer|envoyer|copier|le|l|lien|sur|par|cet|cette|article|page|x|bluesky|telegram|reddit|"
        r"flipboard|mail)\W*)+$",
        r"^suivez[- ]nous (?:sur|on)\b",
    ),
    _rule("tags", 25, r"^(?:mots[- ]clés|tags|thèmes|sujets associés)\s*:"),
    _rule(
        "newsletter",
        45,
        rf"{_LETTER}.*(?:inscri|abonne|recev)",
        rf"(?:inscri|abonne|recev)\w*.{{0,60}}{_LETTER}",
        r"^(?:je m['’]abonne|s['’]inscrire|inscrivez-vous|abonnez-vous|newsletter)\W*$",
    ),
    _rule(
        "paywall",
        45,
        r"pour lire la suite|réservée? aux abonnés|il vous reste \d+ ?%|la suite est réservée",
        r"(?:contenu|article) réservé|abonnez-vous pour (?:lire|accéder)",
    ),
    # Subscription prompts that also sit in the header of free articles: dropped, but no paywall sign.
    _rule("subscribe", 45, r"déjà abonné|pour accéder en illimité|accédez à (?:tous nos|l['’]intégralité)"),
    _rule("subscribe", 15, r"essayez gratuitement|offre d['’]abonnement|^s['’]abonner\W*$"),
    _rule(
        "subscribe",
        25,
        r"\b(?:vous avez (?:lu|consulté)|il vous reste)\b.{0,40}\barticles?\b",
        r"\barticles? (?:gratuits?|offerts?)\b.{0,40}\b(?:mois|semaine|restants?)\b",
    ),
    # Interface lines copied with a page: players, bookmarks, text size, "cliquez ici".
    _rule(
        "interface",
        30,
        r"\bcliqu(?:ez|er|ant)\b.{0,60}\b(?:ici|icône|bouton|lien|image|photo|vidéo|player|lecteur)\b",
        r"^(?:écouter|lire|ajouter|sauvegarder|enregistrer|imprimer) (?:cet article|l['’]article|plus tard|"
        r"à mes (?:favoris|articles))\b",
        r"^(?:taille du texte|agrandir le texte|réduire le texte|mode sombre|aller au contenu)\b",
    ),
    _rule(
        "consent",
        60,
        r"\b(?:cookies?|traceurs)\b",
        also=(r"\b(?:vous|vos|votre|nos partenaires)\b", r"accept|consent|paramétr|refus"),
    ),
    _rule(
        "consent",
        5,
        r"^(?:tout accepter|tout refuser|continuer sans accepter|accepter et fermer|j['’]accepte)\W*$",
    ),
    # The rest of a consent dialog, as a whole-page paste brings it.
    _rule(
        "consent",
        30,
        r"\bcookies?\b.{0,80}\b(?:déposés?|utilisons|utilise|améliorer|partenaires|tiers)\b",
        r"\b(?:nous utilisons|ce site utilise)\b.{0,30}\b(?:cookies?|traceurs)\b",
        r"^mesure d['’]audience\b",
        r"\bstatistiques de fréquentation\b",
        r"\b(?:déclaration|politique) (?:sur la |de )?(?:protection des données|confidentialité)\b",
    ),
    _rule("recruitment", 6, r"\bpostul(?:er|ez|e)\b", r"\brejoi(?:ns|gnez)[- ]nous\b", r"nous recrutons"),
    _rule("recruitment", 8, r"^rejoindre (?:l['’]équipe|la rédaction|notre (?:équipe|rédaction))"),
    _rule(
        "recruitment",
        45,
        r"\b(?:devenez|deviens) (?:bénévole|rédact|contribut|correspondant|membre de (?:la|notre))",
        r"\brejoi(?:ns|gnez)(?: donc)? (?:l['’]équipe|la rédaction|notre (?:équipe|rédaction))",
        r"don pour (?:la rédaction|l['’]écriture)|envie d['’]écrire|[ée]cri(?:s|vez) pour nous",
        r"(?:nous|on) (?:recherchons|recrute|cherche) (?:des |de nouveaux |de nouvelles )?"
        r"(?:rédact|bénévoles|contribut|plumes)",
        r"appel à (?:bénévoles|contributeurs|rédacteurs)",
        r"\bcontacte[rz]?[- ]nous\b.{0,80}\brejoindre\b",
        r"\brejoindre (?:notre|l['’]|la) (?:équipe|rédaction)\b.{0,40}\b(?:bénévoles|rédacteurs|plumes)\b",
    ),
    _rule(
        "donation",
        30,
        r"^(?:faire un don|faites un don|je fais un don|soutenez-nous|nous soutenir|je soutiens)\s*[!.]?$",
        r"(?:soutenez|soutenir) (?:notre|la) (?:rédaction|journalisme|média|site).{0,60}(?:don|abonn)",
        r"\bdéductibles? (?:de (?:vos|votre) |des )?(?:impôts?|revenus)\b",
    ),
    _rule("newsletter", 20, r"\bdans (?:votre|ta) boîte (?:mail|e-mail|aux lettres|de réception)\b"),
    _rule("related", 12, r"^lire (?:le|la|l['’]) .{0,40}\b(?:complet|complète|intégral\w*|en entier)\b"),
    _rule(
        "comments",
        15,
        r"^(?:commentaires? )?(?:posté |publié |écrit )?par \S+(?: \S+)? le \d{1,2}(?:er)? \w+\.? \d{4}",
    ),
    _rule("artifact", 3, r"^(?:\[object object\]|undefined|null|nan|loading|chargement|publicité)\W*$"),
    _rule("byline", 4, r"^\(?avec (?:l['’])?(?:afp|reuters|ap|belga|ats)\)?\W*$"),
    _rule("breadcrumb", 20, r"^(?:accueil|home)\s*[>›/]", r"(?:\S\s+[>›]\s+\S.*){2,}"),
)

SIGNATURE_NOTE_WORDS = 15  # a signature may sit above a short note ("*Le prénom a été modifié.")
MIN_REPEAT_WORDS = 8  # shorter lines and questions may repeat on purpose (interview series, labels)
_DANGLING = re.compile(r"(?:[&:,–—-]|\bet)\s*$")  # a teaser label whose headline went to the next line
_FOLLOWER = re.compile(r"^[\s»>›→►▶]")  # the headline line that follows a bare "À lire aussi"
_WORDS = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…:;»\"”)]\s*$")


@dataclass
class Cleaned:
    """Paragraphs kept, and how many lines each rule dropped (``dropped["paywall"]``…)."""

    paragraphs: list[str]
    dropped: Counter[str] = field(default_factory=Counter)


def _kind(line: str, words: int) -> str | None:
    for kind, max_words, pattern, also in _RULES:
        if words <= max_words and pattern.search(line) and all(a.search(line) for a in also):
            return kind
    return None


def _is_doubled(line: str) -> bool:
    """ "TitreTitre": the same label twice, glued by responsive markup (desktop and mobile copies)."""
    half, odd = divmod(len(line), 2)
    return not odd and half >= 4 and line[:half] == line[half:]


def _dedup_key(line: str) -> str:
    return " ".join(_WORDS.findall(line.casefold()))


def _follows_teaser(line: str, words: int, previous: str | None) -> bool:
    """The headline under a bare "À lire aussi" label (or one cut short: "Lire aussi Dupont &")."""
    if previous is None or words > 25:
        return False
    if _DANGLING.search(previous):
        return True
    return len(_WORDS.findall(previous)) <= 8 and bool(
        _FOLLOWER.match(line) or not _SENTENCE_END.search(line)
    )


def is_boilerplate_line(line: str) -> bool:
    """Whether one line, alone, is what the clean-up drops (a notice, a byline, a call to action…)."""
    line = normalize_text(line)
    return _line_kind(line, len(_WORDS.findall(line)), None) is not None


_CREDIT_TAIL = re.compile(
    r"(?:^|[.!?»]\s+)[(\[]?(?:photos?|crédits?(?: photos?)?|images?|illustrations?)(?: d['’]archives)?"
    r"\s*:?\s+(?P<who>[^:!?()\[\]]{1,80})[)\]]?$",
    re.I,
)
CAPTION_WORDS = 35  # a caption with its credit at the end: "Le lit du Roubion, fin juin. Photo : M. R."
CREDIT_WORDS = 8


def _is_caption(line: str, words: int) -> bool:
    match = _CREDIT_TAIL.search(line) if words <= CAPTION_WORDS else None
    who = match.group("who").strip() if match else ""
    return bool(who) and who[0].isupper() and len(who.split()) <= CREDIT_WORDS


def _line_kind(line: str, words: int, teaser: str | None) -> str | None:
    kind = _kind(line, words)
    if kind is None and _is_caption(line, words):
        kind = "credit"
    if kind is None and _follows_teaser(line, words, teaser):
        kind = "related"
    if kind is None and _is_doubled(line):
        kind = "doubled"
    return kind


def clean_paragraphs(paragraphs: list[str]) -> Cleaned:
    """Normalise each paragraph, drop boilerplate lines, keep the first copy of repeated ones."""
    result = Cleaned([])
    seen: set[str] = set()
    teaser: str | None = None  # the previous line, when it was a dropped "À lire aussi" teaser
    for raw in strip_shortcodes("\n".join(paragraphs)).split("\n"):
        line = _unbox_cell(normalize_text(raw))
        words = len(_WORDS.findall(line))
        if not words:
            continue
        kind = _line_kind(line, words, teaser)
        teaser = line if kind == "related" and teaser is None else None
        if kind == "recruitment" and result.paragraphs and _is_short_question(result.paragraphs[-1]):
            result.paragraphs.pop()  # "Envie d'écrire ?" above "Postuler": the same call to action
        if kind is not None:
            result.dropped[kind] += 1
            continue
        key = _dedup_key(line)
        if words >= MIN_REPEAT_WORDS and key in seen and not line.endswith(("?", ":")):
            result.dropped["repeated"] += 1
            continue
        seen.add(key)
        result.paragraphs.append(line)
    _drop_signature(result)
    return result


def _unbox_cell(line: str) -> str:
    """A table row with one filled cell ("| | texte | |") is page layout: keep the text only."""
    if not (line.startswith("|") and line.endswith("|")):
        return line
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    filled = [cell for cell in cells if cell]
    return filled[0] if len(filled) == 1 else line


def _is_short_question(line: str) -> bool:
    return line.rstrip().endswith("?") and len(_WORDS.findall(line)) <= 12


def _is_name(line: str) -> bool:
    names = line.split()
    return 2 <= len(names) <= 4 and all(
        n[:1].isupper() and n.replace("-", "").replace(".", "").isalpha() for n in names
    )


def _drop_signature(result: Cleaned) -> None:
    """The writer's name near the end ("Camille Vasseur"), above at most a short note, is a signature."""
    paragraphs = result.paragraphs
    for index in range(len(paragraphs) - 1, max(len(paragraphs) - 3, 2), -1):
        if _is_name(paragraphs[index]):
            del paragraphs[index]
            result.dropped["byline"] += 1
            return
        if len(_WORDS.findall(paragraphs[index])) > SIGNATURE_NOTE_WORDS:
            return
