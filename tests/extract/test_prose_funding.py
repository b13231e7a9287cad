"""Funding stated in prose: who pays, for which project, and through which programme."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

AWARD = """# Pulsly awarded NOK 9 million

Trondheim-based Pulsly AS has been awarded NOK 9 million from Innovation Norway (Innovasjon Norge) for **BreathWatch**, a two-year
innovation project on home oxygen monitoring.
"""


def test_awarded_from_funder_for_project(build):
    found = facts(build({"award.md": AWARD}))
    assert ("Pulsly AS", "LEADS", "BreathWatch") in found
    assert ("BreathWatch", "FUNDED_BY", "Innovation Norway") in found
    assert not any(s == "Pulsly AS" and r == "FUNDED_BY" for s, r, _ in found)


RESULTS = """# SnowStep study: fewer injuries among older adults

Results from **SnowStep**, a three-year research project on winter falls, were published today.

SnowStep was coordinated by the University of Tromsø and carried out with Umeå University. Funding came from
NordForsk under the *Nordic Welfare Research Initiative*, with additional national support from the Swedish
Research Council.

The agreement behind the study was negotiated with support from Medtech Forum Norway.
"""


def test_funding_came_from_funder_under_programme_and_additional_support(build):
    kg = build({"results.md": RESULTS})
    found = facts(kg)
    assert {("SnowStep", "FUNDED_BY", "NordForsk"), ("SnowStep", "FUNDED_BY", "Nordic Welfare Research Initiative"),
            ("SnowStep", "FUNDED_BY", "Swedish Research Council")} <= found
    assert entities(kg)["Nordic Welfare Research Initiative"] == "Programme"
    assert not any(t == "Swedish Research Council" and s != "SnowStep" for s, _, t in found)
    assert not any(t == "Medtech Forum Norway" for _, _, t in found)  # the agreement's helper, not a funder


LAUNCH = """<html><head><title>Launch</title></head><body><main>
<h1>Home hospital consortium grows</h1>
<p>The project HomeWard was launched in 2025 with funding from Business Finland's <i>Digital Care Pathways</i> programme.</p>
<p>The project WardLink is funded by the Research Council of Norway and by Helse Vest.</p>
<p>The project SkyCare is co-financed by the European Regional Development Fund through the Interreg Nord
programme.</p>
</main></body></html>"""


def test_possessive_programme_and_by_and_by_and_through_the_programme(build):
    found = facts(build({"launch.html": LAUNCH}))
    assert ("HomeWard", "FUNDED_BY", "Business Finland") in found
    assert ("HomeWard", "FUNDED_BY", "Digital Care Pathways") in found
    assert {("WardLink", "FUNDED_BY", "Research Council of Norway"), ("WardLink", "FUNDED_BY", "Helse Vest")} <= found
    assert ("SkyCare", "FUNDED_BY", "Interreg Nord") in found


CALL_PAGE = """# Three projects share NOK 20 million

Three projects have been granted funding under the call Digital Care at Home 2026. The call is part of NordForsk's
Nordic Programme on Ageing and was funded by NordForsk together with the Research Council of Norway and the
Academy of Finland.

The project CareNet is one of the funded projects. Medtech Boost is a national innovation programme financed by
Vinnova and Formas.
"""


def test_part_of_owners_programme_funded_together_with_and_a_programme_sentence(build):
    found = facts(build({"call.md": CALL_PAGE}))
    call = "Digital Care at Home 2026"
    assert (call, "PART_OF", "Nordic Programme on Ageing") in found
    assert (call, "PART_OF", "NordForsk") not in found
    assert {(call, "FUNDED_BY", "NordForsk"), (call, "FUNDED_BY", "Research Council of Norway"),
            (call, "FUNDED_BY", "Academy of Finland")} <= found
    assert {("Medtech Boost", "FUNDED_BY", "Vinnova"), ("Medtech Boost", "FUNDED_BY", "Formas")} <= found
    assert not any(s == "CareNet" and t in ("Vinnova", "Formas") for s, _, t in found)


PROJECT_PAGE = """<html><head><title>VoiceTriage</title></head><body><main>
<h1>VoiceTriage</h1>
<p>The VoiceTriage project is run by Region Örebro County together with the company Talko AB, which develops the
speech model, Örebro University, which validates it, and Region Värmland, which will test the tool.</p>
<p>Business Finland funds the project with EUR 1.2 million.</p>
</main></body></html>"""


def test_together_with_partners_each_with_a_relative_clause_and_x_funds_the_project(build):
    found = facts(build({"page.html": PROJECT_PAGE}))
    assert ("Region Örebro County", "LEADS", "VoiceTriage") in found
    for partner in ("Talko AB", "Örebro University", "Region Värmland"):
        assert (partner, "PARTNER_IN", "VoiceTriage") in found, partner
    assert ("VoiceTriage", "FUNDED_BY", "Business Finland") in found


def test_the_grant_comes_through_a_named_scheme(build):
    text = AWARD + ("\nThe grant, which comes through the Agency's *Growth Grants for Health Start-ups* scheme, covers "
                    "half of the budget.\n")
    kg = build({"award.md": text})
    assert ("BreathWatch", "FUNDED_BY", "Growth Grants for Health Start-ups") in facts(kg)
    assert entities(kg)["Growth Grants for Health Start-ups"] == "Programme"
