"""Files to a graph: walk, read, extract, resolve, curate.

The graph is built entirely in memory; the caller writes it to a store only when the build
has finished, so a failed run leaves the previous graph untouched.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from nordgraph.graph.errors import LoaderError, NordgraphError
from nordgraph.graph.jsonfile import collector_paused
from nordgraph.graph.model import Evidence, KnowledgeGraph, node_id
from nordgraph.loaders.budget import Budget, check_file, read_bounded, time_limit
from nordgraph.loaders.countries import COUNTRY_PROPERTY, locate
from nordgraph.loaders.document import Document
from nordgraph.loaders.mapping import MappingError, MappingFile, TableMapping, is_mapping_file, load_mapping
from nordgraph.loaders.registry import Loaded, TableData, reader_for

#: ``progress(done, total, current file, words read so far)``.
Progress = Callable[[int, int, str, int], None]


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
    #: README and LICENSE files beside tables, which describe a dataset (see :func:`iter_files`).
    dataset_notes: list[str] = field(default_factory=list)


#: Files that hold a dataset's rows.
TABLE_SUFFIXES = (".csv", ".tsv", ".csv.gz", ".tsv.gz", ".json", ".jsonl")
#: What a file describing the folder it sits in is called (README.md, LICENSE.eunets-MIT ...).
_NOTE_NAMES = ("readme", "license", "licence", "copying", "notice", "changelog")


def is_dataset_note(name: str, names_beside: Iterable[str]) -> bool:
    """Whether ``name`` is a README, LICENSE or similar beside a table: in a folder of data it
    describes the dataset (sources, licence, column counts) and is no document about the domain;
    read as one, its prose ("Source repo", "Nordic rows") only adds noise nodes."""
    return name.lower().startswith(_NOTE_NAMES) and any(n.lower().endswith(TABLE_SUFFIXES) for n in names_beside)


def iter_files(paths: Iterable[str | os.PathLike[str]], passed_over: list[str] | None = None,
               dataset_notes: list[str] | None = None) -> Iterator[tuple[Path, str]]:
    """Yield ``(file, relative name)`` for every file under ``paths``, in a stable order.

    Hidden files and folders (``.git``, ``.DS_Store``) are passed over in a walk and, when
    ``passed_over`` is given, listed there so the caller can say so; so are the README and LICENSE
    files of a folder that holds tables (:func:`is_dataset_note`), in ``dataset_notes``. A path
    named directly is always read.
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
                    if not name.startswith(".") and is_dataset_note(name, files):
                        if dataset_notes is not None:
                            dataset_notes.append(str(Path(directory) / name))
                    elif not name.startswith("."):
                        file = Path(directory) / name
                        yield file, file.relative_to(root).as_posix()
        else:
            yield root, root.name


def read_file(path: Path, relative: str, budget: Budget = Budget(), mapping: TableMapping | None = None) -> Loaded:
    """Read one file with the reader its type calls for (a table through ``mapping`` when given);
    :class:`LoaderError` if it cannot."""
    return parse_file(path, relative, _file_bytes(path, budget), mapping)


def _file_bytes(path: Path, budget: Budget) -> bytes:
    reader_for(path)  # an unknown type is refused before its bytes are read
    check_file(path, budget)
    raw = read_bounded(path, budget)
    if not raw.strip():
        raise LoaderError("empty file")
    return raw


def unparsed_notes(path: Path, summary: dict[str, Any], budget: Budget) -> list[str]:
    """What the parser's budgets left to the rules in one document, and the options that raise them."""
    notes = []
    if summary.get("cut_paragraphs"):
        notes.append(f"{path}: {summary['cut_paragraphs']:,} paragraph(s) over {budget.paragraph_words:,} words: "
                     f"the parser read at most {budget.paragraph_words:,} words of each and left "
                     f"{summary['unparsed_paragraph_words']:,} to the rules (raise it with --paragraph-words)")
    if summary.get("unparsed_words"):
        notes.append(f"{path}: the parser read its first {budget.parse_words:,} words and left "
                     f"{summary['unparsed_words']:,} to the rules (raise it with --parse-words)")
    return notes


def parse_file(path: Path, relative: str, raw: bytes, mapping: TableMapping | None = None) -> Loaded:
    """``raw`` (the bytes of ``path``) read by the reader its type calls for, or through ``mapping``."""
    spec = reader_for(path)
    try:
        if mapping is not None:
            from nordgraph.loaders.mapped import read_mapped

            if spec.name != "csv":
                raise MappingError(f"{mapping.where}: a mapping reads CSV or TSV tables (gzip'd or not); "
                                   f"{path.name} is read as {spec.name}")
            return read_mapped(path, raw, relative, mapping)
        return spec.read(path, raw, relative)
    except LoaderError:
        raise
    except Exception as exc:  # a third-party parser failing on a broken file
        raise LoaderError(f"{spec.name} reader failed: {type(exc).__name__}: {exc}") from exc


class ReadJob(NamedTuple):
    """One file to read, as sent to a worker process."""

    path: Path
    relative: str
    raw: bytes
    rules_only: bool
    budget: Budget
    mapping: TableMapping | None = None


def _load(job: ReadJob) -> tuple[str, object]:
    """Read and extract one file (in this process or a worker), within its time budget:
    ``("reading", json)``, ``("table", TableData)`` or ``("error", reason)``."""
    from nordgraph.loaders.extract import extract_document

    try:
        # A page's reading makes a few objects per word that live until it is read (mentions,
        # candidates, features) and no cycles: collections would walk them all again and again
        # (1.2 of 11 CPU seconds for a file of 20,000 lines).
        with time_limit(job.budget.seconds), collector_paused():
            loaded = parse_file(job.path, job.relative, job.raw, job.mapping)
            if isinstance(loaded, Document):
                reading = (extract_document(loaded, None) if job.rules_only
                           else extract_document(loaded, parse_words=job.budget.parse_words,
                                                 paragraph_words=job.budget.paragraph_words))
                return "reading", reading.to_json()
            return "table", loaded
    except LoaderError as exc:
        return "error", str(exc)


def build_graph(
    paths: Iterable[str | os.PathLike[str]],
    *,
    overrides: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    rules_only: bool = False,
    cache: Path | None = None,
    jobs: int = 1,
    budget: Budget = Budget(),
    mappings: Iterable[str | os.PathLike[str]] = (),
) -> BuildResult:
    """Read every file under ``paths`` into a new graph; unreadable files are reported, not fatal.

    ``cache`` is a folder of earlier readings (see :mod:`loaders.extract.reading`): a page
    whose bytes and extractor are unchanged is not read again. ``jobs`` > 1 reads pages in that
    many worker processes. ``rules_only`` skips the learned models and keeps the phrase rules'
    own reading (what the rule library's tests look at). A file over the ``budget`` (size, or
    time to read) is skipped with the reason, like any file that cannot be read.

    ``mappings`` are mapping files (:mod:`loaders.mapping`) for the tables under ``paths``;
    ``*.mapping.yaml`` files found there are mappings too, for the tables of their own folder
    (see :class:`Mappings`). A mapping file that cannot be used stops the build before
    anything is read (:class:`MappingError`).
    """
    from nordgraph.loaders.curation import apply_overrides
    from nordgraph.loaders.extract import write_readings
    from nordgraph.loaders.extract.reading import DocReading, ReadingCache

    result = BuildResult(graph=KnowledgeGraph())
    files = list(iter_files(paths, result.hidden, result.dataset_notes))
    chosen = Mappings([load_mapping(m) for m in mappings], [p for p, _ in files if is_mapping_file(p)])
    files = [(path, relative) for path, relative in files if not is_mapping_file(path)]
    store = ReadingCache(cache) if cache is not None else None
    slots: list[DocReading | TableData | None] = [None] * len(files)
    jobs_to_run: list[tuple[int, ReadJob, str | None]] = []
    words = 0
    for index, (path, relative) in enumerate(files):
        if not path.exists():
            result.skipped.append(Skipped(str(path), "no such file or directory"))
            continue
        try:
            raw = _file_bytes(path, budget)
        except LoaderError as exc:
            result.skipped.append(Skipped(str(path), str(exc)))
            continue
        key = reading_key(relative, raw, rules_only, budget) if store is not None else None
        cached = store.get(key) if store is not None and key is not None else None
        if cached is not None:
            slots[index] = cached
            words += cached.words
            if progress:
                progress(index + 1, len(files), relative, words)
            continue
        jobs_to_run.append((index, ReadJob(path, relative, raw, rules_only, budget, chosen.entry_for(path)), key))
    for (index, job, key), (kind, value) in zip(jobs_to_run, _run(jobs_to_run, jobs)):
        path, relative = job.path, job.relative
        if kind == "error":
            result.skipped.append(Skipped(str(path), str(value)))
        elif kind == "table":
            slots[index] = value  # type: ignore[assignment]
        else:
            reading = DocReading.from_json(value)  # type: ignore[arg-type]
            slots[index] = reading
            words += reading.words
            if store is not None and key is not None:
                store.put(key, reading)
        if progress:
            progress(index + 1, len(files), relative, words)
    readings = [s for s in slots if isinstance(s, DocReading)]
    tables = [s for s in slots if isinstance(s, TableData)]
    for (path, _), slot in zip(files, slots):
        if isinstance(slot, DocReading):
            result.graph.documents[slot.doc] = slot.summary
            result.warnings.extend(unparsed_notes(path, slot.summary, budget))
        elif slot is not None:
            result.graph.documents[slot.id] = slot.summary()
        if slot is not None:
            result.read.append(str(path))
    for table in tables:  # every table's nodes first: an edge table may come before its nodes
        for problem in add_table_nodes(result.graph, table):
            result.skipped.append(Skipped(table.path, problem))
    for table in tables:
        for problem in add_table_edges(result.graph, table):
            result.skipped.append(Skipped(table.path, problem))
    result.warnings.extend(chosen.unused(files))
    with collector_paused():  # resolution makes the graph's nodes and evidence, and no cycles
        write_readings(result.graph, readings)
    if overrides is not None:
        result.warnings.extend(apply_overrides(result.graph, overrides))
    return result


class Mappings:
    """Which mapping entry reads each table: the first that names the table's file, in the mapping
    files given (in their order), then in the ``*.mapping.yaml`` files beside the table (the one
    named after it first: ``h2020.mapping.yaml`` for ``h2020.csv.gz``)."""

    def __init__(self, given: list[MappingFile], found: list[Path]):
        self.given = given
        self.beside: dict[Path, list[MappingFile]] = {}
        for path in sorted(found):
            self.beside.setdefault(path.parent.resolve(), []).append(load_mapping(path))
        self.used: set[tuple[str, str]] = set()

    def entry_for(self, path: Path) -> TableMapping | None:
        own = f"{table_stem(path.name)}.mapping.y"
        beside = sorted(self.beside.get(path.parent.resolve(), []),
                        key=lambda m: not Path(m.path).name.lower().startswith(own))
        for mapping in (*self.given, *beside):
            entry = mapping.entry_for(path.name)
            if entry is not None:
                self.used.add((entry.source, entry.pattern))
                return entry
        return None

    def unused(self, files: list[tuple[Path, str]]) -> list[str]:
        """One warning per entry of a given mapping file that named no table of the build, and
        likewise for the files beside tables (a mapping file in a folder of no table reads nothing)."""
        folders = {path.parent.resolve() for path, _ in files if path.name.lower().endswith(TABLE_SUFFIXES)}
        mappings = [*self.given, *(m for folder, found in self.beside.items() if folder in folders for m in found)]
        return [f"{entry.where}: table {entry.pattern!r} is in no file of this build; its mapping read nothing"
                for mapping in mappings for entry in mapping.tables if (entry.source, entry.pattern) not in self.used]


def table_stem(name: str) -> str:
    """``h2020.csv.gz`` -> ``h2020``: the name a table's mapping file is named after."""
    lowered = name.lower()
    for suffix in sorted(TABLE_SUFFIXES, key=len, reverse=True):
        if lowered.endswith(suffix):
            return name[:-len(suffix)]
    return name.rsplit(".", 1)[0]


def reading_key(relative: str, raw: bytes, rules_only: bool, budget: Budget) -> str:
    """The cache key of a file's reading: its name and bytes, the extractor, and what the
    reading was allowed to do (rules only; how many words the parser read)."""
    from nordgraph.loaders.extract.reading import cache_key

    allowed = " (rules)" if rules_only else f" (parse {budget.parse_words}, {budget.paragraph_words} a paragraph)"
    return cache_key(relative + allowed, raw)


def _run(jobs_to_run: list[tuple[int, ReadJob, str | None]], jobs: int) -> Iterator[tuple[str, object]]:
    """The results of :func:`_load` for every job, in order; in ``jobs`` processes when > 1."""
    work = [job for _, job, _ in jobs_to_run]
    if jobs <= 1 or len(work) < 2:
        yield from map(_load, work)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_load, work, chunksize=max(1, min(16, len(work) // (4 * jobs))))


def add_table_nodes(kg: KnowledgeGraph, table: TableData) -> list[str]:
    """Add the nodes of a structured file; returns one message per row the reader refused.

    Evidence points at the row's place in the file. A ``country`` column is no property: it
    becomes a LOCATED_IN edge (see :func:`add_table_edges`).
    """
    problems = [f"{r['row']} skipped: {r['reason']}" for r in table.metadata.get("rejected_rows", [])]
    for place, row in zip(_node_rows(table), table.nodes):
        props = {k: v for k, v in row.items() if k not in ("id", "label", "name", "aliases", COUNTRY_PROPERTY)}
        kg.add_node(row["label"], row["name"], key=row.get("id") or None,
                    aliases=row.get("aliases") or (), evidence=[_node_evidence(table, place, row)], **props)
    return problems


def _node_rows(table: TableData) -> list[str]:
    return table.metadata.get("node_rows") or [f"row {i}" for i in range(1, len(table.nodes) + 1)]


def _node_evidence(table: TableData, place: str, row: dict[str, Any]) -> Evidence:
    return Evidence(doc=table.id, start=0, end=0, quote=row["name"], rule=f"{table.format}:nodes {place}")


def add_table_edges(kg: KnowledgeGraph, table: TableData) -> list[str]:
    """Add the edges of a structured file; their ends are node ids, names or aliases.

    A node row's ``country`` (a name, a native name or an ISO code such as ``NO``; a JSON list
    for several) is an edge too: LOCATED_IN that country, added once every table's nodes are in,
    so it finds a Country node another table declares (see :mod:`loaders.countries`).
    Returns one message per edge that was not added (an end that names no node, several
    nodes, or the same node as the other end; a country that is not text): it is reported and
    skipped, the rest loads.
    """
    problems = []
    for place, row in zip(_node_rows(table), table.nodes):
        given = row.get(COUNTRY_PROPERTY)
        values = given if isinstance(given, list) else [] if given is None else [given]
        if not all(isinstance(v, str) and v.strip() for v in values):
            problems.append(f"{place}: {COUNTRY_PROPERTY} {given!r} is not a country's name; no LOCATED_IN edge")
            continue
        for value in values:
            locate(kg, row.get("id") or node_id(row["label"], row["name"]), value,
                   [_node_evidence(table, place, row)])
    edge_rows = table.metadata.get("edge_rows") or [f"row {i}" for i in range(1, len(table.edges) + 1)]
    quotes = table.metadata.get("edge_quotes") or [f"{e['source']} {e['type']} {e['target']}" for e in table.edges]
    for place, row, quote in zip(edge_rows, table.edges, quotes):
        try:
            ends = [_resolve_end(kg, row[side]) for side in ("source", "target")]
            props = {k: v for k, v in row.items() if k not in ("source", "target", "type")}
            evidence = Evidence(doc=table.id, start=0, end=0, quote=quote,
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
