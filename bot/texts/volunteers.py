"""Texts of the volunteer form and its review by the team (issue 6)."""

from __future__ import annotations

from html import escape

# --- volunteers (issue 6) ------------------------------------------------------------------------

FORM_INTRO = (
    "Merci de vouloir rejoindre l'équipe de rédaction ! ✍️\n"
    "Quelques questions rapides, une à la fois (3 minutes environ). "
    "Tapez /annuler pour arrêter à tout moment."
)
FORM_RESUMED = "On reprend votre candidature à l'équipe de rédaction là où vous en étiez 🙂"
FORM_PENDING = (
    "Votre candidature est déjà entre les mains de l'équipe 🙂 "
    "Vous aurez la réponse ici même dès qu'elle aura été lue. "
    "Pour la retirer, tapez /annuler."
)
WITHDRAW_CONFIRM = "Votre candidature est en cours d'examen. Voulez-vous la retirer ?"
BUTTON_WITHDRAW_YES = "Oui, la retirer"
BUTTON_WITHDRAW_NO = "Non, la garder"
WITHDRAWN = "C'est fait, votre candidature est retirée. Vous pourrez postuler à nouveau avec /postuler."
WITHDRAW_KEPT = "Très bien, votre candidature reste entre les mains de l'équipe 🙂"
WITHDRAWN_LINE = "↩️ Retirée par le candidat"
FORM_PRIVATE_ONLY = "La candidature se remplit en privé : touchez le bouton pour m'écrire directement."
FORM_CANCELLED = "C'est annulé, vos réponses sont effacées. Revenez quand vous voulez avec /postuler."
FORM_CHANGED = "Votre candidature vient d'être mise à jour : appuyez de nouveau sur le bouton si besoin."
NOTHING_TO_CANCEL = "Il n'y a rien à annuler 🙂"
FORM_COMMAND = (
    "Vous êtes en train de remplir votre candidature. "
    "Répondez à la question ci-dessous, ou tapez /annuler pour arrêter."
)
FORM_NOT_TEXT = "Je n'attends que du texte ici 🙂"
FORM_USE_BUTTONS = "Répondez avec les boutons du message ci-dessous."
FORM_SENT = "C'est envoyé ! 🙌 Merci. L'équipe lit votre candidature et vous répondra ici même."
FORM_PICK_FIELD = "Que voulez-vous modifier ?"
FORM_SECTIONS_NONE = "Choisissez au moins une rubrique."
FORM_SECTIONS_SAVED = "Rubriques enregistrées"
FORM_REVIEW_HINT = "Tout est bon ? Touchez « Envoyer »."
FORM_NOT_ANSWERED = "—"

BUTTON_SKIP = "Passer"
BUTTON_VALIDATE = "✅ Valider"
BUTTON_CONSENT = "✅ J'accepte"
BUTTON_SEND = "📨 Envoyer"
BUTTON_EDIT = "✏️ Modifier"
BUTTON_FORM_CANCEL = "❌ Annuler"
BUTTON_BACK = "↩️ Retour"
BUTTON_WRITE_ME = "✍️ Postuler en privé"

# Field labels: the summary, the admins' messages, the "Modifier" buttons and the CSV header.
FIELD_LABELS = {
    "first_name": "Prénom",
    "last_name": "Nom",
    "email": "E-mail",
    "phone": "Téléphone",
    "sections": "Rubriques",
    "experience": "Expérience",
    "motivation": "Motivation",
    "sample_url": "Exemple de texte",
}

QUESTIONS = {
    "first_name": "Quel est votre <b>prénom</b> ?",
    "last_name": "Et votre <b>nom</b> ?",
    "email": "Votre <b>adresse e-mail</b> ? C'est là que l'équipe vous écrira.",
    "phone": "Un <b>numéro de téléphone</b> ? C'est facultatif : touchez « Passer » si vous préférez.",
    "sections": (
        "Pour quelles <b>rubriques</b> aimeriez-vous écrire ? Touchez-en une ou plusieurs, puis « Valider »."
    ),
    "experience": (
        "Parlez-nous de votre <b>expérience</b> d'écriture : blog, études, fanzine… "
        "Vous débutez ? Dites-le, c'est très bien aussi ! ({low} à {high} caractères)"
    ),
    "motivation": "Qu'est-ce qui vous donne envie de <b>nous rejoindre</b> ? ({low} à {high} caractères)",
    "sample_url": (
        "Un <b>lien vers un texte</b> que vous avez écrit (article, blog…) ? "
        "Facultatif : touchez « Passer » sinon."
    ),
}


def question(step: str, number: int, total: int, *, low: int = 0, high: int = 0) -> str:
    return f"<i>{number}/{total}</i> · " + QUESTIONS[step].format(low=low, high=high)


def consent(number: int, total: int, *, privacy_url: str, retention_days: int) -> str:
    link = f'<a href="{escape(privacy_url)}">Notre politique de confidentialité</a>'
    notice = "\n" + link if privacy_url else ""
    return (
        f"<i>{number}/{total}</i> · Dernière étape 🔒\n"
        "Pour étudier votre candidature, nous gardons ces réponses et ne les montrons qu'à l'équipe "
        f"de rédaction. Une candidature refusée est effacée {retention_days} jours après la réponse. "
        "À tout moment : /mesdonnees pour les voir, /supprimer_mes_donnees pour les effacer."
        f"{notice}\n\nTouchez « J'accepte » pour continuer."
    )


# What went wrong with an answer; the question is asked again right after.
INVALID_NAME = "Il me faut des lettres 🙂"
INVALID_NAME_SYMBOLS = "Juste le nom, sans lien ni symbole."
INVALID_EMAIL = "Cette adresse e-mail ne semble pas valide (exemple : prenom.nom@exemple.fr)."
INVALID_PHONE = "Ce numéro ne semble pas valide (exemple : 06 12 34 56 78 ou +33 6 12 34 56 78)."
INVALID_URL = "Il me faut un lien qui commence par https:// (exemple : https://monblog.fr/mon-article)."


def too_long(limit: int, length: int | None = None) -> str:
    seen = f" (là, {length})" if length is not None else ""
    return f"C'est un peu long : {limit} caractères au plus{seen}. Pouvez-vous résumer ?"


def too_short(limit: int, length: int) -> str:
    return f"Un peu court : au moins {limit} caractères, s'il vous plaît (là, {length})."


REVIEW_TITLE = "<b>Votre candidature</b>"

# Admins' side.
APPLICATION_STATUS = {
    "draft": "en cours de saisie",
    "submitted": "en attente",
    "accepted": "acceptée",
    "refused": "refusée",
    "withdrawn": "retirée",
}
LIST_FILTERS = {
    "submitted": "En attente",
    "accepted": "Acceptées",
    "refused": "Refusées",
    "withdrawn": "Retirées",
    "all": "Toutes",
}
BUTTON_ACCEPT = "✅ Accepter"
BUTTON_REFUSE = "❌ Refuser"
BUTTON_PREVIOUS = "◀️"
BUTTON_NEXT = "▶️"
BUTTON_NEXT_STEP = "👉 La suite"
APPLICATION_USAGE = "Précisez le numéro de la candidature, par exemple : /candidature 12"
APPLICATIONS_EMPTY = "Aucune candidature ici."
APPLICANT_UNREACHABLE = "Décision enregistrée, mais je n'ai pas pu prévenir la personne (bot bloqué ?)."
DECISION_SAVED = "Décision enregistrée, la personne est prévenue."
NOTHING_TO_EXPORT = "Aucune candidature à exporter pour l'instant."


def new_application(application_id: int) -> str:
    return f"📝 <b>Nouvelle candidature n° {application_id}</b>"


def application_title(application_id: int, status: str) -> str:
    return f"📄 <b>Candidature n° {application_id}</b> · {APPLICATION_STATUS.get(status, status)}"


def decided_by(accepted: bool, reviewer: str, when: str) -> str:
    verdict = "✅ Acceptée" if accepted else "❌ Refusée"
    return f"{verdict} par {escape(reviewer)} le {when}"


def already_decided(status: str) -> str:
    return f"Cette candidature a déjà été traitée : {APPLICATION_STATUS.get(status, status)}."


def application_not_found(application_id: int) -> str:
    return f"Je ne trouve pas la candidature n° {application_id}."


def applications_header(filter_label: str, total: int, page: int, pages: int) -> str:
    where = f" · page {page}/{pages}" if pages > 1 else ""
    return f"<b>Candidatures · {escape(filter_label.lower())}</b> ({total}){where}"


def export_caption(count: int) -> str:
    return f"{count} candidature{'s' if count > 1 else ''} · UTF-8, séparateur point-virgule"
