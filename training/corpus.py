"""The annotated real pages the extraction models learn from, and their gold.

Sets:

- ``seeds``, ``dev1``, ``dev2``: pages and gold in ``../shared`` (read-only, beside the checkout);
- every folder of ``training/annotations/`` (``x1`` ...): pages we collected from public
  repositories of project websites and annotated in the same format.
- ``fixtures/*``: the pages the project wrote itself in the genre (``tests/fixtures``), with
  gold in the same format. They are training data only: cross-validation deals them into folds
  like the others but never scores them (they are not real pages, and the phrase rules were
  tuned on them). Their gold and a
  ``MANIFEST.tsv`` (file, repository, commit, path, licence) are committed; their text never
  is: ``python -m training.fetch_pages`` copies it into the git-ignored ``.cache/corpus/``
  from local snapshots of the repositories.

Gold rows carry a ``docs`` column (file-name prefixes), so every page has its own gold: that
is what lets cross-validation hold out pages, not whole sets.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from nordgraph.loaders.extract.candidates import name_key

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ANNOTATIONS = ROOT / "training" / "annotations"
FIXTURES = ROOT / "tests" / "fixtures"
CACHE = ROOT / ".cache" / "corpus"

#: Repositories whose pages are kept for the independent evaluation of every landing: never
#: read, annotated or trained on (the developers' brief lists them; a test checks every manifest).
RESERVED_REPOSITORIES = frozenset({
    "neicnordic/neic.no", "ELIXIR-NO/website", "elixir-europe/b1mg", "ScilifelabDataCentre/DIGIfor1Health_web",
    "NordicHealthData/search-portal", "ThijsAckermans/Health-AI_page", "EMA-Frailty/EMA-Frailty.github.io",
    "3d-omics/3d-omics.github.io", "FGA-DIKU/fga-diku.github.io", "MKLab-ITI/hugomklab",
    "ScilifelabDataCentre/pathogens-portal", "VPH-Share/vph-share.github.com", "coderefinery/coderefinery.org",
    "eScienceLab/eScienceLab.github.io", "elixir-europe/by-covid-website", "holofoodweb/holofoodweb.github.io",
    "hologen-network/hologen-network.github.io", "nordic-rse/nordic-rse.github.io",
})


@dataclass
class GoldEntity:
    id: str
    type: str
    name: str
    aliases: list[str]
    docs: set[str]
    required: bool


@dataclass
class GoldRelation:
    source: str
    type: str
    target: str
    docs: set[str]
    required: bool
    alt_types: list[str] = field(default_factory=list)


@dataclass
class Gold:
    entities: dict[str, GoldEntity]
    relations: list[GoldRelation]

    def for_page(self, prefix: str) -> tuple[dict[str, GoldEntity], list[GoldRelation]]:
        """The entities and relations a page's annotation names (by its ``docs`` prefix)."""
        relations = [r for r in self.relations if prefix in r.docs]
        wanted = {e.id for e in self.entities.values() if prefix in e.docs}
        wanted |= {end for r in relations for end in (r.source, r.target)}
        return {i: self.entities[i] for i in wanted}, relations

    def index(self, entities: dict[str, GoldEntity]) -> dict[str, set[str]]:
        """Name key -> gold ids, by name and alias (the scorer's matching)."""
        found: dict[str, set[str]] = defaultdict(set)
        for entity in entities.values():
            for name in (entity.name, *entity.aliases):
                key = name_key(name)
                if key:
                    found[key].add(entity.id)
        return found


@dataclass
class Page:
    set: str
    prefix: str
    path: Path


@dataclass
class AnnotatedSet:
    name: str
    pages: list[Page]
    gold_dir: Path
    gold: Gold
    missing: list[str]
    #: Written by the project, not collected: trained on, never scored.
    synthetic: bool = False


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def manifest_rows(folder: Path) -> list[dict[str, str]]:
    """The rows of a set's ``MANIFEST.tsv`` (file, repo, commit, path, licence, contents)."""
    return _rows(folder / "MANIFEST.tsv")


def _docs(value: str | None) -> set[str]:
    return {d.strip() for d in (value or "").split(",") if d.strip()}


def read_gold(folder: Path) -> Gold:
    """A set's gold; a relation whose end is no entity of the set is an error naming it (such a
    row was once dropped unseen, and with it the facts it asked for)."""
    entities = {}
    for row in _rows(folder / "entities.tsv"):
        entities[row["id"]] = GoldEntity(row["id"], row["type"], row["name"],
                                         [a for a in (row.get("aliases") or "").split("|") if a],
                                         _docs(row.get("docs")), row.get("status") == "req")
    relations = [GoldRelation(row["source"], row["type"].strip().upper(), row["target"], _docs(row.get("docs")),
                              row.get("status") == "req",
                              [t.strip().upper() for t in (row.get("alt_types") or "").split("|") if t.strip()])
                 for row in _rows(folder / "relations.tsv")]
    for r in relations:
        for end in (r.source, r.target):
            if end not in entities:
                raise SystemExit(f"{folder / 'relations.tsv'}: {r.source} -{r.type}-> {r.target}: "
                                 f"no entity {end!r} in entities.tsv")
    return Gold(entities, relations)


def page_prefix(filename: str, prefixes: set[str]) -> str | None:
    """The gold ``docs`` prefix a file name starts with (``d1_03`` for ``d1_03_isenes3-partners.html``)."""
    return next((p for p in sorted(prefixes, key=len, reverse=True) if filename == p or filename.startswith(p + "_")),
                None)


def _set(name: str, pages_dir: Path, gold_dir: Path, listed: list[str] | None = None) -> AnnotatedSet | None:
    if not (gold_dir / "entities.tsv").exists():
        return None
    gold = read_gold(gold_dir)
    prefixes = {d for e in gold.entities.values() for d in e.docs} | {d for r in gold.relations for d in r.docs}
    files = listed if listed is not None else sorted(p.name for p in pages_dir.glob("*") if p.is_file())
    pages, missing = [], []
    for filename in files:
        prefix = page_prefix(filename, prefixes)
        path = pages_dir / filename
        if prefix is None:
            continue
        if path.exists():
            pages.append(Page(name, prefix, path))
        else:
            missing.append(filename)
    return AnnotatedSet(name, pages, gold_dir, gold, missing)


def annotated_sets(names: list[str] | None = None) -> list[AnnotatedSet]:
    """Every annotated set that can be read here (or the ``names`` asked for)."""
    found: list[AnnotatedSet] = []
    for shared in ("seeds", "dev1", "dev2"):
        made = _set(shared, SHARED / "corpus" / shared, SHARED / "gold" / shared)
        if made is not None:
            found.append(made)
    for folder in sorted(p for p in ANNOTATIONS.glob("*") if p.is_dir()):
        manifest = folder / "MANIFEST.tsv"
        listed = [row["file"] for row in manifest_rows(folder)] if manifest.exists() else None
        made = _set(folder.name, CACHE / folder.name, folder, listed)
        if made is not None:
            found.append(made)
    for folder in sorted(p for p in FIXTURES.glob("*") if (p / "gold").is_dir()):
        made = _set(f"fixtures/{folder.name}", folder / "docs", folder / "gold")
        if made is not None:
            made.synthetic = True
            found.append(made)
    if names:
        unknown = set(names) - {s.name for s in found}
        if unknown:
            raise SystemExit(f"unknown or unreadable annotated sets: {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(s.name for s in found)}")
        found = [s for s in found if s.name in names]
    return found
