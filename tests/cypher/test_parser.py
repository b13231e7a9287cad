"""Parser layer: text to AST, located syntax errors, no store involved."""
import pytest

from nordgraph.graph.cypher import CypherSyntaxError, CypherUnsupportedError, ast, parse


def test_parse_builds_frozen_ast_and_flags_reads():
    parsed = parse("MATCH (o:Organisation {name: $name})-[:PARTNER_IN]->(p:Project) RETURN p.name")
    match, ret = parsed.query.parts[0].clauses
    assert parsed.updating is False
    path = match.patterns[0]
    assert path.nodes[0] == ast.NodePattern("o", ("Organisation",), ast.MapLit((("name", ast.Param("name")),)))
    assert path.rels[0].types == ("PARTNER_IN",) and path.rels[0].direction == "out"
    assert ret.projection.items[0].alias == "p.name"
    with pytest.raises(Exception):
        path.nodes[0].var = "x"  # frozen


@pytest.mark.parametrize("text", [
    "CREATE (n)", "MATCH (n) SET n.x = 1", "MATCH (n) DETACH DELETE n", "MERGE (n:A)",
    "MATCH (n) REMOVE n:A",
])
def test_updating_queries_are_flagged(text):
    assert parse(text).updating is True


def test_keywords_and_functions_in_any_case_comments_and_quotes():
    parsed = parse("match (n) // a comment\n where n.name = 'it\\'s' or n.name = \"d\\\"q\" /* block */ "
                   "return toupper(n.name) as `the name`")
    ret = parsed.query.parts[0].clauses[-1]
    assert ret.projection.items[0].alias == "the name"
    assert ret.projection.items[0].expr == ast.FuncCall("toupper", (ast.Prop(ast.Var("n"), "name"),))


def test_string_escapes():
    ret = parse(r"RETURN 'a\tb\u00e9\\'").query.parts[0].clauses[0]
    assert ret.projection.items[0].expr == ast.Literal("a\tbé\\")


def test_variable_length_forms():
    lengths = [parse(f"MATCH ()-[{spec}]->() RETURN 1").query.parts[0].clauses[0].patterns[0].rels[0].length
               for spec in ("*", "*2", "*1..3", "*..2", "*3..")]
    assert lengths == [(1, None), (2, 2), (1, 3), (1, 2), (3, None)]


def test_pattern_predicate_and_comprehensions_need_lookahead():
    where = parse("MATCH (a) WHERE (a)-[:T]->() AND size([x IN [1,2] WHERE x > 1 | x]) > 0 "
                  "RETURN [(a)-->(b) | b.name]").query.parts[0].clauses[0].where
    assert isinstance(where.left, ast.PatternExpr)
    assert isinstance(where.right.operands[0].args[0], ast.ListComp)


def test_arithmetic_precedence_and_negative_literals():
    ret = parse("RETURN 1 + 2 * 3 ^ 2, -9223372036854775808").query.parts[0].clauses[0]
    first = ret.projection.items[0].expr
    assert first.op == "+" and first.right.op == "*" and first.right.right.op == "^"
    assert ret.projection.items[1].expr == ast.Literal(-9223372036854775808)


def test_syntax_error_names_line_column_and_shows_caret():
    with pytest.raises(CypherSyntaxError) as err:
        parse("MATCH (n)\nRETURN n.name AS")
    e = err.value
    assert (e.line, e.column) == (2, 17)
    assert "line 2, column 17" in str(e)
    assert str(e).splitlines()[-2:] == ["  RETURN n.name AS", "  " + " " * 16 + "^"]
    assert e.tck_type == "SyntaxError" and e.phase == "compile time"


def test_syntax_error_on_unexpected_token():
    with pytest.raises(CypherSyntaxError) as err:
        parse("MATCH (n) RETURN n LIMT 3")
    assert err.value.column == 20


@pytest.mark.parametrize("text, name", [
    ("MATCH (n) CALL { RETURN 1 } RETURN n", "CALL { ... }"),
    ("FOREACH (x IN [1] | CREATE ())", "FOREACH"),
    ("MATCH (n:A) USING INDEX n:A(x) RETURN n", "USING"),
])
def test_unsupported_constructs_are_named(text, name):
    with pytest.raises(CypherUnsupportedError) as err:
        parse(text)
    assert name in str(err.value) and err.value.tck_type == "UnsupportedError"


def test_parse_is_cached():
    assert parse("RETURN 1") is parse("RETURN 1")


@pytest.mark.parametrize("expr", [
    "[x IN $l WHERE x.a STARTS WITH 'it\\'s' | -x.b + 2 * size(x.c)]",
    "CASE n.k WHEN 1 THEN true ELSE null END", "a.b[1..2] IS NOT NULL OR NOT (c XOR d)",
    "any(y IN [1, 2.5] WHERE y <> 1 < 2)", "{`odd key`: n:A:B, k: count(DISTINCT n)}",
])
def test_unparsed_expressions_parse_back_to_the_same_tree(expr):
    from nordgraph.graph.cypher.unparse import to_cypher

    tree = parse(f"RETURN {expr} AS v").query.parts[0].clauses[0].projection.items[0].expr
    again = parse(f"RETURN {to_cypher(tree)} AS v").query.parts[0].clauses[0].projection.items[0].expr
    assert again == tree
