"""Every French text the readers see, in one place (HTML parse mode: dynamic parts are escaped by callers).

Plain constants for fixed texts, small functions for texts with numbers, so wording stays together
and reviewers read the bot's voice in one file.
"""

from __future__ import annotations

from html import escape

# --- greeting and help ---------------------------------------------------------------------------


def start(first_name: str | None) -> str:
    hello = f"Bonjour {escape(first_name)} 👋" if first_name else "Bonjour 👋"
    return (
        f"{hello}\n\n"
        "Envoyez-moi le lien d'un article : je vous en fais un résumé en quelques phrases.\n\n"
        "• /abonner pour recevoir les nouveaux articles du site\n"
        "• /reglages pour choisir la longueur des résumés\n"
        "• /aide pour tout le reste"
    )


HELP = (
    "<b>Ce que je sais faire</b>\n\n"
    "• Envoyez-moi un lien d'article : je le résume.\n"
    "• <code>/resume lien</code> fait de même, y compris dans un groupe.\n"
    "• Répondez <code>/resume</code> à un long texte (collé ou transféré) pour le résumer "
    "(je ne garde pas le texte).\n"
    "• Sous chaque résumé d'article : l'ouvrir, version plus courte ou plus longue, partager.\n"
    "• Dans n'importe quelle discussion, tapez <code>@{username} lien</code> pour y partager un résumé.\n\n"
    "<b>Abonnement</b>\n"
    "• /abonner : les nouveaux articles du site, dès leur parution ou en un récapitulatif par jour.\n"
    "• /desabonner : ne plus rien recevoir.\n"
    "• /reglages : longueur de vos résumés, envoi immédiat ou quotidien.\n"
    "Dans un groupe, seuls les administrateurs du groupe gèrent l'abonnement.\n\n"
    "<b>Rejoindre la rédaction</b>\n"
    "• /postuler : proposer votre candidature à notre équipe de bénévoles.\n\n"
    "<b>Vos données</b>\n"
    "• /mesdonnees : tout ce que je garde sur vous. /supprimer_mes_donnees : tout effacer."
)


def help_text(username: str) -> str:
    return HELP.replace("{username}", escape(username))


# Command menu (setMyCommands): name -> description, in menu order.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("resume", "Résumer un article ou un long texte"),
    ("abonner", "Recevoir les nouveaux articles"),
    ("desabonner", "Ne plus recevoir les articles"),
    ("reglages", "Longueur des résumés et fréquence"),
    ("postuler", "Rejoindre l'équipe de rédaction"),
    ("aide", "Ce que je sais faire"),
)

# --- summaries -----------------------------------------------------------------------------------

WORKING = "⏳ Je lis l'article…"
WORKING_TEXT = "⏳ Je lis le texte…"
NO_LINK = (
    "Je ne trouve pas de lien dans ce message. Envoyez-moi l'adresse d'un article "
    "(elle commence par https://), ou répondez /resume à un long texte."
)
NO_LINK_GROUP = (
    "Écrivez <code>/resume</code> suivi du lien de l'article, ou répondez /resume à un long texte."
)
PDF = "Ce lien mène à un document PDF : je ne sais résumer que des pages web."
IMAGE = "Ce lien mène à une image, pas à un article."
VIDEO = "Ce lien mène à une vidéo ou à un son, pas à un article."
QUOTA = "Doucement 🙂 Vous avez demandé beaucoup de résumés d'un coup. Réessayez dans une minute."
BUSY = "Je suis très occupé en ce moment. Réessayez dans quelques secondes."
FAILED = "Désolé, je n'ai pas pu faire ce résumé. Réessayez un peu plus tard."
NOT_ALLOWED = "Cette commande est réservée à l'équipe du site."
UNEXPECTED = "Oups, un souci de mon côté. Réessayez dans un instant."
STALE_BUTTON = "Ce bouton n'est plus valable. Renvoyez la commande pour en avoir de nouveaux."
SUMMARY_GONE = "Ce résumé n'est plus disponible. Renvoyez-moi le lien."
PASTED_TITLE = "Résumé du texte"


def reading_time(minutes: int) -> str:
    return f"{minutes} min de lecture"


def text_words(words: int) -> str:
    return f"texte de {words} mots"


# Buttons under a summary.
BUTTON_OPEN = "🔗 Lire l'article"
BUTTON_SHORTER = "➖ Plus court"
BUTTON_LONGER = "➕ Plus long"
BUTTON_SHARE = "↗️ Partager"

# --- inline mode ---------------------------------------------------------------------------------

INLINE_HINT = "Collez le lien d'un article pour partager son résumé"


def inline_description(sentences: int, site: str | None) -> str:
    return f"{site} · résumé en {sentences} phrases" if site else f"Résumé en {sentences} phrases"


# --- subscriptions and settings ------------------------------------------------------------------

SUBSCRIBED = (
    "C'est noté : vous recevrez les nouveaux articles du site ici. ✅\n"
    "Réglez la longueur et la fréquence avec /reglages."
)
SUBSCRIBED_GROUP = "C'est noté : ce groupe recevra les nouveaux articles du site. ✅"
ALREADY_SUBSCRIBED = "Vous êtes déjà abonné. Changez la fréquence avec /reglages."
ALREADY_SUBSCRIBED_GROUP = "Ce groupe est déjà abonné. Changez la fréquence avec /reglages."
UNSUBSCRIBED = "Vous ne recevrez plus les nouveaux articles. Revenez quand vous voulez avec /abonner."
UNSUBSCRIBED_GROUP = "Ce groupe ne recevra plus les nouveaux articles."
NOT_SUBSCRIBED = "Vous n'êtes pas abonné. Tapez /abonner pour recevoir les nouveaux articles."
NOT_SUBSCRIBED_GROUP = "Ce groupe n'est pas abonné. Un administrateur peut taper /abonner."
GROUP_ADMINS_ONLY = "Seuls les administrateurs du groupe peuvent gérer l'abonnement du groupe."

SETTINGS_TITLE = "<b>Réglages</b>"
BUTTON_UNSUBSCRIBE = "🔕 Se désabonner"
BUTTON_IMMEDIATE = "Dès la parution"
BUTTON_DIGEST = "Récapitulatif quotidien"
SETTINGS_SAVED = "Réglage enregistré"


def settings_text(
    *, subscribed: bool, sentences: int, digest: bool, hour: int, personal: bool = False
) -> str:
    length = f"<b>{sentences} phrase{'s' if sentences > 1 else ''}</b>"
    if not subscribed and personal:
        return (
            f"{SETTINGS_TITLE}\n\n"
            f"Longueur de vos résumés : {length}\n\n"
            "Vous n'êtes pas abonné aux nouveaux articles du site. Pour les recevoir, choisissez "
            "chaque article dès sa parution ou un récapitulatif par jour."
        )
    if not subscribed:
        return (
            f"{SETTINGS_TITLE}\n\n"
            "Vous n'êtes pas abonné aux nouveaux articles du site.\n"
            "Choisissez comment les recevoir : chaque article dès sa parution, "
            "ou un récapitulatif par jour. Vous réglerez ensuite la longueur des résumés."
        )
    if digest:
        delivery = f"un récapitulatif chaque jour à {hour} h"
    else:
        delivery = "chaque nouvel article dès sa parution"
    return (
        f"{SETTINGS_TITLE}\n\n"
        f"Longueur des résumés : {length}\n"
        f"Abonnement : <b>{delivery}</b>\n\n"
        "Touchez un bouton pour changer."
    )


def length_button(n: int) -> str:
    return str(n)


def hour_button(hour: int) -> str:
    return f"{hour} h"


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


# --- privacy (issue 6) ---------------------------------------------------------------------------

MY_DATA_CAPTION = "Voici tout ce que je garde sur vous, dans un fichier JSON."
PRIVACY_PRIVATE_ONLY = "Pour protéger vos données, cette commande ne marche qu'en discussion privée avec moi."
DELETE_CONFIRM = (
    "Effacer toutes vos données ? Votre abonnement, vos demandes de résumé et vos candidatures "
    "seront supprimés. C'est définitif."
)
BUTTON_DELETE_YES = "🗑 Oui, tout effacer"
BUTTON_DELETE_NO = "Non, garder"
DATA_DELETED = "C'est fait : vos données sont effacées. À bientôt peut-être 👋"
DATA_KEPT = "D'accord, rien n'a été effacé."

# --- admin and moderation (issue 7) --------------------------------------------------------------

BANNED_NOTICE = (
    "Votre accès à ce bot a été suspendu par l'équipe du site. "
    "Si vous pensez qu'il s'agit d'une erreur, écrivez-nous depuis le site."
)
FLOOD_NOTICE = (
    "Doucement 🙂 Vous m'envoyez beaucoup de messages d'un coup. "
    "Je fais une courte pause : réessayez dans un instant."
)

BUTTON_NEWER_ACTIONS = "◀ Plus récentes"
BUTTON_OLDER_ACTIONS = "Plus anciennes ▶"

# Command menu of the team (setMyCommands for each owner's and moderator's private chat), in menu
# order; a command shows only if some feature registered it and the person's role allows it
# (bot.roles.PERMISSIONS).
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("admin", "Commandes de l'équipe"),
    ("stats", "Statistiques du bot"),
    ("diffuser", "Diffuser un article aux abonnés"),
    ("annonce", "Envoyer une annonce aux abonnés"),
    ("file", "Articles en attente de modération"),
    ("flux", "Flux RSS suivis"),
    ("flux_ajouter", "Suivre un nouveau flux"),
    ("flux_retirer", "Ne plus suivre un flux"),
    ("candidatures", "Candidatures de bénévoles"),
    ("candidature", "Voir une candidature"),
    ("export_candidatures", "Exporter les candidatures (CSV)"),
    ("ban", "Bannir un utilisateur"),
    ("unban", "Lever un bannissement"),
    ("bannis", "Utilisateurs bannis"),
    ("journal", "Dernières actions de l'équipe"),
    ("moderateur_ajouter", "Nommer un modérateur"),
    ("moderateur_retirer", "Retirer un modérateur"),
)

# --- broadcasting and feeds (issue 5) ------------------------------------------------------------


def _n(count: int) -> str:
    """A count as French writes it: 12 345 with a narrow no-break space."""
    return f"{count:,}".replace(",", "\u202f")


def _plural(count: int, one: str, many: str) -> str:
    return f"{_n(count)} {one if count <= 1 else many}"


DIFFUSER_USAGE = (
    "Envoyez <code>/diffuser lien</code> : je prépare le résumé de l'article et vous montre "
    "l'aperçu avant toute publication."
)
ANNONCE_USAGE = (
    "Écrivez <code>/annonce</code> suivi du texte de l'annonce (gras, italique et liens sont gardés). "
    "Je vous montre l'aperçu avant toute publication."
)
BUTTON_PUBLISH = "📣 Publier"
BUTTON_CANCEL = "✖️ Annuler"
BUTTON_IGNORE = "🗑 Ignorer"
DRAFT_GONE = "Cet aperçu n'est plus valable (déjà publié, annulé, ou le bot a redémarré)."
PUBLISH_CANCELLED = "Diffusion annulée : rien n'a été envoyé."
PUBLISH_STARTED = "C'est parti 📣"
CHANNEL_UNREACHABLE = (
    "⚠️ Je ne peux pas publier dans la chaîne {channel} : vérifiez que j'en suis administrateur."
)


def preview_intro(subscribers: int, channel: bool) -> str:
    who = _plural(subscribers, "abonné", "abonnés") + (" et la chaîne" if channel else "")
    return f"👀 <b>Aperçu</b> : voici le message tel que le recevront {who}. Rien ne part avant « Publier »."


def preview_lengths(sentences: int, channel: bool) -> str:
    """Under an article's preview intro: subscribers get their own length, not the preview's."""
    who = "canal et abonnés" if channel else "abonnés"
    length = _plural(sentences, "phrase", "phrases")
    return f"Aperçu ({who} à {length}) ; chaque abonné reçoit la longueur qu'il a choisie."


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s" if rest else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d}"


def progress(title: str, *, sent: int, failed: int, left: int, eta: float | None) -> str:
    lines = [
        f"📣 <b>Diffusion en cours</b> : {title}",
        f"✅ {_plural(sent, 'envoyé', 'envoyés')} · ❌ {_plural(failed, 'échec', 'échecs')} · "
        f"⏳ {_plural(left, 'restant', 'restants')}",
    ]
    if eta is not None and left:
        lines.append(f"Fin estimée dans {duration(eta)}")
    return "\n".join(lines)


# Why deliveries did not arrive, by the sender's reason tag (bot.broadcast.outcomes).
REASONS = {
    "blocked": "ont bloqué le bot",
    "kicked": "ont retiré le bot de leur groupe",
    "deactivated": "comptes supprimés",
    "not_started": "n'ont jamais démarré le bot",
    "chat_not_found": "discussions introuvables",
    "forbidden": "envoi interdit par Telegram",
    "network": "erreurs réseau répétées",
    "flood": "limites de Telegram dépassées",
    "bad_request": "message refusé par Telegram",
    "inactive": "désabonnés ou bloqués entre-temps",
    "migrated": "groupes déjà servis sous leur nouvelle adresse",
}


def report(title: str, *, reached: int, total: int, reasons: list[tuple[str, int]], removed: int,
           took: float | None) -> str:  # fmt: skip
    lines = [f"🏁 <b>Diffusion terminée</b> : {title}", f"✅ Reçu par {_n(reached)} sur {_n(total)}"]
    missed = total - reached
    if missed:
        lines.append(f"❌ {_plural(missed, 'non reçu', 'non reçus')} :")
        lines += [f"   • {_n(count)} {REASONS.get(tag, tag)}" for tag, count in reasons]
    if removed:
        gone = _plural(removed, "abonné retiré", "abonnés retirés")
        lines.append(f"🔕 {gone} (bot bloqué ou discussion disparue)")
    if took is not None:
        lines.append(f"⏱ {duration(took)}")
    return "\n".join(lines)


ANNOUNCEMENT_TITLE = "annonce"
DIGEST_TITLE = "🗞 <b>Les articles du jour</b>"


def digest_more(count: int) -> str:
    return f"… et {_plural(count, 'autre article', 'autres articles')}."


# Feeds and the moderation queue.
QUEUE_EMPTY = "La file de modération est vide ✨"
QUEUE_DONE = "Déjà traité par quelqu'un d'autre."
QUEUE_PUBLISHED = "📣 Publié"
QUEUE_IGNORED = "🗑 Ignoré"
QUEUE_SUMMARY_FAILED = "Je n'ai pas pu résumer cet article : {reason}"


def queue_header(feed: str) -> str:
    return f"🆕 <b>Nouvel article</b> dans le flux « {feed} »"


def queue_decided(published: bool, who: str) -> str:
    return f"{QUEUE_PUBLISHED if published else QUEUE_IGNORED} par {who}"


def queue_list(total: int) -> str:
    return f"<b>File de modération</b> : {_plural(total, 'article', 'articles')} en attente"


def auto_published(title: str) -> str:
    return f"📣 Publié automatiquement : {title}"


FEEDS_EMPTY = "Aucun flux suivi. Ajoutez-en un avec <code>/flux_ajouter lien</code>."
FEEDS_TITLE = "<b>Flux suivis</b>"
FLUX_AJOUTER_USAGE = "Indiquez l'adresse du flux RSS ou Atom : <code>/flux_ajouter https://…</code>"
FLUX_RETIRER_USAGE = "Indiquez le numéro du flux (voir /flux) : <code>/flux_retirer 3</code>"
FLUX_DUPLICATE = "Ce flux est déjà suivi."
FLUX_BAD_URL = "Cette adresse ne convient pas : il faut un lien http:// ou https://."


def feed_health(failures: int, error: str | None, checked_ago: str | None) -> str:
    if failures:
        return f"⚠️ {_plural(failures, 'échec', 'échecs')} de suite : {error or 'erreur inconnue'}"
    if checked_ago is None:
        return "⏳ pas encore lu"
    return f"✅ lu il y a {checked_ago}"


def feed_added(feed_id: int, title: str, seen: int) -> str:
    return (
        f"Flux n°{feed_id} ajouté : {title}\n"
        f"{_plural(seen, 'article déjà paru est marqué', 'articles déjà parus sont marqués')} comme vu"
        f"{'' if seen <= 1 else 's'} ; les prochains arriveront dans la file."
    )


def feed_added_failing(feed_id: int, reason: str) -> str:
    return f"Flux n°{feed_id} ajouté, mais la première lecture a échoué : {reason}. Je réessaierai."


def feed_removed(feed_id: int, from_config: bool) -> str:
    note = "\nIl est dans config.toml : il reviendra au prochain démarrage." if from_config else ""
    return f"Flux n°{feed_id} retiré.{note}"


def feed_unknown(feed_id: str) -> str:
    return f"Aucun flux n°{feed_id}. La liste : /flux"


def feed_failing(title: str, failures: int, reason: str) -> str:
    return (
        f"⚠️ Le flux {title} ne répond plus ({_plural(failures, 'échec', 'échecs')} de suite) : {reason}\n"
        "Je réessaie de moins en moins souvent et vous préviens quand il revient."
    )


def feed_recovered(title: str) -> str:
    return f"✅ Le flux {title} fonctionne de nouveau."
