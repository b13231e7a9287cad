"""Partners stated in running prose attach to the project the sentence is about."""
from __future__ import annotations

from tests.extract.extract_helpers import entities, facts

LAUNCH = """<html><head><title>News</title></head><body><main>
<h1>New project tests smart beds in care homes</h1>
<p>The project <strong>BedSense Nordic</strong>, led by Fjordline Care, brings together Bergen University Hospital,
the University of Agder and the Swedish company Sovi AB, along with Region Kronoberg and Lapland University of
Applied Sciences from Sweden and Finland.</p>
<p>The Danish arm, led by Aarhus University, recruits the nursing homes.</p>
</main></body></html>"""


def test_brings_together_and_along_with_partner_the_subject_project(build):
    found = facts(build({"launch.html": LAUNCH}))
    assert ("Fjordline Care", "LEADS", "BedSense Nordic") in found
    assert ("Sovi AB", "LOCATED_IN", "Sweden") in found  # "the Swedish company Sovi AB"
    for partner in ("Bergen University Hospital", "University of Agder", "Sovi AB", "Region Kronoberg",
                    "Lapland University of Applied Sciences"):
        assert (partner, "PARTNER_IN", "BedSense Nordic") in found, partner
    assert not any(t == "LEADS" and s != "Fjordline Care" for s, t, _ in found)  # the list is not led
    assert ("Aarhus University", "LEADS", "BedSense Nordic") not in found  # it leads a part only


RESULTS = """# Fewer night-time falls

Results from **NightGuard**, a three-year research project on fall alarms, were published today.

NightGuard was coordinated by Tromsø University Hospital and carried out with Umeå University, Aalto University
and the University of Akureyri.
"""


def test_repeated_project_name_and_carried_out_with(build):
    found = facts(build({"results.md": RESULTS}))
    assert ("Tromsø University Hospital", "LEADS", "NightGuard") in found
    for partner in ("Umeå University", "Aalto University", "University of Akureyri"):
        assert (partner, "PARTNER_IN", "NightGuard") in found, partner
        assert (partner, "LEADS", "NightGuard") not in found


PROGRAMME = """<html><head><title>Programme news</title></head><body><main>
<h1>Three projects share the funding</h1>
<p>Among the funded projects:</p>
<ul>
<li><b>CareFlow</b>: a project of Region Halland and Halmstad University, with Meditro AB as an associate partner.</li>
<li><b>DoseLink</b>, coordinated by Region Gävleborg, in which Uppsala University and the start-up Pillo AB take part.</li>
</ul>
</main></body></html>"""


def test_project_of_associate_partner_and_in_which_take_part(build):
    found = facts(build({"programme.html": PROGRAMME}))
    assert {("Region Halland", "PARTNER_IN", "CareFlow"), ("Halmstad University", "PARTNER_IN", "CareFlow"),
            ("Meditro AB", "PARTNER_IN", "CareFlow")} <= found
    assert ("Region Gävleborg", "LEADS", "DoseLink") in found
    assert {("Uppsala University", "PARTNER_IN", "DoseLink"), ("Pillo AB", "PARTNER_IN", "DoseLink")} <= found
    assert not any(t == "CareFlow" for s, _, t in found if s in ("Uppsala University", "Pillo AB"))


ROUNDUP = """<html><head><title>Member news</title></head><body><main>
<h2>New partner in the WalkWell project</h2>
<p>The start-up Stegly AS has joined WalkWell, the project led by Sørlandet Hospital that tests gait sensors.
Other partners are the University of Stavanger and the Municipality of Sandnes.</p>
<h2>Interview</h2>
<p>The project OrtoPlan is led by Telemark Hospital. The clinical tests run at Vestfold Hospital, and the
pharmacy chain Apotek Nord is a partner as well. Gjøvik Health is not a partner.</p>
</main></body></html>"""


def test_has_joined_other_partners_and_is_a_partner(build):
    found = facts(build({"roundup.html": ROUNDUP}))
    assert ("Sørlandet Hospital", "LEADS", "WalkWell") in found
    assert {("Stegly AS", "PARTNER_IN", "WalkWell"), ("University of Stavanger", "PARTNER_IN", "WalkWell"),
            ("Municipality of Sandnes", "PARTNER_IN", "WalkWell")} <= found
    assert ("Apotek Nord", "PARTNER_IN", "OrtoPlan") in found
    assert not any(s == "Gjøvik Health" for s, _, _ in found)


def test_norwegian_legal_suffix_stays_in_the_name_and_the_opens_a_new_item():
    from nordgraph.loaders.extract.text import name_spans, split_list
    text = "The start-up Lindvik Sensor AS has joined the University of Tromsø and the Municipality of Alta."
    assert "Lindvik Sensor AS" in [text[a:b] for a, b in name_spans(text, 0, len(text))]
    start = text.index("University")
    assert [text[a:b] for a, b in split_list(text, start, len(text) - 1)] == [
        "University of Tromsø", "the Municipality of Alta"]


CONSORTIUM_NEWS = """<html><head><title>News</title></head><body><main>
<h1>Consortium grows</h1>
<p>Turku-based Voicia Oy, which develops speech-based triage software, has joined <b>HomeLink</b>, the
hospital-at-home consortium coordinated by Tampere University Hospital.</p>
<p>HomeLink was launched in 2024 and now has five partners: Tampere University Hospital, Aalto University (Finland),
Uppsala University (Sweden), Riga Stradins University (Latvia) and Voicia Oy.</p>
<p>Stavanger-based Noda AS has been awarded EUR 1.5 million from the Research Council of Norway.</p>
</main></body></html>"""


def test_relative_clause_subject_has_n_partners_and_decimal_amounts(build):
    found = facts(build({"news.html": CONSORTIUM_NEWS}))
    assert ("Voicia Oy", "PARTNER_IN", "HomeLink") in found
    assert ("Tampere University Hospital", "LEADS", "HomeLink") in found
    for partner in ("Aalto University", "Uppsala University", "Riga Stradins University"):
        assert (partner, "PARTNER_IN", "HomeLink") in found, partner
    assert ("Riga Stradins University", "LOCATED_IN", "Latvia") in found
    assert ("Noda AS", "FUNDED_BY", "Research Council of Norway") in found


INTERVIEW = """# "We want safer infusions"

*Ola Hansen has studied infusion errors for years. Now he is project manager for PumpCheck, which has just received
a grant from the Norwegian Cancer Society.*

**Who is involved?**

NORCE leads the project. The tests run at Stavanger University Hospital, and the pharmacy enterprise Apotek Sør is a
partner as well.
"""


def test_project_manager_for_names_the_project_the_interview_is_about(build):
    found = facts(build({"interview.md": INTERVIEW}))
    assert ("PumpCheck", "FUNDED_BY", "Norwegian Cancer Society") in found
    assert ("NORCE", "LEADS", "PumpCheck") in found
    assert ("Apotek Sør", "PARTNER_IN", "PumpCheck") in found


AGREEMENT_PROJECT = """# Two universities sign a data agreement

It will be put into practice through **NordBank Link**, a two-year project coordinated by Aarhus University. Region
Zealand and the North Denmark Region (Region Nordjylland) are partners in the project, and the cluster will handle
outreach.

NordBank Link is financed by the Carlsberg Foundation, with a smaller contribution from Region Zealand.
"""


def test_are_partners_in_the_project_just_named_and_a_contribution_from(build):
    found = facts(build({"agreement.md": AGREEMENT_PROJECT}))
    assert ("Aarhus University", "LEADS", "NordBank Link") in found
    assert {("Region Zealand", "PARTNER_IN", "NordBank Link"), ("North Denmark Region", "PARTNER_IN", "NordBank Link"),
            ("NordBank Link", "FUNDED_BY", "Carlsberg Foundation"), ("NordBank Link", "FUNDED_BY", "Region Zealand")} <= found


RECAP = """# Procurement day recap

- **Sensa Solutions** (Sweden) presented *SleepGuard*, which is led by Region Norrbotten and has received support
  from Vinnova.
- **Kolla AB** presented its app, which is led by Maria Berg.
"""


def test_a_name_an_organisation_leads_is_a_project(build):
    kg = build({"recap.md": RECAP})
    found = facts(kg)
    assert entities(kg)["SleepGuard"] == "Project"
    assert ("Region Norrbotten", "LEADS", "SleepGuard") in found
    assert ("SleepGuard", "FUNDED_BY", "Vinnova") in found
    assert not any(r == "LEADS" and t != "SleepGuard" for _, r, t in found)


def test_demonym_with_words_before_the_kind_locates_the_company(build):
    text = "# News\n\nThe Danish physiotherapy start-up Fysio Flow ApS has joined the programme.\n"
    assert ("Fysio Flow ApS", "LOCATED_IN", "Denmark") in facts(build({"news.md": text}))
