"""A project's own page: the <title> opens with the <h1> name ("ACR: what it does | Agency"), so
one project signal on the page is enough; "– main applicant, clinical validation" is a lead role."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

PAGE = """<html><head><title>KIDNEYWATCH: Early warning of kidney injury | Some Fund</title></head><body>
<main>
<h1>KIDNEYWATCH</h1>
<p>Early warning of acute kidney injury in intensive care</p>
<table>
<tr><td>Programme</td><td>Grand Challenges</td></tr>
<tr><td>Duration</td><td>4 years</td></tr>
</table>
<p>Acute kidney injury is common in intensive care. KIDNEYWATCH combines routine blood tests and urine output
in an algorithm.</p>
<h2>Participants</h2>
<ul>
<li>Aarhus University Hospital (Denmark) – main applicant, clinical validation</li>
<li>Aalborg University (Denmark) – machine learning</li>
</ul>
</main></body></html>"""


def test_titled_page_names_its_project(build):
    kg = build({"page.html": PAGE})
    found = facts(kg)
    assert entities(kg).get("KIDNEYWATCH") == "Project"
    assert ("Aarhus University Hospital", "LEADS", "KIDNEYWATCH") in found
    assert ("Aalborg University", "PARTNER_IN", "KIDNEYWATCH") in found
    assert ("KIDNEYWATCH", "FUNDED_BY", "Grand Challenges") in found


def test_untitled_page_needs_more_than_one_signal(build):
    kg = build({"page.html": PAGE.replace("KIDNEYWATCH: Early warning of kidney injury | Some Fund", "Some Fund")})
    assert entities(kg).get("KIDNEYWATCH") != "Project"


DESCRIPTIVE = """<html><head><title>Sensor-based fall detection in sheltered housing | Some Agency</title></head>
<body><main>
<h1>Sensor-based fall detection in sheltered housing</h1>
<ul>
<li>Reference number: 2026-00123</li>
<li>Project owner: Region Jämtland Härjedalen</li>
<li>Status: Ongoing</li>
</ul>
<h2>Purpose</h2>
<p>The project tests radar sensors that detect falls without cameras.</p>
</main></body></html>"""

HEADLINE = """<html><head><title>Three projects share SEK 10 million | Some Agency</title></head>
<body><main>
<h1>Three projects share SEK 10 million</h1>
<p>The project owners were told on Monday. The projects start in May.</p>
</main></body></html>"""


def test_long_descriptive_title_over_a_project_owner_line(build):
    kg = build({"page.html": DESCRIPTIVE})
    assert ("Region Jämtland Härjedalen", "LEADS", "Sensor-based fall detection in sheltered housing") in facts(kg)


def test_a_news_headline_is_no_project(build):
    assert "Project" not in entities(build({"page.html": HEADLINE})).values()
