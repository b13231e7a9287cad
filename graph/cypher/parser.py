"""Text to syntax tree: ``grammar.lark`` (LALR) and a Transformer building :mod:`graph.cypher.ast`.

A small pre-scan marks the brackets an LALR(1) parser cannot classify alone (a node of a
pattern used as an expression, list and pattern comprehensions) with private-use characters
of the same length, so positions in errors stay those of the user's text.
"""
from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files
from typing import Any

import lark
from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from nordgraph.graph.cachedir import private_dir
from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher.errors import CypherError, CypherSyntaxError, CypherUnsupportedError
from nordgraph.graph.cypher.functions import NORMAL_FORMS

PLPAR, LCOMP, PCOMP, QDOT, SUBQ = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
#: What may open a subquery's braces (``COUNT { (a)-->() }``, ``COLLECT { MATCH ... }``), as
#: opposed to a map projection of a variable named count (``count {.name}``).
_SUBQUERY_START = frozenset({"(", "match", "optional", "unwind", "with", "call"})


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed, store-independent query: cache it and run it with :func:`graph.cypher.execute`."""

    text: str
    query: ast.Query
    updating: bool


@lru_cache(maxsize=1)
def _lark() -> Lark:
    grammar = files("nordgraph.graph.cypher").joinpath("grammar.lark").read_text(encoding="utf-8")
    # A cache file keeps the built LALR tables: the first query of a process then starts in
    # milliseconds instead of building them again. Lark unpickles that file, so it lives in
    # the user's own cache directory, never in the shared temporary directory (Lark's
    # default for cache=True), where another local user could plant one.
    folder = private_dir("cypher")
    cache: str | bool = False
    if folder is not None:
        digest = hashlib.sha256(f"{grammar}{lark.__version__}{sys.version_info[:2]}".encode()).hexdigest()[:16]
        cache = str(folder / f"lalr-{digest}.cache")
    return Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False, cache=cache)


@lru_cache(maxsize=512)
def parse(text: str) -> ParsedQuery:
    """Parse Cypher ``text`` into an immutable, store-independent query (cached by text).

    Parameters
    ----------
    text : str
        One Cypher query (clauses, UNION, an optional trailing ``;``).

    Returns
    -------
    ParsedQuery
        ``.query`` (the AST) and ``.updating`` (True if it may write).

    Raises
    ------
    CypherSyntaxError
        Not Cypher: the message names line and column and shows the line with a caret.
    CypherUnsupportedError
        A Cypher construct this engine does not implement (FOREACH, LOAD CSV ...), named.

    Examples
    --------
    >>> parse("MATCH (n) RETURN n").updating
    False
    >>> parse("MATCH (n) SET n.seen = true").updating
    True
    """
    marked = _mark_brackets(text)
    try:
        tree = _lark().parse(marked)
        query = _Builder(text).transform(tree)
    except UnexpectedInput as err:
        raise _syntax_error(text, err) from None
    except VisitError as err:
        if isinstance(err.orig_exc, CypherError):
            raise err.orig_exc from None
        if isinstance(err.orig_exc, RecursionError):
            raise _too_deep() from None
        raise
    except RecursionError:
        raise _too_deep() from None
    updating = any(isinstance(c, ast.UPDATING_CLAUSES) for part in query.parts for c in part.clauses)
    return ParsedQuery(text, query, updating)


def _too_deep() -> CypherSyntaxError:
    """The parser recurses once per level of nesting: past Python's stack, say so plainly."""
    return CypherSyntaxError("the query nests brackets or expressions too deeply to be read",
                             detail="UnexpectedSyntax")


def caret_message(text: str, line: int, column: int, message: str) -> str:
    """``message (line L, column C)`` followed by the query line and a caret under the column."""
    lines = text.splitlines() or [""]
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    return f"{message} (line {line}, column {column})\n  {src}\n  {' ' * (column - 1)}^"


#: Cypher clauses and keywords this engine does not implement: named in the error, not "syntax error".
UNSUPPORTED_KEYWORDS = frozenset({
    "FOREACH", "LOAD", "USING", "USE", "SHOW", "START", "DROP", "CONSTRAINT", "INDEX", "TERMINATE",
    "GRANT", "DENY", "REVOKE", "ALTER", "RENAME", "FINISH", "INSERT", "EXPLAIN", "PROFILE",
})


def _syntax_error(text: str, err: UnexpectedInput) -> CypherError:
    line, column = err.line, err.column
    if isinstance(err, UnexpectedToken) and err.token.start_pos is not None:
        word = text[err.token.start_pos:err.token.end_pos]
        before = text[:err.token.start_pos]
        if word == "{" and re.search(r"\bcall\s*$", before, re.I):
            word = "CALL { ... }"
        if word.upper() in UNSUPPORTED_KEYWORDS or word == "CALL { ... }":
            return CypherUnsupportedError(caret_message(
                text, line, column, f"{word.upper()} is not supported by the embedded Cypher engine"),
                detail="UnsupportedClause")
    at_end = isinstance(err, UnexpectedToken) and err.token.type == "$END"
    if isinstance(err, UnexpectedEOF) or at_end or line is None or line < 1:
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
        what = "unexpected end of query"
    elif isinstance(err, UnexpectedToken):
        value = text[err.token.start_pos:err.token.end_pos] if err.token.start_pos is not None else ""
        what = f"unexpected {value!r}" if value else "unexpected end of query"
    elif isinstance(err, UnexpectedCharacters):
        what = f"unexpected character {text[err.pos_in_stream]!r}"
    else:
        what = "invalid syntax"
    return CypherSyntaxError(caret_message(text, line, column, f"Cypher syntax error: {what}"), line, column)


# ---- bracket marking ---------------------------------------------------------------------
_SCAN = re.compile(
    r"""(?P<skip>\s+|//[^\n]*|/\*.*?\*/)
      |(?P<str>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")
      |(?P<name>`(?:[^`]|``)*`|[^\W\d]\w*)
      |(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+)
      |(?P<op><-|->|\.\.|\S)""",
    re.S | re.X,
)


def _mark_brackets(text: str) -> str:
    toks: list[tuple[str, int]] = []  # (text, position); names lower-cased
    for m in _SCAN.finditer(text):
        if m.lastgroup == "skip":
            continue
        value = m.group()
        toks.append((value.lower() if m.lastgroup == "name" else value, m.start()))
    n = len(toks)
    match: dict[int, int] = {}
    stack: list[int] = []
    for i, (t, _) in enumerate(toks):
        if t in ("(", "["):
            stack.append(i)
        elif t in (")", "]") and stack:
            match[stack.pop()] = i
    tok = lambda k: toks[k][0] if 0 <= k < n else ""  # noqa: E731

    def rel_start(k: int) -> bool:
        return tok(k) == "<-" or (tok(k) == "-" and tok(k + 1) in ("[", "-", "->"))

    marks: dict[int, str] = {}
    for i in range(n):
        if tok(i) != "(" or i not in match or i in marks:
            continue
        j = match[i]
        if not rel_start(j + 1):
            continue
        chain = [i]
        while rel_start(j + 1):
            k = j + 2
            if tok(k) == "[" and k in match:
                k = match[k] + 1
            if tok(k) in ("-", "->"):
                k += 1
            if tok(k) != "(" or k not in match:
                break
            chain.append(k)
            j = match[k]
        for k in chain:
            marks[k] = PLPAR
    for i in range(n):
        if tok(i) != "[":
            continue
        if tok(i + 2) == "in" and re.match(r"[^\W\d]|`", tok(i + 1)):
            marks[i] = LCOMP
        elif marks.get(i + 1) == PLPAR or (tok(i + 2) == "=" and marks.get(i + 3) == PLPAR):
            marks[i] = PCOMP
    for i in range(n - 2):  # COUNT { and COLLECT {: a subquery, not a map projection
        if tok(i) in ("count", "collect") and tok(i + 1) == "{" and tok(i - 1) != "." \
                and (tok(i + 2) in _SUBQUERY_START or tok(i + 3) == "="):
            marks[i + 1] = SUBQ
    is_name = re.compile(r"[^\W\d]\w*$")
    for i in range(n):  # a.b.c( is a namespaced function call, not property access
        if tok(i) != "(" or i < 3 or not is_name.match(toks[i - 1][0]):
            continue
        j = i - 1
        dots = []
        while j >= 2 and tok(j - 1) == "." and is_name.match(toks[j - 2][0]):
            dots.append(j - 1)
            j -= 2
        if dots and tok(j - 1) != ".":
            for k in dots:
                marks[k] = QDOT
    if not marks:
        return text
    chars = list(text)
    for i, mark in marks.items():
        chars[toks[i][1]] = mark
    return "".join(chars)


# ---- tree to AST -------------------------------------------------------------------------
class _VarName(str):
    """A variable name (as opposed to a label, type or key) among a rule's children."""


class _Labels(tuple):
    pass


class _Flag(str):
    pass


_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)


def _unescape(body: str) -> str:
    def repl(m: re.Match[str]) -> str:
        code = m.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        if code in _ESCAPES:
            return _ESCAPES[code]
        raise CypherSyntaxError(f"invalid escape sequence \\{code} in a string literal",
                                detail="InvalidUnicodeLiteral" if code in "uU" else "UnexpectedSyntax")

    return _ESCAPE_RE.sub(repl, body)


def _name(token: str) -> str:
    if token.startswith("`"):
        return token[1:-1].replace("``", "`")
    return str(token)


def _of(children: list[Any], kind: type) -> Any:
    for c in children:
        if isinstance(c, kind):
            return c
    return None


def _flag(children: list[Any], name: str) -> bool:
    return any(isinstance(c, _Flag) and c == name for c in children)


class _Builder(Transformer):
    """Build :mod:`ast` nodes bottom-up; ``text`` gives unaliased return items their names."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    # structure
    def start(self, c):
        return c[0]

    def query(self, c):
        parts = tuple(x for x in c if isinstance(x, ast.SingleQuery))
        unions = tuple(x == "all" for x in c if isinstance(x, _Flag))
        return ast.Query(parts, unions)

    def union(self, c):
        return _Flag("all" if c else "distinct")

    def all_kw(self, c):
        return True

    def single_query(self, c):
        return ast.SingleQuery(tuple(c))

    def optional_kw(self, c):
        return _Flag("optional")

    def distinct_kw(self, c):
        return _Flag("distinct")

    def detach_kw(self, c):
        return _Flag("detach")

    def asc_kw(self, c):
        return _Flag("asc")

    def desc_kw(self, c):
        return _Flag("desc")

    def var(self, c):
        return _VarName(_name(c[0]))

    def var_ref(self, c):
        return ast.Var(str(c[0]))

    def schema_name(self, c):
        return _name(c[0])

    def node_labels(self, c):
        return _Labels(c)

    # clauses
    def match(self, c):
        where = _of(c, _Where)
        patterns = _of(c, _Patterns)
        return ast.Match(_flag(c, "optional"), tuple(patterns), where.expr if where else None)

    def where(self, c):
        return _Where(c[0])

    def unwind(self, c):
        return ast.Unwind(c[0], c[1])

    def with_clause(self, c):
        where = _of(c[1:], _Where)
        return ast.With(c[0], where.expr if where else None)

    def return_clause(self, c):
        return ast.Return(c[0])

    def call_clause(self, c):
        args = _of(c, _Args)
        yields = tuple(x for x in c[1:] if isinstance(x, tuple) and not isinstance(x, _Args)) or None
        return ast.Call(c[0], tuple(args) if args is not None else None, None if "*" in c else yields)

    def proc_args(self, c):
        return _Args(c)

    def proc_name(self, c):
        return ".".join(str(x).replace(QDOT, ".") for x in c)

    def yield_item(self, c):
        return (str(c[0]), str(c[-1]))

    def projection(self, c):
        items = _of(c, _Items)
        order = _of(c, _Order) or _Order(())
        skip = _of(c, _Skip)
        limit = _of(c, _Limit)
        return ast.Projection(_flag(c, "distinct"), items.star, items.items, tuple(order),
                              skip.expr if skip else None, limit.expr if limit else None)

    def proj_items(self, c):
        star = bool(c) and c[0] == "*"
        return _Items(star, tuple(x for x in c if isinstance(x, ast.ReturnItem)))

    def star(self, c):
        return "*"

    @v_args(meta=True)
    def proj_item(self, meta, c):
        if len(c) == 2:
            return ast.ReturnItem(c[0], str(c[1]), True)
        text = self.text[meta.start_pos:meta.end_pos]
        return ast.ReturnItem(c[0], text, False)

    def order(self, c):
        return _Order(c)

    def sort_item(self, c):
        return ast.SortItem(c[0], _flag(c, "desc"))

    def skip(self, c):
        return _Skip(c[0])

    def limit(self, c):
        return _Limit(c[0])

    def create(self, c):
        return ast.Create(tuple(c[0]))

    def merge(self, c):
        on_create = tuple(i for kind, items in c[1:] if kind == "create" for i in items)
        on_match = tuple(i for kind, items in c[1:] if kind == "match" for i in items)
        return ast.Merge(c[0], on_create, on_match)

    def on_match(self, c):
        return ("match", c[0].items)

    def on_create(self, c):
        return ("create", c[0].items)

    def set_clause(self, c):
        return ast.SetClause(tuple(c))

    def set_prop(self, c):
        return ast.SetItem("prop", c[0], c[1], c[2])

    def set_all(self, c):
        return ast.SetItem("all", ast.Var(c[0]), None, c[1])

    def set_merge(self, c):
        return ast.SetItem("merge", ast.Var(c[0]), None, c[1])

    def set_labels(self, c):
        return ast.SetItem("labels", ast.Var(c[0]), None, None, tuple(c[1]))

    def remove(self, c):
        return ast.Remove(tuple(c))

    def remove_labels(self, c):
        return ast.RemoveItem("labels", ast.Var(c[0]), None, tuple(c[1]))

    def remove_prop(self, c):
        return ast.RemoveItem("prop", c[0], c[1])

    def delete(self, c):
        return ast.Delete(tuple(x for x in c if not isinstance(x, _Flag)), _flag(c, "detach"))

    # patterns
    def pattern(self, c):
        return _Patterns(c)

    def pattern_part(self, c):
        path = c[-1]
        if len(c) == 2:
            return ast.PathPattern(c[0], path.nodes, path.rels, path.shortest)
        return path

    def chain(self, c):
        return ast.PathPattern(None, tuple(c[0::2]), tuple(c[1::2]))

    def shortest(self, c):
        return ast.PathPattern(None, c[0].nodes, c[0].rels, "shortest")

    def all_shortest(self, c):
        return ast.PathPattern(None, c[0].nodes, c[0].rels, "all")

    def node_pattern(self, c):
        c = [x for x in c if not (isinstance(x, Token) and x.type == "PLPAR")]
        var = _of(c, _VarName)
        labels = _of(c, _Labels) or ()
        props = _of(c, ast.Expr)
        return ast.NodePattern(str(var) if var is not None else None, tuple(labels), props)

    pnode = node_pattern

    def pattern_expr(self, c):
        return ast.PatternExpr(ast.PathPattern(None, tuple(c[0::2]), tuple(c[1::2])))

    def _rel(self, c, direction):
        detail = c[0] if c and isinstance(c[0], ast.RelPattern) else None
        if detail is None:
            return ast.RelPattern(None, (), direction, None, None)
        return ast.RelPattern(detail.var, detail.types, direction, detail.props, detail.length)

    def rel_in(self, c):
        return self._rel([x for x in c if not isinstance(x, Token)], "in")

    def rel_out(self, c):
        return self._rel([x for x in c if not isinstance(x, Token)], "out")

    def rel_both(self, c):
        return self._rel([x for x in c if not isinstance(x, Token)], "both")

    def rel_detail(self, c):
        var = _of(c, _VarName)
        types = _of(c, _Types) or ()
        length = _of(c, _Length)
        props = _of(c, ast.Expr)
        return ast.RelPattern(str(var) if var is not None else None, tuple(types), "both", props,
                              length.value if length else None)

    def rel_types(self, c):
        return _Types(c)

    def var_length(self, c):
        if not c:
            return _Length((1, None))
        ranged = any(isinstance(x, Token) and x.type == "RANGE" for x in c)
        ints = [(x, i) for i, x in enumerate(c) if isinstance(x, Token) and x.type == "INT"]
        if not ranged:
            n = _int(ints[0][0])
            return _Length((n, n))
        low, high = 1, None
        range_at = next(i for i, x in enumerate(c) if isinstance(x, Token) and x.type == "RANGE")
        for tok, i in ints:
            if i < range_at:
                low = _int(tok)
            else:
                high = _int(tok)
        return _Length((low, high))

    # expressions
    def or_(self, c):
        return ast.BoolOp("or", c[0], c[1])

    def xor_(self, c):
        return ast.BoolOp("xor", c[0], c[1])

    def and_(self, c):
        return ast.BoolOp("and", c[0], c[1])

    def not_(self, c):
        return ast.Not(c[0])

    def compare(self, c):
        return ast.Compare(tuple(c[1::2]), tuple(c[0::2]))

    def comp_op(self, c):
        return str(c[0])

    def starts_with(self, c):
        return ast.BinOp("starts", c[0], c[1])

    def ends_with(self, c):
        return ast.BinOp("ends", c[0], c[1])

    def contains(self, c):
        return ast.BinOp("contains", c[0], c[1])

    def in_(self, c):
        return ast.BinOp("in", c[0], c[1])

    def regex(self, c):
        return ast.BinOp("=~", c[0], c[1])

    def is_null(self, c):
        return ast.IsNull(c[0], False)

    def is_not_null(self, c):
        return ast.IsNull(c[0], True)

    def add(self, c):
        return ast.BinOp("+", c[0], c[1])

    def sub(self, c):
        return ast.BinOp("-", c[0], c[1])

    def mul(self, c):
        return ast.BinOp("*", c[0], c[1])

    def div(self, c):
        return ast.BinOp("/", c[0], c[1])

    def mod(self, c):
        return ast.BinOp("%", c[0], c[1])

    def pow(self, c):
        return ast.BinOp("^", c[0], c[1])

    def neg(self, c):
        operand = c[0]
        if isinstance(operand, ast.Literal) and isinstance(operand.value, (int, float)) \
                and not isinstance(operand.value, bool):
            return ast.Literal(-operand.value)
        return ast.Neg(operand)

    def pos(self, c):
        return c[0]

    def prop(self, c):
        return ast.Prop(c[0], c[1])

    def index(self, c):
        return ast.Index(c[0], c[1])

    def slice(self, c):
        at = next(i for i, x in enumerate(c) if isinstance(x, Token) and x.type == "RANGE")
        start = c[1] if at == 2 else None
        stop = c[at + 1] if at + 1 < len(c) else None
        return ast.Slice(c[0], start, stop)

    def has_labels(self, c):
        return ast.HasLabels(c[0], tuple(c[1]))

    def int_lit(self, c):
        return ast.Literal(_int(c[0]))

    def float_lit(self, c):
        value = float(c[0])
        if value == float("inf"):
            raise CypherSyntaxError(f"floating point literal {c[0]} is too large", detail="FloatingPointOverflow")
        return ast.Literal(value)

    def string_lit(self, c):
        return ast.Literal(_unescape(str(c[0])[1:-1]))

    def true_lit(self, c):
        return ast.Literal(True)

    def false_lit(self, c):
        return ast.Literal(False)

    def null_lit(self, c):
        return ast.Literal(None)

    def literal(self, c):
        return c[0]

    def list_lit(self, c):
        if all(isinstance(x, ast.Literal) for x in c):
            return ast.Literal(tuple(x.value for x in c))
        return ast.ListLit(tuple(c))

    def map_lit(self, c):
        return ast.MapLit(tuple(zip(c[0::2], c[1::2])))

    def parameter(self, c):
        return ast.Param(str(c[0]))

    def case_expr(self, c):
        subject = c[0] if c and not isinstance(c[0], _When) else None
        whens = tuple((w.cond, w.then) for w in c if isinstance(w, _When))
        default = _of(c, _Else)
        return ast.Case(subject, whens, default.expr if default else None)

    def case_when(self, c):
        return _When(c[0], c[1])

    def case_else(self, c):
        return _Else(c[0])

    def count_star(self, c):
        if str(c[0]).lower() != "count":
            raise CypherSyntaxError(f"{c[0]}(*) is not a function call; only count(*) takes *")
        return ast.CountStar()

    def func_call(self, c):
        name = str(c[0]).replace(QDOT, ".").lower()
        args = tuple(x for x in c[1:] if isinstance(x, ast.Expr))
        if name == "normalize" and len(args) == 2 and isinstance(args[1], ast.Var) \
                and args[1].name.upper() in NORMAL_FORMS:  # a keyword, not a variable
            args = (args[0], ast.Literal(args[1].name.upper()))
        return ast.FuncCall(name, args, _flag(c, "distinct"))

    def exists_fn(self, c):
        return ast.FuncCall("exists", (c[0],))

    def list_comp(self, c):
        c = [x for x in c if not isinstance(x, Token)]
        where = _of(c, _Where)
        rest = [x for x in c[2:] if not isinstance(x, _Where)]
        return ast.ListComp(c[0], c[1], where.expr if where else None, rest[0] if rest else None)

    def pattern_comp(self, c):
        c = [x for x in c if not isinstance(x, Token)]
        var = c[0] if isinstance(c[0], _VarName) else None
        c = c[1:] if var is not None else c
        where = _of(c, _Where)
        path = c[0].path
        if var is not None:
            path = ast.PathPattern(var, path.nodes, path.rels)
        return ast.PatternComp(path, where.expr if where else None, c[-1])

    def quantifier(self, c):
        where = _of(c, _Where)
        return ast.Quantifier(c[0], c[1], c[2], where.expr if where else None)

    def reduce_expr(self, c):
        return ast.Reduce(str(c[0]), c[1], str(c[2]), c[3], c[4])

    def quant_kind(self, c):
        return str(c[0]).lower()

    def exists_sub(self, c):
        if isinstance(c[0], ast.Query):
            return ast.ExistsSub((), None, c[0])
        where = _of(c, _Where)
        return ast.ExistsSub(tuple(_of(c, _Patterns)), where.expr if where else None)

    def sub_query(self, c):
        kind = str(c[0]).lower()
        if kind not in ("count", "collect"):
            raise CypherSyntaxError(f"{c[0]} {{ ... }} is not a subquery; COUNT, COLLECT and EXISTS are")
        body = self.exists_sub([x for x in c[1:] if not (isinstance(x, Token) and x.type == "SUBQ")])
        if kind == "collect" and body.query is None:
            raise CypherSyntaxError("COLLECT { ... } needs a query that RETURNs one column, such as "
                                    "COLLECT { MATCH (a)-->(b) RETURN b.name }")
        return replace(body, kind=kind)

    def map_projection(self, c):
        return ast.MapProjection(c[0], tuple(c[1:]))

    def proj_prop(self, c):
        return ("prop", c[0], None)

    def proj_all(self, c):
        return ("all", "*", None)

    def proj_literal(self, c):
        return ("literal", c[0], c[1])

    def proj_var(self, c):
        return ("var", str(c[0]), ast.Var(str(c[0])))

    def __default__(self, data, children, meta):
        raise CypherUnsupportedError(f"unsupported syntax: {data}")


@dataclass(frozen=True)
class _Where:
    expr: ast.Expr


@dataclass(frozen=True)
class _Items:
    star: bool
    items: tuple[ast.ReturnItem, ...]


class _Order(tuple):
    pass


@dataclass(frozen=True)
class _Skip:
    expr: ast.Expr


@dataclass(frozen=True)
class _Limit:
    expr: ast.Expr


class _Patterns(tuple):
    pass


class _Args(tuple):
    pass


class _Types(tuple):
    pass


@dataclass(frozen=True)
class _Length:
    value: tuple[int, int | None]


@dataclass(frozen=True)
class _When:
    cond: ast.Expr
    then: ast.Expr


@dataclass(frozen=True)
class _Else:
    expr: ast.Expr


_MAX_INT = 2**63 - 1


def _int(token: str) -> int:
    text = str(token).lower()
    if len(text.lstrip("0xo")) > 30:  # far past 2^63 in any base; Python refuses to read thousands of digits
        raise CypherSyntaxError(f"integer literal {str(token)[:20]}... ({len(text)} digits) is too large",
                                detail="IntegerOverflow")
    if text.startswith("0x"):
        value = int(text[2:], 16)
    elif text.startswith("0o"):
        value = int(text[2:], 8)
    else:
        value = int(text)
    if value > _MAX_INT + 1:
        raise CypherSyntaxError(f"integer literal {token} is too large", detail="IntegerOverflow")
    return value
