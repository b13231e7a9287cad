"""One entity whatever the name: "English name (local name, ACR)" in either order, a one-word
short form used later in the same document; but a person's employer in parentheses and two
companies sharing a first word stay apart."""
from __future__ import annotations

from tests.extract.extract_helpers import entities

NEWS = """# Biobank agreement signed

Umeå University and the Northern Region of Sweden (Region Norrbotten) signed an agreement with the
University of Turku (Turun yliopisto, UTU). Region Norrbotten will host the samples, and Turun yliopisto
analyses them. Lindqvist Medical Centre joins them; the study is coordinated by Lindqvist.

Anna Lind (Kelpa Health AB) and Pharmanor Oy presented with Pharmanor Sverige AB.
"""


def test_other_names_and_short_forms_are_one_entity(build):
    kg = build({"news.md": NEWS})
    found = entities(kg)
    assert "Region Norrbotten" not in found or "Northern Region of Sweden" not in found
    turku = kg.find("University of Turku", "Organisation") or kg.find("Turun yliopisto", "Organisation")
    assert len(turku) == 1 and {"UTU"} <= set(kg.props(turku[0])["aliases"]) | {kg.name(turku[0])}
    assert "Lindqvist" not in found and "Lindqvist Medical Centre" in found
    kelpa = kg.find("Kelpa Health AB", "Organisation")
    assert len(kelpa) == 1 and "Anna Lind" not in kg.props(kelpa[0])["aliases"] and kg.name(kelpa[0]) != "Anna Lind"
    assert {"Pharmanor Oy", "Pharmanor Sverige AB"} <= set(found)
