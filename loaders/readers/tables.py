"""Structured tables: nodes and edges given directly, as :class:`TableData`.

Node table (CSV/TSV), one node per row:

* ``label`` (required): the node label, e.g. ``Organisation``;
* ``name`` (required): the node's name;
* ``id`` (optional): a stable key; without it the graph derives one from label and name;
* ``aliases`` (optional): other names, separated by ``|`` (``NTNU|Norwegian University...``);
* ``country`` (optional): not a property; the build makes it a LOCATED_IN edge to that
  Country node (see :mod:`loaders.countries`);
* any other column (``url``, ``start`` ...): a property of the node.

Edge table, one edge per row:

* ``source``, ``type``, ``target`` (required): the ends are node ids, names or aliases (the
  graph resolves them when the build has read every file); ``type`` e.g. ``PARTNER_IN``;
* any other column: a property of the edge.

A table whose header has both ``source`` and ``target`` (or, lacking ``label`` and ``name``,
any of ``source``/``type``/``target``) is an edge table; otherwise it is a node table.

JSON: ``{"nodes": [{...}], "edges": [{...}]}`` with the same fields (``aliases`` a list of
strings, or one ``|``-separated string). JSON Lines (``.jsonl``): one object per line; an
object with ``source`` and ``target`` is an edge, any other a node.

Column names are trimmed and lower-cased, with spaces and dashes turned into ``_``; they may
be any Unicode word that does not start with a digit (``beløp``, ``prosjektår``); labels and
types must match ``^[A-Za-z_][A-Za-z0-9_]*$`` (the model is open: any such label or type is
accepted). A CSV file's delimiter (comma, semicolon — Nordic spreadsheet exports —, tab or
``|``) is found by :class:`csv.Sniffer`; ``.tsv`` is tab-separated; ``.csv.gz`` and ``.tsv.gz``
are read through gzip (see :mod:`loaders.readers.delimited`).

Values are typed by column (see :mod:`loaders.cells`): a property column whose every value is a
whole number holds integers, likewise numbers (``float``), ISO dates (``2024-03-01``) and
``true``/``false``; any other column stays text, and so do ``id``, ``name``, ``aliases`` and
the ends and type of an edge. A header cell ``name:type`` (``code:text``, ``budget:float``,
``since:date``; the types of :data:`loaders.cells.TYPES`, ``list`` split on ``|``) gives the
column's type outright; a cell that does not read as it rejects its row. Empty cells are
dropped. A cell that a spreadsheet-safe CSV export protected with a leading ``'``
(``'=SUM(...)``, ``'+47 ...``, see :mod:`graph.csvcells`) reads as the text it protects. JSON
values stay as given (strings, numbers, booleans, or lists of those), but a field
whose every string is an ISO date holds dates; ``null`` is dropped.

A header that is neither a node nor an edge table is an error that prints the header and says
how to write a mapping (:mod:`loaders.mapping`), which turns any table into nodes and edges.

Errors: a missing required column, or a column name that is not a name, raises
:class:`LoaderError` naming it. A bad row (empty name, label that is not a name, an edge from
a node to itself, too many cells...) is not loaded; it is listed in
``metadata["rejected_rows"]`` as ``{"row": "line 7", "reason": "..."}`` so the build can
report it, and the rest of the file loads. ``metadata["node_rows"]`` and ``["edge_rows"]``
say where each loaded row stands in the file (``"line 3"``, ``"edges[0]"``), parallel to
``nodes`` and ``edges``, for evidence that points at the row.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from nordgraph.graph.csvcells import restore
from nordgraph.graph.errors import LoaderError
from nordgraph.loaders.cells import TYPES, CellError, convert, infer
from nordgraph.loaders.decoding import decode
from nordgraph.loaders.document import document_id
from nordgraph.loaders.readers.delimited import open_delimited
from nordgraph.loaders.registry import TableData, register

__all__ = ["NAME", "check_columns", "clean_edge", "clean_node", "column_name", "kind_of", "read_csv",
           "read_json"]

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: A column (a property's name): any Unicode word, as Cypher writes names without backticks.
COLUMN = re.compile(r"^[^\W\d]\w*$")
Kind = Literal["node", "edge"]
REQUIRED: dict[Kind, tuple[str, ...]] = {"node": ("label", "name"), "edge": ("source", "type", "target")}
#: Names the graph sets itself or takes as arguments, so a column cannot carry them.
RESERVED: dict[Kind, frozenset[str]] = {
    "node": frozenset({"key", "evidence"}),
    "edge": frozenset({"id", "evidence", "rel_type"}),
}
_SCALARS = (str, int, float, bool)
#: Columns that are text whatever they hold: names, keys, and the parts of an edge.
_TEXT_COLUMNS = frozenset({"label", "name", "id", "aliases", "source", "type", "target", "country"})


class _Rejected(Exception):
    """A row that breaks a rule; the reader records it and goes on."""


def column_name(raw: str) -> str:
    """``" Start date"`` -> ``"start_date"``."""
    return re.sub(r"[\s\-]+", "_", raw.strip()).lower()


def typed_column(raw: str) -> tuple[str, str | None]:
    """``"Budget:float"`` -> ``("budget", "float")``; a header cell without a known type after its
    last colon is all name."""
    name, colon, kind = raw.rpartition(":")
    if colon and kind.strip().lower() in TYPES:
        return column_name(name), kind.strip().lower()
    return column_name(raw), None


def kind_of(columns: Iterable[str], header: Iterable[str] | None = None) -> Kind:
    """Node or edge table, by which columns the header has (see the module docstring)."""
    names = set(columns)
    if {"source", "target"} <= names:
        return "edge"
    if not names & {"label", "name"} and names & {"source", "type", "target"}:
        return "edge"
    if names & {"label", "name"}:
        return "node"
    seen = ", ".join(header if header is not None else columns)
    raise LoaderError(f"cannot tell a node table from an edge table: the header is {seen}; a node table has "
                      "label,name and an edge table source,type,target, and any other table needs a mapping "
                      "(a <table name>.mapping.yaml beside it, or build --mapping FILE; see the README's "
                      "'Tables with a mapping')")


def check_columns(kind: Kind, columns: list[str]) -> None:
    """Raise :class:`LoaderError` for a missing, reserved, repeated or malformed column."""
    missing = [c for c in REQUIRED[kind] if c not in columns]
    if missing:
        raise LoaderError(f"{kind} table is missing column {', '.join(map(repr, missing))}")
    for column in columns:
        if not COLUMN.match(column):
            raise LoaderError(f"column {column!r} is not a name (letters, digits and _)")
        if column in RESERVED[kind]:
            raise LoaderError(f"column {column!r} is reserved in a {kind} table")
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise LoaderError(f"column {repeated[0]!r} appears more than once")


def _text(row: dict[str, Any], field: str) -> str:
    value = row.get(field)
    if value is None or value == "":
        raise _Rejected(f"{field} is missing or empty")
    if not isinstance(value, str) or not value.strip():
        raise _Rejected(f"{field} must be non-empty text")
    return value.strip()


def _named(row: dict[str, Any], field: str) -> str:
    value = _text(row, field)
    if not NAME.match(value):
        raise _Rejected(f"{field} {value!r} is not a name (letters, digits and _)")
    return value


def _properties(row: dict[str, Any], kind: Kind) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for key, value in row.items():
        if key in REQUIRED[kind] or key == "aliases" or value is None or value == "":
            continue
        if not COLUMN.match(key) or key in RESERVED[kind]:
            raise _Rejected(f"field {key!r} is not a usable property name")
        if isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value):
            props[key] = value
        elif isinstance(value, _SCALARS):
            props[key] = value.strip() if isinstance(value, str) else value
        else:
            raise _Rejected(f"{key} must be text, a number, a boolean or a list of those")
    return props


def clean_node(row: dict[str, Any]) -> dict[str, Any]:
    """The node row the pipeline adds; raises :class:`_Rejected` saying what is wrong."""
    node: dict[str, Any] = {"label": _named(row, "label"), "name": _text(row, "name")}
    aliases = row.get("aliases")
    if isinstance(aliases, str):
        aliases = aliases.split("|")
    if aliases is not None:
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _Rejected("aliases must be a list of strings or a |-separated string")
        node["aliases"] = [a.strip() for a in aliases if a.strip()]
    props = _properties(row, "node")
    if "id" in props and not isinstance(props["id"], str):
        raise _Rejected("id must be text")
    return {**node, **props}


def clean_edge(row: dict[str, Any]) -> dict[str, Any]:
    """The edge row the pipeline adds; raises :class:`_Rejected` saying what is wrong."""
    edge = {"source": _text(row, "source"), "type": _named(row, "type"), "target": _text(row, "target")}
    if edge["source"] == edge["target"]:
        raise _Rejected(f"edge from {edge['source']!r} to itself")
    return {**edge, **_properties(row, "edge")}


#: ``(where, kind, row)``; a row already known to be bad is the reason why, as text.
Rows = Iterable[tuple[str, Kind, "dict[str, Any] | str"]]


def _collect(table: TableData, rows: Rows) -> TableData:
    rejected: list[dict[str, str]] = []
    found: dict[Kind, list[str]] = {"node": [], "edge": []}
    ids: dict[str, str] = {}  # a node id: where it was first given (a second would be lost in the merge)
    for where, kind, row in rows:
        try:
            if isinstance(row, str):
                raise _Rejected(row)
            if kind == "node":
                node = clean_node(row)
                if "id" in node and node["id"] in ids:
                    raise _Rejected(f"id {node['id']!r} is already the id of the node at {ids[node['id']]}")
                if "id" in node:
                    ids[node["id"]] = where
                table.nodes.append(node)
            else:
                table.edges.append(clean_edge(row))
            found[kind].append(where)
        except _Rejected as exc:
            rejected.append({"row": where, "reason": str(exc)})
    table.metadata["node_rows"], table.metadata["edge_rows"] = found["node"], found["edge"]
    if rejected:
        table.metadata["rejected_rows"] = rejected
    if not table.nodes and not table.edges and not rejected:
        raise LoaderError("no rows")
    return table


def _csv_rows(path: Path, raw: bytes) -> tuple[Rows, str]:
    """The rows of a node or edge table, typed by column (see the module docstring), and the encoding."""
    table = open_delimited(path, raw)
    rows = table.rows()
    header = next(rows, (0, []))[1]
    if not header:
        raise LoaderError("no header line")
    typed = [typed_column(restore(c)) for c in header]
    columns = [name for name, _ in typed]
    kind = kind_of(columns, header)
    check_columns(kind, columns)
    cells: list[tuple[str, dict[str, str] | str]] = []
    for line, values in rows:
        if len(values) > len(columns):
            cells.append((f"line {line}", f"{len(values)} cells for {len(columns)} columns"))
        else:
            cells.append((f"line {line}", {c: restore(v.strip()) for c, v in zip(columns, values) if v.strip()}))
    kinds = {name: given or infer(row[name] for _, row in cells if isinstance(row, dict) and name in row)
             for name, given in typed if name not in _TEXT_COLUMNS}
    return [(where, kind, _converted(row, kinds)) for where, row in cells], table.encoding


def _converted(row: dict[str, Any] | str, kinds: dict[str, str]) -> dict[str, Any] | str:
    """``row`` with each typed cell as its value, or the reason one does not read as its type."""
    if isinstance(row, str):
        return row
    out: dict[str, Any] = {}
    for column, value in row.items():
        kind = kinds.get(column, "text")
        try:
            out[column] = convert(value, kind) if isinstance(value, str) and kind != "text" else value
        except CellError as exc:
            return f"column {column!r}: {exc}"
    return out


@register("csv", ".csv", ".tsv", ".csv.gz", ".tsv.gz")
def read_csv(path: Path, raw: bytes, relative: str) -> TableData:
    """Read a node or edge table from CSV or TSV, gzip'd or not (see the module docstring)."""
    rows, encoding = _csv_rows(path, raw)
    fmt = path.name.lower().removesuffix(".gz").rsplit(".", 1)[-1]
    table = TableData(id=document_id(relative, raw), path=relative, format=fmt, metadata={"encoding": encoding})
    return _collect(table, rows)


def _json_rows(text: str, lines: bool) -> Rows:
    if lines:
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                try:
                    item = json.loads(line, parse_constant=_non_finite)
                except json.JSONDecodeError as exc:
                    yield f"line {number}", "node", f"invalid JSON: {exc.msg} at column {exc.colno}"
                    continue
                except ValueError as exc:
                    yield f"line {number}", "node", f"invalid JSON: {exc}"
                    continue
                yield _json_item(f"line {number}", item, None)
        return
    try:
        data = json.loads(text, parse_constant=_non_finite)
    except json.JSONDecodeError as exc:
        raise LoaderError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except ValueError as exc:
        raise LoaderError(f"invalid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise LoaderError('a JSON table is an object {"nodes": [...], "edges": [...]}')
    unknown = sorted(set(data) - {"nodes", "edges"})
    if unknown:
        raise LoaderError(f"unknown top-level key {unknown[0]!r} (a JSON table has nodes and edges)")
    for key, kind in (("nodes", "node"), ("edges", "edge")):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise LoaderError(f"{key} must be a list of objects")
        for index, item in enumerate(items):
            yield _json_item(f"{key}[{index}]", item, kind)


def _non_finite(constant: str) -> float:
    """Python's JSON reader takes ``NaN`` and ``Infinity``; strict JSON, and so the graph file and
    every tool that reads it, does not."""
    raise ValueError(f"{constant} is not a number JSON allows")


def _json_item(where: str, item: Any, kind: Kind | None) -> tuple[str, Kind, "dict[str, Any] | str"]:
    """One JSON value as a row; without a given kind, source+target make it an edge."""
    if not isinstance(item, dict):
        return where, kind or "node", "not an object"
    return where, kind or ("edge" if {"source", "target"} <= set(item) else "node"), item


@register("json", ".json", ".jsonl")
def read_json(path: Path, raw: bytes, relative: str) -> TableData:
    """Read nodes and edges from JSON or JSON Lines (see the module docstring)."""
    text, encoding = decode(raw)
    lines = path.suffix.lower() == ".jsonl"
    table = TableData(id=document_id(relative, raw), path=relative,
                      format="jsonl" if lines else "json", metadata={"encoding": encoding})
    return _collect(table, _with_dates(list(_json_rows(text, lines))))


def _with_dates(rows: list[tuple[str, Kind, "dict[str, Any] | str"]]) -> Rows:
    """JSON has numbers but no dates: a field whose every string value is an ISO date holds dates."""
    strings: dict[str, list[str]] = {}
    for _, _, row in rows:
        if isinstance(row, dict):
            for key, value in row.items():
                if key not in _TEXT_COLUMNS and isinstance(value, str):
                    strings.setdefault(key, []).append(value)
    dates = {key: "date" for key, values in strings.items() if infer(values) == "date"}
    return [(where, kind, _converted(row, dates)) for where, kind, row in rows]
