"""The query layer: canned Cypher queries and their registry, analytics, and output rendering."""
