"""The query layer: canned Cypher queries and their registry, analytics, and output rendering."""
from nordgraph.queries.registry import run_canned

__all__ = ["run_canned"]
