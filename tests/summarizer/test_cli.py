"""``python -m summarizer``: the CLI as a user runs it, in a subprocess."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from aiohttp import web

from .conftest import Serve

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"


async def _run(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "summarizer",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "FETCH_ALLOW_PRIVATE_NETWORKS": "0", **(env or {})},
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin), timeout=60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_summarize_a_saved_page_as_json() -> None:
    code, out, err = await _run("summarize", str(PAGES / "article_fr.html"), "--sentences", "2", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["title"].startswith("À Roubaix")
    assert len(data["sentences"]) == 2
    assert data["language"] == "fr"


async def test_summarize_plain_text_from_stdin() -> None:
    text = (PAGES / "article.txt").read_bytes()
    code, out, err = await _run("summarize", "-", stdin=text)
    assert code == 0, err
    bullets = [line for line in out.splitlines() if line.startswith("- ")]
    assert 1 <= len(bullets) <= 3


async def test_extract_prints_title_then_text() -> None:
    code, out, err = await _run("extract", str(PAGES / "article_cp1252_nometa.html"))
    assert code == 0, err
    first_line = out.splitlines()[0]
    assert first_line == "À Roubaix, une ressourcerie fait revivre les vieux vélos du quartier"
    assert "Ã©" not in out


async def test_summarize_a_url(serve: Serve) -> None:
    page = (PAGES / "article_fr.html").read_bytes()

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=page, content_type="text/html", charset="utf-8")

    server = await serve({"/article": handler})
    code, out, err = await _run(
        "summarize", server.url("/article"), env={"FETCH_ALLOW_PRIVATE_NETWORKS": "1"}
    )
    assert code == 0, err
    assert out.startswith("À Roubaix")


async def test_private_address_is_refused_with_a_clear_message(serve: Serve) -> None:
    server = await serve({"/article": "<html><body><p>secret</p></body></html>"})
    code, out, err = await _run("summarize", server.url("/article"))
    assert code == 1
    assert out == ""
    assert "adresse privée" in err
    assert "Traceback" not in err
    assert server.hits["/article"] == 0


async def test_missing_file_and_bad_page_exit_non_zero() -> None:
    code, _, err = await _run("summarize", "/nonexistent/page.html")
    assert code == 1
    assert "Cannot read" in err
    code, _, err = await _run("summarize", str(PAGES / "consent_wall.html"))
    assert code == 1
    assert "Traceback" not in err


async def test_bad_config_is_reported(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[fetch]\nmax_bytes = -3\n", encoding="utf-8")
    code, _, err = await _run("--config", str(config), "summarize", str(PAGES / "article_fr.html"))
    assert code == 2
    assert "max_bytes" in err
