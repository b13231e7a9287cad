"""Retrain the extraction models from the annotated pages: ``python -m training.train``.

Reads every annotated set (:mod:`training.corpus`), fits

- the typing model: multinomial logistic regression, seven labels and ``none``;
- the page-subject model (one logistic regression over the names a page may be about) and
  the subject-type model (multinomial: project, programme, call, organisation);
- the relation model: one logistic regression per relation and direction;

chooses each relation's probability threshold on out-of-fold predictions of a
document-grouped cross-validation (precision first: the threshold that maximises F0.5), and
the confidences from which the phrase rules' own facts and names are kept beside the models'
(the floors with the best cross-validated relation F0.5 and entity F1), and writes ``loaders/extract/data/model.json``. Fixed seeds and sorted inputs: the same pages give
the same file. Needs the ``train`` extra (scikit-learn); the product applies the file with numpy.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from nordgraph.loaders.extract.linear import FORMAT_VERSION, MODEL_FILE
from training.corpus import annotated_sets
from training.crossval import choose_floor
from training.dataset import read_pages
from training.fitting import (
    BETA,
    SEED,
    TYPING_BETA,
    choose_thresholds,
    fit_models,
    out_of_fold,
)

#: Relation labels whose cut is also chosen on the scored graphs (the commonest ones).
SCORED_CUTS = ("PARTNER_IN", "LOCATED_IN", "FUNDED_BY~")


def train(set_names: list[str] | None, output: Path, k: int = 5, seed: int = SEED) -> dict:
    sets = annotated_sets(set_names)
    for annotated in sets:
        if annotated.missing:
            print(f"warning: {annotated.name}: {len(annotated.missing)} page(s) not in the cache "
                  f"(run python -m training.fetch_pages): {', '.join(annotated.missing)}", file=sys.stderr)
    pages = read_pages(sets)
    print(f"{len(pages)} pages from {len(sets)} sets; cross-validating thresholds ({k} folds)", file=sys.stderr)
    oof = out_of_fold(pages, k, seed)
    thresholds = {**{f"type:{label}": cut for label, cut in
                     choose_thresholds(oof.typing, oof.typing_truth, beta=TYPING_BETA, floor=0.3).items()},
                  **choose_thresholds(oof.relations, oof.relations_truth)}
    by_name = {s.name: s for s in sets}
    # The phrase rules' facts are the only source of some genres' relations (a list of partners
    # under a prose lead-in): their floor weighs recall like precision. With precision first it
    # rose to 0.9 on 346 pages, for +0.036 relation precision and -0.025 recall (F1 0.484 -> 0.473),
    # and the seeds' partner lists went (relation F1 0.96 -> 0.77).
    thresholds["rule_facts"] = choose_floor(pages, by_name, thresholds, k, "rule_facts", "relations", 1.0)
    thresholds["rule_mentions"] = choose_floor(pages, by_name, thresholds, k, "rule_mentions", "entities", TYPING_BETA)
    # The annotation guides make persons optional: never asked for, yet counted against precision
    # where a page's persons were not annotated. Their cut is chosen on the scored graphs instead
    # of on the typing instances (above 1: no persons).
    # The commonest relations' cuts, chosen on pairs, are checked on the scored graphs too (a
    # pair's probability is not an edge's: several pairs may state one edge).
    for label in SCORED_CUTS:
        cut = thresholds.get(label, 0.5)
        thresholds[label] = choose_floor(pages, by_name, thresholds, k, label, "relations", BETA,
                                         tuple(dict.fromkeys((cut, 0.5, 0.35))))
    # A project is what partners, leads and funders attach to: a wrong one costs facts as well
    # as a name, so its typing cut is checked on the scored graphs too.
    project = thresholds.get("type:Project", 0.5)
    thresholds["type:Project"] = choose_floor(pages, by_name, thresholds, k, "type:Project", "entities", TYPING_BETA,
                                              tuple(dict.fromkeys((project, 0.6, 0.75))))
    person = thresholds.get("type:Person", 0.5)
    thresholds["type:Person"] = choose_floor(pages, by_name, thresholds, k, "type:Person", "entities", TYPING_BETA,
                                             (person, 0.6, 0.8, 2.0))
    data = {
        "format": FORMAT_VERSION,
        "info": {"trained_on": {s.name: len(s.pages) for s in sets}, "pages": len(pages), "seed": seed,
                 "folds": k, "date": dt.date.today().isoformat()},
        "thresholds": thresholds,
        **fit_models(pages, seed),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    temporary.replace(output)
    return data


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="*", help="annotated sets to train on (default: every one found)")
    parser.add_argument("--output", type=Path, default=MODEL_FILE)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    data = train(args.sets, args.output, args.folds, args.seed)
    print(f"wrote {args.output}: {len(data['typing']['vocab'])} typing and {len(data['relations']['vocab'])} "
          f"relation features; thresholds {data['thresholds']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
