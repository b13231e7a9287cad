"""Name boundaries: "Oslo-based X" is X (the prefix says where it sits), and a heading
"About X" names X."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

NEWS = """# Bergen start-up joins home care project

Tromsø-based Polarsense AS has joined the CareHome project. The project is coordinated by
Stavanger-headquartered Lyngtech AS.

## About Kelpio Oy

Kelpio Oy develops software for hospital pharmacies.
"""


def test_based_prefix_and_about_heading(build):
    kg = build({"news.md": NEWS})
    found = entities(kg)
    assert found.get("Polarsense AS") == "Organisation"
    assert found.get("Kelpio Oy") == "Organisation"
    assert not [n for n in found if "-based" in n or "-headquartered" in n or n.startswith("About")]
    assert ("Lyngtech AS", "LEADS", "CareHome") in facts(kg)
