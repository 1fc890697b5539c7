"""A local site on 127.0.0.1 serving synthetic French articles and every kind of bad page.

Pages are written for these tests (no third-party text). ``/article/<n>`` gives a different article
for each n, so benchmarks can ask for many distinct cold summaries.
"""

from __future__ import annotations

import asyncio
from html import escape

from aiohttp import web

TRICKY_TITLE = 'Budget 2026 : « <priorités> » & "choix" de la ville'

SENTENCES = [
    "La municipalité de Villeneuve a présenté mardi soir un plan de rénovation de ses quatre bibliothèques.",
    "Le projet, estimé à douze millions d'euros, doit s'étaler sur trois ans à partir du printemps prochain.",
    "Les travaux prévoient une isolation complète des bâtiments, construits pour la plupart vers 1970.",
    "Selon l'adjointe à la culture, la fréquentation a augmenté de dix-huit pour cent depuis la crise.",
    "Les habitants réclamaient depuis longtemps des horaires d'ouverture plus larges, notamment le dimanche.",
    "La ville promet désormais une ouverture dominicale dans deux établissements dès la fin des travaux.",
    "Les associations de lecteurs saluent une bonne nouvelle, tout en regrettant le manque de concertation.",
    "Un collectif de parents demande aussi davantage d'espaces réservés aux enfants et aux adolescents.",
    "Pendant la fermeture, un bibliobus desservira les quartiers les plus éloignés du centre-ville.",
    "Le financement repose en partie sur une subvention de l'État et sur un emprunt de la commune.",
    "L'opposition municipale juge le calendrier trop optimiste et craint des dépassements de budget.",
    "Le maire a répondu que chaque phase ferait l'objet d'un bilan public avant le lancement de la suivante.",
    "Les bibliothécaires seront formés aux nouveaux outils numériques installés dans les salles rénovées.",
    "Une consultation en ligne permettra aux usagers de proposer des idées jusqu'à la fin du mois.",
    "Le premier chantier concernera la médiathèque centrale, la plus fréquentée du réseau.",
]

SITE = "Le Journal de Villeneuve"

GERMAN = (
    "Die Stadtverwaltung hat am Dienstag einen Plan zur Renovierung der vier Bibliotheken vorgestellt. "
    "Das Projekt soll zwölf Millionen Euro kosten und drei Jahre dauern. Die Gebäude werden vollständig "
    "gedämmt, und die Öffnungszeiten werden verlängert, auch am Sonntag. Die Vereine der Leser begrüßen "
    "die Nachricht, bedauern aber die fehlende Beteiligung der Bürger. Während der Schließung fährt ein "
    "Bücherbus in die entfernten Viertel. Die Opposition hält den Zeitplan für zu optimistisch und "
    "fürchtet Mehrkosten. Der Bürgermeister verspricht nach jeder Phase eine öffentliche Bilanz. "
    "Die Bibliothekare werden für die neuen digitalen Werkzeuge geschult, die in den Sälen installiert "
    "werden. Eine Online-Umfrage sammelt bis Ende des Monats die Ideen der Nutzer."
)


def article_sentences(n: int) -> list[str]:
    """Sentences of article ``n``: the same story, rotated and numbered so each article differs."""
    shift = n % len(SENTENCES)
    rotated = SENTENCES[shift:] + SENTENCES[:shift]
    return [f"{s[:-1]}, selon le compte rendu numéro {n}." if i == 2 else s for i, s in enumerate(rotated)]


def page(
    title: str,
    paragraphs: list[str],
    *,
    lang: str = "fr",
    site: str = "Le Journal de Villeneuve",
    head: str = "",
) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)} | {escape(site)}</title>
<meta property="og:title" content="{escape(title)}"><meta property="og:site_name" content="{escape(site)}">
{head}</head><body>
<header><nav><a href="/">Accueil</a> <a href="/culture">Culture</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{escape(title)}</h1>
{body}
</article></main>
<footer><p>© Le Journal de Villeneuve — mentions légales — contact</p></footer>
</body></html>"""


def article_page(n: int, title: str | None = None, *, canonical: str | None = None) -> str:
    sentences = article_sentences(n)
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    head = f'<link rel="canonical" href="{escape(canonical)}">\n' if canonical else ""
    title = title or f"Rénovation des bibliothèques : le plan de la ville (n° {n})"
    return page(title, paragraphs, head=head)


class ArticleSite:
    """The aiohttp app and its request log (``hits`` counts requests per path)."""

    def __init__(self, slow_seconds: float = 3.0) -> None:
        self.slow_seconds = slow_seconds
        self.hits: dict[str, int] = {}
        self.in_flight = 0
        self.peak = 0  # most /paced requests served at once
        self.base_url = ""
        self._runner: web.AppRunner | None = None

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/article/{n:\\d+}", self._article)
        app.router.add_get("/paced/{n:\\d+}", self._paced)
        app.router.add_get("/partage/{n:\\d+}", self._shared)
        app.router.add_get("/tricky", self._tricky)
        app.router.add_get("/german", self._german)
        app.router.add_get("/home", self._home)
        app.router.add_get("/short.txt", self._short)
        app.router.add_get("/doc.pdf", self._pdf)
        app.router.add_get("/photo.png", self._png)
        app.router.add_get("/huge", self._huge)
        app.router.add_get("/slow", self._slow)
        app.router.add_get("/missing", self._missing)
        app.router.add_get("/broken", self._broken)
        app.on_response_prepare.append(lambda request, response: self._count(request))
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _count(self, request: web.Request) -> None:
        self.hits[request.path] = self.hits.get(request.path, 0) + 1

    async def _article(self, request: web.Request) -> web.Response:
        return web.Response(text=article_page(int(request.match_info["n"])), content_type="text/html")

    async def _shared(self, request: web.Request) -> web.Response:
        """Article n under a sharing address, declaring ``/article/n`` as its canonical URL."""
        n = int(request.match_info["n"])
        html = article_page(n, canonical=self.url(f"/article/{n}"))
        return web.Response(text=html, content_type="text/html")

    async def _paced(self, request: web.Request) -> web.Response:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(0.2)
        finally:
            self.in_flight -= 1
        return web.Response(text=article_page(int(request.match_info["n"])), content_type="text/html")

    async def _tricky(self, request: web.Request) -> web.Response:
        return web.Response(text=article_page(7, TRICKY_TITLE), content_type="text/html")

    async def _german(self, request: web.Request) -> web.Response:
        return web.Response(
            text=page("Renovierung der Bibliotheken", [GERMAN], lang="de"), content_type="text/html"
        )

    async def _home(self, request: web.Request) -> web.Response:
        links = "".join(f'<li><a href="/article/{i}">Article {i}</a></li>' for i in range(30))
        html = (
            f"<!doctype html><html lang='fr'><head><title>Accueil</title></head><body><ul>{links}</ul></body>"
        )
        return web.Response(text=html, content_type="text/html")

    async def _short(self, request: web.Request) -> web.Response:
        return web.Response(text="La bibliothèque rouvre lundi. Venez nombreux.", content_type="text/plain")

    async def _pdf(self, request: web.Request) -> web.Response:
        return web.Response(body=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", content_type="application/pdf")

    async def _png(self, request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")

    async def _huge(self, request: web.Request) -> web.Response:
        return web.Response(text=article_page(3) + "<!--" + "x" * 400_000 + "-->", content_type="text/html")

    async def _slow(self, request: web.Request) -> web.Response:
        await asyncio.sleep(self.slow_seconds)
        return web.Response(text=article_page(4), content_type="text/html")

    async def _missing(self, request: web.Request) -> web.Response:
        return web.Response(status=404, text="Page introuvable", content_type="text/html")

    async def _broken(self, request: web.Request) -> web.Response:
        return web.Response(status=500, text="Erreur interne", content_type="text/html")
