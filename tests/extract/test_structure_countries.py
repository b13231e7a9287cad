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


def test_a_known_national_body_is_located_in_its_country_by_an_edge_not_a_property(build):
    """The body list knows Vinnova is Swedish: that is a LOCATED_IN fact quoting the name, like
    every other country nordgraph keeps, and no ``country`` property."""
    kg = build({"news.md": "# Funding\n\nThe project is funded by Vinnova.\n"})
    vinnova = kg.find("Vinnova")[0]
    assert "country" not in kg.props(vinnova)
    (edge,) = [data for source, _, _, data in kg.edges("LOCATED_IN") if source == vinnova]
    assert edge["props"]["id"].endswith("|LOCATED_IN|country:sweden")
    assert [e["quote"] for e in edge["props"]["evidence"]] == ["Vinnova"]
    assert edge["props"]["evidence"][0]["rule"].endswith(":country")
    assert not any("country" in kg.props(key) for key in kg.nodes())
