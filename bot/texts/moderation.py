"""Texts readers see about bans and flood control (issue 7); admin-only texts are in bot/admin/texts.py."""

from __future__ import annotations

# --- admin and moderation (issue 7) --------------------------------------------------------------

BANNED_NOTICE = (
    "Votre accès à ce bot a été suspendu par l'équipe du site. "
    "Si vous pensez qu'il s'agit d'une erreur, écrivez-nous depuis le site."
)


def banned_until_notice(until: str) -> str:
    """The notice of a temporary ban; ``until`` is a date as ``bot.admin.durations.paris_date`` writes it."""
    return (
        f"Votre accès à ce bot est suspendu par l'équipe du site jusqu'au {until}. "
        "Si vous pensez qu'il s'agit d'une erreur, écrivez-nous depuis le site."
    )


def subscription_summary(delivery_mode: str, digest_hour: int | None, sentences: int) -> str:
    """A subscription in a few words: ``un récapitulatif chaque jour à 8 h, résumés de 3 phrases``."""
    if delivery_mode == "digest" and digest_hour is not None:
        delivery = f"un récapitulatif chaque jour à {digest_hour}\u00a0h"
    else:
        delivery = "chaque nouvel article dès sa parution"
    return f"{delivery}, résumés de {sentences} phrase{'s' if sentences > 1 else ''}"


def ban_lifted_notice(subscription: str | None) -> str:
    """Told once to a reader whose ban was lifted (by the team, or at the end of a temporary ban)."""
    back = "✅ Bonne nouvelle : vous avez de nouveau accès au bot."
    if subscription is None:
        return f"{back} Envoyez-moi un lien d'article quand vous voulez."
    return f"{back} Votre abonnement reprend : {subscription}."


FLOOD_NOTICE = (
    "Doucement 🙂 Vous m'envoyez beaucoup de messages d'un coup. "
    "Je fais une courte pause : réessayez dans un instant."
)

BUTTON_NEWER_ACTIONS = "◀ Plus récentes"
BUTTON_OLDER_ACTIONS = "Plus anciennes ▶"
BUTTON_BAN_ANYWAY = "🚫 Bannir quand même"
BUTTON_BAN_CANCEL = "Annuler"

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
    ("refuser", "Refuser une candidature avec un motif"),
    ("note", "Note de l'équipe sur une candidature"),
    ("question", "Poser une question à un candidat"),
    ("export_candidatures", "Exporter les candidatures (CSV)"),
    ("ban", "Bannir un utilisateur"),
    ("unban", "Lever un bannissement"),
    ("bannis", "Utilisateurs bannis"),
    ("journal", "Dernières actions de l'équipe"),
    ("moderateur_ajouter", "Nommer un modérateur"),
    ("moderateur_retirer", "Retirer un modérateur"),
)
