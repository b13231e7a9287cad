"""Linear models over sparse string features, applied with numpy alone.

The models are trained with scikit-learn (``training/train.py``) and shipped as one JSON
file in the package (``loaders/extract/data/model.json``): a vocabulary of feature strings, a
weight matrix (half-precision floats in base64) and intercepts per model. Applying one is a
sum of weight columns, so the installed product needs neither scikit-learn nor pickles (which
would run code on load).
"""
from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np

from nordgraph.graph.errors import LoaderError

MODEL_FILE = Path(__file__).with_name("data") / "model.json"
#: Bumped whenever features or the file's shape change; a file of another version is refused.
FORMAT_VERSION = 3


@dataclass(frozen=True)
class LinearModel:
    """``kind`` softmax: one class per row, probabilities sum to 1; sigmoid: independent labels."""

    kind: Literal["softmax", "sigmoid"]
    classes: tuple[str, ...]
    index: dict[str, int]
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearModel:
        vocab = data["vocab"]
        classes = len(data["classes"])
        return cls(data["kind"], tuple(data["classes"]), {f: i for i, f in enumerate(vocab)},
                   decode_weights(data["coef"]).reshape(classes, len(vocab)),
                   np.asarray(data["intercept"], dtype=np.float32))

    def logits(self, features: Iterable[str]) -> np.ndarray:
        """Each class's linear score for one instance (features are binary: present or not)."""
        columns = sorted({self.index[f] for f in features if f in self.index})
        return self.intercept + (self.coef[:, columns].sum(axis=1) if columns else 0.0)

    def scores(self, features: Iterable[str]) -> dict[str, float]:
        """Probability per class for one instance."""
        logits = self.logits(features)
        if self.kind == "softmax":
            exp = np.exp(logits - logits.max())
            probs = exp / exp.sum()
        else:
            probs = 1.0 / (1.0 + np.exp(-logits))
        return dict(zip(self.classes, (float(p) for p in probs)))


def encode_weights(weights: np.ndarray) -> str:
    """Weights as little-endian half-precision floats in base64: a quarter of their size as
    JSON numbers. Half precision keeps about three significant digits (the shipped weights
    moved by at most 0.002), and a logistic weight above its largest value, 65,504, does not
    occur."""
    return base64.b64encode(np.ascontiguousarray(weights, dtype="<f2").tobytes()).decode("ascii")


def decode_weights(encoded: str) -> np.ndarray:
    """The weights :func:`encode_weights` stored, as a flat float32 array."""
    return np.frombuffer(base64.b64decode(encoded), dtype="<f2").astype(np.float32)


@dataclass(frozen=True)
class ExtractionModels:
    typing: LinearModel
    subject: LinearModel
    relations: LinearModel
    thresholds: dict[str, float]
    info: dict[str, Any]
    #: What the page's subject is (project, programme, call, organisation), read from the page.
    subject_type: LinearModel | None = None
    #: Which of a page's candidate subjects comes first (a score; see ``training.fitting.fit_ranking``).
    subject_rank: LinearModel | None = None


@lru_cache(maxsize=4)
def load_models(path: Path = MODEL_FILE) -> ExtractionModels | None:
    """The shipped models, or None when the file is absent (the rules then work alone)."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LoaderError(f"extraction model {path} cannot be read: {exc}") from exc
    if data.get("format") != FORMAT_VERSION:
        raise LoaderError(f"extraction model {path} has format {data.get('format')!r}, this nordgraph reads "
                          f"{FORMAT_VERSION}; retrain with 'python -m training.train'")
    return ExtractionModels(LinearModel.from_dict(data["typing"]), LinearModel.from_dict(data["subject"]),
                            LinearModel.from_dict(data["relations"]),
                            dict(data["thresholds"]), dict(data.get("info", {})),
                            LinearModel.from_dict(data["subject_type"]) if data.get("subject_type") else None,
                            LinearModel.from_dict(data["subject_rank"]) if data.get("subject_rank") else None)
