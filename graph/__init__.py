"""The graph layer: the typed property graph, its stores, its Cypher engine and its views."""
from nordgraph.graph.errors import NordgraphError, StoreError
from nordgraph.graph.model import NODE_LABELS, RELATION_TYPES, Evidence, KnowledgeGraph
from nordgraph.graph.store import EmbeddedStore, GraphStore, QueryResult

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
