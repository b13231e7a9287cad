"""Graph exports by format name (``@exporter("graphml")``); ``nordgraph export`` looks them up.

GraphML and GEXF follow the conventions of :mod:`graph.graphxml` (label = name, typed
attributes). The CSV export writes ``nodes.csv`` and ``edges.csv`` in the columns the
structured-table reader reads back (evidence stays in the JSON export).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nordgraph.graph.errors import StoreError, UnknownNameError
from nordgraph.graph.graphxml import gexf_text, graphml_text
from nordgraph.graph.jsonfile import atomic_write_text, graph_to_data
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.temporal import TEMPORAL_TYPES
from nordgraph.graph.values import storable

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


def export(kg: KnowledgeGraph, fmt: str, output: str | Path) -> None:
    """Write ``kg`` to ``output`` in format ``fmt``."""
    found = exporters()
    if fmt not in found:
        raise UnknownNameError("export format", fmt, list(found))
    found[fmt](kg, Path(output))


def _load_plugins() -> None:
    """Exporters that live with their backend register on import."""
    import nordgraph.graph.neo4j.exports  # noqa: F401  (registers neo4j-admin and cypher)


@exporter("json")
def write_json(kg: KnowledgeGraph, output: Path) -> None:
    atomic_write_text(output, json.dumps(graph_to_data(kg), ensure_ascii=False, indent=1))


@exporter("graphml")
def write_graphml(kg: KnowledgeGraph, output: Path) -> None:
    atomic_write_text(output, graphml_text(kg))


@exporter("gexf")
def write_gexf(kg: KnowledgeGraph, output: Path) -> None:
    atomic_write_text(output, gexf_text(kg))


@exporter("csv")
def write_csv(kg: KnowledgeGraph, output: Path) -> None:
    """``output`` is a folder; it receives ``nodes.csv`` and ``edges.csv``.

    The columns are the ones the structured-table reader reads (``id,label,name,aliases`` and
    properties; ``source,type,target`` and properties), so the export builds back into a graph.
    Evidence is not written (a spreadsheet cannot hold it usefully; the JSON export has it), and
    a node with several labels is written with its first.
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
    _write_table(output / "nodes.csv", ["id", "label", "name", "aliases"], node_rows)
    _write_table(output / "edges.csv", ["source", "type", "target"], edge_rows)


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


def _write_table(path: Path, first: list[str], rows: list[dict[str, Any]]) -> None:
    columns = list(first)
    for row in rows:
        columns.extend(c for c in row if c not in columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write_text(path, buffer.getvalue())
