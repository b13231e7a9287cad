"""Tables of funded projects whose leader column names a person: the host institution leads the
project and the row's country is the host's; "ACR – description" cells name the project ACR; a
heading over such a table is no project; two-cell fact rows with "Main applicant"."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

FUNDED = """<html><head><title>New projects in rural care</title></head><body><main>
<h1>Two projects share NOK 20 million</h1>
<p>The research council has funded two projects on rural care.</p>
<h2>Funded projects</h2>
<table>
<tr><th>Project</th><th>Project leader</th><th>Host institution</th><th>Country</th><th>Grant (NOK)</th></tr>
<tr><td>CARENET – Digital support for carers</td><td>Professor Anna Berg</td><td>University of Oslo</td><td>Norway</td><td>10 000 000</td></tr>
<tr><td>RURALMED – Remote diagnostics in rural clinics</td><td>Dr Jonas Lind</td><td>Umeå University</td><td>Sweden</td><td>10 000 000</td></tr>
</table>
</main></body></html>"""

FACTS = """<html><head><title>SEPTIQ</title></head><body><main>
<h1>SEPTIQ</h1>
<p>The SEPTIQ project develops a rapid blood test for sepsis.</p>
<table>
<tr><td>Programme</td><td>Grand Challenges</td></tr>
<tr><td>Main applicant</td><td>Aalborg University Hospital</td></tr>
</table>
<p>Partners: Matís ohf. and Kelda Labs ehf.</p>
</main></body></html>"""


def test_host_institution_leads_and_is_in_the_rows_country(build):
    kg = build({"news.html": FUNDED})
    found = facts(kg)
    assert {("University of Oslo", "LEADS", "CARENET"), ("Umeå University", "LEADS", "RURALMED"),
            ("University of Oslo", "LOCATED_IN", "Norway"), ("Umeå University", "LOCATED_IN", "Sweden")} <= found
    assert entities(kg).get("CARENET") == "Project"
    assert "Funded projects" not in entities(kg)


def test_main_applicant_fact_row_and_icelandic_legal_forms(build):
    found = facts(build({"page.html": FACTS}))
    assert ("Aalborg University Hospital", "LEADS", "SEPTIQ") in found
    assert ("SEPTIQ", "FUNDED_BY", "Grand Challenges") in found
    assert {("Matís ohf", "PARTNER_IN", "SEPTIQ"), ("Kelda Labs ehf", "PARTNER_IN", "SEPTIQ")} <= found
