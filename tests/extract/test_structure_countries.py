"""Countries in parentheses after an organisation's name in running text, by name or ISO code;
a parenthesis after something that is no organisation locates nothing."""
from __future__ import annotations

from tests.extract.extract_helpers import facts


def test_country_in_parentheses_after_an_organisation(build):
    found = facts(build({"news.md": "# Pilot\n\nThe pilot started with Aalborg University Hospital (Denmark), Region "
                                    "Jämtland Härjedalen (SE) and the city hall (Norway).\n"}))
    assert ("Aalborg University Hospital", "LOCATED_IN", "Denmark") in found
    assert ("Region Jämtland Härjedalen", "LOCATED_IN", "Sweden") in found
    assert not [f for f in found if f[2] == "Norway"]


def test_organisation_in_city_comma_country(build):
    kg = build({"news.md": "# Pilot\n\nThe pilot runs at Pärnu County Hospital in Pärnu, Estonia, and at Oulu "
                           "University Hospital in Oulu.\n"})
    found = facts(kg)
    assert ("Pärnu County Hospital", "LOCATED_IN", "Estonia") in found
    assert "Oulu University Hospital" in {kg.name(k) for k in kg.nodes()}
    assert not [f for f in found if f[0] == "Oulu University Hospital" and f[1] == "LOCATED_IN"]
