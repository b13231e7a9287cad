"""Calls in prose: titles that say "Call", who opened a call with whom, "the project, called X"."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

SELECTED = """# StepHome selected in a joint call

Oulu University's project **StepHome** is one of six projects to share EUR 4 million in the *Joint Call on Smart
Rehabilitation 2027*. The call was launched by NordForsk together with the Academy of Finland and the Research
Council of Norway.
"""


def test_call_title_one_of_n_projects_and_launched_by_together_with(build):
    kg = build({"selected.md": SELECTED})
    found = facts(kg)
    assert entities(kg)["Joint Call on Smart Rehabilitation 2027"] == "Call"
    call = "Joint Call on Smart Rehabilitation 2027"
    assert ("StepHome", "FUNDED_BY", call) in found
    assert ("NordForsk", "LEADS", call) in found
    assert {("Academy of Finland", "PARTNER_IN", call), ("Research Council of Norway", "PARTNER_IN", call)} <= found


OPENED = """<html><head><title>Results</title></head><body><main>
<h1>Nine projects share NOK 30 million</h1>
<p>Nine projects have been selected in the <strong>Nordic Elderly Care Pilots</strong> call, which Nordic Innovation
opened in March together with Innovation Norway and Business Finland.</p>
<p>Hospitals in three countries will take part. The two-year project, called CareSpan, is coordinated by Aalborg
University Hospital.</p>
</main></body></html>"""


def test_which_opened_together_with_and_project_called(build):
    kg = build({"opened.html": OPENED})
    found = facts(kg)
    call = "Nordic Elderly Care Pilots"
    assert ("Nordic Innovation", "LEADS", call) in found
    assert {("Innovation Norway", "PARTNER_IN", call), ("Business Finland", "PARTNER_IN", call)} <= found
    assert entities(kg)["CareSpan"] == "Project"
    assert ("Aalborg University Hospital", "LEADS", "CareSpan") in found


PROGRAMME = """<html><head><title>Programme news</title></head><body><main>
<h1>Programme grants SEK 30 million</h1>
<p>Innovation Norway's programme <b>Helsedata i praksis</b> (Health Data in Practice) has granted NOK 30 million to
five projects. The programme is financed jointly by Innovation Norway and the Research Council of Norway.</p>
<p>Among the granted projects:</p>
<ul>
<li><b>DataVei</b>, coordinated by Helse Bergen, in which the University of Bergen takes part.</li>
</ul>
</main></body></html>"""


def test_possessive_programme_with_a_gloss_funds_the_listed_projects(build):
    kg = build({"programme.html": PROGRAMME})
    found = facts(kg)
    assert entities(kg)["Helsedata i praksis"] == "Programme"
    assert ("Innovation Norway", "LEADS", "Helsedata i praksis") in found
    assert {("Helsedata i praksis", "FUNDED_BY", "Innovation Norway"),
            ("Helsedata i praksis", "FUNDED_BY", "Research Council of Norway"),
            ("DataVei", "FUNDED_BY", "Helsedata i praksis"), ("Helse Bergen", "LEADS", "DataVei"),
            ("University of Bergen", "PARTNER_IN", "DataVei")} <= found


RECIPIENTS = """<html><head><title>Call results</title></head><body><main>
<h1>Joint call results</h1>
<p>Five projects share EUR 3 million in the <i>Joint Call on Healthy Ageing 2027</i>. NordForsk's funding of the
call is provided by the Nordic Council of Ministers.</p>
<p>Among the funded projects:</p>
<ul>
<li><b>AgeLink</b> – Aarhus University receives DKK 4 million to build a shared registry with Region Zealand.</li>
</ul>
</main></body></html>"""


def test_funding_of_the_call_is_provided_by_and_the_recipient_leads(build):
    found = facts(build({"results.html": RECIPIENTS}))
    assert ("Joint Call on Healthy Ageing 2027", "FUNDED_BY", "Nordic Council of Ministers") in found
    assert ("Aarhus University", "LEADS", "AgeLink") in found
    assert ("Region Zealand", "LEADS", "AgeLink") not in found
