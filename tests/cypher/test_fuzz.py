"""A bounded, seeded fuzz of the Cypher engine: thousands of mutated and generated queries on a small
graph, each of which must give rows or one of the engine's own errors, within a per-query time limit.

Seeds are the openCypher TCK's queries (``../shared/tck`` beside the checkout, or ``$NORDGRAPH_TCK``),
or the built-in :data:`SEEDS` on a plain clone. Queries run as the embedded store runs them (its write
rules, with tight limits), updating ones on a copy; a written graph must still be one its file can
hold, and every result must render as the CLI renders it.
"""
from __future__ import annotations

import os
import random
import re
import time
from pathlib import Path

import pytest

from nordgraph.graph import cypher
from nordgraph.graph.cypher.errors import CypherLimitError
from nordgraph.graph.cypher.functions import FUNCTIONS
from nordgraph.graph.errors import QueryError
from nordgraph.graph.jsonfile import graph_to_data
from nordgraph.graph.limits import Limits
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.reserved import FILE_RULES
from nordgraph.queries.render import render_query_json, render_rows
from tests.conftest import SHARED
from tests.cypher.conftest import nordic_graph

TCK = Path(os.environ.get("NORDGRAPH_TCK") or SHARED / "tck")
#: How many queries of each kind; the whole test stays well under half a minute.
MUTANTS, GENERATED = 12_000, 5_000
#: The engine's own bound per query, and what the test allows (the bound plus slack for a slow machine).
ENGINE_TIMEOUT, WALL_LIMIT = 1.0, 2.5
LIMITS = Limits(timeout=ENGINE_TIMEOUT, max_rows=20_000)

SEEDS = (
    "MATCH (n) RETURN n",
    "MATCH (o:Organisation)-[r:PARTNER_IN]->(p:Project) RETURN o.name, type(r), p.budget ORDER BY o.name",
    "MATCH p = (a)-[*1..3]-(b) RETURN length(p), nodes(p) LIMIT 20",
    "MATCH p = shortestPath((a:Country)-[*]-(b:Project)) RETURN p",
    "MATCH (o:Organisation) WHERE o.name STARTS WITH 'S' OR o.name =~ '.*Norway' RETURN o.aliases",
    "MATCH (o) OPTIONAL MATCH (o)-[:LEADS]->(p) RETURN o.name, count(p) AS n ORDER BY n DESC SKIP 1 LIMIT 2",
    "UNWIND range(1, 10) AS x WITH x WHERE x % 2 = 0 RETURN collect(x), sum(x), avg(x), min(x), max(x)",
    "UNWIND [1, 2.5, 'a', null, [1], {k: 1}] AS v RETURN v, toString(v), valueType(v)",
    "RETURN [x IN range(0, 5) WHERE x > 2 | x ^ 2] AS squares, reduce(s = 0, x IN [1, 2, 3] | s + x)",
    "RETURN date('2024-02-29') + duration('P1Y'), datetime({year: 2020, month: 1, day: 1, timezone: 'Europe/Oslo'})",
    "RETURN substring('Nordlys', 1, 3), split('a,b,c', ','), replace('aaa', 'a', 'bb'), left('abc', 2)",
    "RETURN 1 / 0.0, -1 % 3, 2 ^ 63, 9223372036854775807 + 0, sqrt(-1), log(0), round(2.675, 2)",
    "RETURN all(x IN [1, 2] WHERE x > 0), any(x IN [] WHERE x), none(x IN [null] WHERE x), single(x IN [1] WHERE x = 1)",
    "MATCH (o:Organisation) RETURN o { .name, .aliases, degree: size([(o)--() | 1]) }",
    "MATCH (o:Organisation) WHERE exists { (o)-[:LEADS]->() } RETURN o.name",
    "CALL db.labels() YIELD label RETURN label",
    "MATCH (a:Organisation), (b:Project) RETURN a.name, b.name",
    "MATCH (n) RETURN labels(n), keys(n), properties(n), id(n), elementId(n)",
    "CREATE (n:Organisation {name: 'Fuzz AS', aliases: ['F']}) RETURN n",
    "CREATE (a:Project {id: 'project:fuzz', name: 'Fuzz'})-[r:FUNDED_BY {share: 0.5}]->(b:Programme {name: 'P'})",
    "MERGE (c:Country {name: 'Iceland'}) ON CREATE SET c.code = 'IS' ON MATCH SET c.seen = true RETURN c",
    "MATCH (o:Organisation {name: 'SINTEF'}) SET o.size = 2000, o.aliases = o.aliases + 'Stiftelsen' RETURN o",
    "MATCH (o:Organisation) SET o += {checked: date('2025-01-01')} REMOVE o.size RETURN o.checked",
    "MATCH (o:Organisation)-[r:LEADS]->() SET r.year = 2024 RETURN r.year",
    "MATCH (p:Project {name: 'Health Data Commons'}) DETACH DELETE p",
    "MATCH (o:Organisation) SET o:Partner REMOVE o:Partner RETURN labels(o)",
    "WITH [1, 2, 3] AS l RETURN l[0], l[-1], l[1..], l[..-1], size(l), head(l), last(l), tail(l)",
    "RETURN CASE WHEN 1 > 2 THEN 'a' WHEN null THEN 'b' ELSE 'c' END, coalesce(null, 1), nullIf(1, 1)",
    "MATCH (a)-[r]->(b) WITH type(r) AS t, count(*) AS n RETURN t, n ORDER BY n DESC, t",
    "MATCH (a) RETURN DISTINCT labels(a)[0] AS l UNION MATCH (b) RETURN DISTINCT labels(b)[0] AS l",
)

_TOKEN = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\w+|\.\.|->|<-|<>|<=|>=|=~|\S")
_NUMBER = re.compile(r"^\d")
#: Values that have broken engines: limits of the integer and float range, nulls, wrong types.
EXTREMES = ("0", "-1", "9223372036854775807", "-9223372036854775808", "1e308", "-0.0", "(1.0/0.0)", "(0.0/0.0)",
            "null", "'x'", "''", "[]", "{}", "true", "[null]", "date()", "duration('P1D')", "$p", "range(1, 100000)",
            "[[[[1]]]]", "'\\u0000'", "'🙂'")
#: Tokens spliced into queries: structure, keywords, operators.
VOCABULARY = ("(", ")", "[", "]", "{", "}", ",", ".", ":", "*", "..", "-", "->", "<-", "|", "=", "+", "^", "%",
              "WITH", "RETURN", "MATCH", "OPTIONAL", "UNWIND", "AS", "SET", "REMOVE", "DELETE", "DETACH", "CREATE",
              "MERGE", "WHERE", "ORDER BY", "SKIP", "LIMIT", "DISTINCT", "count(*)", "n", "x", "UNION", "CASE",
              "IN", "IS NULL", "NOT", "AND", "OR", "XOR", "exists", "*0..", "[*]", "shortestPath")
OPERATORS = ("+", "-", "*", "/", "%", "^", "=", "<>", "<", ">=", "IN", "STARTS WITH", "CONTAINS", "=~", "AND", "XOR")


def tck_queries() -> list[str]:
    """Every query text of the TCK's scenarios, in a stable order; none when the TCK is not there."""
    features = TCK / "features"
    if not features.is_dir():
        return []
    from bench.tck import load_scenarios

    _, scenarios = load_scenarios(features)
    texts = {step.docstring for s in scenarios for step in s.steps
             if step.docstring and step.text in ("executing query:", "having executed:", "executing control query:")}
    return sorted(texts)


def small_graph() -> KnowledgeGraph:
    """The ``nordic`` graph with a number on an organisation and a collaboration."""
    kg = nordic_graph()
    sintef = kg.find("SINTEF")[0]
    kg.props(sintef)["size"] = 2000
    kg.add_edge(kg.find("MedTek Norway")[0], "COLLABORATES_WITH", sintef)
    return kg


def mutate(text: str, rng: random.Random) -> str:
    """``text`` with one to three token-level changes."""
    tokens = _TOKEN.findall(text) or ["RETURN", "1"]
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(tokens))
        kind = rng.random()
        if kind < 0.3 and any(_NUMBER.match(t) or t.startswith("'") for t in tokens):
            literal = rng.choice([j for j, t in enumerate(tokens) if _NUMBER.match(t) or t.startswith("'")])
            tokens[literal] = rng.choice(EXTREMES)
        elif kind < 0.45:
            del tokens[i]
        elif kind < 0.6:
            tokens.insert(i, tokens[i])
        elif kind < 0.8:
            tokens.insert(i, rng.choice(VOCABULARY))
        elif kind < 0.9:
            j = rng.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        else:
            tokens[i] = f"{rng.choice(sorted(FUNCTIONS))}({tokens[i]})"
        if not tokens:
            tokens = ["RETURN", "1"]
    return " ".join(tokens)


def generate(rng: random.Random) -> str:
    """A function call or an operator on extreme arguments, sometimes nested."""
    def value(depth: int = 0) -> str:
        if depth < 2 and rng.random() < 0.3:
            name = rng.choice(sorted(FUNCTIONS))
            _, low, high = FUNCTIONS[name]
            return f"{name}({', '.join(value(depth + 1) for _ in range(rng.randint(low, min(high, 3))))})"
        if depth < 2 and rng.random() < 0.2:
            return f"({value(depth + 1)} {rng.choice(OPERATORS)} {value(depth + 1)})"
        return rng.choice(EXTREMES)

    return f"RETURN {value()} AS v"


def run_one(text: str, graph: KnowledgeGraph) -> float:
    """Run ``text`` as the embedded store would and render some of its rows as the CLI does; engine
    errors are answers, anything else fails. Returns the engine's seconds."""
    started = time.monotonic()
    try:
        parsed = cypher.parse(text)
        work = graph.copy() if parsed.updating else graph
        result = cypher.execute(parsed, work, {"p": [1, "two", None]}, LIMITS, FILE_RULES if parsed.updating else None)
    except QueryError:
        return time.monotonic() - started
    elapsed = time.monotonic() - started
    if parsed.updating:
        graph_to_data(work)  # raises if the graph file could not hold what the query wrote
    result.rows = result.rows[:50]
    render_rows(result.columns, result.rows, "table")
    render_query_json(result)
    return elapsed


def test_fuzzed_queries_give_rows_or_engine_errors_in_time() -> None:
    rng = random.Random(14)
    seeds = tck_queries() or list(SEEDS)
    queries = [mutate(rng.choice(seeds), rng) for _ in range(MUTANTS)]
    queries += [mutate(generate(rng), rng) if rng.random() < 0.3 else generate(rng) for _ in range(GENERATED)]
    graph = small_graph()
    failures, slow = [], []
    for text in queries:
        try:
            elapsed = run_one(text, graph)
        except Exception as exc:  # noqa: BLE001 - every failure is collected and shown at once
            failures.append(f"{type(exc).__name__}: {exc} <- {text!r}")
            continue
        if elapsed > WALL_LIMIT:
            slow.append(f"{elapsed:.1f} s <- {text!r}")
    assert not failures, f"{len(failures)} of {len(queries)} queries failed outside the engine's errors:\n" + \
        "\n".join(failures[:20])
    assert not slow, "queries ran past the time limit:\n" + "\n".join(slow[:20])


@pytest.mark.parametrize("text", ["UNWIND range(1, 100000) AS x RETURN count(x)",
                                  "MATCH (a), (b), (c), (d), (e), (f) RETURN count(*)"])
def test_the_fuzz_limits_do_stop_queries(text: str) -> None:
    with pytest.raises(CypherLimitError, match="--max-rows"):
        cypher.execute(cypher.parse(text), small_graph(), {}, LIMITS)
