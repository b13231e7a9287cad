"""Mappings: how a table whose columns are its own (a CORDIS extract, a national grant register)
becomes nodes and edges, written once as a small YAML file instead of a converter per dataset.

.. code-block:: yaml

    missing: [NA]                       # cells that mean "no value", besides empty ones
    tables:
      h2020.csv.gz:                     # the table's file name (or a pattern: "h2020*.csv*")
        nodes:
          organisation:                 # the mapping's own name for this node; edges use it
            label: Organisation
            key: "pic {pic}"            # optional: what identifies it (default: its name)
            name: "PIC {pic}"           # a column, or a template of columns in braces
            aliases: [short_name]       # optional: columns or templates
            country: country            # optional: a LOCATED_IN edge (name, native name or ISO code)
            properties:
              pic: {column: pic, type: int}
              kind: type                # a plain column is text
          project:
            label: Project
            key: "rcn {rcn}"
            name: "H2020 project {rcn}"
            properties:
              start_date: {column: start_date, type: date}                 # YYYY-MM-DD
              signed: {column: signed, type: date, format: "%d.%m.%Y %H:%M"}
              start_year: {column: start_year, type: int}
              topics: {column: topics, type: list, separator: ";"}
        edges:
          - from: organisation
            to: project
            type: {column: role, values: {coordinator: LEADS, participant: PARTNER_IN}}
            properties:
              contribution: {column: contribution, type: float}
      programme_parts.csv.gz:           # one mapping joins several tables: the same key is one node
        nodes:
          project: {label: Project, key: "rcn {rcn}", name: "H2020 project {rcn}"}
          programme: {label: Programme, name: "H2020 {programme_part}"}
        edges:
          - {from: project, type: FUNDED_BY, to: programme}

A value is a column's name (any Unicode, as the header has it), a template (``"PIC {pic}"``),
or a map: ``{column: C}``, ``{template: T}`` or ``{value: constant}``, with ``type`` (text, int,
float, bool, date, list), ``format`` (a ``strptime`` format for dates), ``separator`` and
``item`` (the type of a list's items), ``values`` (a map from the cell to what it stands for)
and ``missing`` (this column's no-value cells). A headerless table's columns are numbered
from 1. ``delimiter``, ``encoding`` and ``header`` (true/false) override what is detected.

Everything is checked before a row is read: an unknown key, label or relation type, or a
column the table lacks, is an error naming the mapping file and line. A cell that does not
read as its type, or a value its map lacks, refuses the whole table (naming its line and
column): a table loads whole or not at all.
"""
from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nordgraph.graph.errors import LoaderError
from nordgraph.graph.model import NODE_LABELS, RELATION_TYPES
from nordgraph.loaders import bounded_yaml
from nordgraph.loaders.cells import TYPES, CellError, convert

__all__ = ["MAPPING_SUFFIXES", "EdgeSpec", "Field", "MappingError", "MappingFile", "NodeSpec",
           "TableMapping", "is_mapping_file", "load_mapping", "parse_mapping"]

MAPPING_SUFFIXES = (".mapping.yaml", ".mapping.yml")
_TEMPLATE = re.compile(r"\{([^{}]+)\}")
#: A property name Cypher can write without backticks (any Unicode letter).
_PROPERTY = re.compile(r"[^\W\d]\w*")
_RESERVED = {"node": {"id", "name", "aliases", "evidence", "country", "label"},
             "edge": {"id", "evidence", "source", "target", "type"}}
_TOP_KEYS = {"tables", "missing"}
_TABLE_KEYS = {"nodes", "edges", "missing", "delimiter", "encoding", "header"}
_NODE_KEYS = {"label", "key", "name", "aliases", "country", "properties"}
_EDGE_KEYS = {"from", "to", "type", "properties"}
_FIELD_KEYS = {"column", "template", "value", "type", "format", "separator", "item", "values", "missing"}


class MappingError(LoaderError):
    """A mapping file that cannot be used, or a table it refuses; the message names file, line and column."""


def is_mapping_file(path: Path) -> bool:
    return path.name.lower().endswith(MAPPING_SUFFIXES)


@dataclass(frozen=True)
class Field:
    """Where one value of a row comes from: a column, a template of columns, or a constant."""

    where: str
    column: str | None = None
    template: str | None = None
    value: Any = None
    type: str = "text"
    format: str | None = None
    separator: str = "|"
    item: str = "text"
    values: Mapping[str, Any] | None = None
    missing: frozenset[str] | None = None

    def columns(self) -> list[str]:
        if self.column is not None:
            return [self.column]
        return _TEMPLATE.findall(self.template) if self.template is not None else []

    def read(self, row: Mapping[str, str], missing: frozenset[str]) -> Any:
        """The value in ``row`` (None when a cell it needs is missing); :class:`CellError` naming the column."""
        if self.column is None and self.template is None:
            return None if self.value is None else convert(str(self.value), self.type, fmt=self.format,
                                                           separator=self.separator, item=self.item)
        absent = self.missing if self.missing is not None else missing
        if self.template is not None:
            cells = {c: row.get(c, "").strip() for c in self.columns()}
            if any(not v or v in absent for v in cells.values()):
                return None
            text = _TEMPLATE.sub(lambda m: cells[m.group(1)], self.template)
        else:
            text = row.get(self.column, "").strip()
            if not text or text in absent:
                return None
        if self.values is not None:
            if text not in self.values:
                raise CellError(f"{text!r} is not one of the values the mapping names "
                                f"({', '.join(map(str, self.values))}; {self.where})")
            mapped = self.values[text]
            return None if mapped is None else convert(str(mapped), self.type, fmt=self.format,
                                                       separator=self.separator, item=self.item)
        return convert(text, self.type, fmt=self.format, separator=self.separator, item=self.item)


@dataclass(frozen=True)
class NodeSpec:
    """One node a row gives."""

    name: str
    label: str
    title: Field
    where: str
    key: Field | None = None
    aliases: tuple[Field, ...] = ()
    country: Field | None = None
    properties: Mapping[str, Field] = field(default_factory=dict)

    def fields(self) -> Iterator[Field]:
        yield self.title
        yield from (f for f in (self.key, self.country) if f is not None)
        yield from self.aliases
        yield from self.properties.values()


@dataclass(frozen=True)
class EdgeSpec:
    """One edge a row gives, between two of its nodes; its type a constant or a column's mapped value."""

    source: str
    target: str
    type: Field
    where: str
    properties: Mapping[str, Field] = field(default_factory=dict)

    def fields(self) -> Iterator[Field]:
        yield self.type
        yield from self.properties.values()


@dataclass(frozen=True)
class TableMapping:
    """The part of a mapping file for one table (or every table whose name matches ``pattern``)."""

    pattern: str
    source: str
    where: str
    nodes: tuple[NodeSpec, ...]
    edges: tuple[EdgeSpec, ...] = ()
    missing: frozenset[str] = frozenset()
    delimiter: str | None = None
    encoding: str | None = None
    header: bool | None = None

    def matches(self, filename: str) -> bool:
        return fnmatch.fnmatchcase(filename, self.pattern)

    def fields(self) -> Iterator[Field]:
        for spec in (*self.nodes, *self.edges):
            yield from spec.fields()

    def check_columns(self, columns: list[str], table: str) -> None:
        """:class:`MappingError` for the first column the mapping reads that the table lacks."""
        have = set(columns)
        for spec_field in self.fields():
            for column in spec_field.columns():
                if column not in have:
                    raise MappingError(f"{spec_field.where}: column {column!r} is not in {table} "
                                       f"(its columns: {', '.join(columns)})")

    def columns(self) -> set[str]:
        return {c for f in self.fields() for c in f.columns()}


@dataclass(frozen=True)
class MappingFile:
    path: str
    tables: tuple[TableMapping, ...]

    def entry_for(self, filename: str) -> TableMapping | None:
        return next((t for t in self.tables if t.matches(filename)), None)


def load_mapping(path: str | Path) -> MappingFile:
    """Read and check the mapping file at ``path``; :class:`MappingError` naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"cannot read mapping file {path}: {exc}") from exc
    return parse_mapping(text, str(path))


def parse_mapping(text: str, source: str = "<mapping>") -> MappingFile:
    try:
        root, data = bounded_yaml.load(text)
    except bounded_yaml.InvalidYAML as exc:
        raise MappingError(exc.located(source)) from exc
    lines = _Lines(source, root)
    top = _mapping(data, lines, ())
    _known_keys(top, _TOP_KEYS, lines, ())
    tables = _mapping(top.get("tables"), lines, ("tables",), "tables: a map from a table's file name to its mapping")
    if not tables:
        raise MappingError(f"{lines.at(('tables',))}: tables names no table")
    missing = _missing(top.get("missing", []), lines, ("missing",))
    return MappingFile(source, tuple(_table(str(name), spec, lines, missing) for name, spec in tables.items()))


class _Lines:
    """Where each value of the file is (``file:line``), by its path of keys and list indexes."""

    def __init__(self, source: str, root: yaml.Node | None):
        self.source = source
        self.lines: dict[tuple[Any, ...], int] = {}
        if root is not None:
            self._walk(root, ())

    def _walk(self, node: yaml.Node, path: tuple[Any, ...]) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self._walk(value, (*path, getattr(key, "value", None)))
                self.lines[(*path, getattr(key, "value", None))] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                self._walk(value, (*path, index))

    def at(self, path: tuple[Any, ...]) -> str:
        while path and path not in self.lines:
            path = path[:-1]
        return f"{self.source}:{self.lines.get(path, 1)}"


def _error(lines: _Lines, path: tuple[Any, ...], message: str) -> MappingError:
    return MappingError(f"{lines.at(path)}: {message}")


def _mapping(value: Any, lines: _Lines, path: tuple[Any, ...], what: str = "a map of keys") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _error(lines, path, f"expected {what}, got {type(value).__name__}")
    return value


def _known_keys(value: dict[str, Any], allowed: set[str], lines: _Lines, path: tuple[Any, ...]) -> None:
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise _error(lines, (*path, unknown[0]),
                     f"unknown key {unknown[0]!r}; allowed here: {', '.join(sorted(allowed))}")


def _missing(value: Any, lines: _Lines, path: tuple[Any, ...]) -> frozenset[str]:
    if isinstance(value, (str, int, float)):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise _error(lines, path, "missing: a list of cell values that mean 'no value'")
    return frozenset(str(v) for v in value)


def _table(name: str, spec: Any, lines: _Lines, missing: frozenset[str]) -> TableMapping:
    path: tuple[Any, ...] = ("tables", name)
    spec = _mapping(spec, lines, path, f"the mapping of table {name!r}")
    _known_keys(spec, _TABLE_KEYS, lines, path)
    nodes = _mapping(spec.get("nodes"), lines, (*path, "nodes"), "nodes: a map from a name to a node")
    if not nodes:
        raise _error(lines, (*path, "nodes"), "nodes names no node")
    node_specs = tuple(_node(str(n), s, lines, (*path, "nodes", n)) for n, s in nodes.items())
    edges = spec.get("edges", [])
    if not isinstance(edges, list):
        raise _error(lines, (*path, "edges"), "edges: a list of edges")
    edge_specs = tuple(_edge(e, lines, (*path, "edges", i), set(nodes)) for i, e in enumerate(edges))
    options: dict[str, Any] = {}
    for key in ("delimiter", "encoding"):
        if key in spec:
            if not isinstance(spec[key], str) or not spec[key] or (key == "delimiter" and len(spec[key]) != 1):
                raise _error(lines, (*path, key), f"{key}: {'one character' if key == 'delimiter' else 'a name'}")
            options[key] = spec[key]
    if "header" in spec:
        if not isinstance(spec["header"], bool):
            raise _error(lines, (*path, "header"), "header: true or false")
        options["header"] = spec["header"]
    if "missing" in spec:
        missing = _missing(spec["missing"], lines, (*path, "missing"))
    return TableMapping(name, lines.source, lines.at(path), node_specs, edge_specs, missing, **options)


def _node(name: str, spec: Any, lines: _Lines, path: tuple[Any, ...]) -> NodeSpec:
    spec = _mapping(spec, lines, path, f"node {name!r}: a map with label and name")
    _known_keys(spec, _NODE_KEYS, lines, path)
    label = spec.get("label")
    if label not in NODE_LABELS:
        raise _error(lines, (*path, "label"), f"label {label!r} is not a node label; known: {', '.join(NODE_LABELS)}")
    if "name" not in spec:
        raise _error(lines, path, f"node {name!r} has no name (a column or a template)")
    aliases = spec.get("aliases", [])
    if not isinstance(aliases, list):
        aliases = [aliases]
    props = _properties(spec.get("properties", {}), lines, (*path, "properties"), "node")
    return NodeSpec(
        name, label, _field(spec["name"], lines, (*path, "name")), lines.at(path),
        key=_field(spec["key"], lines, (*path, "key")) if "key" in spec else None,
        aliases=tuple(_field(a, lines, (*path, "aliases", i)) for i, a in enumerate(aliases)),
        country=_field(spec["country"], lines, (*path, "country")) if "country" in spec else None,
        properties=props)


def _edge(spec: Any, lines: _Lines, path: tuple[Any, ...], nodes: set[str]) -> EdgeSpec:
    spec = _mapping(spec, lines, path, "an edge: a map with from, type and to")
    _known_keys(spec, _EDGE_KEYS, lines, path)
    ends = []
    for key in ("from", "to"):
        if spec.get(key) not in nodes:
            raise _error(lines, (*path, key), f"{key}: {spec.get(key)!r} is none of this table's nodes "
                                              f"({', '.join(sorted(nodes))})")
        ends.append(str(spec[key]))
    given = spec.get("type")
    if isinstance(given, str):
        rel_type = Field(lines.at((*path, "type")), value=given)
        named = [given]
    else:
        rel_type = _field(given, lines, (*path, "type"))
        if rel_type.values is None:
            raise _error(lines, (*path, "type"), "type: a relation type, or {column: C, values: {cell: TYPE}}")
        named = [str(v) for v in rel_type.values.values()]
    for value in named:
        if value not in RELATION_TYPES:
            raise _error(lines, (*path, "type"), f"relation type {value!r} is unknown; known: {', '.join(RELATION_TYPES)}")
    props = _properties(spec.get("properties", {}), lines, (*path, "properties"), "edge")
    return EdgeSpec(ends[0], ends[1], rel_type, lines.at(path), props)


def _properties(spec: Any, lines: _Lines, path: tuple[Any, ...], kind: str) -> dict[str, Field]:
    spec = _mapping(spec, lines, path, "properties: a map from a property's name to its value")
    props = {}
    for name, value in spec.items():
        if not isinstance(name, str) or not _PROPERTY.fullmatch(name):
            raise _error(lines, (*path, name), f"property {name!r} is not a name (letters, digits and _)")
        if name in _RESERVED[kind]:
            raise _error(lines, (*path, name), f"property {name!r} is reserved on an {kind}")
        props[name] = _field(value, lines, (*path, name))
    return props


def _field(spec: Any, lines: _Lines, path: tuple[Any, ...]) -> Field:
    where = lines.at(path)
    if isinstance(spec, (str, int)) and not isinstance(spec, bool):
        text = str(spec)
        return Field(where, template=text) if _TEMPLATE.search(text) else Field(where, column=text)
    if not isinstance(spec, dict):
        raise _error(lines, path, f"expected a column, a template or a map, got {spec!r}")
    _known_keys(spec, _FIELD_KEYS, lines, path)
    sources = [k for k in ("column", "template", "value") if k in spec]
    if len(sources) != 1:
        raise _error(lines, path, "give exactly one of column, template and value")
    for key in ("type", "item"):
        if spec.get(key, "text") not in TYPES or (key == "item" and spec.get(key) == "list"):
            raise _error(lines, (*path, key), f"{key} {spec[key]!r} is unknown; known: {', '.join(TYPES)}")
    values = spec.get("values")
    if values is not None and not isinstance(values, dict):
        raise _error(lines, (*path, "values"), "values: a map from a cell's text to what it stands for")
    constants = [spec.get("value"), *(values or {}), *(values or {}).values()]
    if spec.get("type", "text") != "bool" and any(isinstance(v, bool) for v in constants):
        raise _error(lines, path, "YAML reads NO, yes, on and off as true or false: quote them (\"NO\") "
                                  "where they are text")
    made = Field(
        where, column=str(spec["column"]) if "column" in spec else None,
        template=str(spec["template"]) if "template" in spec else None, value=spec.get("value"),
        type=spec.get("type", "text"), format=spec.get("format"), separator=str(spec.get("separator", "|")),
        item=spec.get("item", "text"),
        values={str(k): v for k, v in values.items()} if values is not None else None,
        missing=_missing(spec["missing"], lines, (*path, "missing")) if "missing" in spec else None)
    if made.value is not None:
        try:
            convert(str(made.value), made.type, fmt=made.format, separator=made.separator, item=made.item)
        except CellError as exc:
            raise _error(lines, (*path, "value"), str(exc)) from exc
    return made
