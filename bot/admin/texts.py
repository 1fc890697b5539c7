"""French texts only admins see (moderation, statistics, journal, error reports).

What readers see (the ban notice, the flood notice, command descriptions) is in ``bot.texts``.
Every function escapes the dynamic strings it is given (HTML parse mode).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from bot.admin.stats import Stats
from storage.models import PARIS

NBSP = "\u202f"  # thin no-break space: French thousands separator and before % and :

# --- people and targets --------------------------------------------------------------------------


def person(user_id: int, first_name: str | None, last_name: str | None, username: str | None) -> str:
    name = " ".join(part for part in (first_name, last_name) if part) or "Sans nom"
    handle = f"@{escape(username)}, " if username else ""
    return f"<b>{escape(name)}</b> ({handle}<code>{user_id}</code>)"


def usage(command: str) -> str:
    return (
        f"Indiquez la personne : <code>/{command} 123456789</code> (son identifiant), "
        f"<code>/{command} @pseudo</code>, ou répondez <code>/{command}</code> "
        "à un de ses messages transférés."
    )


BAN_USAGE_EXTRA = (
    "\nVous pouvez ajouter une durée et un motif après : <code>/ban @pseudo 7j spam répété</code> "
    "(durées : <code>30min</code>, <code>12h</code>, <code>7j</code>, <code>2sem</code> ; sans durée, "
    "le bannissement dure jusqu'à /unban)."
)
DURATION_ZERO = "La durée doit être d'au moins une minute : par exemple <code>/ban @pseudo 7j motif</code>."
DURATION_TOO_LONG = (
    "Un bannissement temporaire dure au plus un an. Pour plus longtemps, bannissez sans durée : "
    "<code>/ban @pseudo motif</code>."
)
HIDDEN_FORWARD = (
    "Cette personne a masqué son compte dans les messages transférés : je ne peux pas savoir qui c'est. "
    "Utilisez plutôt son identifiant numérique ou son @pseudo."
)
FORWARD_FROM_CHAT = "Ce message vient d'un groupe ou d'un canal, pas d'une personne."
REPLY_TO_BOT = "C'est un de mes messages : répondez plutôt à un message transféré de la personne."
NOT_A_USER_ID = "Ce n'est ni un identifiant ni un @pseudo."


def unknown_username(username: str) -> str:
    return (
        f"Je ne connais pas @{escape(username.lstrip('@'))} : cette personne ne m'a jamais écrit "
        "(ou a changé de pseudo). Utilisez son identifiant ou transférez-moi un de ses messages."
    )


def unknown_user(user_id: int) -> str:
    return f"Je ne connais pas l'utilisateur <code>{user_id}</code> : il ne m'a jamais écrit."


# --- bans ----------------------------------------------------------------------------------------

CANNOT_BAN_ADMIN = (
    "Impossible : les membres de l'équipe (propriétaires et modérateurs) ne peuvent pas être bannis."
)


def banned(
    label: str,
    reason: str | None,
    *,
    duration: str | None = None,
    until: str | None = None,
    subscribed: bool = False,
) -> str:
    why = f"\nMotif : <i>{escape(reason)}</i>" if reason else ""
    how_long = f" pour {duration}, jusqu'au {until}" if duration and until else ""
    suspended = " Son abonnement est suspendu, il reprendra à la levée du bannissement." if subscribed else ""
    return f"🚫 {label} est banni{how_long}.{suspended}{why}"


def already_banned(label: str, until: str | None = None) -> str:
    if until:
        return f"{label} est déjà banni, jusqu'au {until}. Pour changer la durée : /unban, puis /ban."
    return f"{label} est déjà banni."


TOLD = "Je l'ai prévenu."
COULD_NOT_TELL = "Je n'ai pas pu le prévenir : il n'a pas ouvert de discussion avec moi, ou m'a bloqué."


def unbanned(label: str, subscription: str | None, told: bool) -> str:
    resumed = (
        f"\n🔔 Son abonnement reprend : {subscription}."
        if subscription
        else "\nIl n'avait pas d'abonnement à reprendre."
    )
    return f"✅ {label} n'est plus banni.{resumed}\n{TOLD if told else COULD_NOT_TELL}"


def not_banned(label: str) -> str:
    return f"{label} n'est pas banni."


def unknown_id_warning(user_id: int, duration: str | None, reason: str | None) -> str:
    how_long = f" pour {duration}" if duration else ""
    why = f"\nMotif : <i>{escape(reason)}</i>" if reason else ""
    return (
        f"⚠️ Je n'ai jamais vu l'utilisateur <code>{user_id}</code> : il ne m'a jamais écrit. "
        "Vérifiez le numéro (une faute de frappe bannirait quelqu'un d'autre).\n"
        f"Le bannir quand même{how_long} ?{why}"
    )


BAN_CANCELLED = "D'accord : personne n'a été banni."
NOT_YOUR_BAN_REQUEST = "Seule la personne qui a demandé ce bannissement peut le confirmer."
BAN_REQUEST_EXPIRED = "Cette demande a expiré : renvoyez la commande /ban."


NOBODY_BANNED = "Personne n'est banni. 🕊"


def banned_line(
    label: str, when: datetime | None, by: str | None, reason: str | None, until: str | None = None
) -> str:
    parts = [f"• {label}"]
    if when is not None:
        parts.append(f"le {when.astimezone(PARIS):%d/%m/%Y}")
    if by:
        parts.append(f"par {by}")
    if until:
        parts.append(f"⏳ jusqu'au {until}")
    line = " · ".join(parts)
    return f"{line}\n   <i>{escape(reason)}</i>" if reason else line


def banned_list(lines: Sequence[str], more: bool) -> str:
    tail = "\n…et d'autres, plus anciens." if more else ""
    return "<b>Utilisateurs bannis</b>\n\n" + "\n".join(lines) + tail


# --- moderators ----------------------------------------------------------------------------------


def moderator_added(label: str, menu_set: bool) -> str:
    menu = (
        "Son menu de commandes est à jour."
        if menu_set
        else "Son menu de commandes apparaîtra quand il m'aura écrit (les commandes marchent déjà)."
    )
    return f"👮 {label} est maintenant modérateur. {menu}"


def moderator_removed(label: str) -> str:
    return f"{label} n'est plus modérateur."


def already_moderator(label: str) -> str:
    return f"{label} est déjà modérateur."


def not_moderator(label: str) -> str:
    return f"{label} n'est pas modérateur."


def is_owner(label: str) -> str:
    return f"{label} est propriétaire du bot (ADMIN_IDS) : son rôle ne se change pas ici."


def must_start_first(label: str) -> str:
    return f"{label} doit d'abord m'écrire (/start) pour que je puisse lui ouvrir les commandes."


def banned_cannot_moderate(label: str) -> str:
    return f"{label} est banni : levez d'abord le bannissement avec /unban."


WELCOME_MODERATOR = (
    "👮 Vous faites maintenant partie des modérateurs du bot. "
    "Tapez /admin pour voir les commandes de l'équipe."
)
NO_LONGER_MODERATOR = "Vous n'êtes plus modérateur du bot. Merci pour votre aide ! 🙏"

# --- /admin --------------------------------------------------------------------------------------


def admin_help(commands: Sequence[tuple[str, str]], owner: bool, moderators: Sequence[str]) -> str:
    role = "propriétaire" if owner else "modérateur"
    lines = [f"<b>Commandes de l'équipe</b> (vous êtes {role})", ""]
    lines += [f"/{name} — {escape(description)}" for name, description in commands]
    if moderators:
        lines += ["", "<b>Modérateurs</b> : " + ", ".join(moderators)]
    return "\n".join(lines)


# --- /stats --------------------------------------------------------------------------------------


def number(n: int) -> str:
    return f"{n:,}".replace(",", NBSP)


def duration(ms: float | None) -> str:
    if ms is None:
        return "—"
    if ms < 1000:
        return f"{round(ms)}{NBSP}ms"
    return f"{ms / 1000:.1f}".replace(".", ",") + f"{NBSP}s"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)}{NBSP}%"


def stats_report(s: Stats, spark: str) -> str:
    sites = "\n".join(f"  {i}. {escape(site)} — {number(n)}" for i, (site, n) in enumerate(s.top_sites, 1))
    lines = [
        "📊 <b>Statistiques</b>",
        "",
        f"👥 <b>Utilisateurs</b> : {number(s.users)} (+{number(s.new_users_week)} en 7{NBSP}j)",
        f"🔔 <b>Abonnés</b> : {number(s.immediate)} immédiats · {number(s.digest)} quotidiens",
        "",
        f"📝 <b>Résumés</b> : {number(s.today)} aujourd'hui · {number(s.week)} en 7{NBSP}j"
        f" · {number(s.month)} en 30{NBSP}j",
        f"<code>{spark}</code>",
        f"<i>30 derniers jours, au plus {number(max(s.per_day, default=0))} par jour</i>",
        f"✅ Réussite {percent(s.success_rate)} · temps médian {duration(s.median_ms)}",
    ]
    if sites:
        lines += ["🌐 <b>Sites les plus demandés</b>", sites]
    lines += [
        "",
        f"📣 <b>Envois (30{NBSP}j)</b> : {number(s.sent)} réussis · {number(s.failed)} échoués",
        f"🙋 Candidatures en attente : {number(s.pending_applications)}",
        f"🗂 File de modération : {number(s.queue)}",
        f"{'⚠️' if s.feeds_in_error else '📡'} Flux en erreur : {number(s.feeds_in_error)}",
    ]
    return "\n".join(lines)


STATS_USAGE = (
    "Tapez <code>/stats</code> pour les 30 derniers jours, ou <code>/stats 90</code> pour une autre période "
    "(de 7 à 365 jours)."
)


# --- /journal ------------------------------------------------------------------------------------

ACTIONS = {
    "ban": "a banni",
    "unban": "a levé le bannissement de",
    "ban.expired": "a levé, à son terme, le bannissement temporaire de",
    "moderator_add": "a nommé modérateur",
    "moderator_remove": "a retiré le rôle de modérateur à",
    "application.accept": "a accepté",
    "application.refuse": "a refusé",
    "application.view": "a consulté",
    "application.note": "a annoté",
    "application.question": "a posé une question sur",
    "applications.list": "a consulté la liste des candidatures",
    "applications.export": "a exporté les candidatures",
    "applications.purge": "a effacé les candidatures refusées anciennes",
    "volunteers.links_missing": "a signalé un lien manquant dans config.toml",
}
JOURNAL_EMPTY = "Le journal est vide : aucune action d'administration pour l'instant."
JOURNAL_END = "Il n'y a rien de plus ancien dans le journal."
JOURNAL_USAGE = "Tapez <code>/journal</code>, ou <code>/journal 2</code> pour la deuxième page."


def journal_line(when: datetime, actor: str, action: str, target: str | None, detail: str | None) -> str:
    verb = ACTIONS.get(action, escape(action))
    line = f"<code>{when.astimezone(PARIS):%d/%m %H:%M}</code> {actor} {verb}"
    if target:
        line += f" {target}"
    if detail:
        line += f"\n   <i>{escape(detail)}</i>"
    return line


def journal_page(lines: Sequence[str], first: int) -> str:
    title = "<b>Journal de l'équipe</b>" + (f" (à partir de la {first + 1}ᵉ action)" if first else "")
    return title + "\n\n" + "\n".join(lines)


# --- error reports -------------------------------------------------------------------------------


def error_report(error: str, place: str | None, origin: str | None, repeats: int, others: int) -> str:
    lines = [f"⚠️ <b>Erreur dans le bot</b>\n<code>{escape(error)}</code>"]
    if place:
        lines.append(f"📍 <code>{escape(place)}</code>")
    if origin:
        lines.append(f"💬 {escape(origin)}")
    if repeats:
        lines.append(f"🔁 Survenue encore {number(repeats)} fois depuis le rapport précédent.")
    if others:
        lines.append(f"🙈 {number(others)} autre(s) erreur(s) non signalée(s) : trop de rapports d'un coup.")
    lines.append("<i>Détails complets dans les journaux du serveur.</i>")
    return "\n".join(lines)


def error_origin(what: str, user_id: int | None, chat_id: int | None) -> str:
    """What was being handled (plain text, escaped by error_report)."""
    where = f" de l'utilisateur {user_id}" if user_id is not None else ""
    if chat_id is not None and chat_id != user_id:
        where += f" dans la discussion {chat_id}"
    return f"Pendant {what}{where}"


ORIGIN_COMMAND = "la commande {command}"
ORIGIN_MESSAGE = "un message"
ORIGIN_BUTTON = "un bouton"
ORIGIN_INLINE = "une recherche inline"
ORIGIN_UPDATE = "une mise à jour Telegram"
ORIGIN_BACKGROUND = "une tâche de fond"


SUMMARY_ITEMS = 8


def error_summary(repeats: Sequence[tuple[str, int]], others: int) -> str:
    lines = ["🔁 <b>Bilan des erreurs</b> depuis les derniers rapports"]
    shown = repeats[:SUMMARY_ITEMS]  # labels are up to ~400 characters: keep well under 4,096
    lines += [f"• <code>{escape(label)}</code> : encore {number(n)} fois" for label, n in shown]
    if len(repeats) > len(shown):
        lines.append(f"• …et {number(len(repeats) - len(shown))} autre(s) erreur(s) répétée(s)")
    if others:
        lines.append(f"🙈 {number(others)} autre(s) erreur(s) non signalée(s) : trop de rapports d'un coup.")
    return "\n".join(lines)
