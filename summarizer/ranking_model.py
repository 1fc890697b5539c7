"""The learned sentence scorer: a tiny neural network evaluated with numpy.

Its weights are a small JSON file beside the code (summarizer/data/scorer.json), written by
scripts/train_scorer.py from the OrangeSum training split. It is read once, on first use.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from summarizer.features import FEATURE_NAMES
from summarizer.ranking import FloatArray

MODEL_FILE = "scorer.json"


class ModelError(RuntimeError):
    """The weight file is missing, malformed or was trained on other features."""


@dataclass(frozen=True, slots=True)
class Layer:
    weights: FloatArray  # (inputs, outputs)
    bias: FloatArray  # (outputs,)


@dataclass(frozen=True, slots=True)
class SentenceScorer:
    """Standardise the features, then hidden tanh layers and one linear output (a logit)."""

    mean: FloatArray
    scale: FloatArray
    layers: tuple[Layer, ...]
    description: str = ""

    def logits(self, features: FloatArray) -> FloatArray:
        hidden = (features - self.mean) / self.scale
        for layer in self.layers[:-1]:
            hidden = np.tanh(hidden @ layer.weights + layer.bias)
        last = self.layers[-1]
        out: FloatArray = (hidden @ last.weights + last.bias)[:, 0]
        return out

    def probabilities(self, features: FloatArray) -> FloatArray:
        """How likely each sentence is to belong to a journalist's summary (0 to 1)."""
        probabilities: FloatArray = 1.0 / (1.0 + np.exp(-self.logits(features)))
        return probabilities

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURE_NAMES),
            "description": self.description,
            "mean": _rounded(self.mean),
            "scale": _rounded(self.scale),
            "layers": [{"weights": _rounded(la.weights), "bias": _rounded(la.bias)} for la in self.layers],
        }


def _rounded(array: FloatArray) -> Any:
    # Four significant digits change no ranking and keep the file a few kilobytes.
    return np.vectorize(lambda v: float(f"{v:.4g}"))(array).tolist()


def scorer_from_json(data: dict[str, Any]) -> SentenceScorer:
    if tuple(data.get("features", ())) != FEATURE_NAMES:
        raise ModelError("the scorer was trained on other features: run scripts/train_scorer.py again")
    try:
        layers = tuple(
            Layer(np.asarray(la["weights"], dtype=np.float64), np.asarray(la["bias"], dtype=np.float64))
            for la in data["layers"]
        )
        scorer = SentenceScorer(
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["scale"], dtype=np.float64),
            layers,
            str(data.get("description", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"malformed scorer weights: {exc}") from exc
    width = len(FEATURE_NAMES)
    for layer in layers:
        if (
            layer.weights.ndim != 2
            or layer.weights.shape[0] != width
            or layer.bias.shape != (layer.weights.shape[1],)
        ):
            raise ModelError("malformed scorer weights: layer shapes do not chain")
        width = layer.weights.shape[1]
    inputs = (len(FEATURE_NAMES),)
    if not layers or width != 1 or scorer.mean.shape != inputs or scorer.scale.shape != inputs:
        raise ModelError("malformed scorer weights: wrong input or output size")
    return scorer


@functools.cache
def load_scorer() -> SentenceScorer:
    """The committed scorer, read on first use and kept."""
    try:
        text = resources.files("summarizer").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
        return scorer_from_json(json.loads(text))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read summarizer/data/{MODEL_FILE}: {exc}") from exc
