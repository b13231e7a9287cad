"""The fast paths of read queries: an Expand that only counts for the Aggregate after it, and
the typed adjacency index; each must give exactly the rows of the general path."""
import gc

import pytest

from nordgraph.graph import collector
from nordgraph.graph.cypher import context, execute, explain, parse
from nordgraph.graph.cypher.context import graph_index
from nordgraph.graph.model import KnowledgeGraph


def run(kg, text, **params):
    return execute(parse(text), kg, params).rows


def counts_without_rows(kg, text):
    return any(s.startswith("Aggregate(") and " counting " in s for s in explain(parse(text), kg))


@pytest.fixture
def loops() -> KnowledgeGraph:
    """a -T-> b, a -T-> a (a self-loop), b -T-> a, b -U-> c, and a node d with no edges."""
    kg = KnowledgeGraph()
    run(kg, "CREATE (a:N {name: 'a'}), (b:N {name: 'b'}), (c:N {name: 'c'}), (:M {name: 'd'}), "
            "(a)-[:T]->(b), (a)-[:T]->(a), (b)-[:T]->(a), (b)-[:U]->(c)")
    return kg


@pytest.mark.parametrize("text, fused, expected", [
    # count(variable bound by the expansion), count(*), both at once, arithmetic on the count
    ("MATCH (x:N)-[:T]->(y) RETURN x.name, count(y) AS n ORDER BY x.name", True, [("a", 2), ("b", 1)]),
    ("MATCH (x:N)<-[r:T]-(y) RETURN x.name, count(*) AS n ORDER BY x.name", True, [("a", 2), ("b", 1)]),
    ("MATCH (x:N)-[r]-(y) RETURN x.name, count(r) AS n, count(*) + 1 AS m ORDER BY x.name", True,
     [("a", 3, 4), ("b", 3, 4), ("c", 1, 2)]),
    # no grouping key: one row even when nothing matches
    ("MATCH (x:N)-[:V]->(y) RETURN count(y) AS n", True, [(0,)]),
    # relationship uniqueness: the second hop may not reuse the first relationship
    ("MATCH (x:N)-[:T]->(y)-[:T]->(z) RETURN x.name, count(z) AS n ORDER BY x.name", True,
     [("a", 2), ("b", 2)]),
    # the label of the far end is tested
    ("MATCH (x:N)-[:T|U]->(y:N) RETURN x.name, count(y) AS n ORDER BY x.name", True, [("a", 2), ("b", 2)]),
    # a null start (OPTIONAL MATCH) makes no row, so no group
    ("OPTIONAL MATCH (x:M) WITH x MATCH (x)-[:T]->(y) RETURN count(y) AS n", True, [(0,)]),
    # the aggregate reads the expanded variable otherwise: the general path
    ("MATCH (x:N)-[:T]->(y) RETURN x.name, count(DISTINCT y) AS n ORDER BY x.name", False,
     [("a", 2), ("b", 1)]),
    ("MATCH (x:N)-[:T]->(y) RETURN y.name, count(y) AS n ORDER BY y.name", False, [("a", 2), ("b", 1)]),
    ("MATCH (x:N)-[:T]->(y) RETURN x.name, collect(y.name) AS n ORDER BY x.name", False,
     [("a", ["b", "a"]), ("b", ["a"])]),
    # OPTIONAL MATCH: a row without a match counts 0 for count(variable) but 1 for count(*)
    ("MATCH (x:N) OPTIONAL MATCH (x)-[:T]->(y) RETURN x.name, count(y) AS n ORDER BY x.name", True,
     [("a", 2), ("b", 1), ("c", 0)]),
    ("MATCH (x:N) OPTIONAL MATCH (x)-[:T]->(y) RETURN x.name, count(*) AS n ORDER BY x.name", False,
     [("a", 2), ("b", 1), ("c", 1)]),
    ("MATCH (x) OPTIONAL MATCH (x)-[:U]->(y:N) WITH x, count(y) AS n WHERE n = 0 RETURN count(x) AS n", True,
     [(3,)]),
    # two hops in the OPTIONAL MATCH: the rows of the first, the count of the second
    ("MATCH (x:N) OPTIONAL MATCH (x)-[:T]->(y)-[:U]->(z) RETURN x.name, count(z) AS n ORDER BY x.name", True,
     [("a", 1), ("b", 0), ("c", 0)]),
    # a WHERE on the far node's properties is tested as each node is met, so it still counts
    ("MATCH (x:N) OPTIONAL MATCH (x)-[:T]->(y) WHERE y.name = 'a' RETURN x.name, count(y) AS n ORDER BY x.name",
     True, [("a", 1), ("b", 1), ("c", 0)]),
    ("MATCH (x:N)-[:T]->(y) WHERE y.name <> x.name RETURN x.name, count(y) AS n ORDER BY x.name", False,
     [("a", 1), ("b", 1)]),
    # WITH aggregates the same way
    ("MATCH (x:N)-[:T]->(y) WITH x, count(y) AS n WHERE n > 1 RETURN x.name, n", True, [("a", 2)]),
])
def test_counting_expansions_give_the_general_rows(loops, text, fused, expected):
    assert run(loops, text) == expected
    assert counts_without_rows(loops, text) == fused


def test_typed_adjacency_follows_writes(loops):
    text = "MATCH (x:N {name: 'c'})<-[:U]-(y) RETURN count(y) AS n"
    assert run(loops, text) == [(1,)]
    run(loops, "MATCH (c:N {name: 'c'}) CREATE (:N {name: 'e'})-[:U]->(c)")
    assert run(loops, text) == [(2,)]
    # inside one writing query the new relationship is seen too
    assert run(loops, "MATCH (c:N {name: 'c'}) CREATE (:N)-[:U]->(c) "
                      "WITH DISTINCT c MATCH (c)<-[:U]-(y) RETURN count(y) AS n") == [(3,)]
    run(loops, "MATCH ()-[r:U]->() DELETE r")
    assert run(loops, text) == [(0,)]


def test_switching_to_the_typed_adjacency_mid_run_keeps_the_rows():
    """Repeated expansions start on the graph's own adjacency, switch to the typed index part
    way through a run once they have read as many edges as the graph has, then read it from the
    start."""
    kg = KnowledgeGraph()
    run(kg, "UNWIND range(1, 30) AS i CREATE (:N {i: i})")
    run(kg, "MATCH (a:N), (b:N) WHERE a.i < b.i <= a.i + 3 CREATE (a)-[:T]->(b), (b)-[:U]->(a)")
    expected = [(a, b) for a in range(1, 31) for b in range(a + 1, min(a + 3, 30) + 1)]
    half = "MATCH (a:N) WHERE a.i <= 15 MATCH (a)-[:T]->(b:N) RETURN a.i, b.i"
    assert run(kg, half) == [(a, b) for a, b in expected if a <= 15]  # so the next run switches midway
    for _ in range(3):
        assert run(kg, "MATCH (a:N)-[:T]->(b:N) RETURN a.i, b.i") == expected
        assert run(kg, "MATCH (b:N)<-[:U]-(a) RETURN b.i, a.i") == expected


@pytest.mark.parametrize("text, expected", [
    ("MATCH (x:N)-[:T]->(y) WHERE x <> y RETURN x.name, y.name ORDER BY x.name", [("a", "b"), ("b", "a")]),
    ("MATCH (x:N)-[:T]->(y) WHERE x = y RETURN x.name", [("a",)]),
    ("MATCH (x)-[r:T]->(y)-[s:T]->(z) WHERE r = s RETURN count(*)", [(0,)]),
    ("MATCH (x:N)-[r:U]->(y) RETURN x = r, x <> r, r = r", [(False, True, True)]),
    ("MATCH (x:M) OPTIONAL MATCH (x)-->(y) RETURN x = y, y <> x", [(None, None)]),
    ("UNWIND [[1, 1.0], [1, null], ['a', 'a']] AS p WITH p[0] AS a, p[1] AS b RETURN a = b, a <> b",
     [(True, False), (None, None), (True, False)]),
])
def test_equality_of_two_variables(loops, text, expected):
    assert run(loops, text) == expected


def mixed_graph(seed: int) -> KnowledgeGraph:
    """Forty nodes and 160 relationships of types A, B, C drawn at random: parallel ones and
    self-loops included."""
    import random

    draw = random.Random(seed)
    kg = KnowledgeGraph()
    run(kg, "UNWIND range(0, 39) AS i CREATE (:N {i: i})")
    pairs = [(draw.randrange(40), draw.randrange(40), draw.choice("ABC")) for _ in range(160)]
    pairs += [(3, 3, "A"), (7, 7, "B"), (9, 9, "C")]  # a self-loop of each type
    for a, b, t in pairs:
        run(kg, f"MATCH (a:N {{i: $a}}), (b:N {{i: $b}}) CREATE (a)-[:{t}]->(b)", a=a, b=b)
    return kg


@pytest.mark.parametrize("arrow", ["-[r:A]->", "<-[r:A|B]-", "-[r:B|C]-", "-[r]-", "-[r]->"])
def test_expanding_into_a_bound_node_gives_the_rows_of_a_filter(arrow):
    """The far end already bound: only the relationships between the two nodes are read; the
    rows, and their order, are those of expanding to a fresh node and comparing it."""
    for seed in range(3):
        kg = mixed_graph(seed)
        bound = (f"MATCH (a:N)-[:C]->(b:N) MATCH (a){arrow}(b) "
                 "RETURN a.i, b.i, type(r), startNode(r).i")
        filtered = (f"MATCH (a:N)-[:C]->(b:N) MATCH (a){arrow}(x) WHERE x = b "
                    "RETURN a.i, b.i, type(r), startNode(r).i")
        assert run(kg, bound) == run(kg, filtered), (seed, arrow)
        assert run(kg, bound)  # the graphs are dense enough for rows


@pytest.mark.parametrize("arrow, types", [("-[r:A|B]->", "['A', 'B']"), ("<-[r:B|C]-", "['B', 'C']"),
                                          ("-[r:A|C]-", "['A', 'C']"), ("-[r:B]-", "['B']")])
def test_typed_adjacency_of_several_types_and_both_ways_keeps_the_rows(arrow, types):
    """Several types or both directions read the typed index once it pays (from the second run
    on, switching part way through the first); rows and order are those of the untyped scan."""
    kg = mixed_graph(5)
    plain = arrow[:arrow.index(":")] + arrow[arrow.index("]"):]
    untyped = f"MATCH (a:N){plain}(b:N) WHERE type(r) IN {types} RETURN a.i, type(r), b.i"
    expected = run(kg, untyped)
    assert expected
    for _ in range(3):
        assert run(kg, f"MATCH (a:N){arrow}(b:N) RETURN a.i, type(r), b.i") == expected
        assert run(kg, f"MATCH (a:N){arrow}(b) RETURN a.i, type(r), b.i") == expected
        counted = run(kg, f"MATCH (a:N){arrow}(b:N) RETURN a.i, count(b) ORDER BY a.i")
        by_hand: dict = {}
        for a, _, _ in expected:
            by_hand[a] = by_hand.get(a, 0) + 1
        assert counted == sorted(by_hand.items())


def test_counting_by_degree_tables_tests_the_far_label_and_follows_writes():
    """Repeated counts read a per-node degree of (types, direction, far label); they must count
    only far nodes with the label, and see relationships a write adds."""
    kg = KnowledgeGraph()
    run(kg, "UNWIND range(0, 19) AS i CREATE (a:N {i: i}) "
            "WITH a, i UNWIND range(0, i % 4) AS j CREATE (a)-[:T]->(:M), (a)-[:T]->(:N), (a)-[:U]->(:M)")
    text = "MATCH (a:N)-[:T]->(b:M) RETURN a.i AS i, count(b) AS n ORDER BY i"
    unlabeled = "MATCH (a:N)-[:T]->(b) RETURN a.i AS i, count(b) AS n ORDER BY i"
    expected = [(i, i % 4 + 1) for i in range(20)]
    for _ in range(3):
        assert run(kg, text) == expected
        assert run(kg, unlabeled) == [(i, 2 * n) for i, n in expected]
    run(kg, "MATCH (a:N {i: 0}) CREATE (a)-[:T]->(:M)")
    assert run(kg, text)[0] == (0, 2)


@pytest.mark.parametrize("first, second", [("-[r:A]->", "<-[s:A|B]-"), ("<-[r]-", "-[s:C]-"), ("-[r:B]-", "-[s]->")])
def test_a_two_hop_path_between_bound_nodes_gives_the_rows_of_separate_hops(first, second):
    """(a)-[r]-(x)-[s]-(b) with a and b bound runs from whichever end has fewer neighbours; the
    rows (as a multiset) are those of expanding from a and comparing with b afterwards."""
    for seed in range(3):
        kg = mixed_graph(seed)
        between = (f"MATCH (a:N)-[:C]->(b:N) MATCH (a){first}(x:N){second}(b) "
                   "RETURN a.i, x.i, b.i, type(r), type(s), startNode(r).i, startNode(s).i")
        separate = (f"MATCH (a:N)-[:C]->(b:N) MATCH (a){first}(x:N) MATCH (x){second}(y) WHERE y = b AND r <> s "
                    "RETURN a.i, x.i, b.i, type(r), type(s), startNode(r).i, startNode(s).i")
        assert "ExpandBetween" in " ".join(explain(parse(between), kg))
        got = run(kg, between)
        assert sorted(got) == sorted(run(kg, separate)), (seed, first, second)
        assert got


@pytest.mark.parametrize("value, ids", [
    ("'b'", [f"id{i}" for i in range(10)] + ["b"]),  # found
    ("'zz'", [f"id{i}" for i in range(10)]),  # not found
    ("null", [f"id{i}" for i in range(10)]),  # null on the left: null
    ("1", [f"id{i}" for i in range(10)]),  # another type: false
    ("[1]", [f"id{i}" for i in range(10)]),  # a list on the left: false, not an error
    ("'b'", [f"id{i}" for i in range(10)] + [None]),  # a null in the list: null unless found
    ("'b'", ["b"] + [1] * 10),  # not all strings: the generic path
    ("1.0", [1] * 9 + ["x"]),  # 1.0 = 1 in Cypher
])
def test_in_a_parameter_list_answers_as_the_literal_list_does(value, ids) -> None:
    """``x IN $list`` (a set when the list is of strings) gives what the same list written out gives."""
    kg = KnowledgeGraph()
    literal = "[" + ", ".join("null" if i is None else repr(i) for i in ids) + "]"
    by_parameter = run(kg, f"UNWIND [1, 2] AS row RETURN {value} IN $ids AS found", ids=ids)
    written_out = run(kg, f"UNWIND [1, 2] AS row RETURN {value} IN {literal} AS found")
    assert by_parameter == written_out


def test_a_parameter_list_of_ids_selects_the_nodes(loops) -> None:
    ids = [f"missing-{i}" for i in range(20)] + ["a", "c"]
    rows = run(loops, "MATCH (n) WHERE n.name IN $ids RETURN n.name ORDER BY n.name", ids=ids)
    assert rows == [("a",), ("c",)]


def test_what_a_query_filled_is_set_aside_from_the_collector_before_the_next_runs(monkeypatch):
    """Adjacency entries a query fills are frozen out of the collector's walks (many of them
    cost every full collection a walk) when the next query starts, not while the first one's
    answer waits."""
    monkeypatch.setattr(collector, "LARGE", 5)
    monkeypatch.setattr(context, "LARGE", 5)
    kg = KnowledgeGraph()
    run(kg, "UNWIND range(1, 10) AS i CREATE (:N {i: i})-[:T]->(:M {i: i})")

    def walked(entry: list) -> bool:
        return any(found is entry for found in gc.get_objects())

    try:
        for _ in range(2):  # the second run is past the read budget: it fills the table
            assert sorted(run(kg, "MATCH (a:N)-[:T]->(b:M) RETURN a.i, b.i")) == [(i, i) for i in range(1, 11)]
        entries = list(graph_index(kg).typed(frozenset({"T"}), True).values())
        assert len(entries) == 10 and walked(entries[-1])
        run(kg, "RETURN 1")
        assert not walked(entries[-1])
    finally:
        gc.unfreeze()


def test_a_typed_table_holds_the_nodes_read_past_the_budget_and_no_others():
    """A first query reads the graph's adjacency and keeps nothing; once queries have read
    about as many relationships of a type as the graph has, an expansion fills that type's
    table with the nodes it reads, and answers the same from it. A query of one node's U
    relationship keeps nothing (no pass over every relationship: on the eunets graph one cost
    a quarter of a query)."""
    kg = KnowledgeGraph()
    run(kg, "UNWIND range(1, 30) AS i CREATE (:N {i: i})")
    run(kg, "MATCH (a:N), (b:N) WHERE a.i < b.i <= a.i + 3 CREATE (a)-[:T]->(b)")
    run(kg, "MATCH (a:N {i: 1}), (b:N {i: 2}) CREATE (a)-[:U]->(b)")
    index = graph_index(kg)
    keys = {data["props"]["i"]: key for key, data in kg.nx.nodes(data=True)}
    expected = sorted((i, j) for i in range(1, 31) for j in range(i + 1, min(i + 3, 30) + 1))
    first = run(kg, "MATCH (a:N)-[:T]->(b:N) RETURN a.i, b.i")
    assert sorted(first) == expected and not index.typed(frozenset({"T"}), True)
    for _ in range(2):
        assert run(kg, "MATCH (a:N)-[:T]->(b:N) RETURN a.i, b.i") == first
    assert set(index.typed(frozenset({"T"}), True)) == set(keys.values())
    assert run(kg, "MATCH (a:N)-[:T]->(b:N) RETURN a.i, b.i") == first
    assert run(kg, "MATCH (a:N {i: 1})-[:U]->(b:N) RETURN b.i") == [(2,)]
    assert not index.typed(frozenset({"U"}), True)
    assert not index.has_adjacency(frozenset({"U"}), True)
