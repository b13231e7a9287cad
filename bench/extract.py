"""Throughput and peak memory of a build (read, extract, resolve, curate) on a varied corpus.

Usage::

    python bench/extract.py [--docs 2000] [--seed 0] [--json] [--no-tracemalloc]
                            [--seeds DIR] [--gold DIR]

The corpus is made at run time in a temporary folder (never in the repository) from the seed
pages in ``../shared/corpus/seeds``: each document is a seed page with its paragraphs partly
shuffled, the organisations named in the gold annotation (``../shared/gold/seeds``) renamed to
generated names, the country prefixes of "Country: partner, partner" lines swapped, and the
case of some headings and paragraphs changed, so that resolution meets thousands of distinct
names instead of five pages' worth of repeats.

Prints documents, megabytes and words of text, words per second (wall clock and, with one
job, per CPU second: the per-core figure), the time of a rebuild with nothing changed and with
one document changed (the per-document extraction cache at work), seconds (wall clock, and CPU time, which a busy machine
disturbs less), MB/s and documents/s of :func:`loaders.pipeline.build_graph`, the graph's size, the process's peak resident memory
(``resource.getrusage``: the build's high-water mark, corpus making included), the Python heap
peak of a second, traced build (``tracemalloc``, which slows the build, so it is not timed), and
the CPU time :func:`loaders.review.review` takes on the result, and that of
:func:`loaders.curation.apply_overrides` with ``--decisions`` generated decisions (merges,
renames, drops, and a tenth that name nothing).
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

if __package__ in (None, ""):  # run as a script: make ``bench.*`` importable like ``-m`` does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import print_figures
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.loaders.curation import apply_overrides
from nordgraph.loaders.pipeline import build_graph
from nordgraph.loaders.review import review

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SYLLABLES = ("nor", "vik", "hel", "sa", "med", "tek", "lun", "da", "ber", "gen", "kar", "os",
             "var", "bo", "tro", "ms", "ska", "ne", "fjord", "lin", "ka", "ri", "ev", "ja")
KINDS = ("Health", "Medtech", "Care", "Innovation", "Life Science", "Welfare Tech", "Digital",
         "Hospital", "Cluster", "Region", "Labs", "Diagnostics")
FORMS = ("", "", "AS", "AB", "Oy", "A/S", "ApS", "hf", "Foundation", "Association")


def gold_names(gold_dir: Path) -> dict[str, list[str]]:
    """Names and aliases of the gold entities, by type."""
    names: dict[str, list[str]] = {}
    lines = [line for line in (gold_dir / "entities.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        aliases = [a for a in (row.get("aliases") or "").split("|") if a]
        names.setdefault(row["type"], []).extend([row["name"], *aliases])
    return names


def generated_name(rng: random.Random) -> str:
    """A plausible, mostly new organisation name ("Norvik Medtech AS")."""
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return " ".join(part for part in (stem, rng.choice(KINDS), rng.choice(FORMS)) if part)


def vary(text: str, rng: random.Random, organisations: Sequence[str],
         countries: Sequence[str]) -> str:
    """One variant of a seed page (see the module docstring)."""
    for name in sorted(set(organisations), key=len, reverse=True):
        if rng.random() < 0.7 and name in text:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", generated_name(rng), text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    head, body = paragraphs[:3], paragraphs[3:]
    if body and rng.random() < 0.4:
        rng.shuffle(body)
    paragraphs = [_vary_case(p, rng) for p in head + body]
    return _swap_countries("\n\n".join(paragraphs), rng, countries) + "\n"


def _vary_case(paragraph: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return paragraph.upper()
    if roll < 0.10:
        return paragraph.lower()
    if roll < 0.20 and len(paragraph) < 80:
        return paragraph.title()
    return paragraph


def _swap_countries(text: str, rng: random.Random, countries: Sequence[str]) -> str:
    pattern = re.compile(rf"^(\s*)({'|'.join(map(re.escape, countries))})(\s*:)", re.MULTILINE)
    found = [m.group(2) for m in pattern.finditer(text)]
    rng.shuffle(found)
    swapped = iter(found)
    return pattern.sub(lambda m: f"{m.group(1)}{next(swapped)}{m.group(3)}", text)


def make_corpus(folder: Path, n_docs: int, seeds_dir: Path, gold_dir: Path, seed: int = 0) -> int:
    """Write ``n_docs`` varied documents into ``folder``; returns their total size in bytes."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    if not seeds:
        raise SystemExit(f"no seed pages (*.txt) in {seeds_dir}")
    names = gold_names(gold_dir)
    organisations = names.get("Organisation", [])
    countries = [c for c in names.get("Country", []) if c[:1].isupper()]
    rng = random.Random(seed)
    total = 0
    for number in range(n_docs):
        text = vary(seeds[number % len(seeds)], rng, organisations, countries)
        data = text.encode("utf-8")
        (folder / f"doc{number:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def _peak_rss_mb() -> float:
    """The process's peak resident set size (``ru_maxrss`` is in KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def overrides_for(kg: KnowledgeGraph, count: int, rng: random.Random) -> str:
    """An overrides file of ``count`` decisions on ``kg``'s organisations (a tenth name nothing)."""
    organisations = sorted(kg.nodes("Organisation"))
    entries = []
    for number in range(count):
        first, second = rng.sample(organisations, 2)
        kind = number % 10
        if kind == 9:
            entries.append({"rename": f"Nobody {number}", "to": f"Still nobody {number}"})
        elif kind < 4:
            entries.append({"merge": [first, second]})
        elif kind < 7:
            entries.append({"rename": kg.name(first), "to": f"{kg.name(first)} (checked)"})
        else:
            entries.append({"drop": first})
    return yaml.safe_dump(entries, sort_keys=False, allow_unicode=True)


def _timed(function: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """``function(*args)``, its wall-clock seconds and its CPU seconds."""
    started, cpu_started = time.perf_counter(), time.process_time()
    value = function(*args)
    return value, time.perf_counter() - started, time.process_time() - cpu_started


def _build(folder: Path, cache: Path, jobs: int) -> Any:
    return build_graph([folder], cache=cache, jobs=jobs)


def measure(n_docs: int, seed: int, seeds_dir: Path, gold_dir: Path, traced: bool,
            decisions: int, jobs: int = 1) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="nordgraph-bench-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        cache = Path(tmp) / "cache"
        size = make_corpus(folder, n_docs, seeds_dir, gold_dir, seed)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in folder.iterdir())
        rss_before = _peak_rss_mb()
        result, seconds, cpu = _timed(_build, folder, cache, jobs)
        rss_after = _peak_rss_mb()
        kg = result.graph
        _, unchanged_seconds, _ = _timed(_build, folder, cache, jobs)
        changed = sorted(folder.iterdir())[0]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
        _, rebuild_seconds, _ = _timed(_build, folder, cache, jobs)
        figures: dict[str, Any] = {
            "documents": len(result.read), "skipped": len(result.skipped), "jobs": jobs,
            "megabytes": round(size / 1e6, 2), "words": words, "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "words_per_second": round(words / seconds),
            "words_per_cpu_second": round(words / cpu) if jobs == 1 else None,
            "rebuild_nothing_changed_seconds": round(unchanged_seconds, 2),
            "rebuild_one_document_changed_seconds": round(rebuild_seconds, 2),
            "mb_per_second": round(size / 1e6 / seconds, 3),
            "documents_per_second": round(len(result.read) / seconds, 1),
            "mb_per_cpu_second": round(size / 1e6 / cpu, 3),
            "documents_per_cpu_second": round(len(result.read) / cpu, 1),
            "nodes": len(kg), "edges": kg.edge_count(),
            "peak_rss_mb": round(rss_after, 1),
            "peak_rss_before_build_mb": round(rss_before, 1),
        }
        figures["review_cpu_seconds"] = round(_timed(review, kg)[2], 2)
        if decisions and len(list(kg.nodes("Organisation"))) >= 2:
            overrides = Path(tmp) / "nordgraph.overrides.yaml"
            overrides.write_text(overrides_for(kg, decisions, random.Random(seed)), encoding="utf-8")
            warnings, _, curation_cpu = _timed(apply_overrides, kg, overrides)
            figures.update(decisions=decisions, decision_warnings=len(warnings),
                           curation_cpu_seconds=round(curation_cpu, 2))
        del result, kg
        if traced:
            tracemalloc.start()
            build_graph([folder])  # no cache: the whole extraction, traced
            figures["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
            tracemalloc.stop()
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents to generate (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the corpus")
    parser.add_argument("--seeds", type=Path, default=SHARED / "corpus" / "seeds",
                        help="folder of seed pages (*.txt)")
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "seeds",
                        help="folder with the gold entities.tsv (names to vary)")
    parser.add_argument("--decisions", type=int, default=300,
                        help="overrides decisions to apply to the built graph (0: none)")
    parser.add_argument("--no-tracemalloc", action="store_true",
                        help="skip the second, traced build")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for reading documents")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.docs < 1:
        parser.error("--docs must be at least 1")
    figures = measure(args.docs, args.seed, args.seeds, args.gold, not args.no_tracemalloc,
                      args.decisions, args.jobs)
    print_figures(figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
