"""Planner layer: which named steps a query becomes, and where matching starts."""
from nordgraph.graph.cypher import explain, parse


def plan(kg, text, **params):
    return explain(parse(text), kg, params)


def test_starts_from_the_property_index(nordic):
    steps = plan(nordic, "MATCH (p:Project)<-[:PARTNER_IN]-(o:Organisation {name: $name}) RETURN p.name",
                 name="SINTEF")
    assert steps[0] == "NodeScan(o:Organisation ~1)"
    assert steps[1].startswith("Expand(") and steps[-1].startswith("Project(")


def test_where_equality_seeds_the_index_too(nordic):
    steps = plan(nordic, "MATCH (o:Organisation)-[:LOCATED_IN]->(c:Country) WHERE c.name = 'Sweden' RETURN o")
    assert steps[0] == "NodeScan(c:Country ~1)"


def test_starts_from_the_smallest_label(nordic):
    steps = plan(nordic, "MATCH (o:Organisation)-[:LOCATED_IN]->(c:Country) RETURN c.name, count(o)")
    assert steps[0] == "NodeScan(c:Country ~2)"
    assert [s.split("(")[0] for s in steps] == ["NodeScan", "Aggregate"]  # the Expand only counts


def test_filters_run_as_soon_as_their_variables_are_bound(nordic):
    steps = plan(nordic, "MATCH (a:Country)<--(b)-->(c) WHERE a.name = 'Norway' AND b <> c RETURN c")
    names = [s.split("(")[0] for s in steps]
    assert names == ["NodeScan", "Filter", "Expand", "Expand", "Filter", "Project"]


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
