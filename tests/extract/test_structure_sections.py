"""Pages with one section per project: every section heading is its own project (even one
named like an organisation, "... Academy", when it has a lead partner among sibling projects, or
an upper-case name with a hyphen), and a later non-project heading ends the last project's section."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

PORTFOLIO = """# Three projects funded

The agency has funded three projects under its scale-up call.

## CareRoute Nordic

Shared care pathways for rural patients.

- **Lead partner:** Welfare Tech (Denmark)
- **Partners:** Oslo kommune (Norway)

## Nordic Rehab Academy

Training for physiotherapists in digital rehabilitation.

- **Lead partner:** Swedish Medtech (Sweden)
- **Partners:** Medtek Norway (Norway), Healthtech Finland (Finland)

## PULSE-AI – safe AI for cardiology

- **Coordinator:** Erasmus MC (the Netherlands)
- **Partners:** Aidence B.V. (the Netherlands)

## Upcoming events

- **Partners:** Karolinska Institutet
"""


def test_every_section_is_its_own_project(build):
    kg = build({"news.md": PORTFOLIO})
    found = facts(kg)
    assert entities(kg).get("Nordic Rehab Academy") == "Project"
    assert ("Swedish Medtech", "LEADS", "Nordic Rehab Academy") in found
    assert ("Medtek Norway", "PARTNER_IN", "Nordic Rehab Academy") in found
    assert not {f for f in found if f[2] == "CareRoute Nordic" and f[0] in ("Swedish Medtech", "Medtek Norway")}
    assert ("Erasmus MC", "LEADS", "PULSE-AI") in found
    assert ("Aidence B.V", "PARTNER_IN", "PULSE-AI") in found
    assert not {f for f in found if f[0] == "Karolinska Institutet" and f[1] in ("PARTNER_IN", "LEADS")}


CITED = """<html><body><main>
<h1>CareBot launched</h1>
<p>The project <strong>CareBot</strong>, led by Welfare Tech, tests care robots.</p>
<p>The project builds on results from the earlier project <em>RoboHome</em>, which ended in 2024.</p>
<h2>Partners</h2>
<ul><li>Welfare Tech (lead), Denmark</li><li>Odense University Hospital, Denmark</li></ul>
</main></body></html>"""


def test_a_cited_earlier_project_does_not_take_the_partner_list(build):
    found = facts(build({"news.html": CITED}))
    assert ("Odense University Hospital", "PARTNER_IN", "CareBot") in found
    assert not [f for f in found if f[2] == "RoboHome"]
