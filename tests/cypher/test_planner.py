"""Planner layer: which named steps a query becomes, and where matching starts."""
from nordgraph.graph.cypher import execute, explain, parse


def plan(kg, text, **params):
    return explain(parse(text), kg, params)


def test_starts_from_the_property_index(nordic):
    steps = plan(nordic, "MATCH (p:Project)<-[:PARTNER_IN]-(o:Organisation {name: $name}) RETURN p.name",
                 name="SINTEF")
    assert steps[0] == "NodeScan(o:Organisation ~1)"
    assert steps[1:] == ["Project(p.name over Expand((o)-[ r1:PARTNER_IN]-(p) out))"]  # the expansion its inner loop


def test_where_equality_seeds_the_index_too(nordic):
    steps = plan(nordic, "MATCH (o:Organisation)-[:LOCATED_IN]->(c:Country) WHERE c.name = 'Sweden' RETURN o")
    assert steps[0] == "NodeScan(c:Country ~1 where)"  # the index picks, the scan still tests it


def test_starts_from_the_smallest_label(nordic):
    steps = plan(nordic, "MATCH (o:Organisation)-[:LOCATED_IN]->(c:Country) RETURN c.name, count(o)")
    assert [s.split("(")[0] for s in steps] == ["Aggregate"]  # the Expand only counts, from the scan's nodes
    assert steps[0].endswith(" over NodeScan(c:Country ~2))")


def test_filters_run_as_soon_as_their_variables_are_bound(nordic):
    steps = plan(nordic, "MATCH (a:Country)<--(b)-->(c) WHERE a.name = 'Norway' AND b <> c RETURN c")
    names = [s.split("(")[0] for s in steps]
    # a.name is tested as the scan meets each node; b <> c once c is bound
    assert names == ["NodeScan", "Expand", "Expand", "Filter", "Project"] and steps[0].endswith(" where)")


def test_where_on_one_node_is_tested_as_the_node_is_met(nordic):
    """A WHERE conjunct that reads only one node's properties and labels is tested where the
    node is met, by the scan or the expansion (no Filter step, no row for a node it rejects);
    the rows are those of filtering after."""
    text = ("MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project) WHERE p.budget > 300000 AND NOT p:Country "
            "RETURN o.name AS o, p.name AS p ORDER BY o, p")
    steps = plan(nordic, text)
    assert "Filter" not in " ".join(steps) and any(s.endswith(" where)") for s in steps)
    assert run(nordic, text) == [("Karolinska Institutet", "Nordic Medtech Growth"),
                                 ("MedTek Norway", "Nordic Medtech Growth"), ("SINTEF", "Nordic Medtech Growth")]
    assert run(nordic, "MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project) WITH o, p WHERE p.budget > 300000 "
                       "RETURN o.name AS o, p.name AS p ORDER BY o, p") == run(nordic, text)


def test_projection_steps_in_order(nordic):
    steps = plan(nordic, "MATCH (o:Organisation) RETURN DISTINCT o.name AS n ORDER BY n SKIP 1 LIMIT 2")
    assert [s.split("(")[0] for s in steps] == ["NodeScan", "Project", "Distinct", "Sort", "Skip", "Limit"]


def test_equality_on_an_earlier_variable_uses_the_index_per_row(nordic):
    steps = plan(nordic, "UNWIND $names AS n MATCH (o:Organisation {name: n}) RETURN o", names=["SINTEF"])
    assert steps[1] == "NodeScan(o:Organisation ~1 per row)"


def test_join_on_property_equality_looks_up_the_index_per_row(nordic):
    steps = plan(nordic, "MATCH (c:Country), (o:Organisation) WHERE o.name = c.name + ' AS' RETURN c, o")
    assert steps[0] == "NodeScan(c:Country ~2)"
    assert steps[1] == "NodeScan(o:Organisation ~1 per row)"


def random_graph(seed: int):
    """Sixty nodes and two hundred typed relationships drawn at random (parallel ones included)."""
    import random

    from nordgraph.graph.model import KnowledgeGraph

    draw = random.Random(seed)
    kg = KnowledgeGraph()
    keys = [kg.add_node("Node", f"n{i}") for i in range(60)]
    for _ in range(200):
        a, b = draw.sample(keys, 2)
        kg.add_edge(a, draw.choice(["A", "B", "C"]), b)
    return kg


def test_a_walk_towards_a_bound_node_gives_the_same_rows_as_one_that_is_filtered_after():
    """From three steps up, a variable-length walk to a bound node leaves out the branches that
    cannot reach it in time; the rows, and their order, are those of the unpruned walk."""
    for seed in range(3):
        kg = random_graph(seed)
        for pattern in ("-[:A|B*1..4]-", "-[*2..3]->", "<-[:A|C*1..5]-", "-[*..3]-"):
            for a, b in (("node:n1", "node:n2"), ("node:n3", "node:n40"), ("node:n7", "node:n7")):
                bound = explain(parse(f"MATCH (a {{id: $a}}), (b {{id: $b}}) MATCH p = (a){pattern}(b) "
                                      "RETURN [n IN nodes(p) | n.id] AS ids"), kg, {"a": a, "b": b})
                assert "VarExpand" in " ".join(bound)
                pruned = run(kg, f"MATCH (a {{id: $a}}), (b {{id: $b}}) MATCH p = (a){pattern}(b) "
                             "RETURN [n IN nodes(p) | n.id] AS ids", a=a, b=b)
                walked = run(kg, f"MATCH (a {{id: $a}}) MATCH p = (a){pattern}(x) WITH p, x WHERE x.id = $b "
                             "RETURN [n IN nodes(p) | n.id] AS ids", a=a, b=b)
                assert pruned == walked, (seed, pattern, a, b)


def run(kg, text, **params):
    return execute(parse(text), kg, params).rows


def test_shortest_path_from_both_ends_is_one_of_the_shortest():
    """shortestPath searches from both ends; its path must be one of allShortestPaths' (which
    searches from one end), or absent exactly when they are, within the length bound."""
    found = 0
    for seed in range(3):
        kg = random_graph(seed)
        for pattern in ("-[:A*]-", "-[*..3]->", "<-[:B|C*..6]-", "-[*]-"):
            for a, b in (("node:n1", "node:n2"), ("node:n3", "node:n40"), ("node:n5", "node:n59")):
                text = ("MATCH (a {id: $a}), (b {id: $b}) MATCH p = %s((a)%s(b)) "
                        "RETURN [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | r.id] AS rels")
                one = run(kg, text % ("shortestPath", pattern), a=a, b=b)
                every = run(kg, text % ("allShortestPaths", pattern), a=a, b=b)
                assert (one == []) == (every == []), (seed, pattern, a, b)
                if one:
                    assert one[0] in every, (seed, pattern, a, b)
                    found += 1
    assert found >= 20


def test_a_match_before_an_aggregation_starts_at_its_grouping_key(nordic):
    """Grouping by one node: the MATCH starts there (though another label is smaller), so the
    count reads the relationships at each node instead of making a row of each."""
    text = "MATCH (c:Country)<-[:LOCATED_IN]-(o:Organisation) RETURN o.name AS o, count(c) AS n ORDER BY o"
    steps = plan(nordic, text)
    assert steps[0].startswith("Aggregate(") and " counting Expand(" in steps[0]
    assert steps[0].endswith(" over NodeScan(o:Organisation ~3))")  # a row only for a node counted
    assert run(nordic, text) == [("Karolinska Institutet", 1), ("MedTek Norway", 1), ("SINTEF", 1)]
    # grouping by two nodes, or not aggregating: the cheapest start stays
    assert plan(nordic, "MATCH (c:Country)<-[:LOCATED_IN]-(o:Organisation) "
                        "RETURN o.name, c.name, count(*)")[0] == "NodeScan(c:Country ~2)"
    assert plan(nordic, "MATCH (c:Country)<-[:LOCATED_IN]-(o:Organisation) RETURN o.name")[0] \
        == "NodeScan(c:Country ~2)"


def test_top_k_sorts_before_projecting_and_keeps_the_order_of_a_full_sort():
    """ORDER BY ... LIMIT sorts the rows as they come and projects only those it keeps; in mixed
    directions it compares whole keys only for rows whose first key can make the cut. Ties,
    nulls and SKIP must give exactly the rows of a full sort cut afterwards."""
    import random

    from nordgraph.graph.model import KnowledgeGraph

    draw = random.Random(4)
    kg = KnowledgeGraph()
    rows = [{"a": draw.choice([1, 2, 3, None]), "b": draw.choice(["x", "y", "z"]), "i": i} for i in range(200)]
    run(kg, "UNWIND $rows AS r CREATE (:N {a: r.a, b: r.b, i: r.i})", rows=rows)
    for order in ("n.a DESC, n.b, n.i", "a, n.b DESC, n.i DESC", "n.b DESC, a DESC", "a DESC"):
        full = run(kg, f"MATCH (n:N) RETURN n.a AS a, n.b AS b, n.i AS i ORDER BY {order}")
        for skip, limit in ((0, 1), (0, 7), (5, 30), (190, 30)):
            text = f"MATCH (n:N) RETURN n.a AS a, n.b AS b, n.i AS i ORDER BY {order} SKIP {skip} LIMIT {limit}"
            assert run(kg, text) == full[skip:skip + limit], (order, skip, limit)
    steps = plan(kg, "MATCH (n:N) RETURN n.i AS i ORDER BY n.a DESC, i LIMIT 3")
    assert [s.split("(")[0] for s in steps] == ["Sort", "Limit", "Project"]  # the sort reads the scan's nodes
    assert "over NodeScan(n:N" in steps[0]
