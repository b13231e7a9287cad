"""Made-up documents of the genre (project pages, consortium tables, news posts) in HTML,
Markdown and text, read by the real readers: the rules rest on structure and language,
not on the names of any particular document."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

PROJECT_PAGE = """<html><head><title>CareLink Nordic</title></head><body>
<nav><a href="/">Home</a></nav>
<main>
<h1>CareLink Nordic</h1>
<p>CareLink Nordic is a three-year project that develops shared standards for remote patient
monitoring. The project is funded by NordForsk and coordinated by Karolinska Institutet.</p>
<h2>Partners</h2>
<ul>
<li>Karolinska Institutet (coordinator), Sweden</li>
<li>University of Bergen (Norway)</li>
<li>Aarhus University Hospital (Denmark)</li>
<li>Tampere University (Finland)</li>
</ul>
<h2>Results</h2>
<p>The project will cooperate with the TeleCare-project and works in close collaboration with
the Norwegian Centre for E-health Research.</p>
</main></body></html>"""

CONSORTIUM_TABLE = """# HeartSense

HeartSense is an innovation project under the Horizon Europe programme.

## Consortium

| Partner | Country | Role |
|---|---|---|
| Oslo University Hospital | Norway | Coordinator |
| Philips Healthcare | Netherlands | Partner |
| Region Hovedstaden | Denmark | Partner |
| Cardiolyse Oy | Finland | Partner |
"""

CALL_NEWS = """# Three new projects to improve elderly care

Innovation Norway has, together with its partners Business Finland and Vinnova, launched the call Smart Solutions for Healthy Ageing.

Funded projects:

- **AgeWell** — Coordinator: Trondheim kommune
- **HomeCare 2.0** — Coordinator: Tunstall Nordic AB

The AgeWell project is part of the Nordic Welfare Programme 2021-2024.
"""

COUNTRY_LINES = """Nordic Dementia Pathways (NDP)

The project maps care pathways for people with dementia in four countries.

Norway: Helse Midt-Norge RHF (lead), Trondheim kommune, NTNU (Norwegian University of Science and Technology).
Sweden: Region Jönköpings län, Linköping University.
Finland: City of Oulu
"""


def test_project_page_partners_lead_and_countries(build):
    kg = build({"carelink.html": PROJECT_PAGE})
    found = facts(kg)
    assert entities(kg)["CareLink Nordic"] == "Project"
    assert ("Karolinska Institutet", "LEADS", "CareLink Nordic") in found
    assert ("Karolinska Institutet", "LOCATED_IN", "Sweden") in found
    for org, country in [("University of Bergen", "Norway"), ("Aarhus University Hospital", "Denmark"),
                         ("Tampere University", "Finland")]:
        assert (org, "PARTNER_IN", "CareLink Nordic") in found
        assert (org, "LOCATED_IN", country) in found
    assert ("CareLink Nordic", "FUNDED_BY", "NordForsk") in found
    assert ("CareLink Nordic", "COLLABORATES_WITH", "TeleCare") in found
    assert "Partners" not in entities(kg) and "Results" not in entities(kg)


def test_consortium_table_with_partner_country_role_headers(build):
    kg = build({"heartsense.md": CONSORTIUM_TABLE})
    found = facts(kg)
    assert ("Oslo University Hospital", "LEADS", "HeartSense") in found
    assert ("Oslo University Hospital", "PARTNER_IN", "HeartSense") not in found
    assert ("Philips Healthcare", "PARTNER_IN", "HeartSense") in found
    assert ("Cardiolyse Oy", "LOCATED_IN", "Finland") in found
    assert ("Region Hovedstaden", "LOCATED_IN", "Denmark") in found
    assert ("HeartSense", "FUNDED_BY", "Horizon Europe") in found


def test_call_news_lead_partners_and_funded_project_list(build):
    kg = build({"news.md": CALL_NEWS})
    found = facts(kg)
    call = "Smart Solutions for Healthy Ageing"
    assert entities(kg)[call] == "Call"
    assert ("Innovation Norway", "LEADS", call) in found
    assert {("Business Finland", "PARTNER_IN", call), ("Vinnova", "PARTNER_IN", call)} <= found
    assert ("AgeWell", "FUNDED_BY", call) in found and ("HomeCare 2.0", "FUNDED_BY", call) in found
    assert ("Trondheim kommune", "LEADS", "AgeWell") in found
    assert ("Tunstall Nordic AB", "LEADS", "HomeCare 2.0") in found
    assert entities(kg)["Nordic Welfare Programme 2021-2024"] == "Programme"
    assert ("AgeWell", "PART_OF", "Nordic Welfare Programme 2021-2024") in found


def test_country_lines_under_a_project_heading_in_plain_text(build):
    kg = build({"ndp.txt": COUNTRY_LINES})
    found = facts(kg)
    project = "Nordic Dementia Pathways"
    assert entities(kg)[project] == "Project"
    assert ("Helse Midt-Norge RHF", "LEADS", project) in found
    assert ("Helse Midt-Norge RHF", "LOCATED_IN", "Norway") in found
    assert ("Norwegian University of Science and Technology", "PARTNER_IN", project) in found \
        or ("NTNU", "PARTNER_IN", project) in found
    assert ("Region Jönköpings län", "LOCATED_IN", "Sweden") in found
    assert ("City of Oulu", "PARTNER_IN", project) in found
    assert ("Linköping University", "LOCATED_IN", "Sweden") in found


NEWS_POST = """<html><head><title>News</title></head><body><main>
<h1>Oslo University Hospital Launches New Research Centre With Region Stockholm</h1>
<p>The Norwegian start-up Vivo Sense has received NOK 12 million from the Research Council of Norway to test
its sensor platform. Vivo Sense will run the trial together with St. Olavs Hospital.</p>
<p>The DigiRehab project is led by Professor Anne Berg at the University of Oslo and financed through the
EU4Health programme.</p>
<p>Partners include Karolinska University Hospital, Aalto University and Medtech4Health, a Swedish innovation
programme.</p>
<h2>Interreg partners</h2>
<ul><li>Region Västerbotten – lead partner</li><li>Oulu University Hospital (FI)</li><li>Helse Nord RHF (NO)</li></ul>
</main></body></html>"""


def test_news_post_funding_people_appositions_and_country_codes(build):
    kg = build({"news.html": NEWS_POST})
    found = facts(kg)
    labels = entities(kg)
    assert not [name for name in labels if "Launches" in name]  # a Title Case headline is not a name
    assert labels["St. Olavs Hospital"] == "Organisation"
    assert ("Vivo Sense", "FUNDED_BY", "Research Council of Norway") in found
    assert ("Vivo Sense", "LOCATED_IN", "Norway") in found
    assert labels["Anne Berg"] == "Person" and "Professor Anne Berg" not in labels
    assert ("University of Oslo", "LEADS", "DigiRehab") in found
    assert ("Anne Berg", "WORKS_FOR", "University of Oslo") in found
    assert ("DigiRehab", "FUNDED_BY", "EU4Health") in found
    assert ("Aalto University", "PARTNER_IN", "DigiRehab") in found
    assert labels["Medtech4Health"] == "Programme"
    assert ("Region Västerbotten", "LEADS", "DigiRehab") in found
    assert ("Oulu University Hospital", "LOCATED_IN", "Finland") in found
    assert ("Helse Nord RHF", "LOCATED_IN", "Norway") in found


FACT_SHEET = """SafeMed

SafeMed is a research project on medication safety in nursing homes. Haukeland University Hospital coordinates the project.

The consortium consists of Haukeland University Hospital, University of Turku and Odense Municipality.

Funding: NOK 10 million from the Research Council of Norway

Innovation Norway has granted NOK 2 million to the SafeMed project.
"""


def test_fact_sheet_lead_consortium_and_funders(build):
    found = facts(build({"safemed.txt": FACT_SHEET}))
    assert ("Haukeland University Hospital", "LEADS", "SafeMed") in found
    # listed in the consortium too: a partner as well (as the annotation guides in ../shared count it)
    assert ("Haukeland University Hospital", "PARTNER_IN", "SafeMed") in found
    assert ("University of Turku", "PARTNER_IN", "SafeMed") in found  # "of ... and X Municipality" splits
    assert ("Odense Municipality", "PARTNER_IN", "SafeMed") in found
    assert ("SafeMed", "FUNDED_BY", "Research Council of Norway") in found
    assert ("SafeMed", "FUNDED_BY", "Innovation Norway") in found


WRAPPED_RESULTS = """Results of the 2027 Arctic Telecare call

Two projects share NOK 8 million in the Arctic Telecare call. The call is financed by
the Northern Health Foundation and it is part of the Barents Health Programme.

IceLink
IceLink is one of the two projects in the call. It connects district nurses with
hospital specialists over video.
Participants:
Norway: Finnmark Hospital Trust (coordinator), Alta kommune
Finland: City of Rovaniemi

PolarCare
Coordinated by Tromsø University Hospital together with Bodø University College.
"""


def test_hard_wrapped_text_with_project_sections(build):
    kg = build({"results.txt": WRAPPED_RESULTS})
    found = facts(kg)
    labels = entities(kg)
    assert labels["Arctic Telecare"] == "Call"
    assert not [name for name in labels if name.startswith("Results")]
    assert ("Arctic Telecare", "FUNDED_BY", "Northern Health Foundation") in found  # across a line break
    assert ("IceLink", "FUNDED_BY", "Arctic Telecare") in found
    assert ("Finnmark Hospital Trust", "LEADS", "IceLink") in found
    assert ("City of Rovaniemi", "LOCATED_IN", "Finland") in found
    assert ("Tromsø University Hospital", "LEADS", "PolarCare") in found
    assert ("Bodø University College", "PARTNER_IN", "PolarCare") in found


PROJECT_TABLE = """# Projects we take part in

Baltic Care Network AB (BCN) is a cluster for health technology companies around the Baltic Sea.
Baltic Care Network AB takes part in the following projects. Baltic Care Network AB is based in Sweden.

| Project | Our role | Coordinator | Other partners | Funding programme |
|---|---|---|---|---|
| SeaHealth | Partner | Klaipėda University | Riga Stradiņš University; Tallinn University of Technology | Interreg |
| CareBridge BSR | Lead partner | Baltic Care Network AB | Region Gotland | EU4Health |
"""


def test_table_of_projects_with_coordinator_partners_funding_and_our_role(build):
    kg = build({"projects.md": PROJECT_TABLE})
    found = facts(kg)
    assert ("Klaipėda University", "LEADS", "SeaHealth") in found
    assert ("Riga Stradiņš University", "PARTNER_IN", "SeaHealth") in found
    assert ("Tallinn University of Technology", "PARTNER_IN", "SeaHealth") in found
    assert ("SeaHealth", "FUNDED_BY", "Interreg") in found
    assert ("CareBridge BSR", "FUNDED_BY", "EU4Health") in found
    assert ("Baltic Care Network AB", "LEADS", "CareBridge BSR") in found
    assert ("Baltic Care Network AB", "PARTNER_IN", "SeaHealth") in found


COUNTRY_HEADINGS = """<html><body><main>
<h1>The HOMEAGE consortium</h1>
<p>HOMEAGE (Home-based Ageing Support) is a research project on ageing at home. The project is funded by
NordForsk. HOMEAGE started in 2026.</p>
<div class="facts"><dl><dt>Project coordinator</dt><dd>Lund University</dd><dt>Funder</dt><dd>NordForsk</dd></dl></div>
<h2>Partner institutions</h2>
<h3>Denmark</h3><ul><li>University of Copenhagen</li><li>Odense kommune</li></ul>
<h3>Iceland</h3><ul><li>Háskólinn í Reykjavík – Reykjavik University</li></ul>
<h2>Advisory board</h2>
<p>The advisory board has members from patient organisations.</p>
</main></body></html>"""


def test_project_page_with_fact_box_and_country_headings(build):
    kg = build({"homeage.html": COUNTRY_HEADINGS})
    found = facts(kg)
    assert entities(kg)["HOMEAGE"] == "Project"
    assert ("Lund University", "LEADS", "HOMEAGE") in found
    assert ("HOMEAGE", "FUNDED_BY", "NordForsk") in found
    assert ("University of Copenhagen", "PARTNER_IN", "HOMEAGE") in found
    assert ("Odense kommune", "LOCATED_IN", "Denmark") in found
    assert ("Reykjavik University", "LOCATED_IN", "Iceland") in found
    assert "Háskólinn í Reykjavík" in kg.props(kg.find("Reykjavik University")[0])["aliases"]
