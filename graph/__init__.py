"""The graph layer: the typed property graph, its stores, its Cypher engine and its views."""
from graph.errors import NordgraphError, StoreError
from graph.model import NODE_LABELS, RELATION_TYPES, Evidence, KnowledgeGraph
from graph.store import EmbeddedStore, GraphStore, QueryResult

__all__ = [
    "NODE_LABELS",
    "RELATION_TYPES",
    "EmbeddedStore",
    "Evidence",
    "GraphStore",
    "KnowledgeGraph",
    "NordgraphError",
    "QueryResult",
    "StoreError",
]
