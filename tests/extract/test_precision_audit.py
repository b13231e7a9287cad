"""Precision on made-up pages of the genre: units inside universities, governance bodies and
cities must not become ministries or organisations, and foreign bodies must not be read as the
Nordic body they resemble."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts


def read(build, files: dict[str, str]) -> tuple[dict[str, str], set[tuple[str, str, str]]]:
    """The names (with labels) and the facts a build of ``files`` gives."""
    kg = build(files)
    return entities(kg), facts(kg)

DEPARTMENTS = """# TeleRehab North

TeleRehab North is coordinated by Aalborg University. The Department of Health Science and
Technology at Aalborg University runs the trials, the Faculty of Medicine at Lund University
analyses the data and the Department for Digital Services at Region Skåne hosts the platform.
The Danish Department of Health Policy and the US Department of Veterans Affairs follow the work.
"""


def test_university_departments_are_no_ministries(build):
    found, _ = read(build, {"telerehab.md": DEPARTMENTS})
    assert not any(name.startswith(("Department", "Faculty")) for name in found)
    assert found["Aalborg University"] == "Organisation" and found["Lund University"] == "Organisation"
    assert found["US Department of Veterans Affairs"] == "Ministry"
    assert found["Danish Department of Health Policy"] == "Ministry"


CITIES = """<html><head><title>MoveWell</title></head><body>
<h1>MoveWell</h1>
<p>Trondheim, 2 June 2025 - MoveWell is a project that develops sensor insoles.</p>
<h2>Partners</h2>
<ul>
<li>Insolo AS, Trondheim (Norway)</li>
<li>Gaitlab AB, Uppsala (Sweden)</li>
</ul>
</body></html>"""


def test_cities_in_partner_lists_and_datelines_are_no_organisations(build):
    found, kg_facts = read(build, {"movewell.html": CITIES})
    assert "Trondheim" not in found and "Uppsala" not in found
    assert ("Insolo AS", "PARTNER_IN", "MoveWell") in kg_facts


GOVERNANCE = """# SafeMeds

SafeMeds is a project led by Haukeland University Hospital.

## Scientific Advisory Board

Professor Lena Holm, Uppsala University; Dr Ari Koski, University of Turku

The Steering Committee meets twice a year.
"""


def test_boards_and_committees_are_neither_organisations_nor_projects(build):
    found, kg_facts = read(build, {"safemeds.md": GOVERNANCE})
    assert "Scientific Advisory Board" not in found and "Steering Committee" not in found
    assert ("Haukeland University Hospital", "LEADS", "SafeMeds") in kg_facts


FOREIGN_BODIES = """<html><head><title>NeuroTrack</title></head><body>
<h1>NeuroTrack</h1>
<p>NeuroTrack is led by the University of Oslo. The French Ministry of Health and Care Services and the
Federal Ministry of Health and Care Services observe the pilot, together with the Norwegian Ministry of
Health and Care Services.</p>
<p>The device must meet the EU Medical Device Regulation before launch.</p>
</body></html>"""


def test_a_foreign_namesake_is_not_the_known_national_body(build):
    found, kg_facts = read(build, {"neurotrack.html": FOREIGN_BODIES})
    assert found["French Ministry of Health and Care Services"] == "Ministry"
    assert ("French Ministry of Health and Care Services", "LOCATED_IN", "France") in kg_facts
    assert ("Norwegian Ministry of Health and Care Services", "LOCATED_IN", "France") not in kg_facts
    assert "European Union" not in found


INSTRUMENT = """# Start-up news

Bergen-based Pulsewise AS has been awarded EUR 1.8 million from the EIC Accelerator for its project
HeartLoop. The company also applied to the EIC Pathfinder.
"""


def test_a_funders_named_instrument_is_a_programme_not_the_funder(build):
    found, _ = read(build, {"pulsewise.md": INSTRUMENT})
    assert found["EIC Accelerator"] == "Programme" and found["EIC Pathfinder"] == "Programme"
    assert "European Innovation Council" not in found


CONTACT_LINES = """# Regions open a call for home-care pilots

Region Norrbotten and Luleå University of Technology have opened the Joint Call for Remote Home Care.

Questions? Contact Programme Officer Sofia Lind, Region Norrbotten.
Contact Call Manager Henrik Berg, Luleå University of Technology.
"""


def test_a_job_title_before_a_persons_name_is_no_call_or_organisation(build):
    found, _ = read(build, {"homecare.md": CONTACT_LINES})
    assert not any("Sofia Lind" in name or "Henrik Berg" in name for name, label in found.items()
                   if label != "Person")
    assert found["Joint Call for Remote Home Care"] == "Call"


EVENTS = """# FjordCare

FjordCare is a project led by Helse Bergen.

## Upcoming events

- Digital Health Days, Oslo Spektrum Center, Oslo
- Nordic eHealth Forum 2026, Bergen

## Partners

- Haukeland University Hospital
"""


def test_an_events_list_names_no_organisations(build):
    found, kg_facts = read(build, {"fjordcare.md": EVENTS})
    assert "Oslo Spektrum Center" not in found and not any("Forum" in name for name in found)
    assert ("Haukeland University Hospital", "PARTNER_IN", "FjordCare") in kg_facts


CONSORTIUM_PAGE = """<html><head><title>Partners | VitalNet</title></head><body>
<h1>VitalNet Consortium</h1>
<p>Photo: Oulu University Hospital / Press Office</p>
<p>VitalNet is a research project on home monitoring after heart surgery.</p>
<table>
<tr><th>Organisation</th><th>Country</th><th>Type</th></tr>
<tr><td>University of Oulu</td><td>Finland</td><td>Coordinator</td></tr>
<tr><td>Linköping University</td><td>Sweden</td><td>University</td></tr>
</table>
<p>Associated partners: the Danish Heart and Kidney Foundation; the Cancer Society and Novo Nordisk Foundation.</p>
</body></html>"""


def test_a_consortium_heading_and_a_press_office_are_no_organisations(build):
    found, kg_facts = read(build, {"vitalnet.html": CONSORTIUM_PAGE})
    assert "VitalNet Consortium" not in found and "Press Office" not in found
    assert ("University of Oulu", "LEADS", "VitalNet") in kg_facts


def test_two_founders_name_one_foundation_but_an_organisation_does_not(build):
    _, found = read(build, {"vitalnet.html": CONSORTIUM_PAGE})
    assert ("Danish Heart and Kidney Foundation", "PARTNER_IN", "VitalNet") in found
    assert ("Novo Nordisk Foundation", "PARTNER_IN", "VitalNet") in found
    assert not any(source.startswith(("Danish Heart", "Kidney")) and source != "Danish Heart and Kidney Foundation"
                   for source, _, _ in found)


CITY_PARTNER = """# KneeCoach

KneeCoach is a project on digital knee rehabilitation. The partners are Oulu University Hospital,
the City of Kuopio and Rehably.
"""


def test_the_city_of_x_and_a_company_are_two_partners(build):
    found, kg_facts = read(build, {"kneecoach.md": CITY_PARTNER})
    assert "City of Kuopio and Rehably" not in found
    assert ("City of Kuopio", "PARTNER_IN", "KneeCoach") in kg_facts


VACANCY = """# We are hiring

Lund University is looking for a Project Manager for the CareSync project, funded by Vinnova.
The Latvian Health Insurance Fund and the Nordic Research Fund follow the work.
"""


def test_a_job_title_is_not_part_of_a_project_name_and_an_insurance_fund_is_a_body(build):
    found, kg_facts = read(build, {"vacancy.md": VACANCY})
    assert found["CareSync"] == "Project" and ("CareSync", "FUNDED_BY", "Vinnova") in kg_facts
    assert not any(name.startswith("Manager") for name in found)
    assert found["Latvian Health Insurance Fund"] == "Organisation"
    assert found["Nordic Research Fund"] == "Programme"


FORUM = """# SkinScan presented in Brussels

SkinScan, a project led by Tampere University, was presented at the European Dermatology Forum
and will be shown at the Nordic Skin Forum 2026. The Nordic Dermatology Forum is a partner in the project.
"""


def test_a_forum_one_presents_at_is_an_event(build):
    found, _ = read(build, {"skinscan.md": FORUM})
    assert "European Dermatology Forum" not in found and not any(name.endswith("2026") for name in found)
    assert found["Nordic Dermatology Forum"] == "Organisation"
