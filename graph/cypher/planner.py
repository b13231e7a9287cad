"""MATCH, OPTIONAL MATCH and UNWIND as named steps, each a generator over rows (dicts of variables).

Pattern matching starts from the cheapest node of each path (a bound variable, a property
index hit, the smallest label) and expands outwards; WHERE conjuncts run as soon as their
variables are bound. WITH/RETURN live in :mod:`graph.cypher.projection`, writes in
:mod:`graph.cypher.writes`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher.codegen import as_planned, generated, streamed
from nordgraph.graph.cypher.columns import SWITCH_AFTER, Column, passing_after, passing_keys, where_masks
from nordgraph.graph.cypher.errors import CypherSemanticError, CypherTypeError, CypherUnsupportedError
from nordgraph.graph.cypher.expressions import Scope, compile_expr, compile_local
from nordgraph.graph.cypher.runtime_values import Node, Path, Rel, equals, type_name
from nordgraph.graph.cypher.tree import children, free_vars

Row = dict[str, Any]
Rows = Iterable[Row]


@dataclass(frozen=True)
class Fan:
    """What a step that binds ``var`` to several values per input row (UNWIND, an expansion)
    tells an aggregation or projection right after it, which can then run it as its inner loop
    (:mod:`graph.cypher.grouping`): the list expression of an UNWIND, or for an expansion, made
    once per run, a function giving a row's far nodes, ``(key, data)`` (``var`` the far node)."""

    step: str
    var: str
    others: frozenset[str] = frozenset()  # the other variables it binds (its relationship)
    expr: ast.Expr | None = None
    each: Callable[[], Callable[[Row], Sequence[tuple[str, dict]]]] | None = None


@dataclass
class Step:
    """One named stage of a plan: ``run(rows)`` yields the rows it passes on."""

    name: str
    detail: str
    run: Callable[[Rows], Iterator[Row]]
    fan: Fan | None = field(default=None, kw_only=True)
    #: given a step with a :class:`Fan` before it: this step with that one as its inner loop, if it can
    over_fan: Callable[[Fan, "Step"], Callable[[Rows], Iterator[Row]] | None] | None = field(default=None, kw_only=True)

    def __repr__(self) -> str:
        return f"{self.name}({self.detail})"


def hidden(ctx: Any, kind: str) -> str:
    """A fresh name for an anonymous pattern part; the leading space hides it from users."""
    ctx.anon += 1
    return f" {kind}{ctx.anon}"


def user_names(names: Iterable[str]) -> list[str]:
    return sorted(n for n in names if not n.startswith(" "))


# ---- node and relationship tests ---------------------------------------------------------
def _props_test(props: ast.Expr | None, scope: Scope) -> Callable[[Row, dict], bool] | None:
    """A test ``(row, props_dict) -> bool`` for a pattern's property map."""
    if props is None:
        return None
    if isinstance(props, ast.MapLit):
        items = [(k, compile_expr(v, scope)) for k, v in props.items]
    else:
        value = compile_expr(props, scope)
        items = None

    def test(row: Row, have: dict[str, Any]) -> bool:
        pairs = items if items is not None else [(k, (lambda r, x=x: x)) for k, x in (value(row) or {}).items()]
        for key, f in pairs:
            try:
                want = f(row)
            except KeyError as exc:  # the map names a variable the pattern is still binding: (o {name: o})
                if not (exc.args and isinstance(exc.args[0], str) and exc.args[0] not in row):
                    raise
                raise CypherSemanticError(f"variable `{exc.args[0]}` is not defined where the pattern's "
                                          "properties are read (a pattern cannot refer to what it binds)",
                                          detail="UndefinedVariable") from None
            got = have.get(key)
            if got is not None and type(got) not in (str, int, float, bool):
                from nordgraph.graph.cypher.runtime_values import prop_value

                got = prop_value(got)
            if equals(got, want) is not True:
                return False
        return True

    return test


def node_test(pattern: ast.NodePattern, scope: Scope, where: tuple[ast.Expr, ...] = (),
              ) -> Callable[[Row, dict], bool]:
    """A test ``(row, node_data) -> bool`` for a pattern's labels and properties, and for WHERE
    conjuncts that read only this node's properties and labels (see :func:`pushable`)."""
    base = _pattern_test(pattern, scope)
    if not where:
        return base
    # the conjuncts read only this node, and that only through its properties and labels
    # (:func:`pushable`): a function of the node's data, no row or node made per candidate
    cond = compile_local(_all_of(where), pattern.var or "", scope)
    if not pattern.labels and pattern.props is None:
        return lambda row, data: cond(data) is True
    if len(pattern.labels) == 1 and pattern.props is None:
        label = pattern.labels[0]
        return lambda row, data: label in data["labels"] and cond(data) is True
    return lambda row, data: base(row, data) and cond(data) is True


def _all_of(conjuncts: tuple[ast.Expr, ...]) -> ast.Expr:
    return conjuncts[0] if len(conjuncts) == 1 else ast.BoolOp("and", conjuncts[0], _all_of(conjuncts[1:]))


def _pattern_test(pattern: ast.NodePattern, scope: Scope) -> Callable[[Row, dict], bool]:
    labels = pattern.labels
    props = _props_test(pattern.props, scope)
    if not labels and props is None:
        return lambda row, data: True
    if props is None:
        if len(labels) == 1:
            label = labels[0]
            return lambda row, data: label in data["labels"]
        return lambda row, data: all(lab in data["labels"] for lab in labels)

    def test(row: Row, data: dict) -> bool:
        have = data["labels"]
        return all(lab in have for lab in labels) and props(row, data["props"])

    return test


# ---- MATCH -------------------------------------------------------------------------------
def name_path(path: ast.PathPattern, ctx: Any) -> tuple[list[str], list[str]]:
    nodes = [n.var or hidden(ctx, "n") for n in path.nodes]
    rels = [r.var or hidden(ctx, "r") for r in path.rels]
    return nodes, rels


def plan_patterns(paths: tuple[ast.PathPattern, ...], where: ast.Expr | None, scope: Scope,
                  prefer: str | None = None, as_paths: bool = False,
                  ) -> tuple[list[Step], frozenset[str], list[tuple[ast.PathPattern, list[str], list[str]]]]:
    """Steps that extend each row with every match of ``paths`` (one MATCH clause); a path that
    holds the node ``prefer`` starts there unless another of its nodes is far cheaper.
    ``as_paths``: the caller reads the matches as paths, so every relationship is bound."""
    ctx = scope.ctx
    bound = set(scope.names)
    named = [(p, *name_path(p, ctx)) for p in paths]
    _check_pattern_vars(named, scope)
    new_names = {v for p, ns, rs in named for v in ns + rs} | {p.var for p, _, _ in named if p.var}
    all_scope = scope.with_names(*new_names)
    conjuncts = _conjuncts(where) if where is not None else []
    pending = [(c, free_vars(c)) for c in conjuncts]
    seeds = _where_seeds(conjuncts)
    steps: list[Step] = []
    match_rels: list[tuple[str, bool, frozenset[str]]] = []  # (name, var-length?, types) bound in this MATCH

    def flush() -> None:
        ready = [(c, fv) for c, fv in pending if fv <= bound]
        for item in ready:
            pending.remove(item)
            steps.append(filter_step(item[0], all_scope))

    def claim(name: str) -> tuple[ast.Expr, ...]:
        """The WHERE conjuncts a node test of ``name`` can run as it meets a node (no Filter after)."""
        took = [item for item in pending if item[1] == {name} and pushable(item[0], name)]
        for item in took:
            pending.remove(item)
        return tuple(c for c, _ in took)

    unread = frozenset() if as_paths else _unread_rels(named)
    remaining = list(named)
    while remaining:
        remaining.sort(key=lambda item: _path_cost(item, bound, all_scope, seeds))
        path, nodes, rels = remaining.pop(0)
        if path.shortest:
            steps.extend(_plan_shortest(path, nodes, rels, bound, all_scope))
        else:
            _plan_path(steps, path, nodes, rels, bound, all_scope, match_rels, flush, seeds, prefer, claim, unread)
        if path.var:
            steps.append(_build_path(path.var, nodes, rels, ctx))
            bound.add(path.var)
        flush()
    for c, _ in pending:
        steps.append(filter_step(c, all_scope))
    return steps, frozenset(new_names), named


def _unread_rels(named: list[tuple[ast.PathPattern, list[str], list[str]]]) -> frozenset[str]:
    """The anonymous single relationships of one MATCH that nothing will read: outside a named
    path, and of types no other relationship pattern of the MATCH shares (uniqueness would
    compare them). An expansion need not bind them (no relationship value per row)."""
    rels = [(name, rel, path.var) for path, _, names in named for name, rel in zip(names, path.rels)]
    unread = set()
    for i, (name, rel, path_var) in enumerate(rels):
        if not name.startswith(" ") or path_var or rel.length is not None:
            continue
        types = set(rel.types)
        if not any(not types or not other.types or types & set(other.types)
                   for j, (_, other, _) in enumerate(rels) if j != i):
            unread.add(name)
    return frozenset(unread)


def _check_pattern_vars(named: list, scope: Scope) -> None:
    """Reject a name used as two kinds of thing (node, relationship, path, value), in order."""
    kinds = scope.ctx.kinds
    defined = {n: kinds.get(n, "any") for n in scope.names}
    this_match: set[str] = set()

    def conflict(name: str, kind: str) -> CypherSemanticError:
        return CypherSemanticError(f"variable `{name}` is a {defined[name]}, not a {kind}",
                                   detail="VariableTypeConflict")

    for path, nodes, rels in named:
        for pattern in list(path.nodes) + list(path.rels):
            if isinstance(pattern.props, ast.Param):
                raise CypherSemanticError("a parameter cannot stand for a pattern's property map here",
                                          detail="InvalidParameterUse")
        for i, name in enumerate(nodes):
            if name in defined and defined[name] not in ("node", "any"):
                raise conflict(name, "node")
            defined[name] = "node"
            if i < len(rels):
                rel, rname = path.rels[i], rels[i]
                kind = "relationships" if rel.length is not None else "relationship"
                if rel.length is not None and defined.get(rname) in ("value", "any"):
                    defined[rname] = kind  # a list of relationships bound earlier (deprecated form)
                if rname in this_match and rname in defined and defined[rname] == kind:
                    raise CypherSemanticError(f"relationship variable `{rname}` is used twice in one pattern",
                                              detail="RelationshipUniquenessViolation")
                if rname in defined and defined[rname] not in (kind, "any"):
                    raise conflict(rname, kind)
                defined[rname] = kind
                this_match.add(rname)
        if path.var:
            if path.var in defined:
                raise CypherSemanticError(f"variable `{path.var}` is already bound", detail="VariableAlreadyBound")
            defined[path.var] = "path"
    kinds.update((k, v) for k, v in defined.items() if k not in scope.names or kinds.get(k, "any") == "any")


def _conjuncts(e: ast.Expr) -> list[ast.Expr]:
    if isinstance(e, ast.BoolOp) and e.op == "and":
        return _conjuncts(e.left) + _conjuncts(e.right)
    return [e]


_SCOPES = (ast.ListComp, ast.Quantifier, ast.Reduce, ast.PatternComp, ast.PatternExpr, ast.ExistsSub,
           ast.MapProjection)


def pushable(e: ast.Expr, name: str) -> bool:
    """Whether ``e`` reads the node ``name`` only through its properties and labels (``n.budget
    > $min``, ``n:Label``), so a node test can run it on the node's data alone."""
    if isinstance(e, _SCOPES):
        return False
    if isinstance(e, (ast.Prop, ast.HasLabels)) and isinstance(e.subject, ast.Var):
        return True
    if isinstance(e, ast.Var):
        return e.name != name
    return all(pushable(c, name) for c in children(e))


def filter_step(cond: ast.Expr, scope: Scope) -> Step:
    f = compile_expr(cond, scope, True)

    def slow(rows: Rows) -> Iterator[Row]:
        for row in rows:
            if f(row) is True:
                yield row

    def fast() -> Callable[[Rows], Iterator[Row]] | None:
        """Past the first rows, the condition as one generated function."""
        made = generated(cond, scope, True)
        return None if made is None else lambda rows: (row for row in rows if made(row) is True)

    later = as_planned(scope, fast)
    return Step("Filter", type(cond).__name__, lambda rows: streamed(rows, slow, later))


def _path_cost(item: tuple, bound: set[str], scope: Scope, seeds: Seeds) -> tuple:
    path, nodes, _ = item
    if path.shortest:
        return (1, 0) if set(nodes) & bound else (2, 0)
    return (0, min(_estimate(_node_cost(p, n, bound, scope, seeds)) for p, n in zip(path.nodes, nodes)))


def _const_value(e: ast.Expr, scope: Scope) -> tuple[bool, Any]:
    if isinstance(e, (ast.Literal, ast.Param)):
        return True, compile_expr(e, scope)({})
    return False, None


Seeds = dict[str, list[tuple[str, ast.Expr]]]


def _where_seeds(conjuncts: list[ast.Expr]) -> Seeds:
    """``var.key = expression`` conjuncts of a WHERE, usable like ``(var {key: expression})`` to
    pick index candidates (constant expressions once, ones over earlier variables per row)."""
    seeds: Seeds = {}
    for c in conjuncts:
        if not (isinstance(c, ast.Compare) and c.ops == ("=",)):
            continue
        for prop, value in (c.operands, c.operands[::-1]):
            if isinstance(prop, ast.Prop) and isinstance(prop.subject, ast.Var) \
                    and prop.subject.name not in free_vars(value):
                seeds.setdefault(prop.subject.name, []).append((prop.key, value))
    return seeds


@dataclass(frozen=True)
class Candidates:
    """Where a NodeScan looks: an estimated count and the keys, per input row or fixed."""

    estimate: int
    keys: Callable[[Row], Iterable[str]]
    per_row: bool = False
    label: str | None = None  # every key found is of a node with this label (when it was looked up)


def _node_cost(p: ast.NodePattern, name: str, bound: set[str], scope: Scope, seeds: Seeds | None = None,
               ) -> Candidates | None:
    """The cheapest way to find candidates for this node (None when it is already bound).

    A property equality whose value is constant uses the index once; one whose value reads
    only variables bound earlier (``MERGE (o {name: row.name})``) looks the index up per row.
    """
    ctx = scope.ctx
    if name in bound:
        return None
    label_options = list(p.labels) or [None]
    options: list[Candidates] = []
    equalities = list(p.props.items) if isinstance(p.props, ast.MapLit) else []
    equalities += (seeds or {}).get(name, [])
    for key, value in equalities:
        ok, const = _const_value(value, scope)
        for label in label_options:
            if ok:
                options.append(Candidates(len(ctx.index.lookup(label, key, const)),
                                          lambda row, label=label, key=key, const=const:
                                          ctx.index.lookup(label, key, const)))
            elif name not in free_vars(value) and free_vars(value) <= bound:
                f = compile_expr(value, scope)
                options.append(Candidates(1, lambda row, label=label, key=key, f=f:
                                          ctx.index.lookup(label, key, f(row)), per_row=True))
    for label in p.labels:
        options.append(Candidates(len(ctx.index.label(label)), lambda row, label=label: ctx.index.label(label),
                                  label=label))
    if not options:
        graph = ctx.graph
        options.append(Candidates(graph.number_of_nodes(), lambda row: list(graph._node)))
    return min(options, key=lambda c: c.estimate)


#: How many times more candidates a MATCH may start from to start at the grouping key of the
#: aggregation after it: counting there reads a degree per node instead of a row per relationship.
PREFER_WITHIN = 4


def _estimate(c: Candidates | None) -> int:
    return 0 if c is None else c.estimate


def _plan_path(steps: list[Step], path: ast.PathPattern, nodes: list[str], rels: list[str], bound: set[str],
               scope: Scope, match_rels: list[tuple[str, bool, frozenset[str]]], flush: Callable[[], None],
               seeds: Seeds, prefer: str | None = None,
               claim: Callable[[str], tuple[ast.Expr, ...]] = lambda name: (),
               unread: frozenset[str] = frozenset()) -> None:
    """Append the steps matching one path to ``steps``, starting at its cheapest node (or at
    ``prefer``, the grouping key of an aggregation after the MATCH, when it costs at most
    :data:`PREFER_WITHIN` times as much)."""
    costs = [_node_cost(p, n, bound, scope, seeds) for p, n in zip(path.nodes, nodes)]
    start = min(range(len(nodes)), key=lambda i: _estimate(costs[i]))
    if prefer in nodes:
        wanted = nodes.index(prefer)
        if _estimate(costs[wanted]) <= PREFER_WITHIN * max(1, _estimate(costs[start])):
            start = wanted
    steps.append(_node_start(path.nodes[start], nodes[start], bound, scope, costs[start],
                             claim(nodes[start]) if nodes[start] not in bound else ()))
    bound.add(nodes[start])
    flush()
    if len(rels) == 2 and start == 0 and costs[2] is None and nodes[1] not in bound and nodes[0] != nodes[2] \
            and all(r.length is None for r in path.rels) and not set(rels) & bound:
        steps.append(_expand_between(path, nodes, rels, bound, scope, match_rels))
        match_rels.extend((r, False, frozenset(rel.types)) for r, rel in zip(rels, path.rels))
        bound.update((*rels, nodes[1]))
        flush()
        return
    order = [(k, k, k + 1, False) for k in range(start, len(rels))] + \
            [(k, k + 1, k, True) for k in range(start - 1, -1, -1)]
    for k, src, dst, reverse in order:
        rel = path.rels[k]
        direction = rel.direction
        if reverse and direction != "both":
            direction = "in" if direction == "out" else "out"
        target_bound = nodes[dst] in bound
        if rel.length is None:
            steps.append(_expand(nodes[src], rels[k], nodes[dst], rel, direction, path.nodes[dst],
                                 target_bound, rels[k] in bound, _could_repeat(rel, match_rels), scope,
                                 () if target_bound else claim(nodes[dst]), rels[k] not in unread))
        else:
            steps.append(_var_expand(nodes[src], rels[k], nodes[dst], rel, direction, path.nodes[dst],
                                     target_bound, rels[k] in bound, _could_repeat(rel, match_rels), scope,
                                     reverse))
        match_rels.append((rels[k], rel.length is not None, frozenset(rel.types)))
        bound.update((rels[k], nodes[dst]))
        flush()


_REVERSED = {"out": "in", "in": "out", "both": "both"}


def _expand_between(path: ast.PathPattern, nodes: list[str], rels: list[str], bound: set[str], scope: Scope,
                    earlier: list[tuple[str, bool, frozenset[str]]]) -> Step:
    """``(a)-[r]-(x)-[s]-(b)`` with ``a`` and ``b`` bound: per row, from whichever end has fewer
    neighbours that way, into the other by direct lookup (collaborators who share a project: a
    hub at one end would otherwise make a row per project of the hub)."""
    graph = scope.ctx.graph
    (rel0, rel1), (n0, n1, n2), (r0, r1) = path.rels, nodes, rels
    dir0, back1 = rel0.direction, _REVERSED[rel1.direction]
    from_a = [_expand(n0, r0, n1, rel0, dir0, path.nodes[1], False, False, _could_repeat(rel0, earlier), scope),
              _expand(n1, r1, n2, rel1, rel1.direction, path.nodes[2], True, False,
                      _could_repeat(rel1, earlier + [(r0, False, frozenset(rel0.types))]), scope)]
    from_b = [_node_start(path.nodes[2], n2, bound, scope, None),
              _expand(n2, r1, n1, rel1, back1, path.nodes[1], False, False, _could_repeat(rel1, earlier), scope),
              _expand(n1, r0, n0, rel0, _REVERSED[dir0], path.nodes[0], True, False,
                      _could_repeat(rel0, earlier + [(r1, False, frozenset(rel1.types))]), scope)]

    def degree(key: str, direction: str) -> int:
        return (len(graph._adj[key]) if direction != "in" else 0) + (len(graph._pred[key]) if direction != "out" else 0)

    if rel0.props is not None or rel1.props is not None:  # a relationship test: step by step
        def stepwise(rows: Rows) -> Iterator[Row]:
            for row in rows:
                a, b = row[n0], row[n2]
                if type(a) is Node and type(b) is Node and a.key in graph._node and b.key in graph._node \
                        and degree(b.key, back1) < degree(a.key, dir0):
                    yield from run_steps(from_b, [row])
                else:
                    yield from run_steps(from_a, [row])

        return Step("ExpandBetween", f"({n0})-[{r0}]-({n1})-[{r1}]-({n2}) from the end with fewer neighbours",
                    stepwise)
    sides = (_meet(scope, rel0, dir0, r0, rel1, rel1.direction, r1, path.nodes[1], path.nodes[2], earlier),
             _meet(scope, rel1, back1, r1, rel0, _REVERSED[dir0], r0, path.nodes[1], path.nodes[0], earlier))

    def run(rows: Rows) -> Iterator[Row]:
        meet_a, meet_b = sides[0](), sides[1]()
        for row in rows:
            a, b = row[n0], row[n2]
            if not (type(a) is Node and type(b) is Node and a.key in graph._node and b.key in graph._node):
                yield from run_steps(from_a, [row])  # a null or a deleted node: as the steps say
            elif degree(b.key, back1) < degree(a.key, dir0):
                yield from meet_b(row, b, a, n1)
            else:
                yield from meet_a(row, a, b, n1)

    return Step("ExpandBetween", f"({n0})-[{r0}]-({n1})-[{r1}]-({n2}) from the end with fewer neighbours", run)


def _meet(scope: Scope, first: ast.RelPattern, first_dir: str, first_name: str, second: ast.RelPattern,
          second_dir: str, second_name: str, middle: ast.NodePattern, far: ast.NodePattern,
          earlier: list[tuple[str, bool, frozenset[str]]]) -> Callable[[], Callable[..., Iterator[Row]]]:
    """Called as a run starts: ``(row, near, far, middle_var)``, the rows of ``(near)-[first]-(x)-
    [second]-(far)`` with both ends bound, in the order of expanding step by step: the nodes ``x``
    next to both ends are found by intersecting the two adjacency dictionaries' keys (in C), and
    only those are read and tested (the first expansion of a hub read every project it has)."""
    graph = scope.ctx.graph
    adj, pred, nodes = graph._adj, graph._pred, graph._node
    middle_test = node_test(middle, scope)
    far_test = node_test(far, scope)
    first_types, second_types = frozenset(first.types), frozenset(second.types)
    first_others = _could_repeat(first, earlier)
    second_others = _could_repeat(second, earlier)
    repeat_first = bool(_could_repeat(second, [(first_name, False, first_types)]))
    near_lanes = [lane for lane, wanted in ((True, first_dir != "in"), (False, first_dir != "out")) if wanted]

    def start() -> Callable[..., Iterator[Row]]:
        def meet(row: Row, near: Node, far_node: Node, middle_var: str) -> Iterator[Row]:
            if not far_test(row, far_node.data):
                return
            target, key = far_node.key, near.key
            used = _used_keys(row, [n for n, var in second_others if not var], [n for n, var in second_others if var])
            first_used = _used_keys(row, [n for n, var in first_others if not var],
                                    [n for n, var in first_others if var])
            for outgoing in near_lanes:
                lane = adj[key] if outgoing else pred[key]
                common = set()
                if second_dir != "in":  # x -> far
                    common |= lane.keys() & pred[target].keys()
                if second_dir != "out":  # far -> x
                    common |= lane.keys() & adj[target].keys()
                if not common:
                    continue
                for x, keyed in lane.items():
                    if x not in common or (not outgoing and len(near_lanes) == 2 and x == key):
                        continue  # a self-loop was already read going out
                    data_x = nodes[x]
                    if not middle_test(row, data_x):
                        continue
                    for ek, data in keyed.items():
                        if (first_types and data["type"] not in first_types) or ek in first_used:
                            continue
                        for ek2, s2, e2, data2, _ in _edges_between(graph, x, target, second_dir, second_types):
                            if ek2 in used or (repeat_first and ek2 == ek):
                                continue
                            out = row.copy()
                            out[middle_var] = Node(x, data_x)
                            out[first_name] = Rel(ek, key, x, data) if outgoing else Rel(ek, x, key, data)
                            out[second_name] = Rel(ek2, s2, e2, data2)
                            yield out

        return meet

    return start


def _could_repeat(rel: ast.RelPattern, earlier: list[tuple[str, bool, frozenset[str]]]) -> list[tuple[str, bool]]:
    """The earlier relationships of this MATCH that ``rel`` could repeat (relationship
    uniqueness): those whose type sets overlap (an untyped pattern overlaps everything)."""
    types = frozenset(rel.types)
    return [(name, var) for name, var, other in earlier if not types or not other or types & other]


def _node_start(p: ast.NodePattern, name: str, bound: set[str], scope: Scope,
                candidates: Candidates | None, where: tuple[ast.Expr, ...] = ()) -> Step:
    graph = scope.ctx.graph
    if name in bound:
        test = node_test(p, scope, where)
        if not p.labels and p.props is None and not where and scope.ctx.read_only \
                and scope.ctx.kinds.get(name) == "node":
            # a node bound earlier, which nothing in this query deletes: only a null stops the row
            return Step("CheckNode", name, lambda rows: (row for row in rows if row[name] is not None))

        def check(rows: Rows) -> Iterator[Row]:
            for row in rows:
                v = row[name]
                if type(v) is Node and v.key in graph._node and test(row, v.data):
                    yield row
                elif v is not None and type(v) is not Node:
                    raise CypherTypeError(f"variable `{name}` is a {type_name(v)}, not a node",
                                          detail="VariableTypeConflict")
        return Step("CheckNode", name, check)
    nodes = graph._node
    assert candidates is not None
    find, per_row = candidates.keys, candidates.per_row
    tested = p
    if candidates.label is not None and scope.ctx.read_only:  # every candidate has it: no test
        tested = ast.NodePattern(p.var, tuple(lab for lab in p.labels if lab != candidates.label), p.props)
    test = node_test(tested, scope, where)
    every = not tested.labels and tested.props is None and not where  # each candidate fits: no test to call
    guard = scope.ctx.guard
    masks = where_masks(where, name, lambda e: _const_value(e, scope)) \
        if candidates.label is not None and scope.ctx.read_only and not per_row and not tested.labels \
        and tested.props is None else None
    if masks is not None:  # a WHERE of comparisons with constants: the label's columns say who passes
        label, ctx = candidates.label, scope.ctx

        def find(row: Row) -> list[str]:
            return passing_keys(lambda prop: ctx.index.column(label, prop), masks)

        every = True

    def matches(eager: bool = False) -> Callable[[Row], Iterable[tuple[str, dict]]]:
        """For one run: each input row's (key, data) of the nodes that fit, without a row each;
        ``eager``: as a list (made in one pass, for a step that reads them all)."""
        keys: list[str] | None = None
        made = 0  # the rows a scan would have made, counted against the row limit

        def each(row: Row) -> Iterator[tuple[str, dict]]:
            nonlocal keys, made
            if keys is None or per_row:  # after the first input row: earlier clauses may have written
                keys = list(find(row))
            seen = 0
            for key in keys:
                seen += 1
                if not seen & 255:
                    guard.check_time()
                data = nodes.get(key)
                if data is not None and (every or test(row, data)):
                    made += 1
                    if not made & 255:
                        guard.check_rows("NodeScan", made)
                    yield key, data

        def listed(row: Row) -> list[tuple[str, dict]]:
            nonlocal keys, made
            if keys is None or per_row:
                keys = list(find(row))
            if every:
                found = [(key, data) for key in keys if (data := nodes.get(key)) is not None]
            else:
                found = [(key, data) for key in keys if (data := nodes.get(key)) is not None and test(row, data)]
            made += len(found)
            guard.check_rows("NodeScan", made)
            guard.check_time()
            return found

        return listed if eager else each

    def scan(rows: Rows) -> Iterator[Row]:
        each = matches()
        for row in rows:
            for key, data in each(row):
                out = row.copy()
                out[name] = Node(key, data)
                yield out

    columns = None
    if every and not where and not per_row and candidates.label is not None and scope.ctx.read_only:
        label, ctx = candidates.label, scope.ctx

        def columns(prop: str | None) -> Column:
            column = ctx.index.column(label, prop)
            guard.check_rows("NodeScan", len(column.keys))
            guard.check_time()
            return column

    return Scan("NodeScan", f"{name}{''.join(':' + lab for lab in p.labels)} ~{candidates.estimate}"
                + (" per row" if per_row else "") + (" where" if where else "")
                + (" by columns" if masks is not None else ""), scan, name, matches, columns)


@dataclass
class Scan(Step):
    """A node scan that can also give, per input row, the (key, data) of the nodes it would bind,
    so that a step after it which reads only their properties needs no row per node
    (:func:`graph.cypher.projection.fuse_scan`)."""

    var: str = ""
    matches: Callable[[bool], Callable[[Row], Iterable[tuple[str, dict]]]] | None = None
    #: when it binds every node of a label, untested, in a read-only query: a property's column
    #: over those nodes (None: their keys only), for work done column by column
    columns: Callable[[str | None], Column] | None = None

    def __repr__(self) -> str:
        return Step.__repr__(self)


def _rel_test(rel: ast.RelPattern, scope: Scope) -> Callable[[Row, dict], bool]:
    types = frozenset(rel.types)
    props = _props_test(rel.props, scope)
    if props is None:
        if not types:
            return lambda row, data: True
        return lambda row, data: data["type"] in types
    return lambda row, data: (not types or data["type"] in types) and props(row, data["props"])


def _edges(graph: Any, key: str, direction: str, types: frozenset[str] = frozenset(),
           ) -> list[tuple[str, str, str, dict, str]]:
    """(edge key, start, end, data, other end) of the relationships at ``key`` in ``direction``."""
    out: list[tuple[str, str, str, dict, str]] = []
    if direction != "in":
        out = [(ek, key, other, data, other) for other, kd in graph._adj[key].items()
               for ek, data in kd.items() if not types or data["type"] in types]
    if direction != "out":
        out += [(ek, other, key, data, other) for other, kd in graph._pred[key].items()
                if direction == "in" or other != key  # a self-loop was already seen going out
                for ek, data in kd.items() if not types or data["type"] in types]
    return out


def _edges_between(graph: Any, key: str, target: str, direction: str, types: frozenset[str] = frozenset(),
                   ) -> list[tuple[str, str, str, dict, str]]:
    """What :func:`_edges` gives with ``target`` at the other end (in the same order), read from
    the adjacency of the pair instead of every relationship at ``key``."""
    out: list[tuple[str, str, str, dict, str]] = []
    if direction != "in":
        keyed = graph._adj[key].get(target)
        if keyed:
            out = [(ek, key, target, data, target) for ek, data in keyed.items() if not types or data["type"] in types]
    if direction != "out" and (direction == "in" or target != key):
        keyed = graph._pred[key].get(target)
        if keyed:
            out += [(ek, target, key, data, target) for ek, data in keyed.items()
                    if not types or data["type"] in types]
    return out


_NO_KEYS: frozenset[str] = frozenset()


def _used_keys(row: Row, single: list[str], lists: list[str]) -> set[str] | frozenset[str] | tuple[str, ...]:
    """Keys of the relationships this MATCH already bound in ``row`` (relationship uniqueness)."""
    if not lists:
        if not single:
            return _NO_KEYS
        if len(single) == 1:
            v = row[single[0]]
            return (v.key,) if v is not None else ()
    used = {row[n].key for n in single if row[n] is not None}
    for n in lists:
        used.update(r.key for r in row[n] or ())
    return used


def _target_binder(dst: str, dst_bound: bool, ntest: Callable[[Row, dict], bool], nodes: dict,
                   ) -> Callable[[Row, Node | None, str], Row | None]:
    """``bind(row, bound_target, reached_key)``: the extended row, or None if the node does not fit."""
    if dst_bound:
        def check(row: Row, target: Node | None, key: str) -> Row | None:
            if target is None or target.key != key or not ntest(row, target.data):
                return None
            return row.copy()
        return check

    def add(row: Row, target: Node | None, key: str) -> Row | None:
        data = nodes[key]
        if not ntest(row, data):
            return None
        out = row.copy()
        out[dst] = Node(key, data)
        return out

    return add


Neighbour = tuple[str, str, str, dict, str, dict]  # edge key, start, end, edge data, other end, its data
Neighbours = Callable[[Row, str, Any], list[Neighbour]]
CountFn = Callable[[Row, str, Any], int]
FarFn = Callable[[Row, str, Any], list[tuple[str, dict]]]  # the far nodes alone: (key, data)
Readers = tuple[Neighbours, CountFn, FarFn]


def _neighbours(scope: Scope, direction: str, types: frozenset[str], dst_pattern: ast.NodePattern,
                where: tuple[ast.Expr, ...] = ()) -> Callable[[], Readers]:
    """Called as a run starts: ``(row, key, used) -> neighbours``, the relationships at ``key`` (of
    ``types``, not in ``used``) whose far node fits ``dst_pattern``, a twin that only counts them,
    and one that gives their far nodes alone (``(key, data)``, for a step that folds the expansion in).

    A read-only query with typed relationships reads the graph's own adjacency until the
    queries on this revision of the graph have read about as many edges looking for these types
    that way as the graph has (:meth:`GraphIndex.read_budget`): a one-off query keeps nothing.
    Past that, it reads the typed adjacency index of its set of types (which skips other
    types' edges), per direction, filling it with each node it reads first
    (:meth:`GraphIndex.typed`), so no run pays a pass over every relationship; counting
    switches to a degree table, which needs every node's entry. Both ways give the same order
    (outgoing, then incoming but for self-loops).
    """
    ctx = scope.ctx
    graph = ctx.graph
    nodes = graph._node
    ntest = node_test(dst_pattern, scope, where)
    simple = dst_pattern.props is None and not where
    label = dst_pattern.labels[0] if len(dst_pattern.labels) == 1 and simple else None
    plain = not dst_pattern.labels and simple  # the far end may be any node

    adj = graph._adj
    pred = graph._pred if direction != "out" else None  # built on first read: not for a query going out only
    far_label = dst_pattern.labels[0] if len(dst_pattern.labels) == 1 and dst_pattern.props is None else None
    masks = where_masks(where, dst_pattern.var or "", lambda e: _const_value(e, scope)) \
        if far_label is not None else None

    def generic(row: Row, key: str, used: Any) -> list[Neighbour]:
        """What :func:`_edges` gives, filtered, in one pass over the node's adjacency (the usual
        ``(x:Label)`` tested inline: no call per relationship)."""
        found: list[Neighbour] = []
        if direction != "in":
            found = [(ek, key, other, data, other, data_n) for other, keyed in adj[key].items()
                     for ek, data in keyed.items()
                     if (not types or data["type"] in types) and ek not in used
                     and (label in (data_n := nodes[other])["labels"] if label is not None
                          else ntest(row, data_n := nodes[other]))]
        if direction != "out":
            found += [(ek, other, key, data, other, data_n) for other, keyed in pred[key].items()
                      if direction == "in" or other != key  # a self-loop was already seen going out
                      for ek, data in keyed.items()
                      if (not types or data["type"] in types) and ek not in used
                      and (label in (data_n := nodes[other])["labels"] if label is not None
                           else ntest(row, data_n := nodes[other]))]
        return found

    if not (ctx.read_only and types):
        return lambda: (generic, lambda row, key, used: len(generic(row, key, used)),
                        lambda row, key, used: [(n[4], n[5]) for n in generic(row, key, used)])
    lanes = [direction != "in", direction != "out"]  # which of out / in are read
    near = [adj, pred]

    def typed() -> Readers:
        index = ctx.index
        tables = [index.typed(types, out) for out in (True, False)]
        budgets = [index.read_budget(types, out) for out in (True, False)]
        edges_at = index.edges_at

        def within_budget(key: str, lane: int) -> bool:
            """Whether reading ``key``'s relationships from the graph, keeping nothing, still
            costs less than keeping them (see :meth:`GraphIndex.read_budget`)."""
            if index.has_adjacency(types, lane == 0):
                return False
            budget = budgets[lane]
            budget[0] -= len(near[lane][key])
            return budget[0] >= 0

        def indexed(key: str, lane: int) -> list[Any] | None:
            """``key``'s (edge key, other end, data, its data) of the types one way; None while
            within the read budget, when the graph's own adjacency is read instead."""
            found = tables[lane].get(key)
            if found is not None:
                return found
            return None if within_budget(key, lane) else edges_at(types, lane == 0, key)

        # a WHERE on the far node's properties: its passing keys, once testing node by node costs more
        passing = passing_after(lambda prop: index.column(far_label, prop), masks,
                                len(index.label(far_label))) if masks is not None else lambda tested: None

        def read(row: Row, key: str, used: Any) -> list[Neighbour]:
            outs = indexed(key, 0) if lanes[0] else ()
            ins = indexed(key, 1) if lanes[1] else ()
            if outs is None or ins is None:
                return generic(row, key, used)
            found: list[Neighbour] = []
            if label is not None:  # the usual (x:Label): one pass, the label tested inline
                found = [(ek, key, other, data, other, data_n) for ek, other, data, data_n in outs
                         if label in data_n["labels"] and ek not in used]
                if ins:
                    found += [(ek, other, key, data, other, data_n) for ek, other, data, data_n in ins
                              if label in data_n["labels"] and ek not in used and not (lanes[0] and other == key)]
                return found
            keep = passing(len(outs) + len(ins))
            if keep is not None:  # the far node's label and WHERE as one set lookup
                found = [(ek, key, other, data, other, data_n) for ek, other, data, data_n in outs
                         if other in keep and ek not in used]
                if ins:
                    found += [(ek, other, key, data, other, data_n) for ek, other, data, data_n in ins
                              if other in keep and ek not in used and not (lanes[0] and other == key)]
                return found
            found = [(ek, key, other, data, other, data_n) for ek, other, data, data_n in outs
                     if ek not in used and ntest(row, data_n)]
            if ins:
                found += [(ek, other, key, data, other, data_n) for ek, other, data, data_n in ins
                          if ek not in used and not (lanes[0] and other == key) and ntest(row, data_n)]
            return found

        kept_degrees: Counter[str] | None = None
        kept_calls = 0

        def kept_count(key: str, outs: list[Any], ins: list[Any], keep: set[str]) -> int:
            """How many of ``key``'s relationships end at a node in ``keep``; once asked for many
            nodes, all of them at once (a degree table for this run, no call per node)."""
            nonlocal kept_degrees, kept_calls
            if kept_degrees is None:
                kept_calls += 1
                if kept_calls < SWITCH_AFTER * len(nodes):
                    return sum([1 for _, other, _, _ in outs if other in keep]) + \
                        sum([1 for _, other, _, _ in ins if other in keep and not (lanes[0] and other == key)])
                kept_degrees = Counter()
                if lanes[0]:
                    kept_degrees.update([k for k, edges in index.adjacency(types, True).items()
                                         for _, other, _, _ in edges if other in keep])
                if lanes[1]:  # a self-loop was counted going out, if read that way
                    kept_degrees.update([k for k, edges in index.adjacency(types, False).items()
                                         for _, other, _, _ in edges
                                         if other in keep and not (lanes[0] and other == k)])
            return kept_degrees.get(key, 0)

        degrees: list[dict[str, int]] | None = None

        def count(row: Row, key: str, used: Any) -> int:
            nonlocal degrees
            if kept_degrees is not None and not used:
                return kept_degrees.get(key, 0)
            if used or not (label is not None or plain):
                if used:
                    return len(read(row, key, used))
                # a test of the far node (a WHERE on its properties): count those that pass, no list
                outs = indexed(key, 0) if lanes[0] else ()
                ins = indexed(key, 1) if lanes[1] else ()
                if outs is None or ins is None:
                    return len(generic(row, key, used))
                keep = passing(len(outs) + len(ins))
                if keep is not None:
                    return kept_count(key, outs, ins, keep)
                n = 0
                for _, _, _, data_n in outs:
                    if ntest(row, data_n):
                        n += 1
                for _, other, _, data_n in ins:
                    if not (lanes[0] and other == key) and ntest(row, data_n):
                        n += 1
                return n
            if degrees is None:
                if any(lanes[lane] and within_budget(key, lane) for lane in (0, 1)):
                    return len(generic(row, key, used))
                # both ways: a self-loop is counted going out only, as the expansion reads it
                degrees = [index.degrees(types, lane == 0, label, loops=lane == 0 or not lanes[0])
                           for lane in (0, 1) if lanes[lane]]
            if len(degrees) == 1:
                return degrees[0].get(key, 0)
            return degrees[0].get(key, 0) + degrees[1].get(key, 0)

        def far(row: Row, key: str, used: Any) -> list[tuple[str, dict]]:
            """What ``read`` finds, as far nodes alone: going out to a labelled node (the usual
            case), read from the index straight away, no relationship tuple made (country-matrix's
            35,871 organisations, 144,726 projects: 66 ms through ``read``, now 58 ms)."""
            if label is None or lanes[1]:
                return [(n[4], n[5]) for n in read(row, key, used)]
            outs = indexed(key, 0)
            if outs is None:  # within the read budget: the graph's own adjacency
                return [(other, data_n) for other, keyed in adj[key].items() for ek, data in keyed.items()
                        if data["type"] in types and ek not in used and label in (data_n := nodes[other])["labels"]]
            if used:
                return [(other, data_n) for ek, other, _, data_n in outs if label in data_n["labels"] and ek not in used]
            return [(other, data_n) for _, other, _, data_n in outs if label in data_n["labels"]]

        return read, count, far

    made: list[Readers] = []

    def once() -> Readers:
        """The readers, made on the first call of this query run (a subquery calls per row)."""
        if not made:
            made.append(typed())
        return made[0]

    return once


@dataclass
class Expand(Step):
    """An expansion that can also just count each input row's extensions (for ``count()``
    right after it), which saves building a row per relationship. ``optional``: an OPTIONAL
    MATCH, whose count also gives the rows with no extension (n = 0), which it keeps."""

    binds: frozenset[str] = frozenset()
    count: Callable[[Rows], Iterator[tuple[Row, int]]] | None = None
    optional: bool = False
    src: str = ""  # the variable it expands from

    def __repr__(self) -> str:
        return Step.__repr__(self)


def _expand(src: str, rname: str, dst: str, rel: ast.RelPattern, direction: str, dst_pattern: ast.NodePattern,
            dst_bound: bool, rel_bound: bool, others: list[tuple[str, bool]], scope: Scope,
            where: tuple[ast.Expr, ...] = (), bind_rel: bool = True) -> Step:
    graph = scope.ctx.graph
    rtest = None if rel.props is None else _rel_test(rel, scope)
    ntest = node_test(dst_pattern, scope, where)
    nodes = graph._node
    bind = _target_binder(dst, dst_bound, ntest, nodes)
    single = [n for n, var in others if not var]
    lists = [n for n, var in others if var]
    types = frozenset(rel.types)
    detail = f"({src})-[{rname}:{'|'.join(rel.types)}]-({dst}) {direction}" + (" where" if where else "")

    def run(rows: Rows) -> Iterator[Row]:
        for row in rows:
            u = row[src]
            if u is None:
                continue
            used = _used_keys(row, single, lists)
            want = row[rname] if rel_bound else None
            if want is not None and type(want) is not Rel:
                raise CypherTypeError(f"variable `{rname}` is a {type_name(want)}, not a relationship",
                                      detail="InvalidArgumentType")
            target = row[dst] if dst_bound else None
            if dst_bound and type(target) is Node:  # the far end is known: read only the edges to it
                edges = _edges_between(graph, u.key, target.key, direction, types)
            else:
                edges = _edges(graph, u.key, direction, types)
            for ek, s, e, data, other in edges:
                if ek in used or (rtest is not None and not rtest(row, data)):
                    continue
                if rel_bound and (want is None or want.key != ek):
                    continue
                out = bind(row, target, other)
                if out is not None:
                    out[rname] = Rel(ek, s, e, data)
                    yield out

    if dst_bound or rel_bound or rtest:
        return Step("Expand", detail, run)
    reader = _neighbours(scope, direction, types, dst_pattern, where)

    def fast(rows: Rows) -> Iterator[Row]:
        """The common case: nothing bound at the far end or on the relationship, no property test."""
        neighbours = reader()[0]
        for row in rows:
            u = row[src]
            if u is None:
                continue
            for ek, s, e, data, other, data_n in neighbours(row, u.key, _used_keys(row, single, lists)):
                out = row.copy()
                out[dst] = Node(other, data_n)
                if bind_rel:
                    out[rname] = Rel(ek, s, e, data)
                yield out

    def count(rows: Rows) -> Iterator[tuple[Row, int]]:
        """Each input row with how many rows ``fast`` would make of it (when that is not 0)."""
        counter = reader()[1]
        fixed = _NO_KEYS if not single and not lists else None  # no earlier relationship to avoid
        for row in rows:
            u = row[src]
            if u is None:
                continue
            n = counter(row, u.key, fixed if fixed is not None else _used_keys(row, single, lists))
            if n:
                yield row, n

    def fan() -> Callable[[Row], Sequence[tuple[str, dict]]]:
        far = reader()[2]

        def each(row: Row) -> Sequence[tuple[str, dict]]:
            u = row[src]
            return () if u is None else far(row, u.key, _used_keys(row, single, lists))

        return each

    return Expand("Expand", detail, fast, frozenset((dst, rname)), count, src=src,
                  fan=Fan("Expand", dst, frozenset({rname}), each=fan))


def _var_expand(src: str, rname: str, dst: str, rel: ast.RelPattern, direction: str,
                dst_pattern: ast.NodePattern, dst_bound: bool, rel_bound: bool, others: list[tuple[str, bool]],
                scope: Scope, reverse: bool) -> Step:
    graph = scope.ctx.graph
    tick = scope.ctx.guard.tick
    rtest = _rel_test(rel, scope)
    types = frozenset(rel.types)  # read only those (rtest tests them again, with the properties)
    bind = _target_binder(dst, dst_bound, node_test(dst_pattern, scope), graph._node)
    low, high = rel.length
    single = [n for n, var in others if not var]
    lists = [n for n, var in others if var]

    def walks(row: Row, start: str, used: set[str]) -> Iterator[tuple[str, list[Rel]]]:
        """Every walk from ``start`` (depth first, each relationship at most once): its end and a
        copy of its relationships. One path grows and is cut back as the walk goes, and each node
        on it keeps only an iterator over its next steps: memory grows with the walk's length,
        where a copy of the path per branch left to try grew with its square (an unbounded walk
        over 10,000 nodes filled 23 GB before the time limit)."""
        reach = _reach(graph, row[dst].key, direction, rtest, row, high) \
            if dst_bound and high is not None and high >= PRUNE_FROM and row[dst] is not None else None
        path: list[Rel] = []
        on_path: set[str] = set()

        def steps(node: str) -> Iterator[tuple[str, Rel]]:
            for ek, s, e, data, other in _edges(graph, node, direction, types):
                if ek in used or ek in on_path or not rtest(row, data):
                    continue
                if reach is not None and reach.get(other, high + 1) > high - len(path) - 1:
                    continue  # the bound far end is out of reach from there
                yield other, Rel(ek, s, e, data)

        if low <= 0:
            yield start, []
        stack = [steps(start)] if high is None or high > 0 else []
        while stack:
            tick()  # a walk may take many steps between two rows it passes on
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                if path:  # back from the node the last step reached
                    on_path.discard(path.pop().key)
                continue
            node, rel = step
            path.append(rel)
            on_path.add(rel.key)
            if len(path) >= low:
                yield node, list(path)
            if high is None or len(path) < high:
                stack.append(steps(node))
            else:
                on_path.discard(path.pop().key)

    def follow(row: Row, start: str, used: set[str]) -> Iterator[tuple[str, list[Rel]]]:
        """A bound list of relationships: the one walk that takes them in order (if it exists)."""
        given = row[rname]
        if type(given) is not list or not all(type(r) is Rel for r in given):
            return
        given = given[::-1] if reverse else given
        node = start
        for r in given:
            if r.key in used or not (low <= len(given) and (high is None or len(given) <= high)):
                return
            if direction == "out" and r.start != node or direction == "in" and r.end != node \
                    or node not in (r.start, r.end):
                return
            node = r.other(node)
        yield node, list(given)

    def run(rows: Rows) -> Iterator[Row]:
        for row in rows:
            u = row[src]
            if u is None:
                continue
            used = _used_keys(row, single, lists)
            target = row[dst] if dst_bound else None
            for end, path in (follow if rel_bound else walks)(row, u.key, used):
                out = bind(row, target, end)
                if out is not None:
                    out[rname] = path[::-1] if reverse else path
                    yield out

    return Step("VarExpand", f"({src})-[{rname}*{low}..{high if high is not None else ''}]-({dst})", run)


#: From this many steps up, a variable-length walk towards a bound node first measures how far
#: every node is from it, and leaves out branches that cannot arrive in time: walks multiply with
#: each step, the measuring grows only with the nodes within reach.
PRUNE_FROM = 3


def _reach(graph: Any, target: str, direction: str, rtest: Callable, row: Row, high: int) -> dict[str, int]:
    """Steps from each node to ``target`` (at most ``high``) along the relationships a walk in
    ``direction`` may take; a lower bound under relationship uniqueness, so pruning by it drops
    no walk that arrives."""
    back = {"out": "in", "in": "out"}.get(direction, direction)
    dist = {target: 0}
    frontier = [target]
    for depth in range(1, high + 1):
        nxt = []
        for node in frontier:
            for _, _, _, data, other in _edges(graph, node, back):
                if other not in dist and rtest(row, data):
                    dist[other] = depth
                    nxt.append(other)
        frontier = nxt
    return dist


def _build_path(var: str, nodes: list[str], rels: list[str], ctx: Any) -> Step:
    graph = ctx.graph

    def run(rows: Rows) -> Iterator[Row]:
        for row in rows:
            out = row.copy()
            out[var] = path_from_row(row, nodes, rels, graph)
            yield out

    return Step("BuildPath", var, run)


def path_from_row(row: Row, nodes: list[str], rels: list[str], graph: Any) -> Path | None:
    first = row[nodes[0]]
    if first is None:
        return None
    ns, rs = [first], []
    cur = first.key
    for i, rname in enumerate(rels):
        seg = row[rname]
        if seg is None:
            return None
        for r in (seg if isinstance(seg, list) else [seg]):
            cur = r.other(cur)
            rs.append(r)
            ns.append(Node(cur, graph._node[cur]))
        cur = row[nodes[i + 1]].key
    return Path(tuple(ns), tuple(rs))


def _plan_shortest(path: ast.PathPattern, nodes: list[str], rels: list[str], bound: set[str],
                   scope: Scope) -> list[Step]:
    if len(path.rels) != 1:
        raise CypherUnsupportedError("shortestPath over more than one relationship pattern")
    steps = []
    for p, n in zip(path.nodes, nodes):
        steps.append(_node_start(p, n, bound, scope, _node_cost(p, n, bound, scope)))
        bound.add(n)
    rel = path.rels[0]
    low, high = rel.length or (1, 1)
    graph = scope.ctx.graph
    rtest = _rel_test(rel, scope)
    src, dst, rname, every = nodes[0], nodes[1], rels[0], path.shortest == "all"
    types = frozenset(rel.types)
    anything = ast.NodePattern(None, (), None)
    back = {"out": "in", "in": "out"}.get(rel.direction, "both")
    readers = (_neighbours(scope, rel.direction, types, anything), _neighbours(scope, back, types, anything))

    def run(rows: Rows) -> Iterator[Row]:
        forward, backward = readers[0]()[0], readers[1]()[0]
        for row in rows:
            a, b = row[src], row[dst]
            if a is None or b is None:
                continue
            if not every and low <= 1 and a.key != b.key:
                found = _shortest_one(row, a.key, b.key, forward, backward, rtest, high, scope.ctx.guard.tick)
                if found is not None:
                    out = row.copy()
                    out[rname] = found
                    yield out
                continue
            for found in _shortest(graph, row, a.key, b.key, rel.direction, rtest, low, high, every,
                                   scope.ctx.guard.tick):
                out = row.copy()
                out[rname] = found
                yield out

    bound.add(rname)
    steps.append(Step("ShortestPath", f"({src})-[{rname}]-({dst})", run))
    return steps


def _shortest_one(row: Row, a: str, b: str, forward: Neighbours, backward: Neighbours, rtest: Callable,
                  high: int | None, tick: Callable[[], None]) -> list[Rel] | None:
    """One shortest relationship list from ``a`` to another node ``b``, or None: a breadth-first
    search from both ends, a whole layer at a time on the smaller frontier, remembering each
    node's parent instead of copying paths (a shortest path repeats no node, so no relationship)."""
    seen: tuple[dict[str, tuple], dict[str, tuple]] = ({a: (0, None)}, {b: (0, None)})
    frontiers = ([a], [b])
    depths = [0, 0]
    while frontiers[0] and frontiers[1] and (high is None or depths[0] + depths[1] < high):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        mine, theirs, read = seen[side], seen[1 - side], (forward, backward)[side]
        depth = depths[side] + 1
        nxt: list[str] = []
        meet: tuple[int, str] | None = None
        for node in frontiers[side]:
            tick()
            for ek, s, e, data, other, _ in read(row, node, _NO_KEYS):
                if other in mine or not rtest(row, data):
                    continue
                mine[other] = (depth, node, Rel(ek, s, e, data))
                if other in theirs and (meet is None or theirs[other][0] < meet[0]):
                    meet = (theirs[other][0], other)
                nxt.append(other)
        if meet is not None and (high is None or depth + meet[0] <= high):
            return _walk_back(seen[0], meet[1])[::-1] + _walk_back(seen[1], meet[1])
        frontiers[side][:] = nxt
        depths[side] = depth
    return None


def _walk_back(parents: dict[str, tuple], node: str) -> list[Rel]:
    """The relationships from ``node`` back to the root of a search tree, nearest first."""
    out = []
    while parents[node][1] is not None:
        _, node, rel = parents[node]
        out.append(rel)
    return out


def _shortest(graph: Any, row: Row, a: str, b: str, direction: str, rtest: Callable, low: int,
              high: int | None, every: bool, tick: Callable[[], None]) -> list[list[Rel]]:
    """Breadth-first search for the shortest (or all shortest) relationship lists from a to b."""
    frontier: list[tuple[str, list[Rel]]] = [(a, [])]
    depth = 0
    found: list[list[Rel]] = []
    seen = {a: 0}
    while frontier and (high is None or depth < high):
        depth += 1
        nxt = []
        for node, path in frontier:
            tick()
            for ek, s, e, data, other in _edges(graph, node, direction):
                if any(r.key == ek for r in path) or not rtest(row, data):
                    continue
                if other in seen and seen[other] < depth:
                    continue
                seen[other] = depth
                walk = path + [Rel(ek, s, e, data)]
                if other == b and depth >= low:
                    found.append(walk)
                    if not every:
                        return found
                nxt.append((other, walk))
        if found:
            return found
        frontier = nxt
    return found


def run_steps(steps: list[Step], rows: Iterable[Row]) -> Iterator[Row]:
    """The rows that come out of ``steps`` run one after the other on ``rows``."""
    for step in steps:
        rows = step.run(rows)
    return iter(rows)


@dataclass(frozen=True)
class Probe:
    """A pattern's steps as a function from a row to its extensions (pattern expressions,
    subqueries); the steps stay visible for callers that only count."""

    steps: list[Step]

    def __call__(self, row: Row) -> Iterator[Row]:
        return run_steps(self.steps, [row])


def pattern_probe(paths: tuple[ast.PathPattern, ...], scope: Scope) -> tuple[Probe, Callable[[Row], Any]]:
    """For pattern expressions: a function from a row to its extensions, and the first path's value."""
    steps, _, named = plan_patterns(paths, None, scope, as_paths=True)
    graph = scope.ctx.graph
    _, nodes, rels = named[0]
    return Probe(steps), lambda row: path_from_row(row, nodes, rels, graph)


def plan_match(clause: ast.Match, scope: Scope, prefer: str | None = None) -> tuple[list[Step], frozenset[str]]:
    steps, new, _ = plan_patterns(clause.patterns, clause.where, scope, prefer)
    names = scope.names | new
    if not clause.optional:
        return steps, names
    fresh = [n for n in new if n not in scope.names] + [p.var for p in clause.patterns if p.var]

    def run(rows: Rows) -> Iterator[Row]:
        for row in rows:
            inner: Iterable[Row] = [row]
            for step in steps:
                inner = step.run(inner)
            empty = True
            for out in inner:
                empty = False
                yield out
            if empty:
                out = row.copy()
                for n in fresh:
                    out[n] = None
                yield out

    detail = ", ".join(str(s) for s in steps)
    last = steps[-1] if steps else None
    if not (isinstance(last, Expand) and last.count is not None):
        return [Step("Optional", detail, run)], names
    head, counter = steps[:-1], last.count

    def count(rows: Rows) -> Iterator[tuple[Row, int]]:
        """Each input row with how many extensions it has, 0 included (a row of nulls)."""
        if all(step.name == "CheckNode" for step in head):  # they pass on the rows themselves: one batch
            batch = list(rows)
            counted = {id(row): n for row, n in counter(run_steps(head, batch))}
            for row in batch:
                yield row, counted.get(id(row), 0)
            return
        for row in rows:
            yield row, sum(n for _, n in counter(run_steps(head, [row])))

    return [Expand("Optional", detail, run, frozenset(fresh), count, optional=True)], names


# ---- UNWIND ------------------------------------------------------------------------------
def plan_unwind(clause: ast.Unwind, scope: Scope) -> tuple[list[Step], frozenset[str]]:
    if clause.var in scope.names:
        raise CypherSemanticError(f"variable `{clause.var}` is already bound", detail="VariableAlreadyBound")
    f = compile_expr(clause.expr, scope)
    var = clause.var
    scope.ctx.kinds[var] = "any"

    def run(rows: Rows) -> Iterator[Row]:
        for row in rows:
            values = f(row)
            if values is None:
                continue
            if type(values) is not list:
                values = [values]
            for v in values:
                out = row.copy()
                out[var] = v
                yield out

    return [Step("Unwind", var, run, fan=Fan("Unwind", var, expr=clause.expr))], scope.names | {var}
