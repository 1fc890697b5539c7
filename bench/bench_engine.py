#!/usr/bin/env python3
"""Speed of the text engine, measured in one run: medians and ratios, printed.

    .venv/bin/python bench/bench_engine.py                 # needs ../shared/eval beside the project
    .venv/bin/python bench/bench_engine.py --repeat 5 --shared /path/to/shared

1. ``summarize_text`` on each article of ../shared/eval/summaries/dev.jsonl (the scraped ``raw`` field
   and the cleaned ``text`` field), once each after a warm-up.
2. One 2,000-sentence text made of whole paragraphs of those articles.
3. Extract + summarize of each French page of ../shared/eval/extraction/pages (fr-*.html.gz, charset
   variants included): ``summarizer.pipeline.summarize_page``, the product's whole CPU-bound path
   (decode, extract, language, split, rank). Beside it, sumy's stock pipeline on the same bytes:
   ``HtmlParser`` (breadability) + ``LexRankSummarizer`` with sumy's French stemmer and stop words,
   3 sentences. sumy's own ``Tokenizer("french")`` needs NLTK punkt, which is not installed, so
   the stock pipeline gets the project's ``SentenceTokenizer("fr")`` (sumy's parsers only call its
   ``to_sentences``/``to_words``): everything else is stock sumy.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.parsers.html import HtmlParser  # noqa: E402
from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: E402
from sumy.utils import get_stop_words  # noqa: E402

from summarizer import SummarizerError, summarize_text  # noqa: E402
from summarizer.models import FetchedPage, Summary  # noqa: E402
from summarizer.pipeline import summarize_page  # noqa: E402
from summarizer.sentences import SentenceTokenizer, split_sentences  # noqa: E402
from summarizer.settings import SummarizerSettings  # noqa: E402
from summarizer.summarize import MAX_CHARS  # noqa: E402


def timed(job: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    try:
        result: object = job()
    except SummarizerError as exc:  # a refusal (not an article, too short) costs time too
        result = exc
    return (time.perf_counter() - started) * 1000, result


def describe(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return (
        f"{label:<44} median {statistics.median(values):8.2f} ms   p90 {p90:8.2f} ms   "
        f"max {max(values):8.2f} ms   (n={len(values)})"
    )


def bench_articles(records: list[dict[str, Any]]) -> None:
    summarize_text(records[0]["raw"])  # loads the weights and warms the caches, as a running bot has
    for field in ("raw", "text"):
        times = [timed(functools.partial(summarize_text, r[field], sentences=3))[0] for r in records]
        print(describe(f"summarize_text, dev articles ({field})", times))


def long_text(records: list[dict[str, Any]], target: int) -> str:
    paragraphs: list[str] = []
    count = 0
    for record in records:
        for line in record["text"].split("\n"):
            n = len(split_sentences(line))
            if n and count + n <= target:
                paragraphs.append(line)
                count += n
        if count >= target:
            break
    return "\n".join(paragraphs)


def bench_long(records: list[dict[str, Any]], repeat: int) -> None:
    text = long_text(records, 2000)
    runs = [timed(functools.partial(summarize_text, text, sentences=3)) for _ in range(repeat)]
    summary = runs[0][1]
    seen = summary.source_sentences if isinstance(summary, Summary) else 0
    label = f"summarize_text, {len(split_sentences(text))}-sentence text"
    print(describe(label, [ms for ms, _ in runs]))
    print(f"    ({len(text):,} chars; the engine reads the first {MAX_CHARS:,}: {seen} sentences ranked)")


def stock_sumy(html: bytes, url: str) -> tuple[str, ...]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # stock LexRank divides 0 by 0 on some pages
        parser = HtmlParser.from_string(html, url, SentenceTokenizer("fr"))
        summarizer = LexRankSummarizer(Stemmer("french"))
        summarizer.stop_words = get_stop_words("french")
        return tuple(str(s) for s in summarizer(parser.document, 3))


def bench_pages(shared: Path, repeat: int) -> None:
    truth = {}
    with (shared / "eval" / "extraction" / "truth.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            truth[record["id"]] = record
    settings = SummarizerSettings()
    ours: list[float] = []
    stock: list[float] = []
    refused = 0
    for path in sorted((shared / "eval" / "extraction" / "pages").glob("fr-*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        meta = truth.get(page_id, {})
        url = meta.get("url", f"https://example.org/{page_id}")
        body = gzip.decompress(path.read_bytes())
        page = FetchedPage(url, 200, "text/html", meta.get("http_charset"), body)
        ours_job = functools.partial(summarize_page, page, settings=settings)
        runs = [timed(ours_job) for _ in range(repeat)]
        refused += isinstance(runs[0][1], SummarizerError)
        ours.append(statistics.median(ms for ms, _ in runs))
        stock_job = functools.partial(stock_sumy, body, url)
        stock.append(statistics.median(timed(stock_job)[0] for _ in range(repeat)))
    print(describe("extract + summarize (summarize_page), fr pages", ours) + f", {refused} refused")
    print(describe("sumy stock HtmlParser + LexRank, same pages", stock))
    ratio = statistics.median(stock) / statistics.median(ours)
    per_page = statistics.median(s / o for s, o in zip(stock, ours, strict=True))
    print(f"{'ratio sumy stock / ours':<44} of medians {ratio:6.2f}x   median per page {per_page:6.2f}x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--repeat", type=int, default=5, help="runs per page and for the long text")
    a = ap.parse_args()
    dev = a.shared / "eval" / "summaries" / "dev.jsonl"
    if not dev.exists():
        print(f"{dev} not found: the benchmark needs ../shared/eval (see DESIGN.md)", file=sys.stderr)
        return 2
    with dev.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    bench_articles(records)
    bench_long(records, a.repeat)
    bench_pages(a.shared, a.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
