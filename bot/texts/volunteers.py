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


def already_in_team(day: str) -> str:
    return (
        f"Vous faites déjà partie de l'équipe de rédaction depuis le {day} 🙂 "
        "Inutile de postuler à nouveau : à vos plumes !"
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
    "availability": "Disponibilité",
    "pen_name": "Signature",
    "city": "Ville ou région",
    "age": "Âge",
    "found_via": "Nous a connus par",
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
    "availability": "Combien d'<b>heures par semaine</b> pourriez-vous y consacrer ? (exemple : 3 h)",
    "pen_name": "Sous quel <b>nom</b> aimeriez-vous signer vos articles ? (votre nom, un pseudo…)",
    "city": "Dans quelle <b>ville ou région</b> habitez-vous ? Utile pour l'actualité locale.",
    "age": "Quel <b>âge</b> avez-vous ?",
    "found_via": "Comment avez-vous <b>connu le site</b> ? (réseaux sociaux, un ami, une recherche…)",
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
INVALID_AVAILABILITY = "Indiquez un nombre d'heures par semaine, par exemple : 3 h."
INVALID_AGE = "Votre âge en chiffres, s'il vous plaît (exemple : 24)."


def too_young(minimum_age: int) -> str:
    return (
        f"Merci pour votre envie d'écrire avec nous ! 💛 Il faut avoir au moins {minimum_age} ans "
        "pour rejoindre l'équipe : revenez nous voir un peu plus tard. Vos réponses sont effacées."
    )


def guardian_needed(adult_age: int) -> str:
    return f"C'est noté. Avant {adult_age} ans, l'équipe demandera aussi l'accord d'un parent."


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


def minor_line(adult_age: int) -> str:
    return f"👶 Moins de {adult_age} ans : l'accord d'un parent est nécessaire"


def new_application(application_id: int) -> str:
    return f"📝 <b>Nouvelle candidature n° {application_id}</b>"


def application_title(application_id: int, status: str) -> str:
    return f"📄 <b>Candidature n° {application_id}</b> · {APPLICATION_STATUS.get(status, status)}"


NO_ANSWER_YET = "↳ <i>pas encore de réponse</i>"


def reason_line(reason: str, *, sent: bool) -> str:
    where = "transmis" if sent else "interne"
    return f"Motif ({where}) : {escape(reason)}"


def decided_by(accepted: bool, reviewer: str, when: str) -> str:
    verdict = "✅ Acceptée" if accepted else "❌ Refusée"
    return f"{verdict} par {escape(reviewer)} le {when}"


def already_decided(status: str) -> str:
    return f"Cette candidature a déjà été traitée : {APPLICATION_STATUS.get(status, status)}."


def application_gone(application_id: int) -> str:
    return (
        f"La candidature n° {application_id} n'existe plus : la personne a effacé ses données. "
        "Rien n'a été décidé."
    )


def old_decision_button(application_id: int) -> str:
    return f"Ce bouton est trop ancien. Rouvrez la candidature avec /candidature {application_id}."


def application_erased(application_id: int) -> str:
    return (
        f"🗑 <b>Candidature n° {application_id}</b> · effacée\n"
        "La personne a effacé ses données : ses réponses ne sont plus ici et il n'y a rien à décider."
    )


def application_not_found(application_id: int) -> str:
    return f"Je ne trouve pas la candidature n° {application_id}."


def applications_header(filter_label: str, total: int, page: int, pages: int) -> str:
    where = f" · page {page}/{pages}" if pages > 1 else ""
    return f"<b>Candidatures · {escape(filter_label.lower())}</b> ({total}){where}"


def export_caption(count: int) -> str:
    return f"{count} candidature{'s' if count > 1 else ''} · UTF-8, séparateur point-virgule"


# Reviewers together (issue 14): refusal reasons, notes, questions to the applicant.
REFUSE_USAGE = (
    "Exemple : /refuser 12 Merci ! Nous cherchons surtout des plumes pour la rubrique locale.\n"
    "Le motif est facultatif et transmis avec délicatesse. Écrivez « interne » devant pour le garder "
    "dans l'équipe : /refuser 12 interne Trop peu disponible."
)
NOTE_USAGE = "Exemple : /note 12 Très bon profil, à rappeler. (visible de l'équipe seulement)"
QUESTION_USAGE = "Exemple : /question 12 Pourriez-vous nous envoyer un autre texte ?"
NOTE_ADDED = (
    "🗒 Note ajoutée sur la carte, pour l'équipe. La personne ne la reçoit pas, "
    "mais la verrait en demandant ses données (/mesdonnees)."
)
QUESTION_UNREACHABLE = "Je n'ai pas pu lui envoyer la question (bot bloqué ?). Rien n'a été enregistré."
ANSWER_PLACEHOLDER = "Votre réponse"
ANSWER_SENT = "Merci ! Votre réponse est transmise à l'équipe 🙂"


def card_commands(application_id: int) -> str:
    """Under a card awaiting a decision: what else reviewers can do (tap to copy)."""
    n = application_id
    return f"<code>/note {n} </code> · <code>/question {n} </code> · <code>/refuser {n} motif</code>"


def reason_too_long(limit: int, length: int) -> str:
    return f"C'est un peu long : {limit} caractères au plus (là, {length})."


def reason_for_applicant(reason: str) -> str:
    return f"Un mot de l'équipe : « {escape(reason)} »"


def refused_done(application_id: int, *, reason: bool, sent: bool, told: bool) -> str:
    text = f"Candidature n° {application_id} refusée."
    if reason:
        text += " Le motif lui est transmis." if sent else " Le motif reste dans l'équipe."
    return text + ("" if told else " Je n'ai pas pu prévenir la personne (bot bloqué ?).")


def question_sent(application_id: int) -> str:
    return f"Question envoyée. Sa réponse s'affichera sur la carte de la candidature n° {application_id}."


def question_to_applicant(question: str) -> str:
    return (
        "❓ <b>Une question de l'équipe de rédaction</b> sur votre candidature :\n\n"
        f"{escape(question)}\n\n<i>Répondez simplement à ce message.</i>"
    )


def answer_received(application_id: int, first_name: str, answer: str) -> str:
    who = escape(first_name)
    return f"💬 {who} a répondu à votre question (candidature n° {application_id}) :\n{escape(answer)}"


def reminder(days: int, waiting: list[tuple[int, str, int]]) -> str:
    """The team's reminder: (number, name, days waited) of each application, oldest first."""
    count = len(waiting)
    head = (
        f"⏰ <b>{count} candidature{'s' if count > 1 else ''} attend{'ent' if count > 1 else ''} "
        f"une réponse</b> depuis {days} jours ou plus :"
    )
    lines = [f"• n° {number} · {escape(name)} · {waited} j" for number, name, waited in waiting[:15]]
    if count > 15:
        lines.append(f"• et {count - 15} autre{'s' if count > 16 else ''}")
    return "\n".join([head, *lines, "", "Pour les voir : /candidatures"])


MISSING_LINKS = {
    "privacy_url": "la question de consentement ne renvoie vers aucune politique de confidentialité",
    "next_step_url": "les bénévoles acceptés n'ont pas de bouton « La suite »",
}


def links_missing(names: list[str]) -> str:
    lines = [f"• <code>{name}</code> : {MISSING_LINKS[name]}" for name in names]
    several = len(names) > 1
    missing = "liens manquants" if several else "lien manquant"
    return "\n".join(
        [
            f"⚠️ <b>Candidatures : {missing}</b> dans config.toml, section [volunteers]",
            *lines,
            "",
            f"Ajoutez-{'les' if several else 'le'} puis redémarrez le bot. Je ne le redirai pas.",
        ]
    )
