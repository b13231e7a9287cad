"""Readers by file type, registered by name (``@register("html", ".html", ".htm")``).

A reader takes the file's path and raw bytes and returns either a :class:`Document` for the
extractor or a :class:`TableData` of ready-made nodes and edges (structured CSV/JSON). A new
format is one module in ``loaders/readers`` with one decorated function; nothing else changes.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nordgraph.graph.errors import LoaderError, UnknownNameError
from nordgraph.loaders.document import Document


@dataclass
class TableData:
    """Nodes and edges given directly by a structured file (see ``loaders/readers/tables.py``)."""

    id: str
    path: str
    format: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {"path": self.path, "format": self.format}


Loaded = Document | TableData
Reader = Callable[[Path, bytes, str], Loaded]


@dataclass(frozen=True)
class ReaderSpec:
    name: str
    suffixes: tuple[str, ...]
    read: Reader


_READERS: dict[str, ReaderSpec] = {}


def register(name: str, *suffixes: str) -> Callable[[Reader], Reader]:
    """Register ``function`` as the reader for files ending in ``suffixes``."""

    def decorate(function: Reader) -> Reader:
        _READERS[name] = ReaderSpec(name, tuple(s.lower() for s in suffixes), function)
        return function

    return decorate


def readers() -> dict[str, ReaderSpec]:
    _load_builtins()
    return dict(_READERS)


def reader_for(path: Path) -> ReaderSpec:
    """The reader for ``path`` by suffix; raises :class:`LoaderError` for unknown types."""
    _load_builtins()
    name = path.name.lower()
    best: ReaderSpec | None = None
    for spec in _READERS.values():
        for suffix in spec.suffixes:
            if name.endswith(suffix) and (best is None or len(suffix) > max(map(len, best.suffixes))):
                best = spec
    if best is None:
        known = sorted(s for spec in _READERS.values() for s in spec.suffixes)
        raise LoaderError(f"no reader for {path.suffix or 'files without a suffix'} (known: {', '.join(known)})")
    return best


def reader_named(name: str) -> ReaderSpec:
    _load_builtins()
    if name not in _READERS:
        raise UnknownNameError("reader", name, list(_READERS))
    return _READERS[name]


def _load_builtins() -> None:
    """Import the built-in readers once so their decorators run."""
    import nordgraph.loaders.readers  # noqa: F401  (registration happens on import)
