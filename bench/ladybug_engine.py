"""The bench graph in LadybugDB (embedded C++, a Kuzu fork), to time the same queries against.

LadybugDB is schema-first: a node table per label with typed columns and a relationship table
per type naming its (from, to) label pairs. The schema is read off the graph (scalar properties
only: the list-valued ``aliases`` / ``evidence`` are not queried), the rows are written to CSV
files in a temporary folder and bulk-loaded with ``COPY``, the fast path of its loader. The module
is named apart from the ``ladybug`` package so that running ``bench/query.py`` as a script,
which puts ``bench/`` on ``sys.path``, cannot shadow it.
"""
from __future__ import annotations

import csv
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from nordgraph.graph.model import KnowledgeGraph

__all__ = ["LadybugGraph"]

_TYPES = {bool: "BOOLEAN", int: "INT64", float: "DOUBLE", str: "STRING"}


def _columns(records: list[dict[str, Any]]) -> dict[str, str]:
    """Property name -> Ladybug column type, for the scalar properties these records carry."""
    columns: dict[str, str] = {}
    for props in records:
        for key, value in props.items():
            if type(value) in _TYPES and key != "id":
                columns.setdefault(key, _TYPES[type(value)])
    return columns


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


class LadybugGraph:
    """An in-memory LadybugDB database holding a copy of ``kg`` and one connection to it."""

    def __init__(self, kg: KnowledgeGraph, threads: int = 1, timeout_s: float = 120.0):
        import ladybug

        self.version = ladybug.__version__ if hasattr(ladybug, "__version__") else "?"
        self.db = ladybug.Database(None, max_num_threads=threads)
        self.conn = ladybug.Connection(self.db, num_threads=threads)
        self.conn.set_query_timeout(int(timeout_s * 1000))
        with tempfile.TemporaryDirectory(prefix="nordgraph-ladybug-") as folder:
            self._load(kg, Path(folder))

    def _load(self, kg: KnowledgeGraph, folder: Path) -> None:
        by_label: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        label_of: dict[str, str] = {}
        for key, data in kg.nx.nodes(data=True):
            label = data["labels"][0]  # the bench graph gives every node one label
            by_label[label].append((key, data["props"]))
            label_of[key] = label
        for label, nodes in by_label.items():
            columns = _columns([props for _, props in nodes])
            spec = ", ".join(f"`{c}` {t}" for c, t in columns.items())
            self.conn.execute(f"CREATE NODE TABLE `{label}`(id STRING PRIMARY KEY{', ' + spec if spec else ''})")
            path = folder / f"node-{label}.csv"
            _write(path, ["id", *columns], [[key, *(props.get(c) for c in columns)] for key, props in nodes])
            self.conn.execute(f"COPY `{label}` FROM '{path}' (header=true)")
        by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
        for source, target, data in kg.nx.edges(data=True):
            by_type[data["type"]].append((source, target, data["props"]))
        for rel_type, edges in by_type.items():
            columns = _columns([props for _, _, props in edges])
            pairs = sorted({(label_of[s], label_of[t]) for s, t, _ in edges})
            ends = ", ".join(f"FROM `{a}` TO `{b}`" for a, b in pairs)
            spec = "".join(f", `{c}` {t}" for c, t in columns.items())
            self.conn.execute(f"CREATE REL TABLE `{rel_type}`({ends}{spec})")
            for a, b in pairs:
                path = folder / f"rel-{rel_type}-{a}-{b}.csv"
                _write(path, ["from", "to", *columns],
                       [[s, t, *(props.get(c) for c in columns)] for s, t, props in edges
                        if label_of[s] == a and label_of[t] == b])
                extra = f", from='{a}', to='{b}'" if len(pairs) > 1 else ""
                self.conn.execute(f"COPY `{rel_type}` FROM '{path}' (header=true{extra})")

    def run(self, text: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The rows of ``text`` with ``params`` (only the parameters it names: Ladybug refuses others)."""
        used = {k: v for k, v in params.items() if f"${k}" in text}
        result = self.conn.execute(text, used)
        return [tuple(row) for row in result.get_all()]
