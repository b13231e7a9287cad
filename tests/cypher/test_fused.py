"""The row-saving paths of read queries: a scan read by the aggregation or limited sort after it
without a row per node, aggregates kept as lists of values, ``(a)-[]-(x)-[]-(b)`` with both ends
bound met by intersecting adjacencies, ``WITH a, b WHERE``. Each must give exactly the rows of the
general path, which a ``WITH`` between the clauses forces."""
import random

import pytest

from nordgraph.graph.cypher import CypherLimitError, execute, explain, parse
from nordgraph.graph.cypher.aggregates import count_distinct, distinct_values
from nordgraph.graph.cypher.runtime_values import Node
from nordgraph.graph.limits import Limits
from nordgraph.graph.model import KnowledgeGraph


def run(kg, text, **params):
    return execute(parse(text), kg, params).rows


def plan(kg, text, **params):
    return explain(parse(text), kg, params)


@pytest.fixture(scope="module")
def mixed() -> KnowledgeGraph:
    """60 :N nodes whose properties are sometimes null, float or of another type, 20 :M nodes,
    and T / U relationships at random, self-loops and pairs in both directions included."""
    draw = random.Random(13)
    kg = KnowledgeGraph()
    rows = [{"i": i, "g": draw.choice([1, 1.0, 2, 3, None, "x"]), "v": draw.choice([1, 2.5, 7, None]),
             "s": draw.choice(["a", "b", None])} for i in range(60)]
    run(kg, "UNWIND $rows AS r CREATE (:N {i: r.i, g: r.g, v: r.v, s: r.s})", rows=rows)
    run(kg, "UNWIND range(0, 19) AS i CREATE (:M {i: i})")
    pairs = [{"a": draw.randrange(60), "b": draw.randrange(60), "t": draw.choice(["T", "U"])} for _ in range(300)]
    pairs += [{"a": i, "b": i, "t": "T"} for i in range(0, 60, 7)]
    for t in ("T", "U"):
        run(kg, f"UNWIND $pairs AS r MATCH (a:N {{i: r.a}}), (b:N {{i: r.b}}) CREATE (a)-[:{t}]->(b)",
            pairs=[p for p in pairs if p["t"] == t])
    run(kg, "MATCH (n:N), (m:M) WHERE n.i % 20 = m.i CREATE (n)-[:T]->(m)")
    return kg


@pytest.mark.parametrize("returns, reads_first_row", [
    ("n.g AS g, count(*) AS c, sum(n.i) AS s, max(n.v) AS hi, min(n.s) AS lo", False),
    ("n.g AS g, collect(DISTINCT n.s) AS ss, count(DISTINCT n.v) AS dv, count(n.v) AS cv, avg(n.i) AS a", False),
    ("n.s AS s, n.g AS g, count(n) AS c, collect(n.v) AS vs", False),
    ("count(*) AS c, sum(n.v) AS s, stDev(n.i) AS sd, percentileDisc(n.i, 0.5) AS p", False),
    # a result computed from an aggregate reads the group's first row: rows are made
    ("n.g AS g, count(*) * 2 + 1 AS c, n.g IS NULL AS none", True),
])
@pytest.mark.parametrize("where", ["", "WHERE n.i > 10 AND n.s STARTS WITH 'a'"])
def test_an_aggregation_over_a_scan_gives_the_rows_of_the_general_path(mixed, returns, reads_first_row,
                                                                       where) -> None:
    fused = f"MATCH (n:N) {where} RETURN {returns}"
    general = f"MATCH (n:N) {where} WITH n, 0 AS barrier RETURN {returns}"
    first = plan(mixed, fused)[0]
    assert ("over NodeScan(n:N" in first or "over columns of NodeScan(n:N" in first) is not reads_first_row
    # every node of the label, untested: its property columns (mixed types, nulls: as rows);
    # percentiles take more than a list of values per group
    assert ("over columns of" in first) is (not where and not reads_first_row and "percentile" not in returns)
    assert not any("over NodeScan" in s for s in plan(mixed, general))
    assert run(mixed, fused) == run(mixed, general)


def test_an_aggregation_that_reads_the_node_itself_makes_rows(mixed) -> None:
    """``collect(n)`` keeps the node, ``n`` as a key groups by it: no shared stand-in may leak."""
    for text in ("MATCH (n:N) RETURN collect(n)[0..3] AS ns", "MATCH (n:N) RETURN n, count(*) AS c",
                 "MATCH (n:N) RETURN n.g AS g, collect(n.i) + size(collect(n)) AS x"):
        assert not any("over NodeScan" in s for s in plan(mixed, text)), text
    rows = run(mixed, "MATCH (n:N) WHERE n.i < 3 RETURN collect(n) AS ns")
    assert [n.properties["i"] for n in rows[0][0]] == [0, 1, 2]


@pytest.mark.parametrize("order", ["n.v DESC, n.i", "n.g, n.i DESC", "n.s DESC, n.v, n.i", "n.i"])
@pytest.mark.parametrize("skip, limit", [(0, 1), (0, 7), (5, 30), (55, 30)])
@pytest.mark.parametrize("before", ["", "UNWIND [1, 2] AS x "])  # one input row (the first key's column) or two
def test_a_limited_sort_over_a_scan_gives_the_rows_of_a_full_sort(mixed, order, skip, limit, before) -> None:
    text = f"{before}MATCH (n:N) RETURN n.i AS i, n.v AS v ORDER BY {order} SKIP {skip} LIMIT {limit}"
    full = run(mixed, f"{before}MATCH (n:N) RETURN n.i AS i, n.v AS v ORDER BY {order}")
    assert plan(mixed, text)[-4 if skip else -3].startswith("Sort(")
    assert run(mixed, text) == full[skip:skip + limit]


def test_a_fused_scan_still_counts_its_rows_against_the_limit(mixed) -> None:
    with pytest.raises(CypherLimitError, match=r"NodeScan step made more than 1,000 rows"):
        execute(parse("MATCH (a:N), (b:N) RETURN b.g AS g, count(*) AS c"), mixed, {}, Limits(max_rows=1000))


@pytest.mark.parametrize("pattern", [
    "(a)-[r:T]->(x)<-[s:T]-(b)", "(a)-[r:T]->(x)-[s:T]->(b)", "(a)<-[r]-(x)-[s:U]-(b)",
    "(a)-[r]-(x)-[s]-(b)", "(a)-[r:T|U]-(x:N)-[s:T]->(b)", "(a)-[r:U]-(x:M)-[s]-(b)",
])
def test_a_path_between_two_bound_nodes_gives_the_rows_of_expanding_step_by_step(mixed, pattern) -> None:
    """Both ends bound (the cheaper end differs from row to row); relationship uniqueness
    within the MATCH, self-loops read once, the middle node's label tested."""
    ends = "MATCH (a:N), (b:N) WHERE a.i % 5 = 0 AND b.i % 3 = 0 MATCH (a)-[q]-(b) "
    fused = ends + f"MATCH {pattern} RETURN a.i, b.i, x.i, id(q), id(r), id(s)"
    loose = pattern.replace("(b)", "(b2)")
    general = ends + f"MATCH {loose} WITH a, b, b2, q, r, x, s WHERE b2 = b RETURN a.i, b.i, x.i, id(q), id(r), id(s)"
    assert any(s.startswith("ExpandBetween(") for s in plan(mixed, fused))
    assert sorted(run(mixed, fused)) == sorted(run(mixed, general))
    unique = f"MATCH (a:N)-[q]-(b:N), {pattern} RETURN count(*) AS c, count(DISTINCT id(q)) AS d"
    reference = f"MATCH (a:N)-[q]-(b:N), {loose} WHERE b2 = b RETURN count(*) AS c, count(DISTINCT id(q)) AS d"
    assert run(mixed, unique) == run(mixed, reference)


def test_with_of_plain_variables_and_where_filters_the_rows_as_they_come(mixed) -> None:
    text = "MATCH (n:N)-[r:T]->(m) WITH n, m WHERE n.i < m.i RETURN n.i AS a, m.i AS b ORDER BY a, b"
    general = "MATCH (n:N)-[r:T]->(m) WITH n, m, 0 AS z WHERE n.i < m.i RETURN n.i AS a, m.i AS b ORDER BY a, b"
    assert [s.split("(")[0] for s in plan(mixed, text)][2:4] == ["Filter", "Project"]
    assert run(mixed, text) == run(mixed, general)


@pytest.mark.parametrize("hop, returns", [
    ("(n)-[:T]->(m)", "n.i AS i, count(m) AS c"),
    ("(n)<-[r:T|U]-(m:N)", "n, count(*) AS c"),
    ("(n)-[:T]-(m) WHERE m.v > 2", "n.g AS g, count(m) AS c"),
    ("(n)-[:U]->(m {s: n.s})", "count(*) AS c"),
])
def test_counting_from_a_scan_makes_rows_only_for_nodes_counted(mixed, hop, returns) -> None:
    fused = f"MATCH {hop.replace('(n)', '(n:N)', 1)} RETURN {returns}"
    general = f"MATCH (n:N) WITH n, 0 AS barrier MATCH {hop} RETURN {returns}"
    assert plan(mixed, fused)[0].endswith("over NodeScan(n:N ~60))")
    assert sorted(map(repr, run(mixed, fused))) == sorted(map(repr, run(mixed, general)))


@pytest.mark.parametrize("anonymous", [
    "MATCH (n:N)-[:T]->(m)-[:U]->(k) RETURN n.i AS a, m.i AS b, k.i AS c",
    "MATCH (n:N)-[:T]->(m)-[:T]->(k) RETURN n.i AS a, m.i AS b, k.i AS c",
    "MATCH (n:N)-[:T]->(m), (m)-[]-(k:M) RETURN n.i AS a, m.i AS b, k.i AS c",
    "MATCH (n:M)<-[:T]-(m) OPTIONAL MATCH (m)-[:U]->(k) RETURN n.i AS a, m.i AS b, k.i AS c",
])
def test_an_anonymous_relationship_left_unbound_changes_no_row(mixed, anonymous) -> None:
    """An expansion binds no anonymous relationship that nothing reads (uniqueness compares only
    relationships of shared types); named ones give the rows the anonymous ones must give."""
    named = anonymous.replace("-[:", "-[").replace("-[", "-[{}:").replace(":]", "]")  # -[:T]-> is -[{}:T]->
    named = named.format(*(f"r{i}" for i in range(named.count("{}"))))
    assert sorted(map(repr, run(mixed, anonymous))) == sorted(map(repr, run(mixed, named)))


@pytest.mark.parametrize("returns", [
    "n.g AS g, count(*) AS c, sum(n.i) AS s",
    "n.s AS s, n.g AS g, count(n) AS c, collect(n.v) AS vs",
    "n.s AS s, count(DISTINCT n.g) AS c, avg(n.v) AS a, min(n.g) AS lo",
    "count(n) AS c, collect(DISTINCT n.g) AS gs",
])
def test_an_aggregation_over_columns_repeats_for_each_input_row_and_follows_writes(returns) -> None:
    """Two input rows scan the label twice (the row-wise path); a write between two runs drops
    the columns, so the next run reads the new values."""
    kg = KnowledgeGraph()
    run(kg, "UNWIND range(0, 29) AS i CREATE (:N {i: i, g: i % 3, s: CASE WHEN i % 4 = 0 THEN null ELSE 'x' END, "
            "v: i * 0.5})")
    fused, general = f"MATCH (n:N) RETURN {returns}", f"MATCH (n:N) WITH n, 0 AS barrier RETURN {returns}"
    assert "over columns of" in plan(kg, fused)[0]
    assert run(kg, fused) == run(kg, general)
    twice = f"UNWIND [1, 2] AS x MATCH (n:N) RETURN {returns}"
    assert run(kg, twice) == run(kg, f"UNWIND [1, 2] AS x MATCH (n:N) WITH n, 0 AS barrier RETURN {returns}")
    run(kg, "MATCH (n:N) WHERE n.i < 10 SET n.g = 'changed', n.s = 'y', n.i = n.i + 0.5")
    run(kg, "CREATE (:N {i: 99, g: 1})")
    assert run(kg, fused) == run(kg, general)


@pytest.mark.parametrize("where", [
    "m.v > 2", "2 >= m.v", "m.g = 1", "m.g <> 1", "m.s >= 'b'", "m.g < 'y'", "m.v > 2 AND m.i <= 40",
    "m.v > $cut", "m.i = 1.0",
])
def test_a_where_on_the_far_node_read_as_a_set_of_keys_keeps_the_rows(mixed, where) -> None:
    """Once testing far nodes one by one has cost enough, a WHERE comparing their properties with
    a constant becomes the set of the label's nodes that pass, read column by column (numbers
    against numbers and text against text natively, mixed types, nulls and NaN by Cypher's rules)."""
    counting = f"MATCH (n:N)-[:T]-(m:N) WHERE {where} RETURN n.i AS i, count(m) AS c ORDER BY i"
    rows = f"MATCH (n:N)-[:T]->(m:N) WHERE {where} RETURN n.i AS i, m.i AS j ORDER BY i, j"
    optional = f"MATCH (n:N) OPTIONAL MATCH (n)<-[:T|U]-(m:N) WHERE {where} RETURN n.i AS i, count(m) AS c ORDER BY i"
    for text in (counting, rows, optional):
        general = text.replace(f"WHERE {where}", f"WHERE ({where}) = true")  # the same, tested node by node
        expected = run(mixed, general, cut=float("nan") if "$cut" in where else 0)
        for _ in range(4):  # the typed adjacency is built along the way; each run is the same
            assert run(mixed, text, cut=float("nan") if "$cut" in where else 0) == expected


@pytest.mark.parametrize("keys", ["n", "n, m", "m, n"])
def test_grouping_by_node_variables_gives_the_rows_of_grouping_by_any_values(mixed, keys) -> None:
    """Keys that only ever hold a node (or null) group by the nodes' keys; the same values read
    through CASE (a value of any kind) group through :func:`hash_key`, with the same rows."""
    pattern = "MATCH (n:N) OPTIONAL MATCH (n)-[:U]->(m:N)"  # m is null where n has no U
    returns = f"RETURN {keys}, count(*) AS c, count(DISTINCT m) AS d, collect(m.i) AS xs"
    anything = "WITH CASE WHEN true THEN n END AS n, CASE WHEN true THEN m END AS m "
    assert run(mixed, f"{pattern} {returns}") == run(mixed, f"{pattern} {anything}{returns}")


@pytest.mark.parametrize("values, expected", [
    ("[1, 1.0, 2, 'a', 'a', null, true, 1, [1], [1.0]]", [1, 2, "a", True, [1]]),
    ("['b', 'a', 'b', 'c', 'a']", ["b", "a", "c"]),
    ("[3, 1, 3, 2, 1]", [3, 1, 2]),
    ("[null]", []),
    ("[2.5]", [2.5]),
])
def test_distinct_aggregates_keep_first_occurrences_by_cypher_equality(values, expected) -> None:
    rows = run(KnowledgeGraph(), f"UNWIND {values} AS x RETURN count(DISTINCT x) AS n, collect(DISTINCT x) AS xs")
    assert rows == [(len(expected), expected)]


@pytest.mark.parametrize("values", [
    [], [None], [None, None], [1, "1", 1, "a", "a"], [1, 1.0, 2], [True, 1, True], [[1], [1.0], None],
    [Node("a", {}), Node("a", {"props": {}}), Node("b", {})], [Node("a", {}), None, Node("a", {})],
])
def test_count_distinct_counts_as_the_distinct_values(values) -> None:
    """The counts made in C (nodes by key, text and integers as they are) agree with the distinct
    values by Cypher equality (1 and 1.0 one value, true not 1), nulls left out."""
    assert count_distinct(values) == len(distinct_values([v for v in values if v is not None]))


def test_count_distinct_nodes_counts_each_node_once(mixed) -> None:
    fast = run(mixed, "MATCH (n:N)-[:T|U]-(m) RETURN n.i AS i, count(DISTINCT m) AS c, collect(m) AS ms")
    general = run(mixed, "MATCH (n:N)-[:T|U]-(m) RETURN n.i AS i, count(DISTINCT elementId(m)) AS c, collect(m) AS ms")
    assert fast == general
    assert any(c < len(ms) for _, c, ms in fast)  # some neighbour met twice (both ways, two types)


@pytest.mark.parametrize("where", [
    "n.v > 2", "n.g >= 1", "2.5 <= n.v", "n.s STARTS WITH 'a'", "n.s ENDS WITH ''", "n.g CONTAINS 'x'",
    "n.s CONTAINS 1", "n.s >= 'b' AND n.i < 30", "n.g <> 'x'",
])
@pytest.mark.parametrize("returns", ["n.i AS i ORDER BY i", "count(n) AS c, sum(n.i) AS s, n.g AS g",
                                     "n.i AS i, n.v AS v ORDER BY v DESC, i LIMIT 5"])
def test_a_scan_whose_where_compares_properties_with_constants_reads_the_columns(mixed, where, returns) -> None:
    """Which nodes of the label pass is read off its columns (text predicates true only on
    text); an aggregation or sort after it sees those nodes only."""
    text = f"MATCH (n:N) WHERE {where} RETURN {returns}"
    assert "where by columns" in " ".join(plan(mixed, text))
    assert run(mixed, text) == run(mixed, text.replace(f"WHERE {where}", f"WHERE ({where}) = true"))
