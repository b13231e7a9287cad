"""Finding the one entity an analyst means: the single name lookup of ``show``, ``viz --focus``
and the canned queries, so a name that works in one works in all.

The rule: a node answers to ``name`` when its id, name or one of its aliases equals it, case
ignored (Cypher's ``toLower``); when no node does, the looser comparison of
:func:`graph.model.lookup_key` (accents, punctuation and a leading "the" ignored, as
``KnowledgeGraph.find`` compares) is tried. Everything goes through ``store.query`` with
parameters, so the same code and the same Cypher text serve the embedded store and Neo4j.
"""
from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from nordgraph.graph.errors import NordgraphError, UnknownNameError
from nordgraph.graph.model import NODE_LABELS, lookup_key
from nordgraph.graph.store import GraphStore
from nordgraph.graph.values import NodeValue, printable

__all__ = ["AmbiguousNameError", "UnknownEntityError", "resolve_entity"]

#: How many candidates an error names at most.
MAX_LISTED = 10

EXACT = """
MATCH (n{label})
WHERE n.id = $name OR toLower(n.name) = toLower($name)
      OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) = toLower($name))
RETURN n
ORDER BY n.id
LIMIT 25
"""
NAMES = """
MATCH (n{label})
RETURN n.id AS id, n.name AS name, n.aliases AS aliases
"""
BY_ID = "MATCH (n) WHERE n.id IN $ids RETURN n ORDER BY n.id"


class UnknownEntityError(UnknownNameError):
    """No entity answers to the name; ``known`` holds the closest ones as ``Name (id)``."""

    def __init__(self, name: str, label: str | None, suggestions: Sequence[str]):
        self.kind, self.name, self.known = label or "entity", name, list(suggestions)
        hint = "; did you mean: " + ", ".join(self.known) if self.known else ""
        NordgraphError.__init__(self, f"no {self.kind} named {name!r}{hint}")


class AmbiguousNameError(NordgraphError):
    """Several entities answer to the name; ``ids`` lists them so the caller can give one."""

    def __init__(self, name: str, ids: Sequence[str]):
        self.name, self.ids = name, list(ids)
        listed = ", ".join(printable(i) for i in self.ids[:MAX_LISTED])
        more = f" (and {len(self.ids) - MAX_LISTED} more)" if len(self.ids) > MAX_LISTED else ""
        super().__init__(f"{name!r} names {len(self.ids)} entities; give one id: {listed}{more}")


def resolve_entity(store: GraphStore, name: str, label: str | None = None) -> NodeValue:
    """The one node (of ``label``, if given) whose id, name or alias is ``name``.

    Raises
    ------
    UnknownEntityError
        When no node answers to ``name``, with "did you mean" suggestions.
    AmbiguousNameError
        When several do, listing their ids.

    Examples
    --------
    >>> from graph.store import EmbeddedStore
    >>> resolve_entity(EmbeddedStore("nordgraph.json"), "medtek norway").key  # doctest: +SKIP
    'organisation:medtek-norway'
    """
    found = _nodes(store.query(_labelled(EXACT, label), {"name": name}).rows)
    if not found:
        candidates = store.query(_labelled(NAMES, label), {}).rows
        wanted = lookup_key(name)
        ids = sorted(str(key) for key, *names in candidates if wanted and wanted in _keys(key, *names))
        if not ids:
            raise UnknownEntityError(name, label, suggestions(candidates, name))
        found = _nodes(store.query(BY_ID, {"ids": ids}).rows)
    if len(found) > 1:
        raise AmbiguousNameError(name, [str(n.properties.get("id", n.key)) for n in found])
    return found[0]


def suggestions(candidates: Sequence[Sequence[Any]], name: str) -> list[str]:
    """Up to :data:`MAX_LISTED` ``Name (id)`` texts for the candidates (id, name, aliases) whose
    folded name contains the folded ``name`` or is close to it; control characters made visible."""
    wanted = lookup_key(name)
    if not wanted:
        return []
    folded = {str(key): (lookup_key(str(label or key)), str(label or key)) for key, label, _ in candidates}
    containing = sorted(key for key, (fold, _) in folded.items() if wanted in fold)
    close = difflib.get_close_matches(wanted, [fold for fold, _ in folded.values()], n=MAX_LISTED, cutoff=0.75)
    similar = sorted(key for key, (fold, _) in folded.items() if fold in close and key not in containing)
    return [printable(f"{folded[key][1]} ({key})") for key in (containing + similar)[:MAX_LISTED]]


def _labelled(query: str, label: str | None) -> str:
    """``query`` scanning only nodes of ``label``: a label scan reads that label's nodes alone, where
    a test of ``labels(n)`` reads every node. The label must be one of the model's (it is written
    into the query text, so no other text may get there)."""
    if label is None:
        return query.replace("{label}", "")
    if label not in NODE_LABELS:
        raise NordgraphError(f"unknown label {label!r}; known: {', '.join(NODE_LABELS)}")
    return query.replace("{label}", f":{label}")


def _keys(key: Any, name: Any, aliases: Any) -> set[str]:
    return {lookup_key(str(text)) for text in [key, name or "", *(aliases or [])]}


def _nodes(rows: Sequence[Sequence[Any]]) -> list[NodeValue]:
    return [row[0] for row in rows if isinstance(row[0], NodeValue)]
