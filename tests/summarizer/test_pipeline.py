"""The composed engine: URL -> fetch -> extract -> rank, over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from summarizer.errors import NotAnArticle, TextTooShort, UnsupportedContentType, UnsupportedLanguage
from summarizer.pipeline import summarize_plain_text, summarize_url
from summarizer.settings import FetchSettings, SummarizerSettings

from .conftest import Serve

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
MOJIBAKE = ("Ã©", "Ã¨", "â€™", "\ufffd")

ENGLISH = " ".join(
    [
        "The city council approved the new cycling plan on Monday after a long debate.",
        "The plan adds forty kilometres of protected lanes across the northern districts.",
        "Residents had asked for safer routes to schools for more than five years.",
        "The mayor said the first works would start in the spring and last two years.",
        "Opposition members criticised the cost, which they put at twelve million euros.",
        "Local shops fear the loss of parking spaces on the main shopping street.",
        "A public consultation will be held in March to discuss the final route.",
        "Cycling groups welcomed the vote but asked for a faster timetable for the works.",
    ]
)

GERMAN = " ".join(
    [
        "Der Stadtrat hat am Montag nach einer langen Debatte den neuen Radverkehrsplan beschlossen.",
        "Der Plan sieht vierzig Kilometer geschützte Radwege in den nördlichen Bezirken vor.",
        "Die Anwohner hatten seit mehr als fünf Jahren sicherere Schulwege gefordert.",
        "Der Bürgermeister sagte, dass die ersten Arbeiten im Frühjahr beginnen werden.",
        "Die Opposition kritisierte die Kosten, die sie auf zwölf Millionen Euro schätzt.",
        "Die Geschäfte in der Innenstadt fürchten den Verlust von vielen Parkplätzen.",
        "Im März wird es eine öffentliche Anhörung zu der endgültigen Strecke geben.",
    ]
)


def _page(name: str, content_type: str = "text/html", charset: str | None = "utf-8") -> web.Response:
    headers = {"Content-Type": content_type + (f"; charset={charset}" if charset else "")}
    return web.Response(body=(PAGES / name).read_bytes(), headers=headers)


def _route(
    name: str, content_type: str = "text/html", charset: str | None = "utf-8"
) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        return _page(name, content_type, charset)

    return handler


SETTINGS = SummarizerSettings()


async def test_article_link_gives_a_faithful_summary(
    serve: Serve, local_session: aiohttp.ClientSession, local_settings: FetchSettings
) -> None:
    server = await serve({"/article": _route("article_fr.html")})
    result = await summarize_url(
        server.url("/article"), session=local_session, fetch_settings=local_settings, settings=SETTINGS
    )
    assert result.article.title == "À Roubaix, une ressourcerie fait revivre les vieux vélos du quartier"
    assert result.article.site == "Le Petit Écho"
    assert result.summary.language == "fr"
    assert 1 <= len(result.summary.sentences) <= 3
    text = result.article.text
    positions = [text.index(sentence) for sentence in result.summary.sentences]  # verbatim, extractive
    assert positions == sorted(positions)  # document order
    assert result.fetched_url == server.url("/article")


async def test_windows_1252_page_without_declaration_has_no_mojibake(
    serve: Serve, local_session: aiohttp.ClientSession, local_settings: FetchSettings
) -> None:
    server = await serve({"/a": _route("article_cp1252_nometa.html", charset=None)})
    result = await summarize_url(
        server.url("/a"), session=local_session, fetch_settings=local_settings, settings=SETTINGS
    )
    joined = " ".join([result.article.title or "", *result.summary.sentences])
    assert "é" in joined
    assert not any(bad in joined for bad in MOJIBAKE)


async def test_plain_text_page_is_summarized(
    serve: Serve, local_session: aiohttp.ClientSession, local_settings: FetchSettings
) -> None:
    server = await serve({"/a.txt": _route("article.txt", content_type="text/plain")})
    result = await summarize_url(
        server.url("/a.txt"), session=local_session, fetch_settings=local_settings, settings=SETTINGS
    )
    assert result.summary.sentences
    assert result.article.extractor == "plain"


@pytest.mark.parametrize(
    ("page", "error"),
    [("consent_wall.html", NotAnArticle), ("home_page.html", NotAnArticle), ("too_short.html", NotAnArticle)],
)
async def test_pages_that_are_not_articles_are_refused(
    serve: Serve,
    local_session: aiohttp.ClientSession,
    local_settings: FetchSettings,
    page: str,
    error: type[Exception],
) -> None:
    server = await serve({"/p": _route(page)})
    with pytest.raises(error) as info:
        await summarize_url(
            server.url("/p"), session=local_session, fetch_settings=local_settings, settings=SETTINGS
        )
    assert info.value.user_message  # type: ignore[attr-defined]


async def test_pdf_is_refused_before_any_extraction(
    serve: Serve, local_session: aiohttp.ClientSession, local_settings: FetchSettings
) -> None:
    async def pdf(request: web.Request) -> web.Response:
        return web.Response(body=b"%PDF-1.7\n", content_type="application/pdf")

    server = await serve({"/doc.pdf": pdf})
    with pytest.raises(UnsupportedContentType, match="pdf"):
        await summarize_url(
            server.url("/doc.pdf"), session=local_session, fetch_settings=local_settings, settings=SETTINGS
        )


async def test_length_is_clamped_to_the_configured_range(
    serve: Serve, local_session: aiohttp.ClientSession, local_settings: FetchSettings
) -> None:
    server = await serve({"/article": _route("article_fr.html")})
    settings = SummarizerSettings(sentences=2, max_sentences=4)
    longest = await summarize_url(
        server.url("/article"),
        session=local_session,
        fetch_settings=local_settings,
        settings=settings,
        sentences=50,
    )
    assert 2 < len(longest.summary.sentences) <= 4
    shortest = await summarize_url(
        server.url("/article"),
        session=local_session,
        fetch_settings=local_settings,
        settings=settings,
        sentences=0,
    )
    assert len(shortest.summary.sentences) == 1


async def test_pasted_english_text_is_summarized_in_english() -> None:
    summary = (await summarize_plain_text(ENGLISH, settings=SETTINGS)).summary
    assert summary.language == "en"
    assert all(sentence in ENGLISH for sentence in summary.sentences)


async def test_pasted_text_in_another_language_is_refused() -> None:
    with pytest.raises(UnsupportedLanguage) as info:
        await summarize_plain_text(GERMAN, settings=SETTINGS)
    assert "français" in info.value.user_message


async def test_pasted_text_too_short_is_refused() -> None:
    with pytest.raises(TextTooShort):
        await summarize_plain_text("Une seule phrase ne fait pas un article.", settings=SETTINGS)


async def test_work_can_run_in_a_process_pool() -> None:
    """Everything handed to the executor must pickle: the bot may use processes for CPU work."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        result = await summarize_plain_text(ENGLISH, settings=SETTINGS, executor=pool)
    assert result.summary.sentences
