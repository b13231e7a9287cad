"""A table read through its mapping (:mod:`loaders.mapping`): rows to the nodes and edges the
pipeline adds, as :class:`TableData`.

Rows name the same node again and again (a project in each of its participations), so nodes are
gathered by key while reading: a node holds the properties of the first row that names it (a later
row adds only those it lacks), the aliases and countries of all, and as evidence the first row
that named it. Edges are gathered the same way, by their ends and type (every project of a
programme part says the part belongs to Horizon 2020: one edge, with the first such row as evidence). The table loads whole or not at all: a cell
that does not read as its type, or a value the mapping's ``values`` lack, refuses it, naming the
line and the column. A row that lacks what identifies a node (an empty key column) gives neither
that node nor its edges; the build lists those lines.
"""
from __future__ import annotations

from itertools import chain
from pathlib import Path
from typing import Any

from nordgraph.graph.errors import LoaderError
from nordgraph.graph.model import node_id
from nordgraph.loaders.cells import CellError
from nordgraph.loaders.document import document_id
from nordgraph.loaders.mapping import Field, MappingError, TableMapping
from nordgraph.loaders.readers.delimited import open_delimited
from nordgraph.loaders.registry import TableData

__all__ = ["read_mapped"]

#: Lines listed by name in a report of rows left out; the rest are counted.
_LINES_SHOWN = 5


def read_mapped(path: Path, raw: bytes, relative: str, mapping: TableMapping) -> TableData:
    """The nodes and edges ``mapping`` makes of the table in ``raw``; :class:`MappingError` refuses it."""
    table = open_delimited(path, raw, delimiter=mapping.delimiter, encoding=mapping.encoding)
    rows = table.rows()
    first = next(rows, None)
    if first is None:
        raise LoaderError("no rows")
    cells = [c.strip() for c in first[1]]
    headed = mapping.header
    if headed is None:
        headed = mapping.columns() <= set(cells) or table.looks_headed()
    columns = cells if headed else [str(n) for n in range(1, len(cells) + 1)]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise MappingError(f"{relative}: column {repeated[0]!r} appears more than once in the header")
    mapping.check_columns(columns, relative)
    gatherer = _Gatherer(mapping, relative)
    for line, values in rows if headed else chain([first], rows):
        if len(values) > len(columns):
            raise MappingError(f"{relative} line {line}: {len(values)} cells for {len(columns)} columns; "
                               "nothing of the table was loaded")
        gatherer.add(line, dict(zip(columns, values)))
    data = TableData(id=document_id(relative, raw), path=relative,
                     format=path.name.lower().removesuffix(".gz").rsplit(".", 1)[-1],
                     metadata={"encoding": table.encoding, "mapping": f"{mapping.source} ({mapping.pattern})"})
    return gatherer.into(data)


class _Gatherer:
    """Nodes by key and edges by row, as the rows come."""

    def __init__(self, mapping: TableMapping, relative: str):
        self.mapping, self.relative = mapping, relative
        self.nodes: dict[str, dict[str, Any]] = {}
        self.node_rows: dict[str, str] = {}
        self.edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.edge_rows: dict[tuple[str, str, str], str] = {}
        self.names: dict[str, str] = {}
        self.gaps: dict[str, list[int]] = {}
        self._keys: dict[tuple[str, str], str] = {}

    def read(self, spec_field: Field, row: dict[str, str], line: int) -> Any:
        try:
            return spec_field.read(row, self.mapping.missing)
        except CellError as exc:
            columns = ", ".join(map(repr, spec_field.columns())) or "(constant)"
            raise MappingError(f"{self.relative} line {line}, column {columns}: {exc} "
                               f"(mapping {spec_field.where}); nothing of the table was loaded") from exc

    def add(self, line: int, row: dict[str, str]) -> None:
        keys: dict[str, str] = {}
        for spec in self.mapping.nodes:
            name = self.read(spec.title, row, line)
            ident = self.read(spec.key, row, line) if spec.key is not None else name
            props = {p: self.read(f, row, line) for p, f in spec.properties.items()}
            aliases = [str(a) for a in (self.read(f, row, line) for f in spec.aliases) if a is not None]
            country = self.read(spec.country, row, line) if spec.country is not None else None
            if name is None or ident is None:
                given = spec.title if name is None else spec.key
                self.gaps.setdefault(f"no {spec.name} node: {_describe(given)} is empty or missing; its edges "
                                     "are left out too", []).append(line)
                continue
            key = self._key(spec.label, str(ident))
            keys[spec.name] = key
            self.names.setdefault(key, str(name))
            node = self.nodes.get(key)
            if node is None:
                node = self.nodes[key] = {"label": spec.label, "name": str(name), "id": key,
                                          "aliases": [], "country": []}
                self.node_rows[key] = f"line {line}"
            for prop, value in props.items():
                if value is not None and prop not in node:
                    node[prop] = value
            node["aliases"].extend(a for a in aliases if a != node["name"] and a not in node["aliases"])
            if country is not None and str(country) not in node["country"]:
                node["country"].append(str(country))
        for edge in self.mapping.edges:
            rel_type = self.read(edge.type, row, line)
            props = {p: self.read(f, row, line) for p, f in edge.properties.items()}
            source, target = keys.get(edge.source), keys.get(edge.target)
            if source is None or target is None:
                continue
            if rel_type is None or source == target:
                reason = (f"no edge from {edge.source} to {edge.target}: {_describe(edge.type)} is empty or missing" if rel_type is None
                          else f"{edge.source} and {edge.target} are one node; no {rel_type} edge")
                self.gaps.setdefault(reason, []).append(line)
                continue
            found = self.edges.get((source, rel_type, target))
            if found is None:
                found = self.edges[(source, rel_type, target)] = {"source": source, "type": rel_type,
                                                                  "target": target}
                self.edge_rows[(source, rel_type, target)] = f"line {line}"
            for prop, value in props.items():
                if value is not None and prop not in found:
                    found[prop] = value

    def _key(self, label: str, ident: str) -> str:
        key = self._keys.get((label, ident))
        if key is None:
            key = self._keys[(label, ident)] = node_id(label, ident)
        return key

    def into(self, table: TableData) -> TableData:
        for node in self.nodes.values():
            for listed in ("aliases", "country"):
                if not node[listed]:
                    del node[listed]
        table.nodes = list(self.nodes.values())
        table.metadata["node_rows"] = list(self.node_rows.values())
        table.edges, table.metadata["edge_rows"] = list(self.edges.values()), list(self.edge_rows.values())
        table.metadata["edge_quotes"] = [f"{self.names[s]} {t} {self.names[o]}" for s, t, o in self.edges]
        if self.gaps:
            table.metadata["rejected_rows"] = [{"row": _lines(lines), "reason": reason}
                                               for reason, lines in self.gaps.items()]
        if not table.nodes:
            raise LoaderError("no row gives a node")
        return table


def _describe(spec_field: Field) -> str:
    return " or ".join(spec_field.columns()) or "its value"


def _lines(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:_LINES_SHOWN]))
    more = len(lines) - _LINES_SHOWN
    return f"line{'s' if len(lines) > 1 else ''} {shown}" + (f" and {more:,} more" if more > 0 else "")
