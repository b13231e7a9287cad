"""Updating clauses: CREATE, MERGE, SET, REMOVE, DELETE as plan steps.

Each step first reads all its input rows (writes never race the reads that feed them), then
changes the graph in place, counts the change in the TCK's side-effect keys, and bumps the
graph revision so the indexes rebuild.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher.errors import CypherConstraintError, CypherSemanticError, CypherTypeError
from nordgraph.graph.cypher.expressions import Scope, compile_expr
from nordgraph.graph.cypher.planner import Row, Rows, Step, name_path, path_from_row, pattern_probe
from nordgraph.graph.cypher.runtime_values import Node, Path, Rel, mark_deleted, type_name
from nordgraph.graph.cypher.temporal import Duration, Temporal
from nordgraph.graph.cypher.tree import free_vars

_STORABLE = (str, int, float, bool, Temporal, Duration)


def _stored(key: str, value: Any) -> Any:
    """``value`` as a property holds it: scalars, temporals and lists of them, as Neo4j does
    (temporals stay objects: the graph file and the Neo4j store both keep their type)."""
    if type(value) in _STORABLE:
        return value
    if type(value) is list and all(type(v) in _STORABLE for v in value):
        return list(value)
    raise CypherTypeError(f"property {key!r} cannot hold a {type_name(value)}", detail="InvalidPropertyType")


def _clean_props(props: dict[str, Any] | None) -> dict[str, Any]:
    return {k: _stored(k, v) for k, v in (props or {}).items() if v is not None}


class _PathCreator:
    """Creates the unbound nodes and all relationships of one pattern path for a row."""

    def __init__(self, path: ast.PathPattern, scope: Scope, created: set[str], merge: bool):
        ctx = scope.ctx
        self.ctx, self.path = ctx, path
        self.nodes, self.rels = name_path(path, ctx)
        for node, name in zip(path.nodes, self.nodes):
            if (name in scope.names or name in created) and (
                    node.labels or node.props is not None or (not merge and len(path.nodes) == 1)):
                raise CypherSemanticError(f"variable `{name}` is already bound; it cannot get new labels "
                                          "or properties here", detail="VariableAlreadyBound")
        for rel, name in zip(path.rels, self.rels):
            if name in scope.names or name in created:
                raise CypherSemanticError(f"relationship variable `{name}` is already bound",
                                          detail="VariableAlreadyBound")
            if len(rel.types) != 1:
                raise CypherSemanticError("a relationship to create needs exactly one type",
                                          detail="NoSingleRelationshipType")
            if rel.length is not None:
                raise CypherSemanticError("cannot create a variable-length relationship",
                                          detail="CreatingVarLength")
            if rel.direction == "both" and not merge:
                raise CypherSemanticError("a relationship to create needs a direction",
                                          detail="RequiresDirectedRelationship")
        names = [n for n in self.nodes + self.rels]
        for name in self.nodes:
            ctx.kinds.setdefault(name, "node")
        for name in self.rels:
            ctx.kinds[name] = "relationship"
        if path.var:
            ctx.kinds[path.var] = "path"
        # a property map reads what was bound before this pattern: its own variables do not exist yet
        self.node_props = [compile_expr(n.props, scope) if n.props is not None else None for n in path.nodes]
        self.rel_props = [compile_expr(r.props, scope) if r.props is not None else None for r in path.rels]
        created.update(names)

    def create(self, row: Row) -> Row:
        ctx, graph = self.ctx, self.ctx.graph
        out = row.copy()
        for pattern, name, props in zip(self.path.nodes, self.nodes, self.node_props):
            if name in out:
                if out[name] is None:
                    raise CypherSemanticError(f"cannot create a relationship to null `{name}`",
                                              detail="InvalidArgumentValue", phase="runtime")
                if type(out[name]) is not Node:
                    raise CypherTypeError(f"variable `{name}` is a {type_name(out[name])}, not a node",
                                          detail="InvalidArgumentType")
                continue
            values = _clean_props(props(out) if props else None)
            labels = tuple(dict.fromkeys(pattern.labels))
            key = (ctx.rules.created_key(values, graph.__contains__) if ctx.rules else None) or ctx.new_node_key()
            _check_new(ctx, "node", key, values, labels)
            graph.add_node(key, labels=labels, props=values)
            data = graph._node[key]
            ctx.changed(lambda index, key=key, data=data: index.add_node(key, data))
            out[name] = Node(key, data)
        for i, (rel, name, props) in enumerate(zip(self.path.rels, self.rels, self.rel_props)):
            a, b = out[self.nodes[i]], out[self.nodes[i + 1]]
            start, end = (b, a) if rel.direction == "in" else (a, b)
            key = ctx.new_rel_key()
            values = _clean_props(props(out) if props else None)
            _check_new(ctx, "relationship", key, values)
            graph.add_edge(start.key, end.key, key=key, type=rel.types[0], props=values)
            out[name] = Rel(key, start.key, end.key, graph._adj[start.key][end.key][key])
        if self.path.var:
            out[self.path.var] = path_from_row(out, self.nodes, self.rels, graph)
        return out


def _check_new(ctx: Any, kind: str, key: str, props: dict[str, Any], labels: tuple[str, ...] | None = None) -> None:
    """Hold a new node or relationship to the store's rules, if it has any."""
    if ctx.rules is None:
        return
    if labels is not None:
        ctx.rules.check_labels(key, labels)
    for name, value in props.items():
        ctx.rules.check_property(kind, key, name, value)


def plan_create(clause: ast.Create, scope: Scope) -> tuple[list[Step], frozenset[str]]:
    created: set[str] = set()
    creators = []
    for path in clause.patterns:
        if path.var and path.var in scope.names:
            raise CypherSemanticError(f"variable `{path.var}` is already bound", detail="VariableAlreadyBound")
        creators.append(_PathCreator(path, scope.with_names(*created), created, merge=False))
        if path.var:
            created.add(path.var)

    def run(rows: Rows) -> Iterator[Row]:
        out = []
        for row in list(rows):
            for creator in creators:
                row = creator.create(row)
            out.append(row)
        return iter(out)

    return [Step("Create", f"{len(creators)} path(s)", run)], scope.names | created


def plan_merge(clause: ast.Merge, scope: Scope) -> tuple[list[Step], frozenset[str]]:
    path = clause.pattern
    if len(path.nodes) == 1 and path.nodes[0].var in scope.names:
        raise CypherSemanticError(f"variable `{path.nodes[0].var}` is already bound",
                                  detail="VariableAlreadyBound")
    reject_null_properties = _null_property_check(path, scope)
    probe, path_of = pattern_probe((path,), scope)
    creator = _PathCreator(path, scope, set(), merge=True)
    names = scope.names | set(creator.nodes) | set(creator.rels) | ({path.var} if path.var else set())
    inner = Scope(scope.ctx, frozenset(names))
    on_create = [_set_item(i, inner) for i in clause.on_create]
    on_match = [_set_item(i, inner) for i in clause.on_match]
    var = path.var

    def run(rows: Rows) -> Iterator[Row]:
        out = []
        for row in list(rows):
            reject_null_properties(row)
            matched = list(probe(row))
            if matched:
                for r in matched:
                    if var:
                        r[var] = path_of(r)
                    for apply in on_match:
                        apply(r)
                    out.append(_rename(r, creator))
            else:
                r = creator.create(row)
                for apply in on_create:
                    apply(r)
                out.append(r)
        return iter(out)

    return [Step("Merge", "", run)], frozenset(names)


def _null_property_check(path: ast.PathPattern, scope: Scope) -> Callable[[Row], None]:
    """MERGE cannot match or create a property whose value is null.

    Only property maps that read nothing but variables bound before the MERGE are checked up
    front; the others are evaluated by the match and the create themselves.
    """
    maps = [compile_expr(p.props, scope) for p in list(path.nodes) + list(path.rels)
            if isinstance(p.props, ast.MapLit) and free_vars(p.props) <= scope.names]

    def check(row: Row) -> None:
        for f in maps:
            for k, v in f(row).items():
                if v is None:
                    raise CypherSemanticError(f"MERGE cannot use null for property {k!r}",
                                              detail="MergeReadOwnWrites", phase="runtime",
                                              tck_type="SemanticError")

    return check


def _rename(row: Row, creator: _PathCreator) -> Row:
    """Give anonymous parts found by the probe the creator's hidden names too."""
    for name in creator.nodes + creator.rels:
        row.setdefault(name, None)
    return row


# ---- SET / REMOVE ------------------------------------------------------------------------
def _entity(v: Any, what: str) -> Any:
    if v is None or type(v) in (Node, Rel):
        return v
    raise CypherTypeError(f"{what} needs a node or relationship, got {type_name(v)}",
                          detail="InvalidArgumentType")


def _set_prop(ctx: Any, entity: Any, key: str, value: Any) -> None:
    """Set (or, with null, remove) one property, keeping the property index in step."""
    props = entity.data["props"]
    old = props.get(key)
    if value is not None:
        value = _stored(key, value)
    if ctx.rules is not None and old != value:
        ctx.rules.check_property("node" if type(entity) is Node else "relationship", entity.key, key, value)
    if value is None:
        props.pop(key, None)
    else:
        props[key] = value
    if type(entity) is Node and old != value:
        ctx.changed(lambda index: index.set_property(entity.key, entity.data, key, old, value))


def _set_item(item: ast.SetItem, scope: Scope) -> Callable[[Row], None]:
    ctx = scope.ctx
    target = compile_expr(item.target, scope)
    if item.kind == "labels":
        labels = item.labels

        def set_labels(row: Row) -> None:
            node = target(row)
            if node is None:
                return
            if type(node) is not Node:
                raise CypherTypeError("SET labels needs a node", detail="InvalidArgumentType")
            have = node.data["labels"]
            node.data["labels"] = tuple(have) + tuple(lab for lab in dict.fromkeys(labels) if lab not in have)
            ctx.changed()  # labels moved: rebuild the indexes when next needed

        return set_labels
    value = compile_expr(item.value, scope)
    if item.kind == "prop":
        key = item.key

        def set_prop(row: Row) -> None:
            entity = _entity(target(row), "SET")
            v = value(row)
            if entity is not None:
                _set_prop(ctx, entity, key, v)

        return set_prop
    replace_all = item.kind == "all"

    def set_map(row: Row) -> None:
        entity = _entity(target(row), "SET")
        v = value(row)
        if entity is None:
            return
        if type(v) in (Node, Rel):
            v = dict(v.data["props"])
        if v is None:
            v = {}
        if type(v) is not dict:
            raise CypherTypeError(f"SET with = or += needs a map, got {type_name(v)}",
                                  detail="InvalidArgumentType")
        props = entity.data["props"]
        if replace_all:
            for k in [k for k in props if k not in v or v[k] is None]:
                _set_prop(ctx, entity, k, None)
        for k, x in v.items():
            _set_prop(ctx, entity, k, x)

    return set_map


def _apply_each(name: str, appliers: list[Callable[[Row], None]]) -> Step:
    """A step that reads all rows, then applies every item to each row in order."""
    def run(rows: Rows) -> Iterator[Row]:
        rows = list(rows)
        for row in rows:
            for apply in appliers:
                apply(row)
        return iter(rows)

    return Step(name, f"{len(appliers)} item(s)", run)


def plan_set(clause: ast.SetClause, scope: Scope) -> tuple[list[Step], frozenset[str]]:
    return [_apply_each("Set", [_set_item(i, scope) for i in clause.items])], scope.names


def plan_remove(clause: ast.Remove, scope: Scope) -> tuple[list[Step], frozenset[str]]:
    ctx = scope.ctx
    appliers = []
    for item in clause.items:
        target = compile_expr(item.target, scope)
        if item.kind == "labels":
            def remove_labels(row: Row, target=target, labels=item.labels) -> None:
                node = target(row)
                if node is None:
                    return
                if type(node) is not Node:
                    raise CypherTypeError("REMOVE labels needs a node", detail="InvalidArgumentType")
                kept = tuple(lab for lab in node.data["labels"] if lab not in labels)
                if ctx.rules is not None:
                    ctx.rules.check_labels(node.key, kept)
                node.data["labels"] = kept
                ctx.changed()  # labels moved: rebuild the indexes when next needed
            appliers.append(remove_labels)
        else:
            def remove_prop(row: Row, target=target, key=item.key) -> None:
                entity = _entity(target(row), "REMOVE")
                if entity is not None:
                    _set_prop(ctx, entity, key, None)
            appliers.append(remove_prop)
    return [_apply_each("Remove", appliers)], scope.names


# ---- DELETE ------------------------------------------------------------------------------
def plan_delete(clause: ast.Delete, scope: Scope) -> tuple[list[Step], frozenset[str]]:
    ctx = scope.ctx
    for e in clause.exprs:
        if not isinstance(e, (ast.Var, ast.Index, ast.Prop, ast.FuncCall, ast.Case)):
            raise CypherSemanticError("DELETE expects a node, relationship or path expression",
                                      detail="InvalidDelete")
    fs = [compile_expr(e, scope) for e in clause.exprs]
    graph = ctx.graph

    def run(rows: Rows) -> Iterator[Row]:
        rows = list(rows)
        nodes: dict[str, None] = {}
        rels: dict[str, Rel] = {}
        for row in rows:
            for f in fs:
                _collect(f(row), nodes, rels)
        for rel in rels.values():
            _delete_rel(ctx, rel.start, rel.end, rel.key)
        for key in nodes:
            if key not in graph:
                continue
            degree = graph.degree(key)
            if degree:
                if not clause.detach:
                    raise CypherConstraintError(
                        f"cannot delete node {key!r}: it still has relationships (use DETACH DELETE)",
                        detail="DeleteConnectedNode")
                for s_, e_, k_ in list(graph.in_edges(key, keys=True)) + list(graph.out_edges(key, keys=True)):
                    _delete_rel(ctx, s_, e_, k_)
            data = graph._node[key]
            graph.remove_node(key)
            mark_deleted(data)  # the indexes may keep the key: scans skip keys no longer in the graph
        return iter(rows)

    return [Step("Delete", "detach" if clause.detach else "", run)], scope.names


def _delete_rel(ctx: Any, start: str, end: str, key: str) -> None:
    graph = ctx.graph
    if graph.has_edge(start, end, key):
        data = graph._adj[start][end][key]
        graph.remove_edge(start, end, key)
        mark_deleted(data)


def _collect(v: Any, nodes: dict[str, None], rels: dict[str, Rel]) -> None:
    if v is None:
        return
    if type(v) is Node:
        nodes[v.key] = None
    elif type(v) is Rel:
        rels[v.key] = v
    elif type(v) is Path:
        for r in v.rels:
            rels[r.key] = r
        for n in v.nodes:
            nodes[n.key] = None
    elif type(v) is list:
        for x in v:
            _collect(x, nodes, rels)
    else:
        raise CypherTypeError(f"DELETE expects a node, relationship or path, got {type_name(v)}",
                              detail="InvalidArgumentType")
