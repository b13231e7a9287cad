"""Time nordgraph's Cypher against LadybugDB on the 42 analyst queries of :mod:`bench.analyst`.

Usage::

    python bench/query.py --size N [--seed S] [--repeat K] [--warmup W] [--only REGEX] [--json]
                          [--no-ladybug] [--ladybug-threads T] [--timeout SECONDS]

Builds ``bench.synthetic.make_graph(N)``, copies it into LadybugDB (``ladybug==0.22.0``, the
``bench`` extra; optional: without it the Ladybug column is empty with the reason), and runs every
query on both, printing per query the best of K runs of each, their ratio (nordgraph ÷ Ladybug)
and whether the row sets are equal (as multisets, values normalised: Ladybug's integer sums
come back as ``Decimal``). Under the table: the median, geometric mean and maximum ratio, of
wall-clock times and of CPU times (the ``cpu`` column: steadier when other work shares the cores).

Both engines run each query ``W`` times untimed first (default 2): the times are those of a
warm, long-lived process. nordgraph's include parsing (cached after the first run); its first
run of all (before its label and property indexes exist, and while it still reads relationships
without the typed adjacency, which it builds once a process has read as many as the graph has)
is reported separately. After the build the graph is moved
out of the garbage collector's sight (``gc.freeze``), as the store does once it has loaded a graph.
Ladybug runs with one thread by default (nordgraph has one), so the ratio compares work, not cores.
"""
from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench.*`` importable like ``-m`` does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.analyst import QUERIES, AnalystQuery
from bench.synthetic import make_graph, organisation_degrees, typical_and_hub
from nordgraph.graph.limits import Expired, alarm
from nordgraph.graph.model import KnowledgeGraph

Rows = list[tuple[Any, ...]]


# -- parameters and row comparison -----------------------------------------------------------
def bench_params(kg: KnowledgeGraph) -> dict[str, Any]:
    """The names the queries' ``$parameters`` stand for, chosen from the graph as it is.

    ``org``: a median organisation by projects; ``hub``: the largest; ``peer`` and ``other``: the
    median and upper-quartile organisations by collaborations, among those with any (the path
    queries start there); ``country``: the second largest country (Zipf); ``project``: the
    middle project by name.
    """
    typical, hub = typical_and_hub(kg)
    collab = organisation_degrees(kg, "COLLABORATES_WITH")
    for _, target, _, _ in kg.edges("COLLABORATES_WITH"):
        collab[target] += 1
    ranked = sorted((key for key in collab if collab[key]), key=lambda key: (collab[key], key)) or [hub]
    countries = sorted(kg.nodes("Country"))
    projects = sorted(kg.nodes("Project"))
    return {"org": typical, "hub": hub, "peer": kg.name(ranked[len(ranked) // 2]),
            "other": kg.name(ranked[3 * len(ranked) // 4]),
            "country": kg.name(countries[min(1, len(countries) - 1)]),
            "project": kg.name(projects[len(projects) // 2]), "budget": 1_000_000}


def normalise(value: Any) -> Any:
    """One engine-neutral form of a result value (integral Decimals and floats as int)."""
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 9)
    if isinstance(value, (list, tuple)):
        return tuple(normalise(v) for v in value)
    return value


def compare(rows: Rows, reference: Rows) -> str | None:
    """None if the two row sets are equal as multisets, else a short account of the difference."""
    mine = Counter(tuple(normalise(v) for v in row) for row in rows)
    theirs = Counter(tuple(normalise(v) for v in row) for row in reference)
    if mine == theirs:
        return None
    return (f"{sum(mine.values())} rows vs {sum(theirs.values())}; only nordgraph: "
            f"{list(mine - theirs)[:2]}, only ladybug: {list(theirs - mine)[:2]}")


# -- timing ----------------------------------------------------------------------------------
@dataclass
class Timing:
    best: float | None = None
    cpu: float | None = None  # the process's CPU seconds in the run that was best by CPU
    first: float | None = None
    runs: int = 0
    rows: Rows | None = None
    error: str | None = None


def measure(run: Callable[[], Rows], repeat: int, timeout: float, budget: float, warmup: int = 0) -> Timing:
    """Best of ``repeat`` runs after ``warmup`` untimed ones (fewer once ``budget`` seconds are
    spent; the first run of all is kept apart); errors are recorded."""
    timing = Timing()
    spent = 0.0
    warm = 0
    while timing.runs < repeat and (timing.runs == 0 or spent < budget):
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            with alarm(timeout):
                rows = run()
        except Expired:
            timing.error = f"timed out after {timeout:g} s"
            return timing
        except Exception as exc:  # a failing engine is a measurement, not a crash of the bench
            timing.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            return timing
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        timing.first = elapsed if timing.first is None else timing.first
        spent += elapsed
        if warm < warmup and spent < budget:
            warm += 1
            continue
        timing.cpu = cpu if timing.cpu is None else min(timing.cpu, cpu)
        timing.runs += 1
        timing.best = elapsed if timing.best is None else min(timing.best, elapsed)
        timing.rows = rows
    return timing


def nordgraph_runner(kg: KnowledgeGraph, text: str, params: dict[str, Any]) -> Callable[[], Rows]:
    def run() -> Rows:
        from nordgraph.graph import cypher

        return [tuple(row) for row in cypher.execute(cypher.parse(text), kg, params).rows]

    return run


# -- the report ------------------------------------------------------------------------------
def run_bench(size: int, seed: int = 0, repeat: int = 3, ladybug: bool = True, threads: int = 1,
              timeout: float = 120.0, budget: float = 20.0, only: str | None = None,
              warmup: int = 2) -> dict[str, Any]:
    """Build the graph, run every query on both engines, and return the JSON report."""
    start = time.perf_counter()
    kg = make_graph(size, seed)
    gc.freeze()
    report: dict[str, Any] = {"size": size, "seed": seed, "nodes": len(kg), "edges": kg.edge_count(),
                              "repeat": repeat, "warmup": warmup, "build_s": time.perf_counter() - start, "queries": {}}
    params = report["params"] = bench_params(kg)
    reference, reason = None, None
    if not ladybug:
        reason = "skipped (--no-ladybug)"
    elif importlib.util.find_spec("ladybug") is None:
        reason = "LadybugDB is not installed (pip install 'ladybug==0.22.0')"
    else:
        from bench.ladybug_engine import LadybugGraph

        start = time.perf_counter()
        reference = LadybugGraph(kg, threads, timeout)
        report.update(ladybug_version=reference.version, ladybug_threads=threads,
                      ladybug_load_s=time.perf_counter() - start)
    for query in QUERIES:
        if only and not re.search(only, query.name):
            continue
        report["queries"][query.name] = _run_query(query, kg, params, reference, reason, repeat, timeout, budget,
                                                   warmup)
    report["summary"] = summarise(report["queries"])
    return report


def _run_query(query: AnalystQuery, kg: KnowledgeGraph, params: dict[str, Any], reference: Any,
               reason: str | None, repeat: int, timeout: float, budget: float, warmup: int) -> dict[str, Any]:
    mine = measure(nordgraph_runner(kg, query.cypher, params), repeat, timeout, budget, warmup)
    entry: dict[str, Any] = {"group": query.group, "nordgraph_s": mine.best, "nordgraph_cpu_s": mine.cpu,
                             "nordgraph_first_s": mine.first,
                             "rows": None if mine.rows is None else len(mine.rows), "ladybug_s": None,
                             "ratio": None, "rows_equal": None}
    if mine.error:
        entry["nordgraph_error"] = mine.error
    if reference is None:
        entry["ladybug_error"] = reason
        return entry
    theirs = measure(lambda: reference.run(query.ladybug or query.cypher, params), repeat, timeout, budget, warmup)
    entry["ladybug_s"], entry["ladybug_cpu_s"] = theirs.best, theirs.cpu
    if theirs.error:
        entry["ladybug_error"] = theirs.error
    if mine.best is not None and theirs.best is not None:
        entry["ratio"] = mine.best / theirs.best
        entry["cpu_ratio"] = mine.cpu / theirs.cpu if theirs.cpu else None
        why = compare(mine.rows or [], theirs.rows or [])
        entry["rows_equal"] = why is None
        if why:
            entry["difference"] = why
    return entry


def summarise(entries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Median, geometric mean and maximum of the wall-clock ratios (and of the CPU-time ones,
    steadier on a busy machine), and which query has the maximum."""
    ratios = {name: e["ratio"] for name, e in entries.items() if e["ratio"]}
    if not ratios:
        return {"compared": 0}
    worst = max(ratios, key=ratios.__getitem__)
    summary = {"compared": len(ratios), **_spread(ratios), "max_query": worst,
               "unequal": [name for name, e in entries.items() if e["rows_equal"] is False],
               "failed": [name for name, e in entries.items() if "nordgraph_error" in e]}
    cpu = {name: e["cpu_ratio"] for name, e in entries.items() if e.get("cpu_ratio")}
    if cpu:
        summary["cpu"] = {**_spread(cpu), "max_query": max(cpu, key=cpu.__getitem__)}
    return summary


def _spread(ratios: dict[str, float]) -> dict[str, float]:
    return {"median": statistics.median(ratios.values()),
            "geomean": math.exp(statistics.fmean(math.log(r) for r in ratios.values())),
            "max": max(ratios.values())}


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def render(report: dict[str, Any]) -> str:
    """The report as a terminal table with the summary and the notes under it."""
    lines = [f"graph: {report['nodes']} nodes, {report['edges']} edges (seed {report['seed']}), built in "
             f"{_seconds(report['build_s'])}; best of {report['repeat']} runs after {report['warmup']} warm-up runs"]
    if "ladybug_version" in report:
        lines.append(f"LadybugDB {report['ladybug_version']}, {report['ladybug_threads']} thread(s), "
                     f"loaded in {_seconds(report['ladybug_load_s'])}")
    lines += ["", f"{'query':<26}{'group':<11}{'rows':>6}  {'nordgraph':>10}  {'(1st run)':>10}"
                  f"  {'ladybug':>10}  {'ratio':>7}  {'cpu':>7}  rows equal"]
    notes: list[str] = []
    for name, q in report["queries"].items():
        ratio = "-" if q["ratio"] is None else f"{q['ratio']:.2f}"
        cpu = "-" if q.get("cpu_ratio") is None else f"{q['cpu_ratio']:.2f}"
        equal = "-" if q["rows_equal"] is None else "yes" if q["rows_equal"] else "NO"
        rows = "-" if q["rows"] is None else str(q["rows"])
        lines.append(f"{name:<26}{q['group']:<11}{rows:>6}  {_seconds(q['nordgraph_s']):>10}  "
                     f"{_seconds(q['nordgraph_first_s']):>10}  {_seconds(q['ladybug_s']):>10}  {ratio:>7}  {cpu:>7}  {equal}")
        for key in ("nordgraph_error", "ladybug_error", "difference"):
            if q.get(key) and not (key == "ladybug_error" and q[key].startswith(("skipped", "LadybugDB is not"))):
                notes.append(f"{name}: {key.replace('_', ' ')}: {q[key]}")
    s = report["summary"]
    lines.append("")
    if s["compared"]:
        lines.append(f"nordgraph ÷ ladybug over {s['compared']} queries: median {s['median']:.2f}, "
                     f"geometric mean {s['geomean']:.2f}, max {s['max']:.2f} ({s['max_query']}); "
                     f"row sets unequal: {len(s['unequal'])}")
        if "cpu" in s:
            c = s["cpu"]
            lines.append(f"by CPU time: median {c['median']:.2f}, geometric mean {c['geomean']:.2f}, "
                         f"max {c['max']:.2f} ({c['max_query']})")
    else:
        lines.append("no ratio: " + next((q["ladybug_error"] for q in report["queries"].values()
                                          if q.get("ladybug_error")), "no query compared"))
    return "\n".join(lines + notes)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of nodes")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs of each query first")
    parser.add_argument("--only", help="run only the queries whose name matches this regular expression")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--no-ladybug", action="store_true", help="run nordgraph only")
    parser.add_argument("--ladybug-threads", type=int, default=1, help="Ladybug's worker threads")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds per query run before it is recorded as null")
    args = parser.parse_args(argv)
    if args.size < 3 or args.repeat < 1 or args.warmup < 0:
        parser.error("--size must be at least 3, --repeat at least 1 and --warmup at least 0")
    report = run_bench(args.size, args.seed, args.repeat, not args.no_ladybug, args.ladybug_threads,
                       args.timeout, only=args.only, warmup=args.warmup)
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
