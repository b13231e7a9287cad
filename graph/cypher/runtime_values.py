"""Cypher's value semantics over Python values: graph entities, equality, comparison, ordering.

Inside the engine a node is a :class:`Node` (key plus its live data dict), a relationship a
:class:`Rel`; :func:`to_result` turns them into :mod:`graph.values` objects for the caller.
"""
from __future__ import annotations

import hashlib
import math
from typing import Any

from nordgraph.graph.cypher.temporal import Duration, Temporal
from nordgraph.graph.values import NodeValue, PathValue, RelationshipValue, storable

INT_MIN, INT_MAX = -(2**63), 2**63 - 1


class Node:
    __slots__ = ("key", "data")

    def __init__(self, key: str, data: dict[str, Any]):
        self.key, self.data = key, data

    def __eq__(self, other: object) -> bool:
        return type(other) is Node and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Node({self.key!r})"


class Rel:
    __slots__ = ("key", "start", "end", "data")

    def __init__(self, key: str, start: str, end: str, data: dict[str, Any]):
        self.key, self.start, self.end, self.data = key, start, end, data

    @property
    def type(self) -> str:
        return self.data["type"]

    def other(self, key: str) -> str:
        return self.end if self.start == key else self.start

    def __eq__(self, other: object) -> bool:
        return type(other) is Rel and other.key == self.key

    def __hash__(self) -> int:
        return hash(("r", self.key))

    def __repr__(self) -> str:
        return f"Rel({self.key!r})"


class Path:
    __slots__ = ("nodes", "rels")

    def __init__(self, nodes: tuple[Node, ...], rels: tuple[Rel, ...]):
        self.nodes, self.rels = nodes, rels

    def __eq__(self, other: object) -> bool:
        return type(other) is Path and other.nodes == self.nodes and other.rels == self.rels

    def __hash__(self) -> int:
        return hash((self.nodes, self.rels))


class _Deleted(dict):
    """Stands in for the properties or labels of a deleted entity: reading them is an error."""

    def _fail(self, *args: Any, **kwargs: Any) -> Any:
        from nordgraph.graph.cypher.errors import CypherEntityNotFound

        raise CypherEntityNotFound("the node or relationship was deleted earlier in this query",
                                   detail="DeletedEntityAccess")

    get = items = keys = values = __getitem__ = __iter__ = __contains__ = _fail


def mark_deleted(data: dict[str, Any]) -> None:
    """Make later reads of a deleted node's or relationship's data raise EntityNotFound."""
    data["props"] = _Deleted()
    if "labels" in data:
        data["labels"] = _Deleted()


def entity_id(key: str) -> int:
    """A stable integer id: the counter of engine-made keys (``_:7``), else a key hash."""
    if key.startswith("_:"):
        digits = key[3:] if key.startswith("_:r") else key[2:]
        if digits.isdigit():
            return int(digits)
    return 2**32 + int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=6).digest(), "big")


def prop_value(value: Any) -> Any:
    """A stored property as Cypher sees it (non-storable values as JSON text)."""
    if value is None or type(value) in (str, int, float, bool, Temporal, Duration):
        return value
    return storable(value)


def is_number(v: Any) -> bool:
    return type(v) in (int, float)


def type_name(v: Any) -> str:
    if v is None:
        return "Null"
    if isinstance(v, bool):
        return "Boolean"
    if isinstance(v, int):
        return "Integer"
    if isinstance(v, float):
        return "Float"
    if isinstance(v, str):
        return "String"
    if isinstance(v, list):
        return "List"
    if isinstance(v, dict):
        return "Map"
    if isinstance(v, Node):
        return "Node"
    if isinstance(v, Rel):
        return "Relationship"
    if isinstance(v, Path):
        return "Path"
    if isinstance(v, Duration):
        return "Duration"
    if isinstance(v, Temporal):
        return {"date": "Date", "localtime": "LocalTime", "time": "Time", "localdatetime": "LocalDateTime",
                "datetime": "DateTime"}[v.kind]
    return type(v).__name__


def equals(a: Any, b: Any) -> bool | None:
    """Cypher ``=``: null if either side is null (or holds a null that decides it)."""
    if a is None or b is None:
        return None
    ta, tb = type(a), type(b)
    if ta in (int, float) and tb in (int, float):
        return a == b
    if ta is not tb:
        return False
    if ta is list:
        if len(a) != len(b):
            return False
        unknown = False
        for x, y in zip(a, b):
            r = equals(x, y)
            if r is False:
                return False
            if r is None:
                unknown = True
        return None if unknown else True
    if ta is dict:
        if a.keys() != b.keys():
            return False
        unknown = False
        for k in a:
            r = equals(a[k], b[k])
            if r is False:
                return False
            if r is None:
                unknown = True
        return None if unknown else True
    return a == b


def compare(a: Any, b: Any) -> int | None:
    """-1/0/1 for comparable values (numbers, strings, booleans, lists), else None."""
    if a is None or b is None:
        return None
    ta, tb = type(a), type(b)
    if ta in (int, float) and tb in (int, float):
        if a != a or b != b:
            return None
        return (a > b) - (a < b)
    if ta is not tb:
        return None
    if ta in (str, bool):
        return (a > b) - (a < b)
    if ta is Temporal:
        if a.kind != b.kind:
            return None
        x, y = a.sort_key(), b.sort_key()
        return (x > y) - (x < y)
    if ta is list:
        for x, y in zip(a, b):
            r = compare(x, y)
            if r is None:
                return None
            if r:
                return r
        return (len(a) > len(b)) - (len(a) < len(b))
    return None


_NUM, _NULL = 8, 10


def order_key(v: Any) -> tuple:
    """A sort key giving Cypher's total order (maps < nodes < rels < lists < paths < temporals <
    strings < booleans < numbers < null)."""
    t = type(v)
    if t is int or t is float:
        return (_NUM, 1, 0) if v != v else (_NUM, 0, v)
    if t is str:
        return (6, v)
    if v is None:
        return (_NULL,)
    if t is bool:
        return (7, v)
    if t is Temporal:
        return (5, v.sort_key())
    if t is Duration:
        return (5, (9, v.months, v.days, v.seconds, v.nanos))
    if t is list:
        return (3, tuple(order_key(x) for x in v))
    if t is dict:
        return (0, tuple(sorted((k, order_key(x)) for k, x in v.items())))
    if t is Node:
        return (1, v.key)
    if t is Rel:
        return (2, v.key)
    if t is Path:
        return (4, tuple(n.key for n in v.nodes), tuple(r.key for r in v.rels))
    return (9, repr(v))


def hash_key(v: Any) -> Any:
    """A hashable stand-in with Cypher equality for DISTINCT and grouping (1 and 1.0 are one)."""
    t = type(v)
    if t is str or t is int or v is None:
        return v
    if t is Node:  # a tuple hashes and compares in C; a Node by its Python methods
        return ("n", v.key)
    if t is Rel:
        return ("r", v.key)
    if t is float:
        return ("nan",) if v != v else v
    if t is bool:
        return ("b", v)
    if t is list:
        return ("l", tuple(hash_key(x) for x in v))
    if t is dict:
        return ("m", tuple(sorted((k, hash_key(x)) for k, x in v.items())))
    if t is Path:
        return ("p", tuple([n.key for n in v.nodes]), tuple([r.key for r in v.rels]))
    return v


def to_result(v: Any) -> Any:
    """An engine value as the plain/graph value callers receive."""
    t = type(v)
    if t is Node:
        return NodeValue(v.key, tuple(v.data["labels"]),
                         {k: to_result(prop_value(x)) for k, x in v.data["props"].items()})
    if t is Rel:
        return RelationshipValue(v.key, v.data["type"], v.start, v.end,
                                 {k: to_result(prop_value(x)) for k, x in v.data["props"].items()})
    if t is Path:
        return PathValue(tuple(to_result(n) for n in v.nodes), tuple(to_result(r) for r in v.rels))
    if t is list:
        return [to_result(x) for x in v]
    if t is dict:
        return {k: to_result(x) for k, x in v.items()}
    if t is Temporal or t is Duration:
        return str(v)
    return v


def check_int(v: int, what: str) -> int:
    if v > INT_MAX or v < INT_MIN:
        from nordgraph.graph.cypher.errors import CypherArithmeticError

        raise CypherArithmeticError(f"integer overflow in {what}", detail="IntegerOverflow")
    return v


def is_nan(v: Any) -> bool:
    return type(v) is float and math.isnan(v)
