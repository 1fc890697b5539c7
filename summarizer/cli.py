"""Command line: ``python -m summarizer summarize|extract SOURCE`` (URL, file or ``-`` for stdin)."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from dataclasses import asdict
from pathlib import Path

from summarizer.decode import decode_html
from summarizer.errors import SummarizerError
from summarizer.extract import extract
from summarizer.fetch import create_session, fetch
from summarizer.models import Article, FetchedPage
from summarizer.pipeline import article_from_page, summarize_article
from summarizer.settings import ConfigError, FetchSettings, load_engine_settings

_LOOKS_LIKE_HTML = re.compile(rb"<(!doctype|html|head|body|p|div|article|meta)\b", re.IGNORECASE)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m summarizer", description=__doc__)
    parser.add_argument("--config", help="config file (default: BOT_CONFIG or ./config.toml)")
    sub = parser.add_subparsers(dest="command", required=True)
    summ = sub.add_parser("summarize", help="print an extractive summary")
    summ.add_argument("source", help="URL, file path, or - for stdin (HTML or plain text)")
    summ.add_argument("--sentences", type=int, default=None, help="number of sentences")
    summ.add_argument("--json", action="store_true", help="print JSON")
    ext = sub.add_parser("extract", help="print the article's main text")
    ext.add_argument("source", help="URL, file path, or - for stdin (HTML or plain text)")
    ext.add_argument("--json", action="store_true", help="print JSON")
    return parser


async def _fetch(url: str, settings: FetchSettings) -> FetchedPage:
    async with create_session(settings) as session:
        return await fetch(url, session=session, settings=settings)


def _load_article(source: str, fetch_settings: FetchSettings) -> Article:
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        return article_from_page(asyncio.run(_fetch(source, fetch_settings)))
    data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    if _LOOKS_LIKE_HTML.search(data[:4096]):
        return extract(data)
    return Article(text=decode_html(data, None).strip(), extractor="plain")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        fetch_settings, settings = load_engine_settings(args.config)
        article = _load_article(args.source, fetch_settings)
        if args.command == "extract":
            if args.json:
                print(json.dumps(asdict(article), ensure_ascii=False, indent=2))
            else:
                print(f"{article.title}\n\n{article.text}" if article.title else article.text)
            return 0
        summary = summarize_article(article, settings=settings, sentences=args.sentences)
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Cannot read {args.source}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except SummarizerError as exc:
        print(f"{exc.user_message} ({exc})", file=sys.stderr)
        return 1
    if args.json:
        payload = {"title": article.title, "url": article.url, "site": article.site, **asdict(summary)}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        if article.title:
            print(article.title, end="\n\n")
        print("\n".join(f"- {sentence}" for sentence in summary.sentences))
    return 0
