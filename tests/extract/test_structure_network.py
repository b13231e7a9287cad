"""A coordinated, funded network works as a project: its partner lists attach to it; a network
that is only described (no coordinator, no funding) stays what its name says."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

PAGE = """# Partners

BalticCare Labs is a Nordic–Baltic research and innovation network on home care. The network is
coordinated by Lund University and funded by NordForsk.

## Partner institutions

### Sweden

- Lund University (coordinator)
- Region Skåne

### Latvia

- Riga Stradins University
"""

DESCRIBED = """# About us

CareNorth Forum is a Nordic network of home care nurses. Members meet twice a year.
"""


def test_funded_network_is_a_project(build):
    kg = build({"page.md": PAGE})
    found = facts(kg)
    assert entities(kg)["BalticCare Labs"] == "Project"
    assert ("Lund University", "LEADS", "BalticCare Labs") in found
    assert ("Region Skåne", "PARTNER_IN", "BalticCare Labs") in found
    assert ("Riga Stradins University", "LOCATED_IN", "Latvia") in found


def test_a_described_network_is_no_project(build):
    assert "Project" not in entities(build({"page.md": DESCRIBED})).values()
