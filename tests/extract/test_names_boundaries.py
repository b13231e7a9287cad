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


GLUED = """# Regional pilot starts

The pilot is run by the University of Tromsø and the Municipality of Alta. The Academy of Arctic Medicine and
the Northern Centre for Telecare will evaluate it. Earlier pilots were run by the Ministry of Trade and Industry,
the Knut and Alice Wallenberg Foundation and the Finnish Society of Telemedicine and eHealth.
"""


def test_two_names_joined_by_and_come_apart_one_name_with_and_stays_whole(build):
    found = entities(build({"news.md": GLUED}))
    for name in ("University of Tromsø", "Municipality of Alta", "Academy of Arctic Medicine",
                 "Northern Centre for Telecare", "Ministry of Trade and Industry",
                 "Knut and Alice Wallenberg Foundation", "Finnish Society of Telemedicine and eHealth"):
        assert name in found, name
    assert not [n for n in found if " and the " in n or n == "Finnish Society of Telemedicine"]


def test_a_funder_and_a_foundation_stay_two(build):
    found = facts(build({"news.md": "# Pilot\n\nThe NorthCare project is funded by Vinnova and Novo Nordisk Foundation.\n"}))
    assert ("NorthCare", "FUNDED_BY", "Novo Nordisk Foundation") in found
    assert ("NorthCare", "FUNDED_BY", "Vinnova") in found


def test_programme_before_project_names_no_project_and_herad_heads_a_municipality(build):
    kg = build({"news.md": "# Pilot\n\nThe pilot builds on the earlier Interreg Baltic Sea Region project ColdLink. "
                           "Partners are Ulvik herad and Eidfjord kommune.\n"})
    found = entities(kg)
    assert found.get("Interreg Baltic Sea Region") != "Project"
    assert found.get("Ulvik herad") == "Organisation" and found.get("Eidfjord kommune") == "Organisation"


def test_shouted_kickers_and_geographic_regions_are_no_organisations(build):
    found = entities(build({"news.html": "<html><body><main><p>SWEDISH MEDTECH COMPANY</p>"
                                         "<h1>Kelpa AB opens office</h1><p>The company moves to the Oslo region "
                                         "and hires staff from Region Skåne.</p></main></body></html>"}))
    assert "SWEDISH MEDTECH COMPANY" not in found and "Oslo region" not in found
    assert found.get("Region Skåne") == "Organisation"


def test_new_programme_project_headline_names_no_project(build):
    found = entities(build({"news.html": "<html><body><main><h1>New Horizon Europe project brings robots to care "
                                         "homes</h1><p>The project starts in May.</p></main></body></html>"}))
    assert "Project" not in found.values()
