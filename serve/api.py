"""What the workbench's HTTP endpoints answer, as plain functions over a :class:`GraphStore`.

Kept apart from the web framework (``serve.app`` only routes), so each answer is testable on
its own and the same on the embedded store and Neo4j. Answers are JSON-ready data; document
text in them stays text: the page writes it with ``textContent``.
"""
from __future__ import annotations

import itertools
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.exporters import write_graphml
from nordgraph.graph.model import RELATION_TYPES
from nordgraph.graph.store import EmbeddedStore, GraphStore, QueryResult, checked_query, refuse_writes
from nordgraph.graph.viz import render_html, result_subgraph
from nordgraph.graph.viz.select import graph_values
from nordgraph.loaders.curation import (
    Ref,
    record_add,
    record_and_apply,
    record_drop,
    record_merge,
    record_rename,
    record_retype,
)
from nordgraph.queries.describe import describe
from nordgraph.queries.registry import canned_queries, run_canned
from nordgraph.queries.render import json_records, render_query_json, render_rows
from nordgraph.serve.charts import chart_spec

#: Rows sent to the page per result (downloads give them all).
PAGE_ROWS = 1000
#: Results kept for the graph view and downloads (older ones must be run again).
KEPT_RESULTS = 20
DOWNLOADS = {"csv": "text/csv", "json": "application/json", "graphml": "application/xml"}
WRITE_SWITCH = "switch on 'Allow writes' in the page"
CURATIONS = ("merge", "rename", "retype", "drop", "confirm")
_EXPAND = """
MATCH p = (n {id: $id})-[r]-(m)
WHERE type(r) IN $types
RETURN p
LIMIT $limit
"""
EXPAND_LIMIT = 500


@dataclass
class Kept:
    """One result the page may draw or download again."""

    title: str
    result: QueryResult


class Workbench:
    """The store, the overrides file and the recent results behind one ``nordgraph serve``.

    One lock serialises store access: the embedded store holds one in-memory graph and the
    server answers requests from a pool of threads.
    """

    def __init__(self, store: GraphStore, overrides: Path):
        self.store = store
        self.overrides = overrides
        self._lock = threading.Lock()
        self._results: OrderedDict[str, Kept] = OrderedDict()
        self._ids = itertools.count(1)
        self._charts: dict[str, tuple[tuple[int, int, int], dict[str, Any]]] = {}

    # -- what the editor and forms need --------------------------------------------------------
    def schema(self) -> dict[str, Any]:
        """Names for completion and the canned queries' forms (typed parameters from their headers)."""
        with self._lock:
            held = self.store.schema()
        return {"labels": sorted(held.labels), "types": sorted(held.types), "keys": sorted(held.keys),
                "relationTypes": list(RELATION_TYPES), "curations": list(CURATIONS),
                "store": self.store.description,
                "canned": [{"name": q.name, "kind": q.kind, "description": q.description,
                            "parameters": [p.as_dict() | {"typeName": p.type_name} for p in q.parameters]}
                           for q in canned_queries()]}

    # -- queries ---------------------------------------------------------------------------------
    def query(self, text: str, params: dict[str, Any], write: bool) -> dict[str, Any]:
        """Run typed Cypher; a query that may write is refused unless the page's switch is on."""
        if not text.strip():
            raise NordgraphError("empty query")
        if not write:
            refuse_writes(text, WRITE_SWITCH)
        with self._lock:
            result = checked_query(self.store, text, params)
        return self._answer(text.strip().splitlines()[0][:80], result)

    def run(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
        """Run a canned query or analytics with the values its form gave (typed by its header)."""
        given = {k: v for k, v in params.items() if v not in ("", None)}
        with self._lock:
            result = run_canned(self.store, name, given)
        return self._answer(name, result)

    def _answer(self, title: str, result: QueryResult) -> dict[str, Any]:
        with self._lock:
            key = str(next(self._ids))
            self._results[key] = Kept(title, result)
            while len(self._results) > KEPT_RESULTS:
                self._results.popitem(last=False)
        drawable = any(True for row in result.rows for _ in graph_values(list(row)))
        return {"id": key, "columns": result.columns,
                "rows": _compact(json_records(result.columns, result.rows[:PAGE_ROWS])), "total": len(result.rows),
                "notifications": [n.as_dict() for n in result.notifications], "notes": result.notes,
                "stats": {k: v for k, v in result.stats.items() if v}, "drawable": drawable,
                "series": _series(result)}

    def kept(self, key: str) -> Kept:
        with self._lock:
            found = self._results.get(key)
        if found is None:
            raise NordgraphError(f"result {key} is no longer kept (the last {KEPT_RESULTS} are); run the query again")
        return found

    def chart(self, name: str) -> dict[str, Any]:
        """The chart ``name`` as a Vega-Lite spec with its data (see :mod:`serve.charts`), kept for
        the graph version it was computed on: asked again, it is answered at once (the heatmap
        and the communities take seconds on a large graph); a write, a curation or a rebuild
        replaces the graph file, and the next request computes it again. Neo4j has no such
        version: there every request computes."""
        with self._lock:
            version = graph_version(self.store)
            kept = self._charts.get(name)
            if version is not None and kept is not None and kept[0] == version:
                return kept[1]
            spec = chart_spec(self.store, name)
            if version is not None:
                self._charts[name] = (version, spec)
            return spec

    def view(self, key: str) -> str:
        """The result drawn as nordgraph's network view (``graph.viz``: its labels, colours and cap)."""
        kept = self.kept(key)
        with self._lock:
            kg = result_subgraph(kept.result, self.store)
        page, _summary = render_html(kg, title=kept.title)
        return page

    def download(self, key: str, fmt: str) -> bytes:
        """The whole result as CSV (formula-like cells neutralised), JSON, or its graph as GraphML."""
        kept = self.kept(key)
        if fmt == "csv":
            return (render_rows(kept.result.columns, kept.result.rows, "csv") + "\n").encode("utf-8")
        if fmt == "json":
            return render_query_json(kept.result).encode("utf-8")
        if fmt == "graphml":
            with self._lock:
                kg = result_subgraph(kept.result, self.store)
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "result.graphml"
                write_graphml(kg, path)
                return path.read_bytes()
        raise NordgraphError(f"unknown download format {fmt!r}; known: {', '.join(DOWNLOADS)}")

    # -- one node ------------------------------------------------------------------------------
    def node(self, name: str) -> dict[str, Any]:
        """A node's properties, neighbours grouped by relation type, and every evidence quote with
        its document's title and link (the relationships' quotes are the passages that state them).
        Titles and links come from the embedded graph's document list; Neo4j keeps none, so
        there the document's id stands in."""
        with self._lock:
            detail = describe(self.store, name)
            documents = self.store.graph().documents if hasattr(self.store, "path") else {}
        by_type: dict[str, list[dict[str, Any]]] = {}
        for n in detail.neighbours:
            by_type.setdefault(f"{n['type']} ({n['direction']})", []).append(
                {"name": n["name"], "id": n["id"], "label": n["label"], "evidence": [_quote(e, documents) for e in n["evidence"]]})
        return {"id": detail.key, "label": detail.label, "name": detail.name, "aliases": detail.aliases,
                "properties": json_records(list(detail.properties), [tuple(detail.properties.values())])[0]
                if detail.properties else {},
                "resolution": detail.resolution,
                "evidence": [_quote(e, documents) for e in detail.evidence],
                "neighbours": by_type}

    def expand(self, node_id: str, types: list[str]) -> dict[str, Any]:
        """The node's relationships of the chosen types, with their other ends, as a drawable result."""
        unknown = sorted(set(types) - set(RELATION_TYPES))
        if unknown or not types:
            raise NordgraphError(f"choose relation types among {', '.join(RELATION_TYPES)}"
                                 + (f"; unknown: {', '.join(unknown)}" if unknown else ""))
        with self._lock:
            result = self.store.query(_EXPAND, {"id": node_id, "types": types, "limit": EXPAND_LIMIT})
        return self._answer(f"{node_id} by {', '.join(types)}", result)

    # -- curation --------------------------------------------------------------------------------
    def curate(self, op: str, args: dict[str, Any]) -> dict[str, Any]:
        """Record one decision in the overrides file ``nordgraph curate`` writes, and apply it."""
        note = str(args.get("note") or "").strip() or None
        label = str(args.get("label") or "").strip() or None

        def text(key: str) -> str:
            value = str(args.get(key) or "").strip()
            if not value:
                raise NordgraphError(f"{op} needs {key!r}")
            return value

        function: Any
        if op == "merge":
            others = [n.strip() for n in str(args.get("others") or "").split("\n") if n.strip()]
            if not others:
                raise NordgraphError("merge needs the names to merge into the kept one, one per line")
            function, values, options = record_merge, [text("keep"), *others], {"label": label, "note": note}
        elif op in ("rename", "retype"):
            function = record_rename if op == "rename" else record_retype
            values, options = [Ref(text("entity"), label), text("to")], {"note": note}
        elif op == "drop":
            function, values, options = record_drop, [text("source"), text("type"), text("target")], {"note": note}
        elif op == "confirm":
            # A confirmed fact is recorded as ``add``: the analyst's note becomes its evidence (rule
            # curation, confidence 1.0), so it stands even when the documents stop stating it.
            function, values = record_add, [text("source"), text("type"), text("target")]
            options = {"note": "Confirmed by an analyst" + (f": {note}" if note else "")}
        else:
            raise NordgraphError(f"unknown curation {op!r}; known: {', '.join(CURATIONS)}")

        def recorder(path: Path) -> Any:
            return function(path, *values, **options)

        with self._lock:
            outcome = record_and_apply(self.store, self.overrides, recorder)
        return {"recorded": outcome.decision.where, "applied": outcome.applied, "file": str(self.overrides),
                "message": f"Recorded in {self.overrides.name} ({outcome.decision.where}); "
                           + ("applied to the graph. " if outcome.applied else "")
                           + "Every rebuild applies it again, so it is kept."}


def graph_version(store: GraphStore) -> tuple[int, int, int] | None:
    """The embedded store's file version (:meth:`EmbeddedStore.version`); ``None`` for a store
    without a file (Neo4j)."""
    return store.version() if isinstance(store, EmbeddedStore) else None


def _compact(value: Any) -> Any:
    """Rows for the page's table without the evidence nodes and relationships carry (the node panel
    shows it; downloads keep it): a path of hubs would otherwise send megabytes of quotes."""
    if isinstance(value, list):
        return [_compact(v) for v in value]
    if isinstance(value, dict):
        if isinstance(value.get("properties"), dict) and ("labels" in value or "type" in value):
            return {**value, "properties": {k: v for k, v in value["properties"].items() if k != "evidence"}}
        return {k: _compact(v) for k, v in value.items()}
    return value


def _quote(evidence: dict[str, Any], documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    doc = str(evidence.get("doc", ""))
    meta = documents.get(doc, {})
    url = str(meta.get("url") or "")
    return {"quote": str(evidence.get("quote", "")), "doc": doc, "title": str(meta.get("title") or meta.get("path") or doc),
            "url": url if url.startswith(("https://", "http://")) else "",
            "rule": evidence.get("rule"), "confidence": evidence.get("confidence")}


def _series(result: QueryResult) -> dict[str, Any] | None:
    """A chart for any result with one text and one number column: bars of the first such pair."""
    if not result.rows:
        return None
    first = result.rows[0]
    text = next((i for i, v in enumerate(first) if isinstance(v, str)), None)
    number = next((i for i, v in enumerate(first) if isinstance(v, (int, float)) and not isinstance(v, bool)), None)
    if text is None or number is None:
        return None
    return {"category": result.columns[text], "value": result.columns[number]}


__all__ = ["CURATIONS", "DOWNLOADS", "PAGE_ROWS", "Workbench", "graph_version"]
