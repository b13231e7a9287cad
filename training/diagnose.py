"""Why relations are missed: ``python -m training.diagnose``.

Cross-validation grouped by page (the folds of :mod:`training.crossval`); every required gold
relation of a held-out real page is put under the first cause that explains its miss, in the
order the pipeline meets them:

- ``no mention``: no candidate on the page carries one end's name;
- ``untyped``: an end's candidates are there, but no typed entity;
- ``subject``: a role relation (LEADS, PARTNER_IN, FUNDED_BY) whose project end is the gold
  subject of the page, when another entity (or none) was chosen as the subject;
- ``wrong type``: an end typed otherwise than the gold;
- ``no pair``: both ends typed right, but never paired;
- ``below threshold``: paired, but the probability of the relation fell short of its cut;
- ``lost later``: the model kept the fact, yet it is not among the page's facts (overlaps).

Counts are per page (a relation on two pages counts twice), so they explain causes, not the
scorer's figures. ``--examples N`` prints N missed relations per cause.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from nordgraph.loaders.extract.candidates import PageEntity, name_key
from nordgraph.loaders.extract.learned import pair_instances, predict
from nordgraph.loaders.extract.linear import ExtractionModels, load_models
from training.corpus import GoldRelation, annotated_sets
from training.crossval import fit
from training.dataset import SYMMETRIC, ReadPage, read_pages
from training.fitting import SEED, folds

ROLES = {"LEADS": "target", "PARTNER_IN": "target", "FUNDED_BY": "source"}
CAUSES = ("hit", "no mention", "untyped source", "untyped target", "untyped subject", "subject", "wrong type source",
          "wrong type target", "wrong type subject", "no pair", "below threshold", "lost later")


def _ends(read: ReadPage, gold_id: str) -> list[PageEntity]:
    return [e for e in read.analysis.entities if gold_id in read.index.get(e.key, ())]


def cause(read: ReadPage, rel: GoldRelation, facts: set[tuple[str, str, str]], gold_subject: PageEntity | None,
          models: ExtractionModels) -> str:
    """The first cause (see the module docstring) of a missed ``rel``, or "hit"."""
    types = {rel.type, *rel.alt_types}
    keys = lambda gid: {k for k, ids in read.index.items() if gid in ids}  # noqa: E731
    ks, kt = keys(rel.source), keys(rel.target)
    for s, t, kind in facts:
        if kind in types and (s in ks and t in kt or kind in SYMMETRIC and s in kt and t in ks):
            return "hit"
    ends = {"source": _ends(read, rel.source), "target": _ends(read, rel.target)}
    if not ends["source"] or not ends["target"]:
        return "no mention"
    typed = {side: [e for e in found if e.label] for side, found in ends.items()}
    side = ROLES.get(rel.type)
    for end in ("source", "target"):
        if not typed[end]:
            return f"untyped {'subject' if gold_subject in ends[end] else end}"
    if side is not None and gold_subject is not None and gold_subject in ends[side] \
            and read.analysis.subject not in ends[side]:
        return "subject"
    gold_type = {"source": read.gold_entities[rel.source].type, "target": read.gold_entities[rel.target].type}
    for end in ("source", "target"):
        if all(e.label != gold_type[end] for e in typed[end]):
            return f"wrong type {'subject' if gold_subject in ends[end] else end}"
    for pair in pair_instances(read.analysis):
        if pair.a in typed["source"] and pair.b in typed["target"]:
            label = rel.type
        elif pair.b in typed["source"] and pair.a in typed["target"]:
            label = rel.type if rel.type in SYMMETRIC else rel.type + "~"
        else:
            continue
        probability = models.relations.scores(pair.model_features()).get(label, 0.0)
        return "below threshold" if probability < models.thresholds.get(label, 0.5) else "lost later"
    return "no pair"


@dataclass
class Diagnosis:
    #: Per relation type (and "ALL"): how many required gold relations fall under each cause.
    causes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    #: Per page with a gold subject: whether the chosen subject was it, and typed as the gold.
    subjects: Counter = field(default_factory=Counter)
    #: Per cause: the missed relations ("page: source -TYPE-> target").
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def diagnose(pages: list[ReadPage], synthetic: set[str], k: int, seed: int = SEED) -> Diagnosis:
    """Causes of the misses of every real held-out page (see the module docstring)."""
    shipped = load_models()
    thresholds = shipped.thresholds if shipped is not None else {}
    found = Diagnosis()
    for held in folds([p.group for p in pages], k, seed):
        models = fit([p for p in pages if p.group not in held], thresholds, seed)
        for read in pages:
            if read.group not in held or read.page.set in synthetic:
                continue
            gold_subject = read.subject_entity()
            mentions, facts = predict(read.analysis, models)
            chosen = read.analysis.subject
            outcome = _subject_outcome(read, gold_subject, chosen)
            found.subjects[outcome] += 1
            if outcome != "right":
                found.examples[f"subject: {outcome}"].append(
                    f"{read.group}: chose {chosen.name + ' (' + str(chosen.label) + ')' if chosen else '-'}, "
                    f"gold {gold_subject.name if gold_subject else '-'}")
            kept = {(name_key(f.source.name), name_key(f.target.name), f.type) for f in facts}
            for rel in read.gold_relations:
                if not rel.required:
                    continue
                why = cause(read, rel, kept, gold_subject, models)
                found.causes[rel.type][why] += 1
                found.causes["ALL"][why] += 1
                if why != "hit":
                    names = read.gold_entities
                    found.examples[why].append(f"{read.group}: {names[rel.source].name} -{rel.type}-> "
                                               f"{names[rel.target].name}")
    return found


def _subject_outcome(read: ReadPage, gold: PageEntity | None, chosen: PageEntity | None) -> str:
    if gold is None:
        return "no gold subject" if chosen is None else "no gold subject, one chosen"
    if chosen is None:
        return "none chosen"
    if chosen is not gold:
        return "another chosen"
    ids = sorted(read.index.get(gold.key, ()))
    types = {read.gold_entities[i].type for i in ids}
    return "right" if chosen.label in types else f"right, typed {chosen.label} (gold {'/'.join(sorted(types))})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="*", help="annotated sets (default: every one found)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--examples", type=int, default=0, help="missed relations to print per cause")
    args = parser.parse_args(argv)
    sets = annotated_sets(args.sets)
    pages = read_pages(sets, progress=False)
    found = diagnose(pages, {s.name for s in sets if s.synthetic}, args.folds)
    print("| type | " + " | ".join(CAUSES) + " |")
    print("|---" * (len(CAUSES) + 1) + "|")
    for kind in sorted(found.causes):
        print(f"| {kind} | " + " | ".join(str(found.causes[kind][c]) for c in CAUSES) + " |")
    print("\nPage subjects (pages whose gold has one: the entity in at least two role relations):")
    for outcome, n in found.subjects.most_common():
        print(f"  {n:4d}  {outcome}")
    for why in sorted(found.examples):
        for line in found.examples[why][:args.examples]:
            print(f"  [{why}] {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
