"""Known names that read like lists ("Ministry of Trade, Industry and Fisheries") survive a list
split, and a name read by its form inside a longer name another rule read is not a second entity."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

FUNDED = """# SeaHealth

The SeaHealth project is funded by the Ministry of Trade, Industry and Fisheries, the Ministry of Industry,
Business and Financial Affairs and Innovation Norway.
"""

TABLE = """# The MediLink project

| Partner | Country | Role |
|---|---|---|
| Kelpa – Northern Health and Care Data Authority | Norway | Coordinator |
"""


def test_known_names_with_commas_survive_list_splitting(build):
    kg = build({"page.md": FUNDED})
    found = facts(kg)
    assert ("SeaHealth", "FUNDED_BY", "Ministry of Trade, Industry and Fisheries") in found
    assert ("SeaHealth", "FUNDED_BY", "Ministry of Industry, Business and Financial Affairs") in found
    assert not [n for n in entities(kg) if n in ("Industry", "Fisheries", "Business and Financial Affairs")]


def test_a_name_inside_a_longer_table_name_is_not_a_second_entity(build):
    kg = build({"page.md": TABLE})
    assert "Care Data Authority" not in entities(kg)
    assert any(f[1] == "LEADS" and f[2] == "MediLink" for f in facts(kg))
