"""Time nordgraph's Cypher against grand-cypher and hand-written NetworkX on a synthetic graph.

Usage::

    python bench/query.py --size N [--seed S] [--repeat K] [--json] [--no-grand-cypher]
                          [--timeout SECONDS]

Builds ``bench.synthetic.make_graph(N)``, runs Q1..Q4 (and Q2b) three ways and checks that
the rows agree (as multisets; ORDER BY columns must be sorted; ties at a LIMIT cut-off may
pick any of the tied rows). Times are the best of K runs. nordgraph's times include parsing,
because that is what a user of ``nordgraph query`` pays; its parse time alone is reported
too. grand-cypher's include building its ``GrandCypher`` object; the conversion of the graph
to its flat attribute layout is done once and reported as setup, not per query.

grand-cypher (``pip install 'grand-cypher==1.2.*'``) is optional: without it, or with
``--no-grand-cypher``, its column is null with the reason.
"""
from __future__ import annotations

import argparse
import heapq
import importlib.metadata
import importlib.util
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench.*`` importable like ``-m`` does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx

from bench.synthetic import make_graph, organisation_degrees, typical_and_hub
from nordgraph.graph.limits import Expired, alarm
from nordgraph.graph.model import KnowledgeGraph

Rows = list[tuple[Any, ...]]

# -- hand-written NetworkX -------------------------------------------------------------------


def _has_label(g: nx.MultiDiGraph, key: str, label: str) -> bool:
    return label in g.nodes[key]["labels"]


def _name(g: nx.MultiDiGraph, key: str) -> Any:
    return g.nodes[key]["props"].get("name")


def _find(g: nx.MultiDiGraph, label: str, name: str) -> list[str]:
    return [key for key, data in g.nodes(data=True)
            if label in data["labels"] and data["props"].get("name") == name]


def _out(g: nx.MultiDiGraph, key: str, rel_type: str, label: str) -> list[str]:
    return [t for _, t, data in g.out_edges(key, data=True)
            if data["type"] == rel_type and _has_label(g, t, label)]


def _in(g: nx.MultiDiGraph, key: str, rel_type: str, label: str) -> list[str]:
    return [s for s, _, data in g.in_edges(key, data=True)
            if data["type"] == rel_type and _has_label(g, s, label)]


def nx_projects(g: nx.MultiDiGraph, params: dict[str, Any]) -> Rows:
    """Q1: the projects an organisation partners in (one row per matching edge)."""
    return [(_name(g, p),) for o in _find(g, "Organisation", params["name"])
            for p in _out(g, o, "PARTNER_IN", "Project")]


def nx_co_partners(g: nx.MultiDiGraph, params: dict[str, Any]) -> Rows:
    """Q2: distinct names of the other partners of an organisation's projects."""
    names: dict[Any, None] = {}
    for o in _find(g, "Organisation", params["name"]):
        for p in _out(g, o, "PARTNER_IN", "Project"):
            for x in _in(g, p, "PARTNER_IN", "Organisation"):
                if x != o:
                    names[_name(g, x)] = None
    return [(name,) for name in names]


def nx_led_by_country(g: nx.MultiDiGraph, params: dict[str, Any]) -> Rows:
    """Q3: per country name, how many (organisation, led project) pairs it hosts, most first."""
    counts: Counter[Any] = Counter()
    for o, data in g.nodes(data=True):
        if "Organisation" not in data["labels"]:
            continue
        led = len(_out(g, o, "LEADS", "Project"))
        if led:
            for c in _out(g, o, "LOCATED_IN", "Country"):
                counts[_name(g, c)] += led
    return sorted(counts.items(), key=lambda item: -item[1])


def _partner_counts(g: nx.MultiDiGraph) -> Counter[Any]:
    counts: Counter[Any] = Counter()
    for o, data in g.nodes(data=True):
        if "Organisation" in data["labels"]:
            n = len(_out(g, o, "PARTNER_IN", "Project"))
            if n:
                counts[_name(g, o)] += n
    return counts


def nx_top_partners(g: nx.MultiDiGraph, params: dict[str, Any]) -> Rows:
    """Q4: the ten organisations in most projects as a partner."""
    return heapq.nlargest(10, _partner_counts(g).items(), key=lambda item: item[1])


# -- the queries and how their rows are compared ---------------------------------------------
@dataclass(frozen=True)
class BenchQuery:
    """One benchmark query: its Cypher, its parameter, the NetworkX twin and the row check."""

    name: str
    cypher: str
    networkx: Callable[[nx.MultiDiGraph, dict[str, Any]], Rows]
    param: str | None = None  # "typical" or "hub": which organisation $name names
    sorted_column: int | None = None  # ORDER BY <column> DESC
    limit: int | None = None
    #: With a LIMIT: every (first column -> sort key) value, to judge rows tied at the cut-off.
    ranking: Callable[[nx.MultiDiGraph], Counter[Any]] | None = None
    #: grand-cypher 1.2 spells aggregates in capitals only (its AGGREGATE_FUNC terminal).
    grand_cypher_text: str | None = None


_Q2 = ("MATCH (o:Organisation {name: $name})-[:PARTNER_IN]->(p:Project)"
       "<-[:PARTNER_IN]-(x:Organisation) WHERE x <> o RETURN DISTINCT x.name")
_Q3 = ("MATCH (c:Country)<-[:LOCATED_IN]-(o:Organisation)-[:LEADS]->(p:Project) "
       "RETURN c.name, {count}(p) AS n ORDER BY n DESC")
_Q4 = ("MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project) "
       "RETURN o.name, {count}(p) AS n ORDER BY n DESC LIMIT 10")

QUERIES = (
    BenchQuery("Q1", "MATCH (o:Organisation {name: $name})-[:PARTNER_IN]->(p:Project) "
                     "RETURN p.name", nx_projects, param="typical"),
    BenchQuery("Q2", _Q2, nx_co_partners, param="typical"),
    BenchQuery("Q2b", _Q2, nx_co_partners, param="hub"),
    BenchQuery("Q3", _Q3.format(count="count"), nx_led_by_country, sorted_column=1,
               grand_cypher_text=_Q3.format(count="COUNT")),
    BenchQuery("Q4", _Q4.format(count="count"), nx_top_partners, sorted_column=1, limit=10,
               ranking=_partner_counts, grand_cypher_text=_Q4.format(count="COUNT")),
)


def rows_agree(query: BenchQuery, rows: Rows, reference: Rows, g: nx.MultiDiGraph) -> str | None:
    """None if ``rows`` are a correct answer given the NetworkX ``reference``, else why not."""
    rows = [tuple(row) for row in rows]
    if query.sorted_column is not None:
        keys = [row[query.sorted_column] for row in rows]
        if any(a < b for a, b in zip(keys, keys[1:])):
            return f"column {query.sorted_column + 1} is not in descending order"
    if query.limit is None or query.ranking is None:
        if Counter(rows) != Counter(reference):
            missing = Counter(reference) - Counter(rows)
            extra = Counter(rows) - Counter(reference)
            return (f"{len(rows)} rows vs {len(reference)} expected; "
                    f"missing {list(missing)[:3]}, unexpected {list(extra)[:3]}")
        return None
    # ORDER BY ... LIMIT: rows tied at the cut-off may be any of the tied ones, so check each
    # row against the full counts and the multiset of sort keys against the reference's.
    full = query.ranking(g)
    wrong = [row for row in rows if full.get(row[0]) != row[1]]
    if wrong:
        return f"rows with wrong counts: {wrong[:3]}"
    if len({row[0] for row in rows}) != len(rows):
        return "a name appears twice"
    if sorted(row[1] for row in rows) != sorted(row[1] for row in reference):
        return "the top counts differ from the reference"
    return None


# -- the three runners -----------------------------------------------------------------------
@dataclass
class Timing:
    best: float | None = None
    first: float | None = None
    runs: int = 0
    rows: Rows | None = None
    error: str | None = None


def measure(run: Callable[[], Rows], repeat: int, timeout: float, budget: float) -> Timing:
    """Best of ``repeat`` runs (fewer once ``budget`` seconds are spent); errors are recorded."""
    timing = Timing()
    spent = 0.0
    while timing.runs < repeat and (timing.runs == 0 or spent < budget):
        start = time.perf_counter()
        try:
            with alarm(timeout):
                rows = run()
        except Expired:
            timing.error = f"timed out after {timeout:g} s"
            return timing
        except Exception as exc:  # a failing engine is a measurement, not a crash of the bench
            timing.error = f"{type(exc).__name__}: {exc}"
            return timing
        elapsed = time.perf_counter() - start
        spent += elapsed
        timing.runs += 1
        timing.first = elapsed if timing.first is None else timing.first
        timing.best = elapsed if timing.best is None else min(timing.best, elapsed)
        timing.rows = rows
    return timing


def nordgraph_runner(kg: KnowledgeGraph, text: str, params: dict[str, Any]) -> Callable[[], Rows]:
    def run() -> Rows:
        from nordgraph.graph import cypher  # here, so that an engine that fails to import is a result

        return [tuple(row) for row in cypher.execute(cypher.parse(text), kg, params).rows]

    return run


def grand_cypher_graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """The same graph in grand-cypher's flat layout: properties as attributes + ``__labels__``."""
    flat = nx.MultiDiGraph()
    flat.add_nodes_from((key, {**data["props"], "__labels__": set(data["labels"])})
                        for key, data in kg.nx.nodes(data=True))
    flat.add_edges_from((u, v, key, {**data["props"], "__labels__": {data["type"]}})
                        for u, v, key, data in kg.nx.edges(keys=True, data=True))
    return flat


def grand_cypher_text(query: BenchQuery, params: dict[str, Any]) -> str:
    """The query as grand-cypher 1.2 accepts it.

    It has no parameters, so ``$name`` becomes a double-quoted literal; the names are the
    generator's own (``Organisation 000123``), and ``json.dumps`` escapes them as its
    ESCAPED_STRING terminal expects.
    """
    text = query.grand_cypher_text or query.cypher
    for key, value in params.items():
        text = text.replace(f"${key}", json.dumps(value))
    return text


def grand_cypher_runner(flat: nx.MultiDiGraph, text: str) -> Callable[[], Rows]:
    from grandcypher import GrandCypher

    def run() -> Rows:
        columns = GrandCypher(flat).run(text)
        return list(zip(*columns.values()))

    return run


# -- the report ------------------------------------------------------------------------------
def run_bench(size: int, seed: int = 0, repeat: int = 3, grand_cypher: bool = True,
              timeout: float = 120.0, budget: float = 20.0) -> dict[str, Any]:
    """Build the graph, run every query every way, and return the JSON report."""
    start = time.perf_counter()
    kg = make_graph(size, seed)
    build_s = time.perf_counter() - start
    typical, hub = typical_and_hub(kg)
    degrees = organisation_degrees(kg)
    by_name = {kg.name(key): degree for key, degree in degrees.items()}
    report: dict[str, Any] = {
        "size": size, "seed": seed, "nodes": len(kg), "edges": kg.edge_count(),
        "repeat": repeat, "build_s": build_s,
        "organisations": {"typical": {"name": typical, "partner_in": by_name[typical]},
                          "hub": {"name": hub, "partner_in": by_name[hub]}},
        "queries": {},
    }
    flat, gc_reason = None, None
    if not grand_cypher:
        gc_reason = "skipped (--no-grand-cypher)"
    elif importlib.util.find_spec("grandcypher") is None:
        gc_reason = "grand-cypher is not installed (pip install 'grand-cypher==1.2.*')"
    else:
        report["grand_cypher_version"] = importlib.metadata.version("grand-cypher")
        start = time.perf_counter()
        flat = grand_cypher_graph(kg)
        report["grand_cypher_setup_s"] = time.perf_counter() - start
    for query in QUERIES:
        params = {"name": typical if query.param == "typical" else hub} if query.param else {}
        reference = measure(lambda: query.networkx(kg.nx, params), repeat, 0, budget)
        entry: dict[str, Any] = {"rows": len(reference.rows or [])}
        entry["networkx_s"] = reference.best
        timings = {"nordgraph": measure(nordgraph_runner(kg, query.cypher, params),
                                        repeat, timeout, budget)}
        entry["nordgraph_parse_s"] = _parse_time(query.cypher)
        if flat is not None:
            timings["grand_cypher"] = measure(
                grand_cypher_runner(flat, grand_cypher_text(query, params)), repeat, timeout, budget)
        disagree: dict[str, str] = {}
        compared: list[str] = []
        for engine in ("nordgraph", "grand_cypher"):
            timing = timings.get(engine)
            entry[f"{engine}_s"] = timing.best if timing else None
            if timing is None:
                entry[f"{engine}_error"] = gc_reason
                continue
            entry[f"{engine}_runs"] = timing.runs
            entry[f"{engine}_first_s"] = timing.first
            if timing.error:
                entry[f"{engine}_s"] = None
                entry[f"{engine}_error"] = timing.error
                continue
            compared.append(engine)
            why = rows_agree(query, timing.rows or [], reference.rows or [], kg.nx)
            if why:
                disagree[engine] = why
        # null when no engine produced rows to hold against NetworkX's
        entry["rows_agree"] = not disagree if compared else None
        entry["compared"] = compared
        if disagree:
            entry["disagreements"] = disagree
        report["queries"][query.name] = entry
    return report


def _parse_time(text: str) -> float | None:
    """Seconds for one parse that bypasses the engine's parse cache (``lru_cache``)."""
    try:
        from nordgraph.graph import cypher

        parse = getattr(cypher.parse, "__wrapped__", cypher.parse)
        start = time.perf_counter()
        parse(text)
        return time.perf_counter() - start
    except Exception:  # reported through nordgraph_error by the full run
        return None


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def _agreement(value: bool | None) -> str:
    return "-" if value is None else "yes" if value else "NO"


def render(report: dict[str, Any]) -> str:
    """The report as a terminal table with notes under it."""
    orgs = report["organisations"]
    lines = [
        f"graph: {report['nodes']} nodes, {report['edges']} edges (seed {report['seed']}), "
        f"built in {_seconds(report['build_s'])}; best of {report['repeat']} runs",
        f"Q1/Q2 name {orgs['typical']['name']!r} (median: {orgs['typical']['partner_in']} projects), "
        f"Q2b {orgs['hub']['name']!r} (hub: {orgs['hub']['partner_in']} projects)",
        "",
        f"{'query':<6}{'rows':>7}  {'nordgraph':>11}  {'(1st run)':>10}  {'(parse)':>9}"
        f"  {'grand-cypher':>12}  {'networkx':>10}  rows agree",
    ]
    notes: dict[str, list[str]] = {}  # note -> the queries it applies to
    for name, q in report["queries"].items():
        lines.append(f"{name:<6}{q['rows']:>7}  {_seconds(q['nordgraph_s']):>11}  "
                     f"{_seconds(q.get('nordgraph_first_s')):>10}  "
                     f"{_seconds(q['nordgraph_parse_s']):>9}  {_seconds(q['grand_cypher_s']):>12}  "
                     f"{_seconds(q['networkx_s']):>10}  {_agreement(q['rows_agree'])}")
        for engine in ("nordgraph", "grand_cypher"):
            if q.get(f"{engine}_error"):
                notes.setdefault(f"{engine}: {q[f'{engine}_error']}", []).append(name)
        for engine, why in q.get("disagreements", {}).items():
            notes.setdefault(f"{engine} disagrees with networkx: {why}", []).append(name)
    lines.append("")
    lines.append("nordgraph times include parsing (cached after the first run, which also builds "
                 "its indexes; '(parse)' is one uncached parse); grand-cypher times include "
                 "building its GrandCypher object"
                 + (f" (grand-cypher {report['grand_cypher_version']}; graph conversion once: "
                    f"{_seconds(report['grand_cypher_setup_s'])})"
                    if "grand_cypher_setup_s" in report else ""))
    lines.extend(f"{', '.join(names)} {note}" for note, names in notes.items())
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of nodes")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--no-grand-cypher", action="store_true", help="skip grand-cypher")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds per query run before it is recorded as null")
    args = parser.parse_args(argv)
    if args.size < 3 or args.repeat < 1:
        parser.error("--size must be at least 3 and --repeat at least 1")
    report = run_bench(args.size, args.seed, args.repeat, not args.no_grand_cypher, args.timeout)
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
