"""Texts of broadcasting, the digest and the feed moderation queue (issue 5)."""

from __future__ import annotations

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


def progress_counting(title: str) -> str:
    """The progress message before the recipients are counted (never « 0 restant »)."""
    return f"📣 <b>Diffusion en cours</b> : {title}\n⏳ Préparation de la liste des destinataires…"


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
