"""The canned-query registry: header parsing, lookup, parameter coercion and its errors."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nordgraph.graph.errors import QueryError, UnknownNameError
from nordgraph.queries import registry
from nordgraph.queries.registry import (
    CannedQueryFileError,
    Parameter,
    ParameterError,
    canned_queries,
    get_canned,
    load_canned_dir,
    parse_canned,
)

REQUIRED_CYPHER = {"partners-of", "project", "funding-chain", "top-leads", "co-partners", "country-matrix", "path"}
HEADER = """\
// name: demo
// description: Organisations by name,
//   continued on a second line.
// param: name: string — who to look for. Example: Medtek Norway
// param: limit: integer = 5 — how many rows. Example: 3
// param: strict: boolean = false — exact names only. Example: true
MATCH (o:Organisation) WHERE o.name = $name OR $strict = false
RETURN o.name AS name LIMIT $limit
"""


def test_header_gives_name_description_and_typed_parameters() -> None:
    query = parse_canned(HEADER, "demo.cypher")
    assert (query.name, query.kind) == ("demo", "cypher")
    assert query.description == "Organisations by name, continued on a second line."
    assert [(p.name, p.type, p.required, p.example) for p in query.parameters] == [
        ("name", "string", True, "Medtek Norway"),
        ("limit", "integer", False, "3"),
        ("strict", "boolean", False, "true"),
    ]
    assert [p.default for p in query.parameters[1:]] == [5, False]
    assert query.cypher.startswith("MATCH (o:Organisation)") and "//" not in query.cypher
    assert query.parameter_summary() == "name: string, limit: integer = 5, strict: boolean = false"


@pytest.mark.parametrize(("text", "message"), [
    (HEADER.replace("// name: demo\n", ""), "exactly one '// name: ...'"),
    (HEADER.replace("// description", "// descr"), "exactly one '// description: ...'"),
    (HEADER.replace("integer = 5", "int = 5"), "unknown type 'int'"),
    (HEADER.replace("limit: integer = 5 —", "limit integer = 5 —"), "expected '// param: NAME: TYPE"),
    (HEADER.replace(" Example: 3", ""), "needs a description and an 'Example: ...'"),
    (HEADER.replace("integer = 5", "integer = five"), "'limit' of its default expects an integer"),
    (HEADER.replace("Example: 3", "Example: three"), "'limit' of its example expects an integer"),
    (HEADER.replace("LIMIT $limit", "LIMIT $top"), "undeclared parameter(s) top"),
    (HEADER.replace(" OR $strict = false", ""), "declared parameter(s) strict are never used"),
    (HEADER.replace("// param: strict", "// param: limit: integer — again. Example: 1\n// param: strict"),
     "'limit' is declared twice"),
    ("\n".join(HEADER.splitlines()[:6]), "no Cypher after the header"),
])
def test_malformed_headers_are_refused_with_file_and_reason(text: str, message: str) -> None:
    with pytest.raises(CannedQueryFileError) as error:
        parse_canned(text, "demo.cypher")
    assert str(error.value).startswith("demo.cypher")
    assert message in str(error.value)


def test_a_file_must_be_named_after_its_query(tmp_path: Path) -> None:
    (tmp_path / "other.cypher").write_text(HEADER, encoding="utf-8")
    with pytest.raises(CannedQueryFileError, match="name the file demo.cypher"):
        load_canned_dir(tmp_path)
    (tmp_path / "other.cypher").rename(tmp_path / "demo.cypher")
    assert list(load_canned_dir(tmp_path)) == ["demo"]


def test_the_shipped_queries_are_all_there_with_complete_headers() -> None:
    """Docs that cannot drift: every canned query explains itself and each parameter."""
    queries = {q.name: q for q in canned_queries()}
    assert REQUIRED_CYPHER <= {n for n, q in queries.items() if q.kind == "cypher"}
    assert {"central-organisations", "communities"} <= {n for n, q in queries.items() if q.kind == "analytics"}
    for query in queries.values():
        assert len(query.description) > 20, query.name
        for p in query.parameters:
            assert p.type in registry.TYPES and p.description and p.example is not None, (query.name, p.name)
            p.coerce(p.example, query.name)


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownNameError) as error:
        get_canned("partners")
    message = str(error.value)
    assert "unknown canned query 'partners'" in message
    assert "partners-of" in message and "communities" in message and "top-leads" in message


def test_bind_fills_defaults_and_coerces() -> None:
    query = get_canned("co-partners")
    assert query.bind({}) == {"min_shared": 1, "limit": 50}
    assert query.bind({"limit": "7", "min_shared": 2.0}) == {"min_shared": 2, "limit": 7}


def test_missing_parameter_lists_the_parameters_with_an_example() -> None:
    with pytest.raises(ParameterError) as error:
        get_canned("path").bind({"source": "Medtek Norway"})
    message = str(error.value)
    assert error.value.parameter == "target"
    assert "'path' needs parameter 'target'" in message
    assert "source: entity" in message and "max_steps: integer(1..6) = 4 (optional)" in message
    assert "example: 'source=Medtek Norway' 'target=Innovative Nordic Welfare Solutions'" in message
    assert error.value.example == {"source": "Medtek Norway", "target": "Innovative Nordic Welfare Solutions"}


def test_unknown_parameter_is_named() -> None:
    with pytest.raises(ParameterError, match="'top-leads' has no parameter 'limt'") as error:
        get_canned("top-leads").bind({"limt": 3})
    assert "limit: integer = 20" in str(error.value)


@pytest.mark.parametrize(("type_", "value", "expected"), [
    ("string", "Medtek", "Medtek"),
    ("string", 1881, "1881"),  # the CLI reads "1881" as JSON: the name is still text
    ("integer", "12", 12),
    ("integer", 3.0, 3),
    ("float", "0.5", 0.5),
    ("float", 2, 2.0),
    ("boolean", "yes", True),
    ("boolean", "False", False),
    ("boolean", 0, False),
    ("list", ["a", "b"], ["a", "b"]),
    ("list", "a, b,", ["a", "b"]),
])
def test_values_are_coerced_to_the_declared_type(type_: str, value: Any, expected: Any) -> None:
    coerced = Parameter("x", type_, "test", "1").coerce(value, "'demo'")
    assert coerced == expected and type(coerced) is type(expected)


@pytest.mark.parametrize(("type_", "value", "expects"), [
    ("integer", "ten", "an integer"),
    ("integer", 2.5, "an integer"),
    ("integer", True, "an integer"),
    ("float", "high", "a number"),
    ("boolean", "maybe", "true or false"),
    ("string", ["a"], "a string"),
    ("list", 3, "a list (JSON, or comma-separated text)"),
])
def test_ill_typed_values_name_the_parameter(type_: str, value: Any, expects: str) -> None:
    with pytest.raises(ParameterError) as error:
        Parameter("limit", type_, "test", "1").coerce(value, "'top-leads'")
    assert str(error.value) == f"parameter 'limit' of 'top-leads' expects {expects}, got {value!r}"
    assert isinstance(error.value, QueryError) and error.value.parameter == "limit"


def test_analytics_register_by_name_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_ANALYTICS", {})
    decorate = registry.register_analytics("demo", "A demonstration.", [Parameter("n", "integer", "n", "1", 1)])
    decorate(lambda kg, n: None)
    assert registry._ANALYTICS["demo"].kind == "analytics"
    with pytest.raises(QueryError, match="registered twice"):
        decorate(lambda kg, n: None)


STEPS = """\
// name: steps
// description: Routes from an organisation over chosen relation types.
// param: name: string — where routes start. Example: Medtek Norway
// param: relations: relations = ["LEADS", "PARTNER_IN"] — the types a step may follow. Example: LEADS
// param: steps: integer(1..3) = 2 — the longest route. Example: 3
// empty: nothing within {steps} steps of {name} over {relations}
MATCH route = (o {name: $name})-[:{{relations}}*1..{{steps}}]-(x)
RETURN x.name AS name
"""


def test_relation_types_and_bounded_integers_are_pasted_checked() -> None:
    query = parse_canned(STEPS, "steps.cypher")
    assert query.parameter_summary() == ('name: string, relations: relations = ["LEADS", "PARTNER_IN"], '
                                         'steps: integer(1..3) = 2')
    bound = query.bind({"name": "Medtek", "relations": "partner_in, works_for,PARTNER_IN"})
    assert bound["relations"] == ["PARTNER_IN", "WORKS_FOR"]  # upper-cased, each once
    assert "(o {name: $name})-[:PARTNER_IN|WORKS_FOR*1..2]-(x)" in query.text(bound)
    for wrong in (["LEADS]->(x) DETACH DELETE x //"], "leads|partner_in", [], [3]):
        with pytest.raises(ParameterError, match="'relations' of 'steps' expects relation types among LEADS"):
            query.bind({"name": "Medtek", "relations": wrong})
    with pytest.raises(ParameterError, match="'steps' of 'steps' expects an integer from 1 to 3, got 4"):
        query.bind({"name": "Medtek", "steps": 4})


def test_draw_columns_leave_tables_and_must_be_returned(store: Any) -> None:
    query = parse_canned(STEPS.replace("// empty:", "// draw: route\n// empty:")
                         .replace("RETURN x.name AS name", "RETURN x.name AS name, route"), "steps.cypher")
    assert query.draw == ("route",)
    result = query.run(store, {"name": "Idle Institute", "relations": "LOCATED_IN"})
    assert query.readable(result).columns == ["name"] and query.drawable(result).columns == ["route"]
    broken = parse_canned(STEPS.replace("// empty:", "// draw: routes\n// empty:"), "steps.cypher")
    with pytest.raises(CannedQueryFileError, match="steps.cypher: the draw: line names routes, which the query "
                                                   "does not return"):
        broken.run(store, {"name": "Idle Institute", "relations": "LOCATED_IN"})


def test_the_empty_line_says_why_there_are_no_rows(store: Any) -> None:
    query = parse_canned(STEPS, "steps.cypher")
    assert query.run(store, {"name": "Nobody"}).notes == ["nothing within 2 steps of Nobody over LEADS, PARTNER_IN"]
    found = query.run(store, {"name": "Idle Institute", "relations": "LOCATED_IN"})
    assert found.rows and found.notes == []


@pytest.mark.parametrize(("text", "message"), [
    (STEPS.replace("$name", "'{{name}}'"),
     "{{name}} pastes parameter 'name' into the query text; only a relations parameter or a bounded integer"),
    (STEPS.replace("integer(1..3) = 2", "integer = 2"), "{{steps}} pastes parameter 'steps'"),
    (STEPS.replace("{{relations}}", "{{types}}"), "undeclared parameter(s) types"),
    (STEPS.replace("integer(1..3)", "integer(3..1)"), "integer(3..1) is not a type"),
    (STEPS.replace("string —", "string(Organisation) —"), "string(Organisation) is not a type"),
    (STEPS.replace("{name} over", "{who} over"), "the empty: line names undeclared parameter(s) who"),
    (STEPS.replace("// empty:", "// empty: one\n// empty:"), "one '// empty: ...' line"),
    (STEPS.replace('= ["LEADS", "PARTNER_IN"]', '= ["LEADS", "KNOWS"]'), "'relations' of its default expects"),
    (STEPS.replace("// empty:", "// draw: route\n// draw: x\n// empty:"), "one '// draw: ...' line"),
    (STEPS.replace("// empty:", "// draw: ,\n// empty:"), "the draw: line names no column"),
])
def test_unsafe_pastes_and_malformed_new_headers_are_refused(text: str, message: str) -> None:
    with pytest.raises(CannedQueryFileError) as error:
        parse_canned(text, "steps.cypher")
    assert message in str(error.value)


def test_analytics_that_report_progress_hear_from_the_caller(monkeypatch: pytest.MonkeyPatch, store: Any) -> None:
    monkeypatch.setattr(registry, "_ANALYTICS", {})
    calls: list[tuple[int, int]] = []

    def counting(kg: Any, progress: Any = None) -> Any:
        progress(1, 2)
        return registry.QueryResult(["n"], [(len(kg),)])

    registry.register_analytics("counting", "Counts nodes, reporting progress.")(counting)
    registry.register_analytics("quiet", "Counts nodes.")(lambda kg: registry.QueryResult(["n"], [(len(kg),)]))
    def heard(done: int, total: int) -> None:
        calls.append((done, total))

    assert registry._ANALYTICS["counting"].run(store, {}, heard).rows == [(15,)]
    assert calls == [(1, 2)]
    assert registry._ANALYTICS["quiet"].run(store, {}, heard).rows == [(15,)]  # takes no progress: not given one
    assert calls == [(1, 2)]
