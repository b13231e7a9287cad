"""Generated grouping loops and projections (graph/cypher/grouping.py): an UNWIND or expansion folded
into the aggregation or projection after it answers what the two steps answer one after the other,
errors and row limits included, whether the steps run generated code or their closures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nordgraph.graph.cypher import codegen, execute, explain, parse
from nordgraph.graph.cypher.errors import CypherError, CypherLimitError
from nordgraph.graph.limits import Limits
from nordgraph.graph.model import KnowledgeGraph


@pytest.fixture
def both(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[], list[tuple]], Callable[[], list[tuple]]], None]:
    """``both(folded, reference)``: the rows (or the error) of ``folded()`` run with generated code
    from the first row are those of ``reference()`` run on closures only."""

    def check(folded: Callable[[], list[tuple]], reference: Callable[[], list[tuple]]) -> None:
        monkeypatch.setattr(codegen, "TIER_AFTER", 10**9)
        expected = _outcome(reference)
        monkeypatch.setattr(codegen, "TIER_AFTER", 0)
        assert _outcome(folded) == expected

    return check


def _outcome(run: Callable[[], list[tuple]]) -> tuple[str, Any]:
    try:
        return "rows", sorted(map(repr, run()))
    except CypherError as err:
        return type(err).__name__, str(err)


ROWS = [
    {"k": "a", "xs": [1, 2, 2, None]},
    {"k": "b", "xs": []},
    {"k": "a", "xs": None},
    {"k": 1, "xs": 3},
    {"k": 1.0, "xs": [[1, 2], [3]]},
    {"k": None, "xs": ["a", "b", "a"]},
]
QUERIES = [
    "RETURN k, count(*) AS n, collect(x) AS xs, count(DISTINCT x) AS d",
    "RETURN x, count(k) AS n, collect(DISTINCT k) AS ks",
    "RETURN count(*) AS n, sum(CASE WHEN x = 2 THEN 1 ELSE 0 END) AS twos",
    "RETURN k, size(collect(x)) + 1 AS n",
    "RETURN k + 'z' AS kz, count(x) AS n",
    "RETURN k, sum(x * 2) AS n",
]


def _rows(text: str, fused: bool) -> list[tuple]:
    tail = "" if fused else "WITH * "
    parsed = parse(f"UNWIND $rows AS row WITH row.k AS k, row.xs AS xs UNWIND xs AS x {tail}{text}")
    return execute(parsed, KnowledgeGraph(), {"rows": ROWS}).rows


@pytest.mark.parametrize("text", QUERIES)
def test_an_unwind_folded_into_the_aggregation_gives_the_same_rows(text: str, both: Any) -> None:
    both(lambda: _rows(text, fused=True), lambda: _rows(text, fused=False))


def test_the_folded_unwind_shows_in_the_plan_and_keeps_the_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codegen, "TIER_AFTER", 0)
    text = "UNWIND range(1, 100) AS a WITH a UNWIND range(1, 100) AS b RETURN a, count(*) AS n"
    assert any("over Unwind(b)" in line for line in explain(parse(text), KnowledgeGraph()))
    assert len(execute(parse(text), KnowledgeGraph()).rows) == 100
    with pytest.raises(CypherLimitError, match="Unwind"):
        execute(parse(text), KnowledgeGraph(), limits=Limits(max_rows=5000))


GRAPH = """
CREATE (no:Country {name: 'Norway'}), (se:Country {name: 'Sweden'}),
       (a:Org {name: 'A'})-[:IN]->(no), (b:Org {name: 'B'})-[:IN]->(no), (c:Org {name: 'C'})-[:IN]->(se),
       (d:Org {name: 'D'}),
       (p:Project {name: 'P', year: 2020}), (q:Project {name: 'Q'}),
       (a)-[:LEADS]->(p), (b)-[:PARTNER]->(p), (c)-[:PARTNER]->(p), (c)-[:LEADS]->(q), (a)-[:PARTNER]->(q),
       (d)-[:PARTNER]->(p), (a)-[:KNOWS]->(b), (b)-[:KNOWS]->(a), (b)-[:KNOWS]->(c)
"""
MATCHES = [
    "MATCH (k:Country)<-[:IN]-(o:Org)-[:LEADS|PARTNER]->(p:Project) "
    "{tail}RETURN p.name AS p, k.name AS k, count(DISTINCT o) AS n, collect(o.name) AS os, sum(p.year) AS y",
    "MATCH (k:Country)<-[:IN]-(o:Org)-[r:LEADS|PARTNER]->(p) {tail}RETURN p, count(r) AS n",
    "MATCH (x:Org)-[:KNOWS]->(y)-[:KNOWS]->(z) {tail}RETURN x.name AS x, collect(z.name) AS zs",
    "MATCH (x:Org)-[r:KNOWS]->(y) {tail}RETURN x.name AS x, collect(type(r)) AS ts",
    "MATCH (o:Org)-[:LEADS]->(p) {tail}RETURN o.name AS o, count(*) AS n, max(p.year) AS y",
]


@pytest.mark.parametrize("text", MATCHES)
def test_an_expansion_folded_into_the_aggregation_gives_the_same_rows(text: str, both: Any) -> None:
    kg = KnowledgeGraph()
    execute(parse(GRAPH), kg)
    both(*(lambda tail=tail: execute(parse(text.format(tail=tail)), kg).rows for tail in ("", "WITH * ")))
    assert execute(parse(text.format(tail="")), kg).rows


def test_an_expansion_is_folded_only_when_the_aggregation_does_not_read_its_relationship() -> None:
    kg = KnowledgeGraph()
    execute(parse(GRAPH), kg)
    reads_rel = "MATCH (x:Org)-[r:KNOWS]->(y) RETURN x.name AS x, collect(type(r)) AS ts"
    plans = [explain(parse(text), kg)[-1] for text in (MATCHES[0].format(tail=""), reads_rel)]
    assert "over Expand" in plans[0] and "over Expand" not in plans[1]


@pytest.mark.parametrize("text", ["RETURN k, x, [x, k] AS pair", "RETURN k, x * 2 AS y", "RETURN x"])
def test_an_unwind_folded_into_the_projection_gives_the_same_rows(text: str, both: Any) -> None:
    both(lambda: _rows(text, fused=True), lambda: _rows(text, fused=False))


def test_a_folded_projection_keeps_the_row_limit_and_the_order(monkeypatch: pytest.MonkeyPatch) -> None:
    kg = KnowledgeGraph()
    execute(parse(GRAPH), kg)
    text = "MATCH (x:Org)-[:KNOWS]->(y) {tail}RETURN x.name AS x, y.name AS y"
    assert "over Expand" in explain(parse(text.format(tail="")), kg)[-1]
    monkeypatch.setattr(codegen, "TIER_AFTER", 0)
    assert execute(parse(text.format(tail="")), kg).rows == execute(parse(text.format(tail="WITH * ")), kg).rows
    many = "UNWIND range(1, 100) AS a WITH a UNWIND range(1, 100) AS b RETURN a, b"
    with pytest.raises(CypherLimitError, match="Unwind"):
        execute(parse(many), KnowledgeGraph(), limits=Limits(max_rows=5000))


def test_a_folded_step_groups_by_the_kinds_of_its_own_rows(both: Any) -> None:
    """The WITH that aggregates swaps a node and a text between two names: the folded loop must
    group by the kinds its input rows have, not by those the WITH leaves behind."""
    kg = KnowledgeGraph()
    execute(parse(GRAPH), kg)
    text = (
        "MATCH (o:Org) WITH o.name AS o, o AS p UNWIND [1, 2] AS x {tail}"
        "WITH p AS o, o AS p, count(*) AS n RETURN o.name AS name, p, n"
    )
    both(*(lambda tail=tail: execute(parse(text.format(tail=tail)), kg).rows for tail in ("", "WITH * ")))


KEYED_BY_FAR_NODE = [
    "MATCH (k:Country)<-[:IN]-(o:Org)-[:LEADS|PARTNER]->(p:Project) {tail}RETURN p, k, count(DISTINCT o) AS n",
    "MATCH (o:Org) OPTIONAL MATCH (o)-[:IN]->(k) WITH o, k MATCH (o)-[:LEADS|PARTNER]->(p) "
    "{tail}RETURN k, p, p AS q, collect(o.name) AS os",
    "MATCH (o:Org)-[:LEADS|PARTNER]->(p:Project) {tail}RETURN p, count(*) AS n, collect(p.name) AS names",
    "MATCH (x:Org)-->(y:Project) {tail}RETURN y, x.name AS x, count(*) AS n",
]


@pytest.mark.parametrize("text", KEYED_BY_FAR_NODE)
def test_groups_keyed_on_the_far_node_give_the_same_rows(text: str, both: Any) -> None:
    """A key that is the folded expansion's node is its key, the node made once per group: a
    project met in several groups (with each country, with a null one) keeps each group apart,
    and a key or aggregate that reads the node still sees it; an untyped expansion too."""
    kg = KnowledgeGraph()
    execute(parse(GRAPH), kg)
    assert "over Expand" in explain(parse(text.format(tail="")), kg)[-1]
    both(*(lambda tail=tail: execute(parse(text.format(tail=tail)), kg).rows for tail in ("", "WITH * ")))
    assert execute(parse(text.format(tail="")), kg).rows


def test_a_folded_expansion_keeps_relationship_uniqueness(both: Any) -> None:
    """The far nodes of a folded expansion leave out a relationship the MATCH already used (a
    self-loop walked twice), as the expansion on its own does."""
    kg = KnowledgeGraph()
    execute(parse("CREATE (a:Org {name: 'A'})-[:KNOWS]->(a), (a)-[:KNOWS]->(b:Org {name: 'B'}), "
                  "(b)-[:KNOWS]->(a), (b)-[:KNOWS]->(c:Org {name: 'C'})"), kg)
    text = "MATCH (x:Org)-[:KNOWS]->(y:Org)-[:KNOWS]->(z:Org) {tail}RETURN x.name AS x, z, count(*) AS n"
    assert "over Expand((y)" in explain(parse(text.format(tail="")), kg)[-1]
    both(*(lambda tail=tail: execute(parse(text.format(tail=tail)), kg).rows for tail in ("", "WITH * ")))
    counts = {(x, z.properties["name"]): n for x, z, n in execute(parse(text.format(tail="")), kg).rows}
    assert counts[("A", "A")] == 1  # A-A by the loop, then not the loop again: only via B
