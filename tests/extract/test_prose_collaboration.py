"""Collaboration and ownership stated in prose: agreements, clause subjects, "X's project", faculties."""
from __future__ import annotations

from tests.extract.extract_helpers import facts

AGREEMENT = """# Universities sign data agreement

Umeå University and the University of Tartu (Tartu Ülikool, UT) have signed an agreement on shared cohort data.

Umeå University already collaborates with Norrland University Hospital on several registry studies, and UT teams
up with Tartu University Hospital on imaging; neither hospital takes part in the agreement.

Mid Sweden University and Karlstad University have collaborated since 2019.
"""


def test_agreements_and_each_clause_keeps_its_own_subject(build):
    found = facts(build({"agreement.md": AGREEMENT}))
    pairs = {frozenset((s, t)) for s, r, t in found if r == "COLLABORATES_WITH"}
    assert frozenset(("Umeå University", "University of Tartu")) in pairs
    assert frozenset(("Umeå University", "Norrland University Hospital")) in pairs
    assert frozenset(("Mid Sweden University", "Karlstad University")) in pairs
    assert frozenset(("Umeå University", "Tartu University Hospital")) not in pairs  # UT's partner, not Umeå's
    assert frozenset(("University of Tartu", "Tartu University Hospital")) in pairs  # UT is its acronym


SELECTED = """# New rehabilitation project selected

Oulu University's project **StepHome** was selected in the national call. StepHome will be coordinated by Oulu
University's Faculty of Medicine. Its partners are Aarhus University (Denmark) and Lund University (Sweden).
"""


def test_possessive_project_and_a_faculty_leads_for_its_university(build):
    kg = build({"selected.md": SELECTED})
    found = facts(kg)
    assert ("Oulu University", "LEADS", "StepHome") in found
    assert ("Faculty of Medicine", "PART_OF", "Oulu University") in found
    assert not any(s.startswith("Oulu University's") for s, _, _ in found)
    assert {("Aarhus University", "PARTNER_IN", "StepHome"), ("Lund University", "PARTNER_IN", "StepHome")} <= found


def test_teamed_up_and_joined_forces_with(build):
    text = ("# News\n\nOdense University Hospital has teamed up with the start-up Vitalo ApS on wound imaging.\n\n"
            "Region Jämtland Härjedalen has joined forces with Mid Sweden University.\n")
    pairs = {frozenset((s, t)) for s, r, t in facts(build({"news.md": text})) if r == "COLLABORATES_WITH"}
    assert frozenset(("Odense University Hospital", "Vitalo ApS")) in pairs
    assert frozenset(("Region Jämtland Härjedalen", "Mid Sweden University")) in pairs
