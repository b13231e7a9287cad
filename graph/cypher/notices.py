"""Notifications for the labels, relationship types and property keys a query reads that the graph
does not hold, as Neo4j gives them.

A misspelt name (``:Organisaton``, ``:organisation``, ``o.nmae``) makes a query match nothing,
without a word; Neo4j answers with a warning and so does nordgraph, naming the closest names the
graph holds. Names the query writes itself (CREATE, MERGE, SET) do not warn. A property key is
checked where it is read from a variable a pattern binds (a node or relationship), not from a
map, whose keys are the query's own.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher.errors import CypherError
from nordgraph.graph.cypher.parser import parse
from nordgraph.graph.cypher.suggest import closest, did_you_mean
from nordgraph.graph.store import Notification, Schema

_STATEMENT = "Neo.ClientNotification.Statement."

#: Per kind of name: Neo4j's notification code and title, and the Schema field holding such names.
KINDS = {
    "label": (_STATEMENT + "UnknownLabelWarning", "The provided label is not in the database.", "labels"),
    "relationship type": (_STATEMENT + "UnknownRelationshipTypeWarning",
                          "The provided relationship type is not in the database.", "types"),
    "property key": (_STATEMENT + "UnknownPropertyKeyWarning",
                     "The provided property key is not in the database.", "keys"),
}
#: Without a close match, the names the graph has are listed when there are no more than this.
LISTED = 10


def unknown_names(text: str, schema: Callable[[], Schema]) -> list[Notification]:
    """One warning per name ``text`` reads that ``schema()`` lacks: labels, then types, then keys,
    each in the order the query first reads them.

    ``schema`` is only called when the query reads a name it does not write. Text the embedded
    parser cannot read (Neo4j-only syntax, sent to a Neo4j store) gives one INFORMATION
    notification saying that the names went unchecked.
    """
    try:
        parsed = parse(text)
    except CypherError as err:
        reason = str(err).splitlines()[0]
        return [Notification("nordgraph.NamesNotChecked", "The query's names were not checked.",
                             f"labels, relationship types and property keys not checked: the embedded "
                             f"Cypher parser cannot read this query ({reason})", "INFORMATION")]
    used = _Names()
    used.visit(parsed.query)
    wanted = used.unwritten()
    if not any(wanted.values()):
        return []
    held = schema()
    found = []
    for kind, names in wanted.items():
        code, title, field = KINDS[kind]
        known = getattr(held, field)
        for name in names:
            if name not in known:
                found.append(Notification(code, title, f"{kind} `{name}` is not in the graph"
                                          + (did_you_mean(closest(name, known)) or _listing(kind, known))))
    return found


def _listing(kind: str, known: frozenset[str]) -> str:
    """The graph's names of ``kind`` when there are few (none alike was found)."""
    if not known:
        return f" (it has no {kind}s)"
    if len(known) <= LISTED:
        return f" (its {kind}s: {', '.join(sorted(known))})"
    return ""


class _Names:
    """Walks a query's syntax tree, gathering the names it reads and those it writes."""

    def __init__(self) -> None:
        self.read: dict[str, dict[str, None]] = {kind: {} for kind in KINDS}  # ordered sets
        self.written: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.bound: set[str] = set()  # variables a pattern binds to a node or relationship
        self.keys_of: list[tuple[str, str]] = []  # (variable, key) read as var.key

    def unwritten(self) -> dict[str, list[str]]:
        """Names read and not written, by kind (keys only where read from a pattern's variable)."""
        for var, key in self.keys_of:
            if var in self.bound:
                self.read["property key"].setdefault(key)
        return {kind: [n for n in names if n not in self.written[kind]] for kind, names in self.read.items()}

    def add(self, kind: str, names: Any, writing: bool) -> None:
        for name in names:
            if writing:
                self.written[kind].add(name)
            else:
                self.read[kind].setdefault(name)

    def visit(self, x: Any, writing: bool = False) -> None:
        if isinstance(x, ast.Create):
            self.visit(x.patterns, writing=True)
        elif isinstance(x, ast.Merge):
            self.visit(x.pattern, writing=True)
            self.visit(x.on_create + x.on_match)
        elif isinstance(x, ast.NodePattern):
            self._entity(x.var, "label", x.labels, x.props, writing)
        elif isinstance(x, ast.RelPattern):
            self._entity(x.var, "relationship type", x.types, x.props, writing)
        elif isinstance(x, ast.SetItem):
            self.add("label", x.labels, True)
            self.add("property key", [x.key] if x.key else (), True)
            self._map(x.value, True)
            self.visit(x.target)
        elif isinstance(x, ast.RemoveItem):
            self.visit(x.target)
        elif isinstance(x, ast.HasLabels):
            self.add("label", x.labels, False)
            self.visit(x.subject)
        elif isinstance(x, ast.Prop) and isinstance(x.subject, ast.Var):
            self.keys_of.append((x.subject.name, x.key))
        elif isinstance(x, ast.MapProjection):
            self.keys_of.extend((x.var, key) for kind, key, _ in x.items if kind == "prop")
            for _, _, value in x.items:
                self.visit(value)
        elif isinstance(x, tuple):
            for item in x:
                self.visit(item, writing)
        elif dataclasses.is_dataclass(x):
            for f in dataclasses.fields(x):
                self.visit(getattr(x, f.name), writing)

    def _entity(self, var: str | None, kind: str, names: tuple[str, ...], props: Any, writing: bool) -> None:
        """A node or relationship of a pattern: its labels or types, variable and property map."""
        self.add(kind, names, writing)
        if var:
            self.bound.add(var)
        self._map(props, writing)

    def _map(self, value: Any, writing: bool) -> None:
        """A pattern's or SET's property map: its keys are names; its values are read."""
        if isinstance(value, ast.MapLit):
            self.add("property key", [k for k, _ in value.items], writing)
            for _, v in value.items:
                self.visit(v)
        else:
            self.visit(value)
