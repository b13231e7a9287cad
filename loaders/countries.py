"""One place for a country: a LOCATED_IN relationship to a Country node, never a ``country`` property.

Tables have a ``country`` column, and the extractor knows the country of national bodies
("Ministry of Health and Care Services": Norway); both become the same LOCATED_IN fact the
documents' own sentences give, so every query, the network view and every export read a
country one way and none can disagree with another.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nordgraph.graph.model import Evidence, KnowledgeGraph

__all__ = ["COUNTRY_PROPERTY", "country_name", "locate"]

#: The column (or JSON field) of a node table that names the node's country.
COUNTRY_PROPERTY = "country"
#: Codes the European Union writes where ISO 3166 has others (CORDIS: EL Greece, UK United Kingdom).
EU_CODES = {"EL": "GR", "UK": "GB"}


def country_name(value: str) -> str:
    """The name the extractor gives the country ``value`` names ("NO", "Norge", "Norwegian":
    "Norway"; the EU's "EL": "Greece"), so a table's country and a document's are one node; an
    unknown name as given."""
    # imported here: the extractor, which the lexicon belongs to, places known bodies with locate()
    from nordgraph.loaders.extract.lexicon import country_by_code, country_of

    text = value.strip()
    found = country_of(text) or country_by_code(EU_CODES.get(text, text))
    return found.name if found else text


def locate(kg: KnowledgeGraph, key: str, value: str,
           evidence: Iterable[Evidence | dict[str, Any]]) -> str:
    """Place node ``key`` in the country ``value`` names (a Country node found by name, or made);
    returns the Country node's key."""
    name = country_name(value)
    found = kg.find(name, "Country")
    evidence = list(evidence)
    country = found[0] if len(found) == 1 else kg.add_node("Country", name, evidence=evidence)
    kg.add_edge(key, "LOCATED_IN", country, evidence=evidence)
    return country
