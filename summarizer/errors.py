"""Domain errors of the engine.

Each error carries ``user_message``: a short French sentence that the bot can show as is. The
English ``str(error)`` is for logs. Handlers turn these into replies at the edge; the engine
never talks to Telegram.
"""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class of every error the engine raises on purpose."""

    user_message: str = "Je n'ai pas pu résumer cet article."

    def __init__(self, detail: str = "", *, user_message: str | None = None) -> None:
        super().__init__(detail or self.__class__.__name__)
        if user_message is not None:
            self.user_message = user_message


# --- fetching -------------------------------------------------------------------------------


class FetchError(SummarizerError):
    """The page could not be fetched."""

    user_message = "Je n'ai pas réussi à récupérer cette page."


class InvalidURL(FetchError):
    user_message = "Ce lien ne semble pas valide. Envoyez une adresse qui commence par http:// ou https://."


class BlockedAddress(FetchError):
    """The host resolves to a loopback, private, link-local, reserved… address (SSRF guard)."""

    user_message = "Ce lien mène à une adresse privée ou interne : je ne peux pas l'ouvrir."


class TooManyRedirects(FetchError):
    user_message = "Ce lien redirige trop de fois : je ne peux pas le suivre."


class FetchTimeout(FetchError):
    user_message = "Le site met trop de temps à répondre. Réessayez plus tard."


class TooLarge(FetchError):
    user_message = "Cette page est trop lourde pour que je la résume."


class UnsupportedContentType(FetchError):
    """Not HTML/XHTML/plain text. ``content_type`` says what it was."""

    user_message = "Ce lien ne mène pas à une page web que je sais lire."

    def __init__(self, content_type: str, *, user_message: str | None = None) -> None:
        self.content_type = content_type
        what = _describe_media_type(content_type)
        if user_message is None and what is not None:
            user_message = f"Ce lien mène à {what}, pas à un article : je ne sais résumer que des pages web."
        super().__init__(f"unsupported content type: {content_type!r}", user_message=user_message)


def _describe_media_type(content_type: str) -> str | None:
    """What a media type is, in French words a reader understands ("un PDF"), if we know."""
    media = content_type.split(";", 1)[0].strip().lower()
    kind = media.split("/", 1)[0]
    if media == "application/pdf":
        return "un PDF"
    if kind in {"image", "video", "audio"}:
        return {"image": "une image", "video": "une vidéo", "audio": "un fichier audio"}[kind]
    if media in {"application/octet-stream", "application/zip", "application/x-msdownload"}:
        return "un fichier à télécharger"
    return None


class HTTPStatusError(FetchError):
    """The site answered with an error status."""

    def __init__(self, status: int, *, user_message: str | None = None) -> None:
        self.status = status
        if user_message is None:
            if status == 404:
                user_message = "Cette page est introuvable sur le site (erreur 404)."
            elif status in (401, 403):
                user_message = "Le site refuse l'accès à cette page."
            elif status == 429:
                user_message = "Le site reçoit trop de demandes. Réessayez dans quelques minutes."
            elif status >= 500:
                user_message = f"Le site rencontre un problème (erreur {status}). Réessayez plus tard."
            else:
                user_message = f"Le site a répondu par une erreur ({status})."
        super().__init__(f"HTTP {status}", user_message=user_message)


class ConnectionFailed(FetchError):
    user_message = "Je n'arrive pas à joindre ce site. Vérifiez le lien ou réessayez plus tard."


# --- content --------------------------------------------------------------------------------


class NotAnArticle(SummarizerError):
    """The page is not an article (consent wall, paywall stub, home page, too little text…).

    ``reason`` is a short machine-readable tag such as ``"consent-wall"`` or ``"too-short"``.
    """

    user_message = "Cette page ne ressemble pas à un article : je n'y trouve pas de texte à résumer."

    def __init__(self, reason: str, detail: str = "", *, user_message: str | None = None) -> None:
        self.reason = reason
        super().__init__(f"not an article ({reason}) {detail}".strip(), user_message=user_message)


class TextTooShort(SummarizerError):
    user_message = "Ce texte est trop court pour être résumé."


class UnsupportedLanguage(SummarizerError):
    def __init__(self, language: str, *, user_message: str | None = None) -> None:
        self.language = language
        super().__init__(
            f"unsupported language: {language}",
            user_message=user_message or "Je ne sais résumer que les textes en français ou en anglais.",
        )
