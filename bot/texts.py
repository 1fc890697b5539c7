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
    "• Répondez <code>/resume</code> à un long texte (collé ou transféré) pour le résumer.\n"
    "• Sous chaque résumé : ouvrir l'article, version plus courte ou plus longue, partager.\n"
    "• Dans n'importe quelle discussion, tapez <code>@{username} lien</code> pour y partager un résumé.\n\n"
    "<b>Abonnement</b>\n"
    "• /abonner : les nouveaux articles du site, dès leur parution ou en un récapitulatif par jour.\n"
    "• /desabonner : ne plus rien recevoir.\n"
    "• /reglages : longueur des résumés, envoi immédiat ou quotidien.\n\n"
    "Dans un groupe, seuls les administrateurs du groupe gèrent l'abonnement."
)


def help_text(username: str) -> str:
    return HELP.replace("{username}", escape(username))


# Command menu (setMyCommands): name -> description, in menu order.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("resume", "Résumer un article ou un long texte"),
    ("abonner", "Recevoir les nouveaux articles"),
    ("desabonner", "Ne plus recevoir les articles"),
    ("reglages", "Longueur des résumés et fréquence"),
    ("aide", "Ce que je sais faire"),
)

# Until the volunteer form exists (issue 6), the deep link from the site answers honestly.
POSTULER = (
    "Merci de vouloir rejoindre l'équipe de rédaction ! ✍️\n\n"
    "Le formulaire de candidature arrive très bientôt ici même. "
    "En attendant, contactez-nous depuis la page « Postuler » du site."
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
TEXT_TOO_SHORT = "Ce texte est trop court pour être résumé."
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
CHANNEL_UNSUPPORTED = "L'abonnement se gère en discussion privée ou dans un groupe."

SETTINGS_TITLE = "<b>Réglages</b>"
BUTTON_UNSUBSCRIBE = "🔕 Se désabonner"
BUTTON_IMMEDIATE = "Dès la parution"
BUTTON_DIGEST = "Récapitulatif quotidien"
SETTINGS_SAVED = "Réglage enregistré"


def settings_text(*, subscribed: bool, sentences: int, digest: bool, hour: int) -> str:
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
        f"Longueur des résumés : <b>{sentences} phrase{'s' if sentences > 1 else ''}</b>\n"
        f"Abonnement : <b>{delivery}</b>\n\n"
        "Touchez un bouton pour changer."
    )


def length_button(n: int) -> str:
    return str(n)


def hour_button(hour: int) -> str:
    return f"{hour} h"
