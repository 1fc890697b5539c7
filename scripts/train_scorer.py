#!/usr/bin/env python3
"""Train the sentence scorer of summarizer/summarize.py and write summarizer/data/scorer.json.

    .venv/bin/python scripts/train_scorer.py                  # defaults below, about 4 minutes on 2 cores
    .venv/bin/python scripts/train_scorer.py --articles 4000 --hidden 0 --ensemble 1  # logistic regression

Data: ../shared/eval/summaries/train.jsonl.gz (OrangeSum Abstract training split, CC BY-SA 4.0). Never
the dev split: that one is for ../shared/eval/summaries/score.py. A seeded random subset of
--articles articles with at least --min-words words (12,000 of the 20,276 such articles by default)
is used; a tenth of it is held out to report ROUGE against Lead-3. Each training article is
learnt twice, from its scraped ``raw`` text (paragraphs glued together) and from its cleaned
``text`` (one paragraph a line, like an extracted page), so the paragraph features mean the same
thing in both.

Labels: the greedy extractive oracle (add the candidate that most raises mean(ROUGE-1 F, ROUGE-2 F)
against the journalist's abstract, at most 3 sentences), over the same candidates and features
the product computes (summarizer.summarize.prepare), so training and run time cannot drift apart.
Model: standardised features, one tanh hidden layer (or none), sigmoid output, cross-entropy,
Adam, numpy only; --ensemble networks trained from different seeds are averaged into one.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import itertools
import json
import pickle
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.features import FEATURE_NAMES, TITLE_FEATURES  # noqa: E402
from summarizer.ranking_model import MODEL_FILE, Layer, SentenceScorer  # noqa: E402
from summarizer.summarize import PreparedText, choose, prepare  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "summaries" / "train.jsonl.gz"
_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """The scoring tokenizer of ../shared/eval/summaries: NFKD, no accents, lower case, \\w+."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(c for c in decomposed if not unicodedata.combining(c)))


def _f1(candidate: Counter[Any], reference: Counter[Any]) -> float:
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(candidate.values()), overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def rouge12(summary_tokens: list[str], ref1: Counter[str], ref2: Counter[tuple[str, str]]) -> float:
    grams = Counter(itertools.pairwise(summary_tokens))
    return (_f1(Counter(summary_tokens), ref1) + _f1(grams, ref2)) / 2


def oracle(sentences: list[list[str]], reference: str, limit: int = 3) -> list[int]:
    ref = tokens(reference)
    ref1, ref2 = Counter(ref), Counter(itertools.pairwise(ref))
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < min(limit, len(sentences)):
        pick, pick_score = -1, best
        for i in range(len(sentences)):
            if i in chosen:
                continue
            joined = [w for j in sorted([*chosen, i]) for w in sentences[j]]
            score = rouge12(joined, ref1, ref2)
            if score > pick_score:
                pick, pick_score = i, score
        if pick < 0:
            break
        chosen.append(pick)
        best = pick_score
    return chosen


def load(path: Path, count: int, min_words: int, seed: int) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [r for r in map(json.loads, fh) if r["n_words"] >= min_words and r["reference"].strip()]
    random.Random(seed).shuffle(records)
    return records[:count]


Row = tuple[PreparedText, np.ndarray, str]


def featurize(records: list[dict[str, Any]], fields: list[str]) -> list[Row]:
    """Candidates, features and oracle labels of ``record[field]`` for each (record, field) pair,
    with the record's title given to the product as the bot gives it (pages and most pastes have one)."""
    rows = []
    started = time.perf_counter()
    for n, (record, field) in enumerate(zip(records, fields, strict=True), 1):
        try:
            prepared = prepare(record[field], "fr", record.get("title"))
        except Exception as exc:  # a crash here is a product bug: report it, keep training
            print(f"prepare failed on {record['id']}: {exc!r}", file=sys.stderr)
            continue
        if len(prepared.candidates) < 2:
            continue
        labels = np.zeros(len(prepared.candidates))
        labels[oracle([tokens(c.text) for c in prepared.candidates], record["reference"])] = 1.0
        rows.append((prepared, labels, record["reference"]))
        if n % 2000 == 0:
            print(f"  {n} texts featurized in {time.perf_counter() - started:.0f} s", flush=True)
    return rows


def without_title(prepared: PreparedText) -> PreparedText:
    """The features the scorer sees when no title is known (the title columns only depend on it)."""
    features = prepared.features.copy()
    features[:, [FEATURE_NAMES.index(name) for name in TITLE_FEATURES]] = 0.0
    return dataclasses.replace(prepared, features=features)


def some_untitled(rows: list[Row], share: float, seed: int) -> list[Row]:
    """A random ``share`` of the texts seen without their title, so that the scorer also knows what to
    do without one (pasted texts, ``summarize_text`` callers)."""
    rng = random.Random(seed)
    return [(without_title(p), y, ref) if rng.random() < share else (p, y, ref) for p, y, ref in rows]


def cached_rows(path: Path | None, make: Callable[[], list[Row]]) -> list[Row]:
    """Featurizing takes minutes; ``--cache`` keeps the rows between runs that only change the model."""
    if path is not None and path.exists():
        with path.open("rb") as fh:
            rows: list[Row] = pickle.load(fh)
        return rows
    rows = make()
    if path is not None:
        with path.open("wb") as fh:
            pickle.dump(rows, fh)
    return rows


def training_fields(
    records: list[dict[str, Any]], how: str, seed: int
) -> tuple[list[dict[str, Any]], list[str]]:
    """Which text of each article to learn from: scraped (paragraphs glued), cleaned, or both."""
    if how == "both":
        return [r for r in records for _ in range(2)], ["raw", "text"] * len(records)
    if how == "mixed":
        rng = random.Random(seed)
        return records, [rng.choice(("raw", "text")) for _ in records]
    return records, [how] * len(records)


def train(rows: list[Row], hidden: int, epochs: int, seed: int) -> SentenceScorer:
    """Adam on mini-batches of 32 whole articles."""
    rng = np.random.default_rng(seed)
    x = np.vstack([r[0].features for r in rows])
    y = np.concatenate([r[1] for r in rows])
    ends = np.cumsum([len(r[1]) for r in rows])
    starts = ends - np.array([len(r[1]) for r in rows])
    if not np.isfinite(x).all():
        raise SystemExit("non-finite features: fix summarizer/features.py before training")
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    sizes = [z.shape[1], *([hidden] if hidden else []), 1]
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        params += [rng.normal(0, 1 / np.sqrt(fan_in), (fan_in, fan_out)), np.zeros(fan_out)]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    step, rate, batch = 0, 0.003, 32
    for epoch in range(epochs):
        order = rng.permutation(len(rows))
        losses = []
        for first in range(0, len(rows), batch):
            docs = order[first : first + batch]
            idx = np.concatenate([np.arange(starts[d], ends[d]) for d in docs])
            value, grads = _loss_and_grads(params, z[idx], y[idx])
            losses.append(value)
            step += 1
            for k, (p, g) in enumerate(zip(params, grads, strict=True)):
                m, v = moments[k]
                m[:] = 0.9 * m + 0.1 * g
                v[:] = 0.999 * v + 0.001 * g * g
                p -= rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        print(f"  epoch {epoch + 1}: loss {statistics.fmean(losses):.4f}", flush=True)
    layers = tuple(Layer(params[i], params[i + 1]) for i in range(0, len(params), 2))
    return SentenceScorer(mean, scale, layers)


def _loss_and_grads(params: list[np.ndarray], z: np.ndarray, y: np.ndarray) -> tuple[float, list[np.ndarray]]:
    """Cross-entropy of each sentence's oracle label, and its gradients by backpropagation."""
    activations = [z]
    h = z
    for i in range(0, len(params) - 2, 2):
        h = np.tanh(h @ params[i] + params[i + 1])
        activations.append(h)
    logits = (h @ params[-2] + params[-1])[:, 0]
    p = 1 / (1 + np.exp(-logits))
    value = float(-np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)))
    delta = ((p - y) / len(y))[:, None]
    grads: list[np.ndarray] = []
    for i in range(len(params) - 2, -1, -2):
        a = activations[i // 2]
        grads = [a.T @ delta, delta.sum(axis=0), *grads]
        if i:
            delta = (delta @ params[i].T) * (1 - a * a)
    return value, grads


def average(scorers: list[SentenceScorer]) -> SentenceScorer:
    """One network whose logit is the mean of the given one-hidden-layer networks' logits.

    Side by side hidden units and output weights divided by their number: the same function,
    still one small file, less dependent on the training seed.
    """
    if len(scorers) == 1 or len(scorers[0].layers) != 2:
        return scorers[0]
    hidden = Layer(
        np.hstack([s.layers[0].weights for s in scorers]), np.concatenate([s.layers[0].bias for s in scorers])
    )
    output = Layer(
        np.vstack([s.layers[1].weights for s in scorers]) / len(scorers),
        np.mean([s.layers[1].bias for s in scorers], axis=0),
    )
    return SentenceScorer(scorers[0].mean, scorers[0].scale, (hidden, output))


def evaluate(rows: list[Row], scorer: SentenceScorer) -> dict[str, float]:
    """Mean ROUGE-1/2 (the oracle's objective) of the scorer's choice, Lead-3 and the oracle."""
    result: dict[str, list[float]] = {
        "model": [],
        "lead3": [],
        "oracle": [],
        "model_words": [],
        "lead_words": [],
    }
    for prepared, labels, reference in rows:
        ref = tokens(reference)
        ref1, ref2 = Counter(ref), Counter(itertools.pairwise(ref))
        scores = scorer.probabilities(prepared.features)
        picks: dict[str, list[int]] = {
            "model": choose(prepared, scores, 3),
            "lead3": list(range(min(3, len(prepared.candidates)))),
            "oracle": [int(i) for i in np.flatnonzero(labels)],
        }
        for name, chosen in picks.items():
            text = " ".join(prepared.candidates[i].text for i in chosen)
            result[name].append(rouge12(tokens(text), ref1, ref2) * 100)
        result["model_words"].append(sum(len(prepared.candidates[i].words) for i in picks["model"]))
        result["lead_words"].append(sum(len(prepared.candidates[i].words) for i in picks["lead3"]))
    return {name: statistics.fmean(values) for name, values in result.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--articles", type=int, default=12000, help="random subset of the training split")
    ap.add_argument("--min-words", type=int, default=150)
    ap.add_argument("--hidden", type=int, default=8, help="hidden units; 0 = logistic regression")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--ensemble", type=int, default=3, help="networks averaged (seeds seed, seed+1, ...)")
    ap.add_argument(
        "--fields", choices=("both", "mixed", "raw", "text"), default="both", help="which texts to learn from"
    )
    ap.add_argument("--untitled", type=float, default=0.2, help="share of training texts given no title")
    ap.add_argument("--cache", type=Path, help="keep featurized rows in PATH.*.pickle between runs")
    ap.add_argument("--out", type=Path, default=ROOT / "summarizer" / "data" / MODEL_FILE)
    a = ap.parse_args()

    started = time.perf_counter()
    records = load(a.data, a.articles, a.min_words, a.seed)
    print(f"{len(records)} articles from {a.data.name} (>= {a.min_words} words, seed {a.seed})")
    held = max(len(records) // 10, 1)
    texts, fields = training_fields(records[held:], a.fields, a.seed)
    cache = a.cache.with_suffix(".train.pickle") if a.cache else None
    train_rows = some_untitled(cached_rows(cache, lambda: featurize(texts, fields)), a.untitled, a.seed)
    y = np.concatenate([r[1] for r in train_rows])
    print(f"{len(train_rows)} training texts ({a.fields}), {len(y)} sentences, {y.mean():.1%} positive")
    scorer = average([train(train_rows, a.hidden, a.epochs, a.seed + k) for k in range(a.ensemble)])
    summary = []
    for field in ("raw", "text"):
        cache = a.cache.with_suffix(f".{field}.pickle") if a.cache else None
        held_rows = cached_rows(cache, lambda: featurize(records[:held], [field] * held))  # noqa: B023
        figures = evaluate(held_rows, scorer)
        untitled = evaluate([(without_title(p), y, ref) for p, y, ref in held_rows], scorer)
        print(f"  without titles: model {untitled['model']:.2f}")
        model = f"{figures['model']:.2f} ({untitled['model']:.2f} untitled)"
        summary.append(f"{field} {model} vs lead-3 {figures['lead3']:.2f}")
        print(
            f"held-out {held} articles, {field!r}, mean(R-1, R-2) F: model {figures['model']:.2f} "
            f"({figures['model_words']:.0f} words), lead-3 {figures['lead3']:.2f} "
            f"({figures['lead_words']:.0f} words), oracle {figures['oracle']:.2f}"
        )
    description = (
        f"trained by scripts/train_scorer.py on {len(records) - held} articles of the OrangeSum training "
        f"split ({a.fields} fields, >= {a.min_words} words, seed {a.seed}, {a.untitled:.0%} untitled), "
        f"ensemble of {a.ensemble}, "
        f"hidden={a.hidden}, epochs={a.epochs}; held-out mean(R-1,R-2) F: {', '.join(summary)}"
    )
    scorer = SentenceScorer(scorer.mean, scorer.scale, scorer.layers, description)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(scorer.to_json(), ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"wrote {a.out} ({a.out.stat().st_size} bytes, {len(FEATURE_NAMES)} features) "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
