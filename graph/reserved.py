"""The fields nordgraph's graph file gives a fixed shape, and the rules a write must keep for them.

A node's ``id`` is its key in the file (``organisation:medtek-norway``), its ``name`` a string,
its ``aliases`` a list of strings and its ``evidence`` a list of evidence maps; it keeps at least
one label (the file's ``label`` is the first, and ``review``, ``show`` and the exports read it). A
relationship's ``id`` is its key and its ``evidence`` a list of maps. The graph file's reader
(:mod:`graph.jsonfile`) refuses other shapes, so:

* its writer checks each element against :data:`SHAPES` before a byte is written, and
* :data:`FILE_RULES` lets the Cypher engine refuse a query's write that breaks them as it
  happens (the embedded store passes it), with a message naming the element, the field and
  the way to do it right.

One conversion is made rather than refused: a node or relationship a query creates with an
``id`` property takes that id as its key (the file has no other place for an id), unless an
element with that key exists already.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nordgraph.graph.temporal import Duration, Temporal


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _map_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


#: Each reserved field: what it must be (in words, for messages) and the test. ``None`` (absent)
#: is always allowed: the file writes an absent list as ``[]`` and an absent name as ``null``.
SHAPES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "name": ("a string", _text),
    "aliases": ("a list of strings", _text_list),
    "evidence": ("a list of evidence maps", _map_list),
    "labels": ("a list of strings", _text_list),
}
#: The reserved properties of each kind of element (``id`` is checked against the key).
NODE_FIELDS = ("id", "name", "aliases", "evidence")
EDGE_FIELDS = ("id", "evidence")
_HINTS = {
    "aliases": " (SET n.aliases = coalesce(n.aliases, []) + 'Another name' adds one)",
    "evidence": " (evidence comes from documents and curation; a query can only remove it)",
}


def _shown(value: Any) -> str:
    """A value as a message quotes it: short, and typed like Cypher's."""
    if isinstance(value, (Temporal, Duration)):
        return str(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class FileRules:
    """The graph file's rules as the Cypher engine's write hook (see :class:`graph.cypher.context.WriteRules`);
    each check raises :class:`CypherConstraintError` naming the element, the field and the way to do it right."""

    def created_key(self, props: dict[str, Any], taken: Callable[[str], bool]) -> str | None:
        """The key of an element a query creates with ``props``: its ``id``, if it gives one."""
        given = props.get("id")
        if given is None:
            return None
        if not isinstance(given, str) or not given or given.startswith("_:"):
            raise _refused(f"'id' must be a non-empty string not starting with '_:' (it becomes the key in the "
                           f"graph file), not {_shown(given)}")
        if taken(given):
            raise _refused(f"an element with id {given!r} exists already (MERGE finds it, or makes it once)")
        return given

    def check_property(self, kind: str, key: str, name: str, value: Any) -> None:
        """Refuse ``value`` (None: removed) as the ``name`` property of the ``kind`` (node or
        relationship) ``key`` when the graph file cannot hold it there."""
        if name not in (NODE_FIELDS if kind == "node" else EDGE_FIELDS):
            return
        if name == "id":
            if value != key:
                raise _refused(f"'id' of {kind} {key!r} is its key in the graph file: a query cannot change or "
                               "remove it (SET n += {...} changes only the keys it names)")
            return
        what, test = SHAPES[name]
        if value is not None and not test(value):
            raise _refused(f"'{name}' of {kind} {key!r} must be {what}, not {_shown(value)}{_HINTS.get(name, '')}")

    def check_labels(self, key: str, labels: tuple[str, ...]) -> None:
        """Refuse to leave node ``key`` without a label."""
        if not labels:
            raise _refused(f"node {key!r} would have no label; every node in the graph file keeps at least one "
                           "(Organisation, Project, Call, Programme, Ministry, Country, Person ...)")


def _refused(message: str) -> Exception:
    from nordgraph.graph.cypher.errors import CypherConstraintError  # the graph file's reader needs no engine

    return CypherConstraintError(message, detail="ReservedField")


FILE_RULES = FileRules()
