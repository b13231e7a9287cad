"""Fitting the extraction models and their thresholds (scikit-learn; the ``train`` extra).

Logistic regression over binary string features: multinomial for typing, one binary model
per label for relations and the page subject. Thresholds come from out-of-fold probabilities
of a cross-validation grouped by page.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix, vstack

from nordgraph.loaders.extract.learned import ENTITY_LABELS, NONE
from nordgraph.loaders.extract.linear import LinearModel, encode_weights
from training.dataset import (
    Instances,
    ReadPage,
    pair_data,
    subject_data,
    subject_rank_data,
    subject_type_data,
    typing_data,
)

SEED = 13
MIN_FEATURE_COUNT = 2
MIN_POSITIVES = 3
TYPING_C = 1.0
RELATION_C = 0.5
SUBJECT_C = 1.0
#: The subject ranking model's regularisation (cross-validated: 0.03-0.3 alike, 1 weaker).
RANKING_C = 0.1
#: Precision weighs this much more than recall when a relation threshold is chosen (F-beta, beta < 1).
BETA = 0.5
#: Typing thresholds weigh both alike: a missed name loses every fact about it.
TYPING_BETA = 1.0


def vocabulary(features: Sequence[set[str]], min_count: int = MIN_FEATURE_COUNT) -> list[str]:
    counts = Counter(f for instance in features for f in instance)
    return sorted(f for f, n in counts.items() if n >= min_count)


def matrix(data: Instances, vocab: list[str]) -> csr_matrix:
    """One binary column per vocabulary feature."""
    features = data.features
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols = [], []
    for row, instance in enumerate(features):
        for f in instance:
            col = index.get(f)
            if col is not None:
                rows.append(row)
                cols.append(col)
    values = np.ones(len(rows), dtype=np.float32)
    return csr_matrix((values, (rows, cols)), shape=(len(features), len(vocab)))


def fit_typing(data: Instances, seed: int = SEED, c: float | None = None) -> dict:
    """A softmax over the labels seen (the typing model; also the subject-type model, whose
    labels are the kinds of subject). Two labels: scikit-learn fits one row, which is the
    second label's logit against a zero row; one label: that label, always."""
    from sklearn.linear_model import LogisticRegression

    labels = data.labels
    vocab = vocabulary(data.features)
    classes = [c for c in (*ENTITY_LABELS, NONE) if c in set(labels)]
    coef = np.zeros((len(classes), len(vocab)), dtype=np.float64)
    intercept = np.zeros(len(classes))
    if len(classes) < 2:
        return _pack("softmax", classes, vocab, coef, intercept)
    model = LogisticRegression(C=TYPING_C if c is None else c, max_iter=3000, random_state=seed)
    model.fit(matrix(data, vocab), [classes.index(label) for label in labels])
    if len(classes) == 2:
        coef[1], intercept[1] = model.coef_[0], model.intercept_[0]
    else:
        for row, cls in enumerate(model.classes_):  # (classes_ are the label indices, all seen)
            coef[cls], intercept[cls] = model.coef_[row], model.intercept_[row]
    return _pack("softmax", classes, vocab, coef, intercept)


def fit_relations(data: Instances, seed: int = SEED, c: float = RELATION_C) -> dict:
    """One binary model per label (an instance may have several labels, or none)."""
    from sklearn.linear_model import LogisticRegression

    labels = data.labels
    vocab = vocabulary(data.features)
    x = matrix(data, vocab)
    counts = Counter(label for found in labels for label in found)
    classes = sorted(label for label, n in counts.items() if n >= MIN_POSITIVES and n < len(labels))
    coef = np.zeros((len(classes), x.shape[1]))
    intercept = np.zeros(len(classes))
    for row, label in enumerate(classes):
        y = np.array([label in found for found in labels], dtype=np.int8)
        model = LogisticRegression(C=c, max_iter=3000, random_state=seed, solver="liblinear")
        model.fit(x, y)
        coef[row], intercept[row] = model.coef_[0], model.intercept_[0]
    return _pack("sigmoid", classes, vocab, coef, intercept)


def fit_ranking(pairs: Sequence[tuple[set[str], set[str]]], seed: int = SEED, c: float = RANKING_C) -> dict:
    """A linear score that puts the first of each pair ahead of the second: a logistic model
    without intercept on their feature differences, each pair both ways (the page-subject
    ranking model; a ranked choice among a page's candidates, where a yes/no model per
    candidate only learns how subject-like each one is on its own)."""
    from sklearn.linear_model import LogisticRegression

    vocab = vocabulary([f for pair in pairs for f in pair])
    if not pairs:
        return _pack("sigmoid", ["ahead"], vocab, np.zeros((1, len(vocab))), np.zeros(1))
    first = matrix(Instances([a for a, _ in pairs]), vocab)
    second = matrix(Instances([b for _, b in pairs]), vocab)
    difference = first - second
    x = vstack([difference, -difference])
    y = np.array([1] * len(pairs) + [0] * len(pairs), dtype=np.int8)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=3000, random_state=seed, solver="liblinear")
    model.fit(x, y)
    return _pack("sigmoid", ["ahead"], vocab, model.coef_, np.zeros(1))


def fit_models(pages: Sequence[ReadPage], seed: int = SEED) -> dict[str, dict]:
    """Every model of the extractor fitted on ``pages``, in the JSON form, by the name it has in
    the model file and in :class:`ExtractionModels` (the typing model's guesses type the pairs
    and candidates the others learn from): what training ships and cross-validation tests."""
    typing = fit_typing(typing_data(pages), seed=seed)
    typing_model = LinearModel.from_dict(typing)
    relations = fit_relations(pair_data(pages, typing_model), seed=seed)
    subject = fit_relations(subject_data(pages, typing_model), seed=seed, c=SUBJECT_C)
    subject_type = fit_typing(subject_type_data(pages, typing_model), seed=seed, c=SUBJECT_C)
    subject_rank = fit_ranking(subject_rank_data(pages, typing_model), seed=seed)
    return {"typing": typing, "subject": subject, "subject_type": subject_type, "subject_rank": subject_rank,
            "relations": relations}


def _pack(kind: str, classes: list[str], vocab: list[str], coef: np.ndarray, intercept: np.ndarray) -> dict:
    """The JSON form :class:`LinearModel` reads; features with no weight anywhere are dropped.
    The weights are stored as half-precision floats in base64
    (:func:`loaders.extract.linear.encode_weights`: a quarter of their size as JSON numbers),
    rounded to three decimals first as the JSON numbers were, so the shipped file (converted
    from them) is what training writes."""
    keep = np.flatnonzero(np.abs(coef).max(axis=0) >= 1e-3) if coef.size else np.array([], dtype=int)
    return {"kind": kind, "classes": classes, "vocab": [vocab[i] for i in keep],
            "coef": encode_weights(np.round(coef[:, keep], 3)),
            "intercept": [round(float(v), 4) for v in intercept]}


def folds(groups: Sequence[str], k: int, seed: int = SEED) -> list[set[str]]:
    """Page groups dealt into ``k`` folds (a page is never in two)."""
    unique = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(unique))
    return [{unique[i] for i in order[f::k]} for f in range(k)]


@dataclass
class OutOfFold:
    """Probabilities from models that never saw the instance's page, with the gold labels."""

    typing: list[dict[str, float]] = field(default_factory=list)
    typing_truth: list[set[str]] = field(default_factory=list)
    relations: list[dict[str, float]] = field(default_factory=list)
    relations_truth: list[set[str]] = field(default_factory=list)


def out_of_fold(pages: list[ReadPage], k: int, seed: int = SEED) -> OutOfFold:
    """Typing probabilities of every page entity (its likeliest label only), relation and
    subject probabilities of every pair and subject candidate, from page-grouped folds."""
    found = OutOfFold()
    for held in folds([p.group for p in pages], k, seed):
        train = [p for p in pages if p.group not in held]
        test = [p for p in pages if p.group in held]
        typing = LinearModel.from_dict(fit_typing(typing_data(train), seed=seed))
        test_typing = typing_data(test)
        for features, label in zip(test_typing.features, test_typing.labels):
            scores = typing.scores(features)
            best = max((c for c in scores if c != NONE), key=scores.__getitem__)
            found.typing.append({best: scores[best]})
            found.typing_truth.append({label})
        relations = LinearModel.from_dict(fit_relations(pair_data(train, typing), seed=seed))
        subject = LinearModel.from_dict(fit_relations(subject_data(train, typing), seed=seed, c=SUBJECT_C))
        for model, data in ((relations, pair_data(test, typing)), (subject, subject_data(test, typing))):
            found.relations.extend(model.scores(f) for f in data.features)
            found.relations_truth.extend(data.labels)
    return found


def choose_thresholds(probabilities: list[dict[str, float]], truth: list[set[str]], beta: float = BETA,
                      floor: float = 0.2) -> dict[str, float]:
    """Per label, the probability cut (at least ``floor``) that maximises F-beta over the instances."""
    chosen = {}
    labels = sorted({label for p in probabilities for label in p})
    for label in labels:
        scored = sorted(((p.get(label, 0.0), label in t) for p, t in zip(probabilities, truth)), reverse=True)
        positives = sum(1 for _, y in scored if y)
        best, cut, tp = -1.0, 0.99, 0
        for rank, (prob, is_true) in enumerate(scored, start=1):
            tp += is_true
            if positives == 0 or prob < 0.05:
                break
            precision, recall = tp / rank, tp / positives
            score = (1 + beta ** 2) * precision * recall / (beta ** 2 * precision + recall) if tp else 0.0
            if score > best:
                best, cut = score, prob
        chosen[label] = round(max(cut, floor), 4)
    return chosen
