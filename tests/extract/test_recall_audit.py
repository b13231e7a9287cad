"""Relations said with synonyms of the cue verbs: one test per lexicon family of ``data/cues.tsv``."""
from __future__ import annotations

import re

from nordgraph.loaders.extract.cues import cue_pattern, cue_words
from tests.extract.extract_helpers import facts

LEAD_SYNONYMS = """# GaitWatch

GaitWatch is a research project on gait sensors for people with Parkinson's disease.

The project is headed by Haukeland University Hospital.
"""

DIRECTED = """# BoneScan Nordic

BoneScan Nordic is a project on osteoporosis screening, directed by Odense University Hospital.
"""


def test_headed_by_leads_the_project(build):
    assert ("Haukeland University Hospital", "LEADS", "GaitWatch") in facts(build({"gait.md": LEAD_SYNONYMS}))


def test_directed_by_leads_the_project(build):
    assert ("Odense University Hospital", "LEADS", "BoneScan Nordic") in facts(build({"bone.md": DIRECTED}))


FUND_SYNONYMS = """# LungLink

LungLink is a project on home spirometry, run by Akershus University Hospital.

The project is backed by the Trond Mohn Foundation and has been awarded funding by the Norwegian Cancer Society.
"""


def test_backed_by_and_awarded_funding_by_fund_the_project(build):
    found = facts(build({"lung.md": FUND_SYNONYMS}))
    assert ("LungLink", "FUNDED_BY", "Trond Mohn Foundation") in found
    assert ("LungLink", "FUNDED_BY", "Norwegian Cancer Society") in found
    assert ("Akershus University Hospital", "LEADS", "LungLink") in found
    assert ("Trond Mohn Foundation", "LEADS", "LungLink") not in found


PART_VERBS = """# SkinCheck

SkinCheck is a project on melanoma triage apps. SkinCheck belongs to the Nordic Cancer Programme.
"""

FALLS_UNDER = """# EarlyEar

EarlyEar is a project on newborn hearing tests. EarlyEar falls under the Nordic Child Health Programme.
"""


def test_belongs_to_is_part_of(build):
    assert ("SkinCheck", "PART_OF", "Nordic Cancer Programme") in facts(build({"skin.md": PART_VERBS}))


def test_falls_under_is_part_of(build):
    assert ("EarlyEar", "PART_OF", "Nordic Child Health Programme") in facts(build({"ear.md": FALLS_UNDER}))


WORKS_CLOSELY = """<html><head><title>News</title></head><body><main>
<h1>Hospital signs up for AI triage</h1>
<p>Vestfold Hospital Trust works closely with the Norwegian Computing Center on the triage software.</p>
</main></body></html>"""

WORK_ALONE = """<html><head><title>News</title></head><body><main>
<h1>Nurses test a new app</h1>
<p>Vestfold Hospital Trust will work with the app during the spring.</p>
</main></body></html>"""


def test_collaborate_verbs_take_an_adverb_and_the_list_ends_before_on_the(build):
    pairs = {frozenset((s, o)) for s, t, o in facts(build({"close.html": WORKS_CLOSELY})) if t == "COLLABORATES_WITH"}
    assert pairs == {frozenset(("Vestfold Hospital Trust", "Norwegian Computing Center"))}


def test_bare_work_with_is_no_collaboration(build):
    assert not any(t == "COLLABORATES_WITH" for _, t, _ in facts(build({"alone.html": WORK_ALONE})))


def test_cue_patterns_match_any_blank_and_prefer_the_longest_cue():
    assert "falls under" in cue_words("part-verb")
    assert re.fullmatch(cue_pattern("fund-passive"), "awarded  funding")
    assert re.match(cue_pattern("part-noun"), "sub-project of").group() == "sub-project of"


TAKE_PART = """# FootCare

FootCare is a project on diabetic foot ulcers, led by Aalborg University Hospital.

Lund University, Oulu University Hospital and the Danish company Woundly ApS participate in the project.

The University of Iceland and Tartu University Hospital contribute to the project as well.

Novo Nordisk and Coloplast participate in the annual wound-care conference.
"""


def test_a_list_that_participates_in_or_contributes_to_the_project_takes_part(build):
    found = facts(build({"foot.md": TAKE_PART}))
    for partner in ("Lund University", "Oulu University Hospital", "Woundly ApS", "University of Iceland",
                    "Tartu University Hospital"):
        assert (partner, "PARTNER_IN", "FootCare") in found, partner
    assert not any(s in ("Novo Nordisk", "Coloplast") and t == "PARTNER_IN" for s, t, _ in found)  # not the project


INVOLVED_COLON = """<html><head><title>EyeScreen</title></head><body><main>
<h1>EyeScreen</h1>
<p>EyeScreen is a project on retinal screening with AI, coordinated by Helsinki University Hospital.</p>
<p>Four organisations are involved in the project: Stavanger University Hospital, Linnaeus University,
Region Halland and Iceland Eye Clinic.</p>
</main></body></html>"""


def test_involved_in_the_project_followed_by_a_colon_list(build):
    found = facts(build({"eye.html": INVOLVED_COLON}))
    for partner in ("Stavanger University Hospital", "Linnaeus University", "Region Halland", "Iceland Eye Clinic"):
        assert (partner, "PARTNER_IN", "EyeScreen") in found, partner
    assert ("Helsinki University Hospital", "PARTNER_IN", "EyeScreen") not in found


INVERTED = """<html><head><title>News: KidneyWatch starts</title></head><body><main>
<h1>KidneyWatch starts home dialysis trial</h1>
<p>The KidneyWatch project, which is coordinated by Rigshospitalet, started this week.</p>
<p>Also involved in KidneyWatch are Lund University and the Norwegian Institute of Public Health.</p>
<p>Involved in the planning are Helse Nord and Region Skåne.</p>
</main></body></html>"""


def test_inverted_involved_in_names_the_partners_after_the_verb(build):
    found = facts(build({"kidney.html": INVERTED}))
    assert ("Rigshospitalet", "LEADS", "KidneyWatch") in found
    for partner in ("Lund University", "Norwegian Institute of Public Health"):
        assert (partner, "PARTNER_IN", "KidneyWatch") in found, partner
    for other in ("Helse Nord", "Region Skåne"):  # "the planning" is not a project
        assert (other, "PARTNER_IN", "KidneyWatch") not in found, other


AMONG = """# New grant for LiftAssist

LiftAssist is a new project on patient lifts, led by Handicare AB.

LiftAssist is funded through Vinnova and counts Aalborg University and Oslo Metropolitan University among its partners.

Handicare AB counts several hospitals among its customers.
"""


def test_counts_names_among_its_partners(build):
    found = facts(build({"lift.md": AMONG}))
    for partner in ("Aalborg University", "Oslo Metropolitan University"):
        assert (partner, "PARTNER_IN", "LiftAssist") in found, partner
    assert ("LiftAssist", "FUNDED_BY", "Vinnova") in found
    assert ("Handicare AB", "PARTNER_IN", "LiftAssist") not in found


ACTIVE_LEAD = """# PainMap

PainMap is a research project on chronic pain registries.

Karolinska Institutet is in charge of the project. Aalto University runs the pilot study.
"""

HEADS = """# ScarFree

ScarFree is a research project on burn wound care. Haukeland University Hospital heads the ScarFree project.
"""


def test_in_charge_of_the_project_leads_it_but_running_a_study_does_not(build):
    found = facts(build({"pain.md": ACTIVE_LEAD}))
    assert ("Karolinska Institutet", "LEADS", "PainMap") in found
    assert ("Aalto University", "LEADS", "PainMap") not in found


def test_heads_the_named_project(build):
    assert ("Haukeland University Hospital", "LEADS", "ScarFree") in facts(build({"scar.md": HEADS}))


COLLABORATE_FORMS = """<html><head><title>News</title></head><body><main>
<h1>Hospitals share data for AI radiology</h1>
<p>The study is a collaboration between Tampere University Hospital and Skåne University Hospital.</p>
<p>Aalto University and KTH Royal Institute of Technology are working together on the algorithms.</p>
<p>Oulu University Hospital is cooperating with the University of Oulu on data sharing.</p>
<p>A partnership between Aarhus University, Aalborg University and Odense University Hospital is planned.</p>
</main></body></html>"""


def test_progressive_between_and_working_together_collaborate(build):
    pairs = {frozenset((s, o)) for s, t, o in facts(build({"ai.html": COLLABORATE_FORMS})) if t == "COLLABORATES_WITH"}
    assert pairs == {frozenset(("Tampere University Hospital", "Skåne University Hospital")),
                     frozenset(("Aalto University", "KTH Royal Institute of Technology")),
                     frozenset(("Oulu University Hospital", "University of Oulu"))}  # three sides: ambiguous


ROLES = """# MoveMore

MoveMore is a project on physical activity after cancer, with Tampere University as coordinator.

The lead partner is responsible for the reporting.
"""

ROLE_IS = """# BreathEasy

BreathEasy is a project on asthma inhalers for children.

The coordinator of the project is Sahlgrenska University Hospital.
"""

SERVES_AS = """# GutFeel

GutFeel is a project on microbiome tests. Uppsala University serves as project coordinator.
"""


def test_with_x_as_coordinator_leads_and_a_role_with_no_name_gives_nothing(build):
    found = facts(build({"move.md": ROLES}))
    assert {(s, t, o) for s, t, o in found if t == "LEADS"} == {("Tampere University", "LEADS", "MoveMore")}


def test_the_coordinator_of_the_project_is_x(build):
    assert ("Sahlgrenska University Hospital", "LEADS", "BreathEasy") in facts(build({"breath.md": ROLE_IS}))


def test_x_serves_as_project_coordinator(build):
    assert ("Uppsala University", "LEADS", "GutFeel") in facts(build({"gut.md": SERVES_AS}))


PROVIDES = """# StrokeNet

StrokeNet is a research project on stroke rehabilitation at home.

NordForsk provides funding for StrokeNet. The Kamprad Family Foundation has provided SEK 4 million in funding for
the project.

Region Skåne provides funding for the new hospital wing.
"""


def test_provides_funding_for_the_named_project(build):
    found = facts(build({"stroke.md": PROVIDES}))
    assert ("StrokeNet", "FUNDED_BY", "NordForsk") in found
    assert ("StrokeNet", "FUNDED_BY", "Kamprad Family Foundation") in found
    assert ("StrokeNet", "FUNDED_BY", "Region Skåne") not in found  # it funds a hospital wing


PROJECT_COOPERATES = """# New grant for CareBot

Norwegian start-up Robocare AS will lead CareBot, a new project on care robots.

The work is carried out in cooperation with Oslo Metropolitan University and Chalmers University of Technology.
"""


def test_organisations_the_project_itself_cooperates_with_take_part_in_it(build):
    found = facts(build({"carebot.md": PROJECT_COOPERATES}))
    for partner in ("Oslo Metropolitan University", "Chalmers University of Technology"):
        assert (partner, "PARTNER_IN", "CareBot") in found, partner
        assert (partner, "COLLABORATES_WITH", "CareBot") not in found


CONJOINED = """# MindBridge

MindBridge is a project on digital therapy for anxiety.

MindBridge belongs to the Nordic Mental Health Programme and is supported by the Nordic Council of Ministers.
"""


def test_the_second_of_two_joined_verbs_shares_the_sentence_subject(build):
    found = facts(build({"mind.md": CONJOINED}))
    assert ("MindBridge", "PART_OF", "Nordic Mental Health Programme") in found
    assert ("MindBridge", "FUNDED_BY", "Nordic Council of Ministers") in found
    assert ("Nordic Mental Health Programme", "FUNDED_BY", "Nordic Council of Ministers") not in found
