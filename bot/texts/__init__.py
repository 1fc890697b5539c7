"""Every French text the bot writes, in one catalog (HTML parse mode: dynamic parts are escaped here
or by callers). Plain constants for fixed texts, small functions for texts with numbers, so wording
stays together and reviewers read the bot's voice in one place.

This module holds the readers' everyday texts; each larger feature has its section as a submodule,
re-exported here so that callers write ``texts.NAME`` whatever the feature.
"""

from __future__ import annotations

from html import escape

from bot.texts.broadcast import *  # noqa: F403
from bot.texts.moderation import *  # noqa: F403
from bot.texts.volunteers import *  # noqa: F403

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
    "• Collez ou transférez-moi le texte d'un article, répondez-y <code>/resume</code>, ou écrivez "
    "<code>/resume</code> suivi du texte : je le résume aussi (je ne garde pas le texte).\n"
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
    "(elle commence par https://), ou collez le texte entier de l'article."
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
# A placeholder left by a crash, edited at the next start.
INTERRUPTED = "Désolé, j'ai été interrompu avant de finir ce résumé. Touchez « Réessayer » pour le relancer."
INTERRUPTED_TEXT = (
    "Désolé, j'ai été interrompu avant de finir ce résumé. Renvoyez-moi le texte pour réessayer."
)
BUTTON_RETRY = "🔄 Réessayer"
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
