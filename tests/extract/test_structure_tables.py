"""Partner tables whose columns vary: an acronym column beside the organisation's name is the
organisation's short name (not a project), "Participation" is a role column, "Abbr." a short name."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

PARTICIPANTS = """<html><head><title>VITALNET</title></head><body><main>
<h1>VITALNET</h1>
<p>The VITALNET project develops remote monitoring of vital signs for home care.</p>
<h2>Participants</h2>
<table>
<tr><th>Participant</th><th>Acronym</th><th>Nation</th><th>Type</th></tr>
<tr><td>Turku University Hospital</td><td>TYKS</td><td>Finland</td><td>Coordinator</td></tr>
<tr><td>Norwegian Medicines Agency</td><td>NOMA</td><td>Norway</td><td>Beneficiary</td></tr>
<tr><td>Medicines Agency</td><td>MA-DK</td><td>Denmark</td><td>Beneficiary</td></tr>
</table>
</main></body></html>"""

ABBREVIATED = """# The FlexRehab project

| Organisation | Abbr. | Country | Participation |
|---|---|---|---|
| Rehabit Oy | RHB | Finland | Lead company |
| Oulu University Hospital | OYS | Finland | Clinical partner |
"""


def test_acronym_column_is_the_partners_short_name(build):
    kg = build({"page.html": PARTICIPANTS})
    found = entities(kg)
    assert not {"TYKS", "NOMA", "MA-DK"} & set(found)
    assert ("Turku University Hospital", "LEADS", "VITALNET") in facts(kg)
    assert ("Norwegian Medicines Agency", "PARTNER_IN", "VITALNET") in facts(kg)
    assert "TYKS" in kg.props(kg.find("Turku University Hospital", "Organisation")[0])["aliases"]


def test_same_name_but_a_demonym_in_another_country_stays_apart(build):
    kg = build({"page.html": PARTICIPANTS})
    assert ("Medicines Agency", "LOCATED_IN", "Denmark") in facts(kg)
    assert ("Norwegian Medicines Agency", "LOCATED_IN", "Norway") in facts(kg)
    assert ("Norwegian Medicines Agency", "LOCATED_IN", "Denmark") not in facts(kg)


def test_abbr_and_participation_columns(build):
    kg = build({"page.md": ABBREVIATED})
    assert ("Rehabit Oy", "LEADS", "FlexRehab") in facts(kg)
    assert ("Oulu University Hospital", "PARTNER_IN", "FlexRehab") in facts(kg)
    assert "OYS" not in entities(kg)


def test_camel_case_words_inside_table_names(build):
    page = ABBREVIATED.replace("| Oulu University Hospital | OYS |", "| Danish mHealth Agency | DMA |")
    assert ("Danish mHealth Agency", "PARTNER_IN", "FlexRehab") in facts(build({"page.md": page}))
