"""Sentence splitter figures: speed, and paragraph breaks recovered from scraped text.

Run from the project root: ``python bench/bench_sentences.py [path/to/dev.jsonl]``.
The dev set's ``raw`` field is the scraped article, paragraphs glued together ("février.Le
bilan"); ``text`` is the same with a line break wherever a paragraph was restored by checked
rules. Every glued break the splitter finds in ``raw`` (a cut with no space on either side) is
compared with those line breaks. The reference rules miss some real breaks (after "?", "!", an
acronym, a heading in capitals, AFP headings "- Titre -", bullets), so precision is a lower
bound; cuts next to a heading dash or a bullet are counted apart.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from summarizer.sentences import split_sentences

DEFAULT_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "summaries" / "dev.jsonl"
MARKERS = "-–—•▪►■"  # heading dashes and bullets: real breaks the reference never restores


def glued_breaks(raw: str) -> set[int]:
    """Where a sentence starts right after the previous one, with no space between them."""
    breaks, offset = set(), 0
    for sentence in split_sentences(raw):
        start = raw.index(sentence, offset)  # sentences are slices of the input, in order
        if start > 0 and not raw[start - 1].isspace():
            breaks.add(start)
        offset = start + len(sentence)
    return breaks


def reference_breaks(text: str) -> set[int]:
    breaks, offset = set(), 0
    for paragraph in text.split("\n")[:-1]:
        offset += len(paragraph)
        breaks.add(offset)
    return breaks


def glue_figures(rows: list[dict[str, str]]) -> None:
    hits = extra = marked = misses = quote_misses = 0
    for row in rows:
        raw = row["raw"]
        if raw != row["text"].replace("\n", ""):
            continue  # only rows where the reference differs from raw by line breaks alone
        found, expected = glued_breaks(raw), reference_breaks(row["text"])
        hits += len(found & expected)
        for cut in expected - found:
            if raw[cut] in '"”»' and not raw[cut + 1 : cut + 2].isalnum():
                quote_misses += 1  # 'approprié!|", s'exclame-t-il': the reference cut too early
            else:
                misses += 1
        for cut in found - expected:
            if raw[cut - 1] in MARKERS or raw[cut] in MARKERS:
                marked += 1
            else:
                extra += 1
    print(f"glued paragraph breaks: reference {hits + misses + quote_misses}, found {hits + extra + marked}")
    print(
        f"  recall {hits / (hits + misses + quote_misses):.4f} (all), {hits / (hits + misses):.4f} "
        f"(not counting {quote_misses} reference breaks put before a closing quote)"
    )
    print(
        f"  precision {hits / (hits + extra + marked):.4f} (all cuts), {hits / (hits + extra):.4f} "
        f"(not counting {marked} cuts at heading dashes '- Titre -' and bullets, absent from the reference)"
    )


def speed_figures(rows: list[dict[str, str]]) -> None:
    per_article = []
    for row in rows:
        start = time.perf_counter()
        split_sentences(row["raw"])
        per_article.append(time.perf_counter() - start)
    print(f"dev articles: median {statistics.median(per_article) * 1e6:.0f} µs per article")
    sentences: list[str] = []
    for row in rows:
        sentences += split_sentences(row["raw"])
        if len(sentences) >= 2000:
            break
    for label, text in (
        ("2,000 sentences on one line", " ".join(sentences[:2000])),
        (
            "2,000 sentences, 5 per paragraph",
            "\n".join(" ".join(sentences[i : i + 5]) for i in range(0, 2000, 5)),
        ),
    ):
        times = []
        for _ in range(21):
            start = time.perf_counter()
            split_sentences(text)
            times.append(time.perf_counter() - start)
        print(
            f"{label} ({len(text):,} characters): median {statistics.median(times) * 1000:.1f} ms, "
            f"best {min(times) * 1000:.1f} ms"
        )


def worst_case_figures() -> None:
    """Pathological inputs: each must stay linear (a few tens of ms for 100,000 characters)."""
    cases = {
        "camel-case run 'aB'": "aB" * 50_000,
        "capitals 'ABCDe'": "ABCDe" * 20_000,
        "glued domains 'a.fr-'": "a.fr-" * 20_000,
        "ASCII quotes '\"A'": '"A' * 50_000,
        "list numbers 'x 1. a '": "x 1. a " * 15_000,
        "e-mail addresses": "a@b.fr " * 15_000,
    }
    for label, text in cases.items():
        start = time.perf_counter()
        split_sentences(text)
        print(f"worst case {label} ({len(text):,} characters): {(time.perf_counter() - start) * 1000:.1f} ms")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DEV
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    glue_figures(rows)
    speed_figures(rows)
    worst_case_figures()


if __name__ == "__main__":
    main()
