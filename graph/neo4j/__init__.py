"""The Neo4j store: nordgraph's graph in Neo4j (server, cluster or Aura) over Bolt.

``open_neo4j_store()`` connects (one driver per process), ``push``/``pull`` move a whole
:class:`~graph.model.KnowledgeGraph` in and out, and the store answers Cypher like the embedded
one does. Offline bulk exports (neo4j-admin CSV, a cypher-shell script) live in
:mod:`graph.neo4j.exports`.
"""
from nordgraph.graph.neo4j.store import Neo4jStore, open_neo4j_store
from nordgraph.graph.neo4j.transfer import PushIncompleteError, PushSummary, pull, push

__all__ = ["Neo4jStore", "PushIncompleteError", "PushSummary", "open_neo4j_store", "pull", "push"]
