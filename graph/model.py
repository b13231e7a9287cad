"""The typed property graph every part of nordgraph shares.

A :class:`KnowledgeGraph` wraps one ``networkx.MultiDiGraph``:

* a node's key is its stable id; its data is ``{"labels": (label, ...), "props": {...}}``;
* an edge's key is a stable id; its data is ``{"type": TYPE, "props": {...}}``.

Everything a user can see or query is a property: ``id``, ``name``, ``aliases``, domain
properties (``url``, ``start`` ...) and ``evidence`` (a list of evidence maps). A country is no
property: it is a LOCATED_IN edge to a Country node (the loaders turn a ``country`` column into one).
Keeping labels and types apart from properties means no property name can collide with them,
and the Cypher engine can read the same structure for arbitrary (TCK) graphs.

Extracted facts are deduplicated: one node per id, one edge per (source, type, target), and
adding a fact again unions its aliases and evidence instead of duplicating it.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

import networkx as nx

from nordgraph.graph.errors import NordgraphError

NODE_LABELS = ("Organisation", "Project", "Call", "Programme", "Ministry", "Country", "Person")
RELATION_TYPES = (
    "LEADS",
    "PARTNER_IN",
    "FUNDED_BY",
    "PART_OF",
    "LOCATED_IN",
    "COLLABORATES_WITH",
    "WORKS_FOR",
)
#: Relation types whose direction carries no meaning.
SYMMETRIC_TYPES = frozenset({"COLLABORATES_WITH"})


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: a passage of a document and the rule that read it."""

    doc: str
    start: int
    end: int
    quote: str
    rule: str
    confidence: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        # not dataclasses.asdict, which deep-copies field by field: a table's build makes one per row
        return {"doc": self.doc, "start": self.start, "end": self.end, "quote": self.quote, "rule": self.rule,
                "confidence": self.confidence}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Evidence":
        return cls(
            doc=str(data["doc"]),
            start=int(data.get("start", 0)),
            end=int(data.get("end", 0)),
            quote=str(data.get("quote", "")),
            rule=str(data.get("rule", "")),
            confidence=float(data.get("confidence", 1.0)),
        )


_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae",
                                                "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ß": "ss"})


def fold(text: str) -> str:
    """``text`` without diacritics: Nordic letters that Unicode does not decompose are spelled out."""
    if text.isascii():  # most names: nothing to fold
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str) -> str:
    """ASCII, lower-case, dash-separated form of ``text`` for readable stable ids."""
    ascii_text = fold(text).encode("ascii", "ignore").decode("ascii").lower()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if cleaned:
        return cleaned[:80]
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def node_id(label: str, name: str) -> str:
    """The stable id of an entity: ``organisation:medtek-norway``."""
    return f"{label.lower()}:{slug(name)}"


def edge_id(source: str, rel_type: str, target: str) -> str:
    """The stable id of a fact: one edge per (source, type, target)."""
    if rel_type in SYMMETRIC_TYPES and target < source:
        source, target = target, source
    return f"{source}|{rel_type}|{target}"


def _union(existing: list[Any], new: Iterable[Any]) -> list[Any]:
    seen = {_freeze(v) for v in existing}
    out = list(existing)
    for value in new:
        key = _freeze(value)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _evidence_dicts(evidence: Iterable[Evidence | dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [e.as_dict() if isinstance(e, Evidence) else dict(e) for e in evidence or ()]


class KnowledgeGraph:
    """A typed property graph over ``networkx.MultiDiGraph`` (see the module docstring).

    Examples
    --------
    >>> kg = KnowledgeGraph()
    >>> org = kg.add_node("Organisation", "Medtek Norway")
    >>> proj = kg.add_node("Project", "Nordic Medtech Growth 2", aliases=["NMG2"])
    >>> kg.add_edge(org, "LEADS", proj) == "organisation:medtek-norway|LEADS|project:nordic-medtech-growth-2"
    True
    """

    def __init__(self, nx_graph: nx.MultiDiGraph | None = None, metadata: dict[str, Any] | None = None):
        self.nx: nx.MultiDiGraph = nx_graph if nx_graph is not None else nx.MultiDiGraph()
        self.metadata: dict[str, Any] = metadata if metadata is not None else {}
        #: Bumped by every change made through this class (and by the Cypher engine's writes),
        #: so caches such as the engine's label and property indexes know when to rebuild.
        self.revision = 0
        #: ``(revision, labels, relationship types, property keys)`` when these are known without a
        #: pass over the graph (its snapshot records them); valid while ``revision`` is the same.
        self.schema_at: tuple[int, frozenset[str], frozenset[str], frozenset[str]] | None = None
        self._names_revision = 0
        self._name_index: dict[str, list[str]] | None = None
        self._name_index_revision = -1

    def touch(self, *, names: bool = True) -> None:
        """Record that the graph changed (call after editing ``self.nx`` directly).

        ``names=False`` says no node, name or alias changed (an edge was added or removed), so
        the name index stays valid.
        """
        self.revision += 1
        if names:
            self._names_revision += 1

    # -- reading -------------------------------------------------------------------------
    def __len__(self) -> int:
        return self.nx.number_of_nodes()

    def __contains__(self, key: object) -> bool:
        return key in self.nx

    @property
    def documents(self) -> dict[str, dict[str, Any]]:
        """Documents the graph was built from, by document id (path, title, url, sha256)."""
        return self.metadata.setdefault("documents", {})

    def node(self, key: str) -> dict[str, Any]:
        return self.nx.nodes[key]

    def label(self, key: str) -> str:
        return self.nx.nodes[key]["labels"][0]

    def props(self, key: str) -> dict[str, Any]:
        return self.nx.nodes[key]["props"]

    def name(self, key: str) -> str:
        return str(self.nx.nodes[key]["props"].get("name", key))

    def nodes(self, label: str | None = None) -> Iterator[str]:
        for key, data in self.nx.nodes(data=True):
            if label is None or label in data["labels"]:
                yield key

    def edges(self, rel_type: str | None = None) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """Yield ``(source, target, edge_key, data)`` for every edge, optionally of one type."""
        for source, target, key, data in self.nx.edges(keys=True, data=True):
            if rel_type is None or data["type"] == rel_type:
                yield source, target, key, data

    def edge_count(self) -> int:
        return self.nx.number_of_edges()

    def find(self, name: str, label: str | None = None) -> list[str]:
        """Node keys whose id, name or an alias equals ``name`` (case- and accent-insensitive)."""
        found = self.name_index().get(lookup_key(name), [])
        return [key for key in found if label is None or label in self.nx.nodes[key]["labels"]]

    def name_index(self) -> dict[str, list[str]]:
        """Every id, name and alias (as :func:`lookup_key` folds it) to the node keys it names.

        Built once per change of nodes, names or aliases, so a run of lookups (a table's edges naming their ends,
        curation entries) costs one pass over the graph rather than one pass per lookup.
        """
        if self._name_index_revision != self._names_revision or self._name_index is None:
            index: dict[str, list[str]] = {}
            for key, data in self.nx.nodes(data=True):
                props = data["props"]
                names = {lookup_key(str(n)) for n in [key, props.get("name", ""), *props.get("aliases", [])]}
                for folded in names:
                    index.setdefault(folded, []).append(key)
            self._name_index, self._name_index_revision = index, self._names_revision
        return self._name_index

    def _index_names(self, key: str, names: Iterable[str]) -> None:
        """Add ``names`` of node ``key`` to the current name index (see :meth:`name_index`)."""
        assert self._name_index is not None
        for folded in {lookup_key(str(n)) for n in names}:
            keys = self._name_index.setdefault(folded, [])
            if key not in keys:
                keys.append(key)
        self._name_index_revision = self._names_revision

    # -- writing -------------------------------------------------------------------------
    def add_node(
        self,
        label: str,
        name: str,
        *,
        key: str | None = None,
        aliases: Iterable[str] = (),
        evidence: Iterable[Evidence | dict[str, Any]] | None = None,
        **props: Any,
    ) -> str:
        """Add an entity or fold this mention into the existing one; returns its key."""
        index_current = self._name_index is not None and self._name_index_revision == self._names_revision
        self.touch()
        key = key or node_id(label, name)
        new_aliases = [a for a in aliases if a and a != name]
        if index_current:  # kept up to date rather than rebuilt: a table's build looks names up between its adds
            self._index_names(key, [key, name, *new_aliases])
        if key in self.nx:
            data = self.nx.nodes[key]
            if label not in data["labels"]:
                data["labels"] = (*data["labels"], label)
            current = data["props"]
            if name != current.get("name"):
                new_aliases.append(name)
            current["aliases"] = _union(current.get("aliases", []), new_aliases)
            current["evidence"] = _union(current.get("evidence", []), _evidence_dicts(evidence))
            for prop, value in props.items():
                if value is not None and current.get(prop) is None:
                    current[prop] = value
            return key
        node_props = {"id": key, "name": name, "aliases": _union([], new_aliases),
                      "evidence": _evidence_dicts(evidence)}
        node_props.update({k: v for k, v in props.items() if v is not None})
        self.nx.add_node(key, labels=(label,), props=node_props)
        return key

    def add_edge(
        self,
        source: str,
        rel_type: str,
        target: str,
        *,
        evidence: Iterable[Evidence | dict[str, Any]] | None = None,
        **props: Any,
    ) -> str:
        """Add a fact, or union this evidence into the same fact; returns the edge key."""
        self.touch(names=False)
        for end in (source, target):
            if end not in self.nx:
                raise NordgraphError(f"edge {rel_type} names unknown node {end!r}")
        if source == target:
            raise NordgraphError(f"refusing a self-loop {rel_type} on {source!r}")
        if rel_type in SYMMETRIC_TYPES and target < source:
            source, target = target, source
        key = edge_id(source, rel_type, target)
        if self.nx.has_edge(source, target, key):
            current = self.nx.edges[source, target, key]["props"]
            current["evidence"] = _union(current.get("evidence", []), _evidence_dicts(evidence))
            for prop, value in props.items():
                if value is not None and current.get(prop) is None:
                    current[prop] = value
            return key
        edge_props = {"id": key, "evidence": _evidence_dicts(evidence)}
        edge_props.update({k: v for k, v in props.items() if v is not None})
        self.nx.add_edge(source, target, key=key, type=rel_type, props=edge_props)
        return key

    def remove_node(self, key: str) -> None:
        self.touch()
        self.nx.remove_node(key)

    def remove_edge(self, source: str, target: str, key: str) -> None:
        self.touch(names=False)
        self.nx.remove_edge(source, target, key)

    def relabel(self, key: str, label: str) -> str:
        """Give a node another label; its key changes with it, and its edges follow."""
        props = self.props(key)
        new_key = node_id(label, props["name"])
        if new_key == key:
            self.touch()
            self.nx.nodes[key]["labels"] = (label,)
            return key
        self.add_node(label, props["name"], key=new_key, aliases=props.get("aliases", []),
                      evidence=props.get("evidence", []),
                      **{k: v for k, v in props.items() if k not in ("id", "name", "aliases", "evidence")})
        self.nx.nodes[new_key]["labels"] = (label,)
        return self.merge_nodes(new_key, key)

    def merge_nodes(self, keep: str, drop: str) -> str:
        """Fold ``drop`` into ``keep``: union aliases, evidence and properties, rewire edges."""
        self.touch()
        if keep == drop:
            return keep
        kept, dropped = self.props(keep), self.props(drop)
        aliases = [dropped.get("name", "")] + list(dropped.get("aliases", []))
        kept["aliases"] = [a for a in _union(kept.get("aliases", []), aliases) if a != kept.get("name")]
        kept["evidence"] = _union(kept.get("evidence", []), dropped.get("evidence", []))
        for prop, value in dropped.items():
            if prop not in ("id", "name", "aliases", "evidence") and kept.get(prop) is None:
                kept[prop] = value
        for source, target, _, data in list(self.nx.in_edges(drop, keys=True, data=True)) + list(
            self.nx.out_edges(drop, keys=True, data=True)
        ):
            new_source = keep if source == drop else source
            new_target = keep if target == drop else target
            if new_source == new_target:
                continue
            extra = {k: v for k, v in data["props"].items() if k not in ("id", "evidence")}
            self.add_edge(new_source, data["type"], new_target,
                          evidence=data["props"].get("evidence", []), **extra)
        self.nx.remove_node(drop)
        return keep

    def copy(self) -> "KnowledgeGraph":
        import copy

        return KnowledgeGraph(copy.deepcopy(self.nx), copy.deepcopy(self.metadata))

    # -- summaries -----------------------------------------------------------------------
    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes by label and edges by type (counted in C over NetworkX's dictionaries: ``stats``
        on a big graph should cost little beyond opening it)."""
        nodes = Counter(chain.from_iterable(map(itemgetter("labels"), self.nx._node.values())))
        edges = Counter(map(itemgetter("type"), edge_data(self.nx)))
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}


def edge_data(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """The data of every edge of ``graph`` (``{"type": ..., "props": ...}``), in its order: faster
    than ``graph.edges(data=True)`` (no tuple per edge) for passes that need no ends."""
    return chain.from_iterable(keyed.values() for nbrs in graph._succ.values() for keyed in nbrs.values())


def lookup_key(text: str) -> str:
    """How names are compared in lookups: case, accents, punctuation and a leading "the" ignored."""
    folded = re.sub(r"[^\w]+", " ", fold(text.casefold())).strip()
    return re.sub(r"^the ", "", folded)
