#!/usr/bin/env python3
"""Reader benchmark: are the summaries of real French pages what a reader wants? Figures, one run.

    .venv/bin/python bench/bench_reader.py                  # needs ../shared/eval beside the project
    .venv/bin/python bench/bench_reader.py --shared /work/shared    # from a worktree elsewhere
    .venv/bin/python bench/bench_reader.py --verbose        # one line per page, input and system
    .venv/bin/python bench/bench_reader.py --show [--page lopinion]   # the summaries, tagged
    .venv/bin/python bench/bench_reader.py --json out.json  # everything, for diffing two runs
    .venv/bin/python bench/bench_reader.py --sentences 5 --paste-chars 4096

The 29 French pages of ../shared/eval/extraction (split "fr" of truth.jsonl), each in two inputs:
- **page**: the page's bytes through ``summarizer.pipeline.summarize_page`` at the bot's longest
  length, then shortened the way the bot shows it (``bot.summaries.ArticleCard.summary``);
- **paste**: the page's visible text pasted whole (bench/visible_text.py: what "select all, copy"
  in a browser gives), cut to the bot's ``max_text_chars`` (``--paste-chars 4096``: what one
  Telegram message holds), through ``summarizer.pipeline.summarize_plain_text``, as ``/resume`` in
  reply to a pasted text does.
Beside the product, two baselines on the same text (the extracted text for pages, the pasted text
for pastes), cut into sentences by the product's splitter: "first three", its first three sentences
whatever they are (headings and menu items included), and "lead three", its first three complete
sentences (``reader_metrics.lead``: six words or more, a capital first, a full stop last), which is
what a reader skimming the text would take.

Judged by bench/reader_metrics.py against bench/reader_facts.toml (``--facts`` for another file: key
facts annotated by hand from the reference text, per-page boilerplate): fact recall (facts in the
summary / facts annotated, failures count as missing), boilerplate sentences (and in how many
summaries), off-article sentences (mostly words not in the page's reference body), dangling
openers, title repeats,
cut quotations (« opened and not closed, or the reverse), failures (any exception: not an article,
too short…) and the mean summary length in characters.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import statistics
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.reader_metrics import Page, Score, lead, load_pages, ngrams, score  # noqa: E402
from bench.visible_text import visible_text  # noqa: E402
from bot.config import LimitsSettings  # noqa: E402
from bot.summaries import ArticleCard  # noqa: E402
from summarizer.decode import decode_html  # noqa: E402
from summarizer.models import FetchedPage  # noqa: E402
from summarizer.pipeline import article_from_page, summarize_page, summarize_plain_text  # noqa: E402
from summarizer.sentences import split_sentences  # noqa: E402
from summarizer.settings import SummarizerSettings  # noqa: E402
from summarizer.summarize import unwrap  # noqa: E402

FACTS = Path(__file__).resolve().parent / "reader_facts.toml"
MODES = ("page", "paste")
SYSTEMS = ("product", "first three", "lead three")


@dataclass
class Run:
    """One summary of one page, in one mode, by one system."""

    page: str
    mode: str
    system: str
    sentences: list[str] = field(default_factory=list)
    error: str | None = None
    score: Score | None = None


def sentences_of(text: str) -> list[str]:
    """The text's sentences as the product cuts them (hard-wrapped lines joined first)."""
    return split_sentences(unwrap(text))


def page_runs(page: Page, body: bytes, record: dict[str, Any], n: int) -> tuple[list[Run], list[str]]:
    """Product and baselines on the page itself; also returns the document's sentences."""
    fetched = FetchedPage(
        url=record["url"], status=200, content_type="text/html", charset=record.get("http_charset"), body=body
    )
    settings = SummarizerSettings()
    product, first, lead3 = (Run(page.id, "page", system) for system in SYSTEMS)
    document: list[str] = []
    try:
        document = sentences_of(article_from_page(fetched).text)
        first.sentences, lead3.sentences = document[:n], lead(document, n)
    except Exception as exc:
        first.error = lead3.error = f"{type(exc).__name__}: {exc}"
    try:
        result = summarize_page(fetched, settings=settings, sentences=settings.max_sentences)
        stored = result.summary  # the bot stores the longest summary and shows the n best of it
        card = ArticleCard(
            0, result.url, None, None, None, tuple(stored.sentences), scores=tuple(stored.scores)
        )
        product.sentences = card.summary(n).sentences
    except Exception as exc:
        product.error = f"{type(exc).__name__}: {exc}"
    return [product, first, lead3], document


def paste_runs(page: Page, text: str, n: int) -> tuple[list[Run], list[str]]:
    product, first, lead3 = (Run(page.id, "paste", system) for system in SYSTEMS)
    document = sentences_of(text)
    first.sentences, lead3.sentences = document[:n], lead(document, n)
    try:
        pasted = asyncio.run(summarize_plain_text(text, settings=SummarizerSettings(), sentences=n))
        product.sentences = pasted.summary.sentences
    except Exception as exc:
        product.error = f"{type(exc).__name__}: {exc}"
    return [product, first, lead3], document


def totals(runs: list[Run], pages: dict[str, Page]) -> dict[str, Any]:
    scores = [r.score for r in runs if r.score is not None]
    facts = sum(len(pages[r.page].facts) for r in runs)
    found = sum(sum(s.facts) for s in scores)
    return {
        "facts_found": found,
        "facts_total": facts,
        "recall": found / facts if facts else 0.0,
        "boilerplate": sum(len(s.boilerplate) for s in scores),
        "summaries_with_boilerplate": sum(bool(s.boilerplate) for s in scores),
        "off_article": sum(len(s.off_article) for s in scores),
        "dangling": sum(len(s.dangling) for s in scores),
        "title_repeats": sum(len(s.title_repeats) for s in scores),
        "cut_quotes": sum(len(s.cut_quotes) for s in scores),
        "unlocated": sum(s.unlocated for s in scores),
        "failures": sum(r.error is not None for r in runs),
        "summaries": len(runs),
        "mean_chars": statistics.mean(s.chars for s in scores) if scores else 0.0,
    }


HEADER = (
    "{n} sentences          fact recall      boilerplate  off-     dangling  title    cut     failed  mean\n"
    "                                        (summaries)  article  openers   repeats  quotes          chars"
)


def print_totals(table: dict[str, dict[str, Any]], ceiling: dict[str, tuple[int, int]], n: int) -> None:
    print("\n" + HEADER.format(n=n))
    for key, t in table.items():
        print(
            f"{key:<20} {t['facts_found']:>4}/{t['facts_total']:<4}{100 * t['recall']:5.1f} %"
            f"{t['boilerplate']:>7} ({t['summaries_with_boilerplate']:>2}){t['off_article']:>9}"
            f"{t['dangling']:>9}{t['title_repeats']:>9}{t['cut_quotes']:>8}"
            f"{t['failures']:>6}/{t['summaries']:<3}{t['mean_chars']:6.0f}"
        )
    for mode, (have, total) in ceiling.items():
        print(f"facts stated anywhere in the {mode} text the summaries come from: {have}/{total}")
    unlocated = sum(t["unlocated"] for t in table.values())
    if unlocated:
        print(f"({unlocated} summary sentences not found in their text: not judged for dangling openers)")


def tags(score: Score | None, i: int) -> str:
    if score is None:
        return ""
    marks = [reason for j, reason in score.boilerplate if j == i]
    for name, indices in (
        ("DANGLING", score.dangling),
        ("TITLE", score.title_repeats),
        ("OFF-ARTICLE", score.off_article),
        ("CUT QUOTE", score.cut_quotes),
    ):
        marks += [name] * (i in indices)
    return f"  [{', '.join(marks)}]" if marks else ""


def show(run: Run, page: Page) -> None:
    found = [f"F{k + 1}" for k, hit in enumerate(run.score.facts if run.score else []) if hit]
    head = f"-- {run.mode} / {run.system}: facts {' '.join(found) or '-'} of {len(page.facts)}"
    print(head if run.error is None else f"{head}  FAILED {run.error}")
    for i, sentence in enumerate(run.sentences):
        print(f"   {i + 1}. {sentence}{tags(run.score, i)}")


def print_runs(runs: list[Run], pages: dict[str, Page]) -> None:
    print(f"\n{'page':<42} {'mode':<6} {'system':<12} facts  B  O  D  T  Q")
    for r in runs:
        s, total = r.score, len(pages[r.page].facts)
        if s is None:
            print(f"{r.page[:42]:<42} {r.mode:<6} {r.system:<12} 0/{total:<3} FAILED {r.error}")
            continue
        counts = (s.boilerplate, s.off_article, s.dangling, s.title_repeats, s.cut_quotes)
        print(
            f"{r.page[:42]:<42} {r.mode:<6} {r.system:<12} {sum(s.facts)}/{total:<3} "
            + " ".join(f"{len(c):>2}" for c in counts)
        )


def evaluate(
    data: Path, records: list[dict[str, Any]], pages: dict[str, Page], args: argparse.Namespace
) -> None:
    runs: list[Run] = []
    ceiling = {mode: [0, 0] for mode in MODES}
    for record in records:
        page = pages[record["id"]]
        unstated = [f"F{k + 1}" for k, f in enumerate(page.facts) if not f.found_in([record["text"]])]
        if unstated:
            print(f"annotation check: {page.id} {' '.join(unstated)} not stated in the reference text")
        body = gzip.decompress((data / "pages" / f"{record['id']}.html.gz").read_bytes())
        grams = ngrams(record["text"])
        pasted = visible_text(decode_html(body, record.get("http_charset")))
        if args.show:
            print(f"\n== {page.id}: {page.title}")
        for mode, (mode_runs, document) in (
            ("page", page_runs(page, body, record, args.sentences)),
            ("paste", paste_runs(page, pasted[: args.paste_chars], args.sentences)),
        ):
            ceiling[mode][0] += sum(fact.found_in(document) for fact in page.facts)
            ceiling[mode][1] += len(page.facts)
            for run in mode_runs:
                if run.error is None:
                    run.score = score(run.sentences, document, page, grams)
                runs.append(run)
                if args.show:
                    show(run, page)
    table = {
        f"{mode:<6} {system}": totals([r for r in runs if (r.mode, r.system) == (mode, system)], pages)
        for mode in MODES
        for system in SYSTEMS
    }
    if args.verbose:
        print_runs(runs, pages)
    print_totals(table, {mode: (have, total) for mode, (have, total) in ceiling.items()}, args.sentences)
    if args.json:
        payload = {"sentences": args.sentences, "totals": table, "runs": [asdict(r) for r in runs]}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder")
    parser.add_argument(
        "--facts", type=Path, default=FACTS, help="the annotations (default: reader_facts.toml)"
    )
    parser.add_argument("--sentences", type=int, default=3, help="summary length (default 3)")
    parser.add_argument("--page", help="only the pages whose id contains this")
    parser.add_argument("--verbose", action="store_true", help="one line per page, input and system")
    parser.add_argument("--show", action="store_true", help="print the summaries, each sentence tagged")
    parser.add_argument("--json", type=Path, help="write every result as JSON to this file")
    parser.add_argument(
        "--paste-chars",
        type=int,
        default=LimitsSettings().max_text_chars,
        help="cut pasted texts to this many characters (default: the bot's max_text_chars)",
    )
    args = parser.parse_args(argv)
    data = args.shared / "eval" / "extraction"
    if not (data / "truth.jsonl").exists():
        print(
            f"skipped: {data / 'truth.jsonl'} not found (give --shared, or put ../shared beside the project)"
        )
        return 0
    pages = {p.id: p for p in load_pages(args.facts)}
    with (data / "truth.jsonl").open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    records = [r for r in records if r["split"] == "fr" and (not args.page or args.page in r["id"])]
    missing = [r["id"] for r in records if r["id"] not in pages]
    if missing:
        print(f"not annotated in {args.facts}: {', '.join(missing)}")
        return 1
    facts = sum(len(pages[r["id"]].facts) for r in records)
    print(f"Reader benchmark: {len(records)} French pages of {data}, {facts} key facts")
    evaluate(data, records, pages, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
