"""How well the learned extractor does on pages its models never saw: ``python -m training.evaluate``.

Three measurements, all with the shared scorer (``../shared/tools/kgscore.py``) on graphs
built by the product's own resolution and export:

- **cross-validation grouped by page**: pages dealt into folds; each fold's pages are
  extracted by models trained on the other folds, built into one graph and scored against
  the gold of those pages only; counts are summed over folds (micro-averaged);
- **leave one set out**: each annotated set (or each named by ``--leave-out``) scored by
  models trained on all the other sets;
- **learning curve** (``--curve``): cross-validated F1 with a fraction of the training pages.

Relation thresholds are those of the shipped model file (chosen by cross-validation on the
same pages), so the relation figures are slightly optimistic; typing and relation weights
are always fitted without the scored pages.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from nordgraph.loaders.extract.linear import load_models
from training.corpus import annotated_sets
from training.crossval import cross_validate, leave_one_set_out, prf
from training.dataset import read_pages


def report(title: str, counts: dict) -> list[str]:
    lines = [f"### {title}", "", "| type | P | R | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
    for part in ("entities", "relations"):
        for kind in sorted(counts[f"{part}_by_type"]):
            c = counts[f"{part}_by_type"][kind]
            p, r, f = prf(c)
            lines.append(f"| {kind} | {p:.3f} | {r:.3f} | {f:.3f} | {c['tp']} | {c['fp']} | {c['fn']} |")
        p, r, f = prf(counts[part])
        c = counts[part]
        lines.append(f"| **{part}** | **{p:.3f}** | **{r:.3f}** | **{f:.3f}** | {c['tp']} | {c['fp']} | {c['fn']} |")
    return lines + [""]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="*", help="annotated sets (default: every one found)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--curve", action="store_true", help="add a learning curve")
    parser.add_argument("--leave-out", nargs="*", metavar="SET",
                        help="sets to score by models trained without them (default: every real set, one fit each)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    shipped = load_models()
    if shipped is None:
        raise SystemExit("no model file: run python -m training.train first")
    sets = {s.name: s for s in annotated_sets(args.sets)}
    unknown = sorted(set(args.leave_out or ()) - {n for n, s in sets.items() if not s.synthetic})
    if unknown:
        parser.error(f"--leave-out: no real annotated set named {', '.join(unknown)}")
    pages = read_pages(sets.values(), progress=False)
    total, per_set = cross_validate(pages, sets, shipped.thresholds, args.folds)
    real = [s for s in sets.values() if not s.synthetic]
    lines = [f"{len(pages)} pages in {len(sets)} sets: {', '.join(f'{n} ({len(s.pages)})' for n, s in sets.items())}",
             "(sets under fixtures/ are the project's own pages: trained on, never scored)", ""]
    lines += report(f"Cross-validation grouped by page ({args.folds} folds), all {sum(len(s.pages) for s in real)} "
                    f"real pages", total)
    for name, counts in per_set.items():
        lines += report(f"Cross-validation, pages of {name}", counts)
    figures: dict = {"cv": {k: prf(total[k]) for k in ("entities", "relations")}, "sets": {}}
    lines += ["### Leave one set out", "", "| set | entity P | entity R | entity F1 | relation P | relation R | relation F1 |",
              "|---|---|---|---|---|---|---|"]
    for name, result in leave_one_set_out(pages, sets, shipped.thresholds, args.leave_out).items():
        e, r = result["entities"], result["relations"]
        figures["sets"][name] = {"entities": e, "relations": r}
        lines.append(f"| {name} | {e['precision']:.3f} | {e['recall']:.3f} | {e['f1']:.3f} | "
                     f"{r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |")
    if args.curve:
        lines += ["", "### Learning curve (cross-validated F1 against training pages)", "",
                  "| training pages | entity F1 | relation F1 |", "|---|---|---|"]
        for fraction in (0.25, 0.5, 0.75, 1.0):
            counts, _ = cross_validate(pages, sets, shipped.thresholds, args.folds, fraction)
            n = int(len(pages) * (args.folds - 1) / args.folds * fraction)  # (real and synthetic)
            lines.append(f"| ~{n} | {prf(counts['entities'])[2]:.3f} | {prf(counts['relations'])[2]:.3f} |")
    print(json.dumps(figures, indent=2) if args.json else "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
