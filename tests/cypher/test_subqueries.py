"""COUNT { }, COLLECT { } and EXISTS { } subqueries: what they return, and what they refuse."""
import pytest

from nordgraph.graph.cypher import execute, parse
from nordgraph.graph.cypher.errors import CypherSemanticError, CypherSyntaxError


def run(kg, text, **params):
    return execute(parse(text), kg, params).rows


@pytest.mark.parametrize("text, expected", [
    # a pattern: one count per outer row, 0 when nothing matches
    ("MATCH (o:Organisation) RETURN o.name, COUNT { (o)-[:PARTNER_IN]->(:Project) } AS n ORDER BY o.name",
     [("Karolinska Institutet", 1), ("MedTek Norway", 1), ("SINTEF", 2)]),
    # several types, the other way, and a WHERE over the subquery's own variables
    ("MATCH (p:Project) RETURN p.name, COUNT { (p)<-[:LEADS|PARTNER_IN]-() } AS n ORDER BY p.name",
     [("Health Data Commons", 1), ("Nordic Medtech Growth", 4)]),
    ("MATCH (o:Organisation) RETURN o.name, COUNT { (o)-[:PARTNER_IN]->(p) WHERE p.budget > 1000000 } AS n "
     "ORDER BY o.name", [("Karolinska Institutet", 1), ("MedTek Norway", 1), ("SINTEF", 1)]),
    # a query: MATCH ... [RETURN ...] counts its rows
    ("MATCH (c:Country) RETURN c.name, COUNT { MATCH (c)<-[:LOCATED_IN]-(o)-[:PARTNER_IN]->(p) RETURN p } AS n "
     "ORDER BY c.name", [("Norway", 3), ("Sweden", 1)]),
    ("MATCH (c:Country) WHERE COUNT { MATCH (c)<-[:LOCATED_IN]-() } > 1 RETURN c.name", [("Norway",)]),
    # in a WITH, grouped on afterwards
    ("MATCH (o:Organisation) WITH COUNT { (o)-[:LEADS]->() } AS led RETURN led, count(*) AS n ORDER BY led",
     [(0, 2), (1, 1)]),
    # COLLECT: the one returned column, as a list, in the subquery's order
    ("MATCH (c:Country) RETURN c.name, COLLECT { MATCH (c)<-[:LOCATED_IN]-(o) RETURN o.name ORDER BY o.name } "
     "AS names ORDER BY c.name", [("Norway", ["MedTek Norway", "SINTEF"]), ("Sweden", ["Karolinska Institutet"])]),
    ("MATCH (c:Country {name: 'Sweden'}) RETURN COLLECT { MATCH (c)<-[:LEADS]-(o) RETURN o.name } AS names",
     [([],)]),
    # EXISTS still means a boolean, and count(...) / count(*) are still the aggregates
    ("MATCH (o:Organisation) WHERE EXISTS { (o)-[:LEADS]->() } RETURN o.name", [("MedTek Norway",)]),
    ("MATCH (o:Organisation) RETURN count(o), count(*)", [(3, 3)]),
    # a variable named count keeps its map projection
    ("MATCH (o:Organisation {name: 'SINTEF'}) WITH o AS count RETURN count {.name} AS m", [({"name": "SINTEF"},)]),
])
def test_subqueries(nordic, text, expected):
    assert run(nordic, text) == expected


@pytest.mark.parametrize("text, error, message", [
    ("RETURN COLLECT { (a)-->(b) } AS x", CypherSyntaxError, "RETURNs one column"),
    ("MATCH (o) RETURN COLLECT { MATCH (o)-->(b) RETURN b, o } AS x", CypherSemanticError, "exactly one column"),
    ("MATCH (o) RETURN COUNT { MATCH (o)-->(b) CREATE (b)-[:T]->(o) } AS x", CypherSemanticError,
     "cannot update"),
    ("RETURN total { (a)-->(b) } AS x", CypherSyntaxError, "unexpected"),
])
def test_subqueries_refused(nordic, text, error, message):
    with pytest.raises(error, match=message):
        run(nordic, text)
