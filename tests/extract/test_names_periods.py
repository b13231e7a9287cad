"""A programme period ("2021–2027") belongs to the programme's name, and the bare name is the
same programme unless two periods of it are named."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

DATED = """# CareBridge

CareBridge is a project funded by the Nordic Programme for Rural Health 2021–2027.
The Nordic Programme for Rural Health also funds two other projects.
"""

TWO_PERIODS = """# Rural health in the north

The Nordic Programme for Rural Health 2018-2021 ended last year.
The Nordic Programme for Rural Health 2022–2025 opened in March.
"""


def test_period_stays_in_the_name_and_the_bare_name_joins_it(build):
    kg = build({"page.md": DATED})
    programmes = {n for n, label in entities(kg).items() if label == "Programme"}
    assert programmes == {"Nordic Programme for Rural Health 2021–2027"}
    assert ("CareBridge", "FUNDED_BY", "Nordic Programme for Rural Health 2021–2027") in facts(kg)


def test_two_periods_are_two_programmes(build):
    kg = build({"page.md": TWO_PERIODS})
    programmes = {n for n, label in entities(kg).items() if label == "Programme"}
    assert programmes == {"Nordic Programme for Rural Health 2018-2021", "Nordic Programme for Rural Health 2022–2025"}


def test_a_known_programme_family_inside_a_strand_name_is_no_entity(build):
    kg = build({"page.md": "# FrostCare\n\nThe FrostCare project is funded by the Interreg Aurora programme.\n"})
    programmes = {n for n, label in entities(kg).items() if label == "Programme"}
    assert programmes == {"Interreg Aurora"}
    assert ("FrostCare", "FUNDED_BY", "Interreg Aurora") in facts(kg)
