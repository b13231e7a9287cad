"""Read queries as data: a graph, a query (with parameters) and the rows Neo4j would return."""
import pytest

from nordgraph.graph.cypher import (
    CypherArithmeticError,
    CypherSemanticError,
    CypherTypeError,
    CypherUnsupportedError,
    execute,
    parse,
)
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.values import NodeValue, PathValue, RelationshipValue


def run(kg, text, **params):
    return execute(parse(text), kg, params)


NORDIC_CASES = [
    ("MATCH (o:Organisation {name: $name})-[:PARTNER_IN]->(p:Project) RETURN p.name",
     {"name": "MedTek Norway"}, [("Nordic Medtech Growth",)]),
    ("MATCH (o:Organisation {name:$name})-[:PARTNER_IN]->(p:Project)<-[:PARTNER_IN]-(x:Organisation) "
     "WHERE x <> o RETURN DISTINCT x.name ORDER BY x.name", {"name": "SINTEF"},
     [("Karolinska Institutet",), ("MedTek Norway",)]),
    ("MATCH (c:Country)<-[:LOCATED_IN]-(o:Organisation)-[:PARTNER_IN]->(p:Project) "
     "RETURN c.name, count(p) AS n ORDER BY n DESC", {}, [("Norway", 3), ("Sweden", 1)]),
    ("MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project) RETURN o.name, count(p) AS n "
     "ORDER BY n DESC, o.name LIMIT 2", {}, [("SINTEF", 2), ("Karolinska Institutet", 1)]),
    # single quotes, lower-case keywords and functions
    ("match (o:Organisation) where o.name = 'SINTEF' return tolower(o.name) as n", {}, [("sintef",)]),
    # OPTIONAL MATCH keeps the row with nulls
    ("MATCH (p:Project) OPTIONAL MATCH (o)-[:LEADS]->(p) RETURN p.name, o.name ORDER BY p.name", {},
     [("Health Data Commons", None), ("Nordic Medtech Growth", "MedTek Norway")]),
    # WITH filters on an aggregate
    ("MATCH (o:Organisation)-[:PARTNER_IN]->(p) WITH o, count(p) AS n WHERE n > 1 RETURN o.name, n", {},
     [("SINTEF", 2)]),
    # UNWIND with a parameter list
    ("UNWIND $names AS name MATCH (o:Organisation {name: name}) RETURN o.id ORDER BY o.id", {
        "names": ["SINTEF", "Nobody", "MedTek Norway"]},
     [("organisation:medtek-norway",), ("organisation:sintef",)]),
    # regular expressions match the whole string
    ("MATCH (o:Organisation) WHERE o.name =~ '(?i)medtek.*' RETURN o.name", {}, [("MedTek Norway",)]),
    ("MATCH (o:Organisation) WHERE o.name =~ 'Med' RETURN o.name", {}, []),
    # CASE, simple and generic
    ("MATCH (p:Project) RETURN p.name, CASE WHEN p.budget > 1000000 THEN 'large' ELSE 'small' END AS size, "
     "CASE p.name WHEN 'Health Data Commons' THEN 1 END AS k ORDER BY p.name", {},
     [("Health Data Commons", "small", 1), ("Nordic Medtech Growth", "large", None)]),
    # label predicates, IN, STARTS WITH, aliases list
    ("MATCH (n) WHERE n:Country AND n.name IN ['Sweden', null] RETURN n.name", {}, [("Sweden",)]),
    ("MATCH (o:Organisation) WHERE 'MedTek' IN o.aliases RETURN o.name", {}, [("MedTek Norway",)]),
    # pattern predicates and EXISTS subqueries
    ("MATCH (o:Organisation) WHERE NOT (o)-[:PARTNER_IN]->(:Project {name: 'Health Data Commons'}) "
     "AND EXISTS { MATCH (o)-[:LOCATED_IN]->(:Country {name: 'Norway'}) } RETURN o.name", {},
     [("MedTek Norway",)]),
    # variable length and path functions
    ("MATCH p = (a:Organisation {name: 'MedTek Norway'})-[*2]-(b:Organisation) "
     "WHERE b <> a RETURN DISTINCT b.name, length(p) ORDER BY b.name", {},
     [("Karolinska Institutet", 2), ("SINTEF", 2)]),
    # shortest path
    ("MATCH (a:Country {name: 'Sweden'}), (b:Project {name: 'Health Data Commons'}) "
     "MATCH p = shortestPath((a)-[*]-(b)) RETURN [n IN nodes(p) | n.name]", {},
     [(["Sweden", "Karolinska Institutet", "Nordic Medtech Growth", "SINTEF", "Health Data Commons"],)]),
    # map projection, list comprehension, pattern comprehension
    ("MATCH (o:Organisation {name: 'SINTEF'}) RETURN o {.name, projects: "
     "[(o)-[:PARTNER_IN]->(p) | p.name]} AS m", {},
     [({"name": "SINTEF", "projects": ["Nordic Medtech Growth", "Health Data Commons"]},)]),
    # evidence (a list of maps) is presented as JSON text
    ("MATCH (:Organisation)-[r:LEADS]->() RETURN substring(r.evidence, 0, 8)", {}, [('[{"confi',)]),
    # aggregation functions
    ("MATCH (p:Project) RETURN sum(p.budget), min(p.budget), max(p.budget), avg(p.budget), "
     "collect(p.budget)[0] > 0, count(DISTINCT p.budget)", {},
     [(1750000.5, 250000.5, 1500000, 875000.25, True, 2)]),
    ("MATCH (x:Nothing) RETURN count(*), collect(x), sum(x.v)", {}, [(0, [], 0)]),
]


@pytest.mark.parametrize("text, params, expected", NORDIC_CASES)
def test_nordic_queries(nordic, text, params, expected):
    assert run(nordic, text, **params).rows == expected


EXPRESSION_CASES = [
    ("RETURN 7 / 2, -7 / 2, 7 % -3, -7 % 3, 2 ^ 3, 7 / 2.0", [(3, -3, 1, -1, 8.0, 3.5)]),
    ("RETURN null = null, null <> 1, 1 = 1.0, [1, null] = [1, 2], NOT null, true XOR null",
     [(None, None, True, None, None, None)]),
    ("RETURN 1 < 2 < 3, 3 > 2 > 2, 'a' < 'b', 1 < 'a'", [(True, False, True, None)]),
    ("RETURN false AND null, true OR null, true AND null", [(False, True, None)]),
    ("RETURN [1, 2, 3][1], [1, 2, 3][-1], [1, 2, 3][1..], [1, 2, 3][..-1], [1][5]",
     [(2, 3, [2, 3], [1, 2], None)]),
    ("RETURN toUpper('a'), trim('  x '), replace('aXa', 'X', 'b'), substring('hello', 1, 3), "
     "left('hello', 2), right('hello', 2), split('a,b', ','), reverse('abc')",
     [("A", "x", "aba", "ell", "he", "lo", ["a", "b"], "cba")]),
    ("RETURN toInteger('42'), toInteger(3.9), toFloat('1.5'), toString(1.0), toBoolean('TRUE'), "
     "toInteger('x')", [(42, 3, 1.5, "1.0", True, None)]),
    ("RETURN toString(1e20), toString(-0.0001), toString(12345678.9), 'n=' + 2.5",
     [("1.0E20", "-1.0E-4", "1.23456789E7", "n=2.5")]),
    ("RETURN size([1, 2]), head([1, 2]), last([1, 2]), tail([1, 2]), range(1, 5, 2), coalesce(null, 2)",
     [(2, 1, 2, [2], [1, 3, 5], 2)]),
    ("RETURN abs(-2), sign(-3.5), round(2.5), ceil(1.1), floor(1.9), sqrt(16)",
     [(2, -1, 3.0, 2.0, 1.0, 4.0)]),
    ("RETURN 'a' STARTS WITH null, 'abc' ENDS WITH 'bc', 'abc' CONTAINS 'd', null IS NULL, 1 IS NOT NULL",
     [(None, True, False, True, True)]),
    ("RETURN all(x IN [1, 2] WHERE x > 0), any(x IN [1, 2] WHERE x > 1), none(x IN [] WHERE x > 1), "
     "single(x IN [1, 2] WHERE x > 1)", [(True, True, True, True)]),
    ("UNWIND [3, 'a', null, 1.5, [1], true, {k: 1}] AS x RETURN x ORDER BY x",
     [({"k": 1},), ([1],), ("a",), (True,), (1.5,), (3,), (None,)]),
    ("UNWIND [1, 2, 2, 3] AS x RETURN x, count(*) AS c ORDER BY c DESC, x DESC SKIP 1 LIMIT 2",
     [(3, 1), (1, 1)]),
    ("UNWIND [1, 2, 3, 4] AS x RETURN percentileDisc(x, 0.5), percentileCont(x, 0.5)", [(2, 2.5)]),
    ("RETURN 1 AS x UNION RETURN 1 AS x UNION RETURN 2 AS x", [(1,), (2,)]),
    ("RETURN 1 AS x UNION ALL RETURN 1 AS x", [(1,), (1,)]),
    ("WITH {a: 1, b: [1, 2]} AS m RETURN keys(m), m.b[1], m['a']", [(["a", "b"], 2, 1)]),
    ("RETURN date({year: 2020, month: 1, day: 31}) + duration({months: 1, days: 2}), "
     "datetime('2020-01-01T23:59+01:00') + duration({minutes: 6}), localtime('12:00:00.5').millisecond",
     [("2020-03-02", "2020-01-02T00:05+01:00", 500)]),
    ("RETURN toString(duration.between(date('2024-01-31'), datetime('2024-03-01T10:30Z'))), "
     "duration.inDays(date('2024-01-01'), date('2024-03-01')).days, duration('P1DT2H').hours, "
     "toString(date.truncate('month', date('2024-05-17'), {day: 3}))",
     [("P1M1DT10H30M", 60, 2, "2024-05-03")]),
    ("UNWIND [time('12:00+02:00'), time('11:00Z'), time('10:30Z')] AS t RETURN toString(t) ORDER BY t",
     [("12:00+02:00",), ("10:30Z",), ("11:00Z",)]),
]


@pytest.mark.parametrize("text, expected", EXPRESSION_CASES)
def test_expressions(text, expected):
    assert run(KnowledgeGraph(), text).rows == expected


def test_graph_values_and_ids(nordic):
    result = run(nordic, "MATCH p = (o:Organisation {name: 'MedTek Norway'})-[r:LEADS]->(x) "
                         "RETURN o, r, p, id(o) = id(o), type(r), labels(x)")
    o, r, p, same, rtype, labels = result.rows[0]
    assert isinstance(o, NodeValue) and o.key == "organisation:medtek-norway"
    assert o.properties["aliases"] == ["MedTek"] and isinstance(o.properties["evidence"], str)
    assert isinstance(r, RelationshipValue) and r.start == o.key and r.type == "LEADS"
    assert isinstance(p, PathValue) and p.nodes[0] == o and p.relationships == (r,)
    assert (same, rtype, labels) == (True, "LEADS", ["Project"])
    assert result.columns == ["o", "r", "p", "id(o) = id(o)", "type(r)", "labels(x)"]


def test_relationship_uniqueness_within_one_match(nordic):
    assert run(nordic, "MATCH (a)-[r1:LEADS]-(b)-[r2:LEADS]-(a) RETURN count(*)").rows == [(0,)]
    assert run(nordic, "MATCH (a)-[r1:LEADS]-(b), (b)-[r2:LEADS]-(a) RETURN count(*)").rows == [(0,)]
    assert run(nordic, "MATCH (a)-[r1:LEADS]-(b) MATCH (b)-[r2:LEADS]-(a) RETURN count(*)").rows == [(2,)]


@pytest.mark.parametrize("text, error, detail", [
    ("RETURN x", CypherSemanticError, "UndefinedVariable"),
    ("MATCH (n) RETURN n.name, count(*) + n.x", CypherSemanticError, "AmbiguousAggregationExpression"),
    ("RETURN count(count(*))", CypherSemanticError, "NestedAggregation"),
    ("MATCH (n) WHERE count(n) > 1 RETURN n", CypherSemanticError, "InvalidAggregation"),
    ("UNWIND [1] AS x RETURN x + 'a' - 1", CypherTypeError, "InvalidArgumentType"),
    ("UNWIND [9223372036854775807] AS x RETURN x + 1", CypherArithmeticError, "IntegerOverflow"),
    ("UNWIND [0] AS x RETURN 1 / x", CypherArithmeticError, "DivisionByZero"),
    ("RETURN point({x: 1, y: 2})", CypherUnsupportedError, "UnknownFunction"),
    ("RETURN nosuch.thing(1)", CypherSemanticError, "UnknownFunction"),
])
def test_errors_name_the_problem(text, error, detail):
    with pytest.raises(error) as err:
        run(KnowledgeGraph(), text)
    assert err.value.detail == detail


def test_missing_parameter():
    with pytest.raises(Exception, match=r"\$who"):
        run(KnowledgeGraph(), "RETURN $who")


def test_limit_stops_early(nordic):
    assert len(run(nordic, "MATCH (a), (b), (c) RETURN a LIMIT 3").rows) == 3


def test_built_in_procedures(nordic):
    assert run(nordic, "CALL db.labels()").rows == [("Country",), ("Organisation",), ("Project",)]
    assert run(nordic, "CALL db.relationshipTypes() YIELD relationshipType AS t WITH t WHERE t STARTS WITH 'L' "
                       "RETURN t").rows == [("LEADS",), ("LOCATED_IN",)]
    with pytest.raises(Exception) as err:
        run(nordic, "CALL apoc.help('x')")
    assert err.value.tck_type == "ProcedureError" and "db.labels" in str(err.value)


def test_a_whole_sort_in_mixed_directions_orders_by_every_key_and_keeps_ties_in_order():
    rows = [[2, "b", 0], [1, "a", 1], [2, "a", 2], [None, "c", 3], [1, "a", 4], [2.5, None, 5], ["x", "a", 6]]
    text = "UNWIND $rows AS r RETURN r[0] AS a, r[1] AS b, r[2] AS i ORDER BY a DESC, b"
    # Cypher's order: text before numbers before null ascending, so null first and text last descending
    for tail, order in (("", [3, 5, 2, 0, 1, 4, 6]), (", i DESC", [3, 5, 2, 0, 4, 1, 6])):
        got = execute(parse(text + tail), KnowledgeGraph(), {"rows": rows}).rows
        assert [i for _, _, i in got] == order
