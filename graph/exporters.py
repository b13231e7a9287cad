"""Graph exports by format name (``@exporter("graphml")``); ``nordgraph export`` looks them up.

GraphML and GEXF follow the conventions of :mod:`graph.graphxml` (label = name, typed
attributes). The CSV export writes ``nodes.csv`` and ``edges.csv`` in the columns the
structured-table reader reads back (evidence stays in the JSON export); text cells a spreadsheet
would run as a formula get a leading ``'`` (:mod:`graph.csvcells`), which the reader takes off.
JSON is written with control characters as ``\\uXXXX`` escapes (:func:`graph.values.json_text`).
"""
from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nordgraph.graph.csvcells import neutralise
from nordgraph.graph.errors import StoreError, UnknownNameError
from nordgraph.graph.graphxml import gexf_text, graphml_text
from nordgraph.graph.jsonfile import atomic_write_text, graph_to_data
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.temporal import TEMPORAL_TYPES
from nordgraph.graph.values import json_text, storable

Exporter = Callable[[KnowledgeGraph, Path], None]
_EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str) -> Callable[[Exporter], Exporter]:
    def decorate(function: Exporter) -> Exporter:
        _EXPORTERS[name] = function
        return function

    return decorate


def exporters() -> dict[str, Exporter]:
    _load_plugins()
    return dict(_EXPORTERS)


def export(kg: KnowledgeGraph, fmt: str, output: str | Path, *, raw_csv: bool = False) -> None:
    """Write ``kg`` to ``output`` in format ``fmt``; ``raw_csv`` keeps formula-like cells of the
    csv export as they are (see :func:`write_csv`)."""
    found = exporters()
    if fmt not in found:
        raise UnknownNameError("export format", fmt, list(found))
    if raw_csv and fmt != "csv":
        raise StoreError(f"raw CSV cells (--raw-csv) only apply to the csv export, not {fmt}")
    write = functools.partial(write_csv, raw=True) if raw_csv else found[fmt]
    write(kg, Path(output))


def _load_plugins() -> None:
    """Exporters that live with their backend register on import."""
    import nordgraph.graph.neo4j.exports  # noqa: F401  (registers neo4j-admin and cypher)


@exporter("json")
def write_json(kg: KnowledgeGraph, output: Path) -> None:
    atomic_write_text(output, json_text(graph_to_data(kg), indent=1))


@exporter("graphml")
def write_graphml(kg: KnowledgeGraph, output: Path) -> None:
    atomic_write_text(output, graphml_text(kg))


@exporter("gexf")
def write_gexf(kg: KnowledgeGraph, output: Path) -> None:
    atomic_write_text(output, gexf_text(kg))


@exporter("csv")
def write_csv(kg: KnowledgeGraph, output: Path, raw: bool = False) -> None:
    """``output`` is a folder; it receives ``nodes.csv`` and ``edges.csv``.

    The columns are the ones the structured-table reader reads (``id,label,name,aliases`` and
    properties; ``source,type,target`` and properties), so the export builds back into a graph.
    Evidence is not written (a spreadsheet cannot hold it usefully; the JSON export has it), and
    a node with several labels is written with its first. Text cells that start like a formula
    get a leading ``'`` unless ``raw``; numbers are written as numbers.
    """
    if output.exists() and not output.is_dir():
        raise StoreError(f"the CSV export writes a folder (nodes.csv, edges.csv); {output} is a file")
    output.mkdir(parents=True, exist_ok=True)
    node_rows = []
    for key, data in kg.nx.nodes(data=True):
        row = {"id": key, "label": data["labels"][0] if data["labels"] else ""}
        row.update(_flat({k: v for k, v in data["props"].items() if k not in ("id", "evidence")}))
        node_rows.append(row)
    edge_rows = []
    for source, target, _, data in kg.nx.edges(keys=True, data=True):
        row = {"source": source, "type": data["type"], "target": target}
        row.update(_flat({k: v for k, v in data["props"].items() if k not in ("id", "evidence")}))
        edge_rows.append(row)
    _write_table(output / "nodes.csv", ["id", "label", "name", "aliases"], node_rows, raw)
    _write_table(output / "edges.csv", ["source", "type", "target"], edge_rows, raw)


def _flat(props: dict[str, Any]) -> dict[str, Any]:
    """Table cells: temporal values as ISO text, lists joined with ``|`` as the table reader splits them."""
    flat: dict[str, Any] = {}
    for key, value in props.items():
        value = storable(value)
        if isinstance(value, TEMPORAL_TYPES):
            value = str(value)
        if isinstance(value, list):
            value = "|".join(str(v) for v in value)
        if value is not None:
            flat[key] = value
    return flat


def _write_table(path: Path, first: list[str], rows: list[dict[str, Any]], raw: bool) -> None:
    columns = list(first)
    for row in rows:
        columns.extend(c for c in row if c not in columns)

    def cell(value: Any) -> Any:
        return neutralise(value) if isinstance(value, str) and not raw else value

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([cell(c) for c in columns])
    writer.writerows([cell(row.get(c, "")) for c in columns] for row in rows)
    atomic_write_text(path, buffer.getvalue())
