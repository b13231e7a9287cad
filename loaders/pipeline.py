"""Files to a graph: walk, read, extract, resolve, curate.

The graph is built entirely in memory; the caller writes it to a store only when the build
has finished, so a failed run leaves the previous graph untouched.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import LoaderError, NordgraphError
from graph.model import Evidence, KnowledgeGraph
from loaders.document import Document
from loaders.registry import Loaded, TableData, reader_for

Progress = Callable[[int, int, str], None]


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class BuildResult:
    graph: KnowledgeGraph
    read: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: Curation entries that named nothing in the new graph (the documents may have changed).
    warnings: list[str] = field(default_factory=list)
    #: Hidden files and folders a walk passed over (``.git``, ``.DS_Store``).
    hidden: list[str] = field(default_factory=list)


def iter_files(paths: Iterable[str | os.PathLike[str]],
               passed_over: list[str] | None = None) -> Iterator[tuple[Path, str]]:
    """Yield ``(file, relative name)`` for every file under ``paths``, in a stable order.

    Hidden files and folders (``.git``, ``.DS_Store``) are passed over in a walk and, when
    ``passed_over`` is given, listed there so the caller can say so; a path named directly is
    always read.
    """
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for directory, subdirs, files in os.walk(root):
                hidden = sorted(d for d in subdirs if d.startswith("."))
                hidden += sorted(f for f in files if f.startswith("."))
                if passed_over is not None:
                    passed_over.extend(str(Path(directory) / name) for name in hidden)
                subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        file = Path(directory) / name
                        yield file, file.relative_to(root).as_posix()
        else:
            yield root, root.name


def read_file(path: Path, relative: str) -> Loaded:
    """Read one file with the reader its type calls for; :class:`LoaderError` if it cannot."""
    spec = reader_for(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoaderError(exc.strerror or str(exc)) from exc
    if not raw.strip():
        raise LoaderError("empty file")
    try:
        return spec.read(path, raw, relative)
    except LoaderError:
        raise
    except Exception as exc:  # a third-party parser failing on a broken file
        raise LoaderError(f"{spec.name} reader failed: {type(exc).__name__}: {exc}") from exc


def build_graph(
    paths: Iterable[str | os.PathLike[str]],
    *,
    overrides: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    rules_only: bool = False,
) -> BuildResult:
    """Read every file under ``paths`` into a new graph; unreadable files are reported, not fatal.

    ``rules_only`` skips the learned models and keeps the phrase rules' own reading (what the
    rule library's tests look at).
    """
    from loaders.curation import apply_overrides
    from loaders.extract import extract_into

    result = BuildResult(graph=KnowledgeGraph())
    files = list(iter_files(paths, result.hidden))
    documents: list[Document] = []
    tables: list[TableData] = []
    for done, (path, relative) in enumerate(files, start=1):
        if progress:
            progress(done, len(files), relative)
        if not path.exists():
            result.skipped.append(Skipped(str(path), "no such file or directory"))
            continue
        try:
            loaded = read_file(path, relative)
        except LoaderError as exc:
            result.skipped.append(Skipped(str(path), str(exc)))
            continue
        result.read.append(str(path))
        result.graph.documents[loaded.id] = loaded.summary()
        (documents if isinstance(loaded, Document) else tables).append(loaded)
    for table in tables:  # every table's nodes first: an edge table may come before its nodes
        for problem in add_table_nodes(result.graph, table):
            result.skipped.append(Skipped(table.path, problem))
    for table in tables:
        for problem in add_table_edges(result.graph, table):
            result.skipped.append(Skipped(table.path, problem))
    if rules_only:
        extract_into(result.graph, documents, models=None)
    else:
        extract_into(result.graph, documents)
    if overrides is not None:
        result.warnings.extend(apply_overrides(result.graph, overrides))
    return result


def add_table_nodes(kg: KnowledgeGraph, table: TableData) -> list[str]:
    """Add the nodes of a structured file; returns one message per row the reader refused.

    Evidence points at the row's place in the file.
    """
    problems = [f"{r['row']} skipped: {r['reason']}" for r in table.metadata.get("rejected_rows", [])]
    node_rows = table.metadata.get("node_rows") or [f"row {i}" for i in range(1, len(table.nodes) + 1)]
    for place, row in zip(node_rows, table.nodes):
        props = {k: v for k, v in row.items() if k not in ("id", "label", "name", "aliases")}
        evidence = Evidence(doc=table.id, start=0, end=0, quote=row["name"], rule=f"{table.format}:nodes {place}")
        kg.add_node(row["label"], row["name"], key=row.get("id") or None,
                    aliases=row.get("aliases") or (), evidence=[evidence], **props)
    return problems


def add_table_edges(kg: KnowledgeGraph, table: TableData) -> list[str]:
    """Add the edges of a structured file; their ends are node ids, names or aliases.

    Returns one message per edge that was not added (an end that names no node, several
    nodes, or the same node as the other end): it is reported and skipped, the rest loads.
    """
    problems = []
    edge_rows = table.metadata.get("edge_rows") or [f"row {i}" for i in range(1, len(table.edges) + 1)]
    for place, row in zip(edge_rows, table.edges):
        try:
            ends = [_resolve_end(kg, row[side]) for side in ("source", "target")]
            props = {k: v for k, v in row.items() if k not in ("source", "target", "type")}
            evidence = Evidence(doc=table.id, start=0, end=0,
                                quote=f"{row['source']} {row['type']} {row['target']}",
                                rule=f"{table.format}:edges {place}")
            kg.add_edge(ends[0], row["type"], ends[1], evidence=[evidence], **props)
        except NordgraphError as exc:
            problems.append(f"{place} skipped: {exc}")
    return problems


def _resolve_end(kg: KnowledgeGraph, ref: str) -> str:
    if ref in kg:
        return ref
    found = kg.find(ref)
    if len(found) == 1:
        return found[0]
    problem = "names no node" if not found else f"is ambiguous ({', '.join(found)})"
    raise NordgraphError(f"{ref!r} {problem}")
