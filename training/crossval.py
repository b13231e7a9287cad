"""Cross-validation grouped by page, scored by the shared scorer on the product's own graphs.

Each fold's pages are extracted by models fitted on the other folds, built into one graph by
the product's resolution and export, and scored by ``../shared/tools/kgscore.py`` against the
gold of exactly those pages; counts are summed over folds (micro-averaged).
"""
from __future__ import annotations

import importlib.util
import tempfile
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import numpy as np

from nordgraph.graph.jsonfile import write_graph
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.loaders.extract.learned import predict
from nordgraph.loaders.extract.linear import ExtractionModels, LinearModel
from nordgraph.loaders.extract.resolve import write
from training.corpus import SHARED, AnnotatedSet
from training.dataset import ReadPage
from training.fitting import SEED, fit_models, folds

SCORER = SHARED / "tools" / "kgscore.py"


@lru_cache(maxsize=1)
def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kgscore", SCORER)
    if spec is None or spec.loader is None or not SCORER.exists():
        raise SystemExit(f"the shared scorer {SCORER} is not there")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fit(pages: list[ReadPage], thresholds: dict[str, float], seed: int = SEED) -> ExtractionModels:
    fitted = {name: LinearModel.from_dict(model) for name, model in fit_models(pages, seed).items()}
    return ExtractionModels(thresholds=thresholds, info={}, **fitted)


def build(pages: list[ReadPage], models: ExtractionModels) -> KnowledgeGraph:
    """The graph the product builds of ``pages`` with ``models`` (resolution and all)."""
    kg = KnowledgeGraph()
    mentions, facts = [], []
    for read in pages:
        found_mentions, found_facts = predict(read.analysis, models)
        mentions.extend(found_mentions)
        facts.extend(found_facts)
    contexts = [read.analysis.ctx for read in pages]
    write(kg, mentions, facts, {c.doc: c.acronyms for c in contexts}, {c.doc: c.text for c in contexts})
    return kg


def score(kg: KnowledgeGraph, pages: list[ReadPage], sets: dict[str, AnnotatedSet]) -> dict:
    """kgscore's result for ``kg`` against the gold of exactly ``pages`` (one gold per set, merged)."""
    kgscore = scorer()
    entities, index, relations = {}, defaultdict(set), []
    for set_name in sorted({p.page.set for p in pages}):
        prefixes = {p.page.prefix for p in pages if p.page.set == set_name}
        gold_entities, gold_relations, gold_index = _filtered_gold(kgscore, sets[set_name].gold_dir, prefixes, set_name)
        entities.update(gold_entities)
        relations.extend(gold_relations)
        for key, ids in gold_index.items():
            index[key] |= ids
    with tempfile.TemporaryDirectory(prefix="nordgraph-eval-") as tmp:
        export = Path(tmp) / "graph.json"
        write_graph(kg, export)
        nodes, edges = kgscore.load_graph(export)
    return kgscore.score(nodes, edges, entities, index, relations)


def _filtered_gold(kgscore: ModuleType, gold_dir: Path, prefixes: set[str], set_name: str):  # type: ignore[no-untyped-def]
    """The scorer's gold restricted to rows whose ``docs`` name one of ``prefixes``; ids are
    prefixed with the set so that two sets' ids never collide."""
    rows = kgscore.read_tsv(gold_dir / "entities.tsv")
    rel_rows = kgscore.read_tsv(gold_dir / "relations.tsv")
    keep_rel = [r for r in rel_rows if prefixes & {d.strip() for d in (r.get("docs") or "").split(",")}]
    wanted = {r["id"] for r in rows if prefixes & {d.strip() for d in (r.get("docs") or "").split(",")}}
    wanted |= {end for r in keep_rel for end in (r["source"], r["target"])}
    entities, index = {}, defaultdict(set)
    for row in rows:
        if row["id"] not in wanted:
            continue
        gid = f"{set_name}:{row['id']}"
        entities[gid] = {"type": row["type"], "name": row["name"], "req": row["status"] == "req"}
        for name in [row["name"], *[a for a in (row.get("aliases") or "").split("|") if a]]:
            for key in kgscore.keys(name):
                index[key].add(gid)
    relations = []
    for row in keep_rel:
        if row["source"] not in wanted or row["target"] not in wanted:
            continue
        types = {kgscore.canon_rel(row["type"])} | {kgscore.canon_rel(t) for t in (row.get("alt_types") or "").split("|") if t}
        relations.append({"s": f"{set_name}:{row['source']}", "t": f"{set_name}:{row['target']}", "types": types,
                          "main": kgscore.canon_rel(row["type"]), "req": row["status"] == "req"})
    return entities, relations, index


def add_counts(total: dict, result: dict) -> None:
    for part in ("entities", "relations"):
        for key in ("tp", "fp", "fn"):
            total[part][key] += result[part][key]
        for kind, counts in result[f"{part}_by_type"].items():
            for key in ("tp", "fp", "fn"):
                total[f"{part}_by_type"][kind][key] += counts[key]


def new_total() -> dict:
    return {"entities": defaultdict(int), "relations": defaultdict(int),
            "entities_by_type": defaultdict(lambda: defaultdict(int)),
            "relations_by_type": defaultdict(lambda: defaultdict(int))}


def prf(counts: dict) -> tuple[float, float, float]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cross_validate(pages: list[ReadPage], sets: dict[str, AnnotatedSet], thresholds: dict[str, float],
                   k: int = 5, fraction: float = 1.0, seed: int = SEED) -> tuple[dict, dict[str, dict]]:
    """Micro-averaged counts over ``k`` page-grouped folds, overall and per set (real pages
    only: synthetic sets are trained on, never scored).

    Each set's held-out pages are built and scored on their own (two sets' gold ids for one
    real entity are not the same id, so one graph over both would count its edges twice);
    the overall counts are the sums.
    """
    total, per_set = new_total(), defaultdict(new_total)
    rng = np.random.default_rng(seed)
    for held in folds([p.group for p in pages], k, seed):
        train = [p for p in pages if p.group not in held]
        if fraction < 1.0:
            train = [train[i] for i in sorted(rng.choice(len(train), max(2, int(len(train) * fraction)), replace=False))]
        models = fit(train, thresholds, seed)
        test = [p for p in pages if p.group in held]
        for set_name in sorted({p.page.set for p in test if not sets[p.page.set].synthetic}):
            mine = [p for p in test if p.page.set == set_name]
            result = score(build(mine, models), mine, sets)
            add_counts(per_set[set_name], result)
            add_counts(total, result)
    return total, per_set


def leave_one_set_out(pages: list[ReadPage], sets: dict[str, AnnotatedSet], thresholds: dict[str, float],
                      names: list[str] | None = None) -> dict[str, dict]:
    """Each real set (or each of ``names``) scored by models fitted on all the other sets."""
    results = {}
    for name in sorted(names or (n for n, s in sets.items() if not s.synthetic)):
        test = [p for p in pages if p.page.set == name]
        train = [p for p in pages if p.page.set != name]
        if test and train:
            results[name] = score(build(test, fit(train, thresholds)), test, sets)
    return results


#: Confidences of the phrase rules' facts tried as the floor for keeping them beside the
#: models' (above 1: the models alone).
RULE_FLOORS = (2.0, 0.9, 0.8, 0.7, 0.6)


def choose_floor(pages: list[ReadPage], sets: dict[str, AnnotatedSet], thresholds: dict[str, float],
                 k: int, key: str, part: str, beta: float, floors: tuple[float, ...] = RULE_FLOORS) -> float:
    """The value of ``thresholds[key]`` among ``floors`` (by default: the confidences tried for
    keeping rule facts or rule names beside the models') with the best cross-validated F-beta
    of ``part`` ("relations" or "entities") on the scored graphs."""
    best, chosen = -1.0, floors[0]
    for floor in floors:
        counts, _ = cross_validate(pages, sets, {**thresholds, key: floor}, k)
        p, r, _ = prf(counts[part])
        score = (1 + beta ** 2) * p * r / (beta ** 2 * p + r) if p + r else 0.0
        if score > best:
            best, chosen = score, floor
    return chosen
