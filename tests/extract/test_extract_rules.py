"""The rule registry and rules run over hand-built Documents (the block kinds every reader makes)."""
from __future__ import annotations

import pytest

from nordgraph.graph.errors import LoaderError
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.loaders.document import Document, TextBuilder
from nordgraph.loaders.extract import extract_into
from nordgraph.loaders.extract.rules import all_rules, get
from tests.extract.extract_helpers import entities, facts


def test_every_rule_has_a_name_and_help_text():
    rules = all_rules()
    assert len(rules) >= 15
    for rule in rules:
        assert rule.description, rule.name


def test_unknown_rule_lists_the_known_ones():
    with pytest.raises(LoaderError, match="known rules: .*partner-list"):
        get("no-such-rule")


def _document(*blocks: tuple) -> Document:
    builder = TextBuilder()
    for kind, text, extra in blocks:
        if kind == "table_row":
            builder.add_row(extra["cells"], extra["header"])
        else:
            builder.add(kind, text, **extra)
    return Document("made-up", "made-up.html", "html", builder.text, builder.blocks, {})


def _extract(document: Document) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    extract_into(kg, [document], models=None)  # the rules alone
    return kg


def test_heading_project_with_coordinator_line_and_partner_list():
    doc = _document(
        ("heading", "Project BRIDGE-Care", {"level": 1}),
        ("paragraph", "The project builds a shared triage service for rural emergency care.", {}),
        ("paragraph", "Coordinator: Nordland Hospital Trust", {}),
        ("heading", "Project partners", {"level": 2}),
        ("list_item", "Bodø kommune (Norway)", {"level": 1}),
        ("list_item", "Umeå University (Sweden)", {"level": 1}),
        ("list_item", "Lapland University of Applied Sciences (Finland)", {"level": 1}),
        ("heading", "News", {"level": 2}),
        ("list_item", "Read about our workshop in Tromsø", {"level": 1}),
    )
    kg = _extract(doc)
    found = facts(kg)
    project = [n for n, lab in entities(kg).items() if lab == "Project"]
    assert project == ["BRIDGE-Care"]
    assert ("Nordland Hospital Trust", "LEADS", project[0]) in found
    assert ("Umeå University", "PARTNER_IN", project[0]) in found
    assert ("Bodø kommune", "LOCATED_IN", "Norway") in found
    assert ("Lapland University of Applied Sciences", "LOCATED_IN", "Finland") in found
    assert "Read about our workshop in Tromsø" not in entities(kg)


def test_table_with_coordinator_column():
    header = ["Organisation", "Country", "Coordinator"]
    doc = _document(
        ("heading", "Sepsis Alert Nordic", {"level": 1}),
        ("paragraph", "Sepsis Alert Nordic is a research project on early warning scores.", {}),
        ("table_row", "", {"cells": header, "header": header}),
        ("table_row", "", {"cells": ["Odense University Hospital", "Denmark", "yes"], "header": header}),
        ("table_row", "", {"cells": ["Landspítali University Hospital", "Iceland", ""], "header": header}),
    )
    found = facts(_extract(doc))
    assert ("Odense University Hospital", "LEADS", "Sepsis Alert Nordic") in found
    assert ("Landspítali University Hospital", "PARTNER_IN", "Sepsis Alert Nordic") in found
    assert ("Landspítali University Hospital", "LOCATED_IN", "Iceland") in found


def test_types_ministry_call_programme_apart():
    doc = _document(
        ("paragraph", "The Ministry of Social Affairs and Health in Finland owns the programme Digital Care Finland. "
                      "Applicants may apply to the Care Robotics call, which is part of the Digital Care Finland "
                      "programme.", {}),
    )
    kg = _extract(doc)
    labels = entities(kg)
    assert labels["Ministry of Social Affairs and Health"] == "Ministry"
    assert labels["Care Robotics"] == "Call"
    assert labels["Digital Care Finland"] == "Programme"
    found = facts(kg)
    assert ("Ministry of Social Affairs and Health", "LOCATED_IN", "Finland") in found
    assert ("Care Robotics", "PART_OF", "Digital Care Finland") in found


def test_nothing_is_invented_from_ordinary_capitalised_prose():
    doc = _document(
        ("heading", "Record Attendance at the Annual Conference", {"level": 1}),
        ("paragraph", "The Keynote Speaker talked about Artificial Intelligence in Primary Care. In a Panel "
                      "Debate, speakers asked whether Public Procurement Rules slow down Innovation.", {}),
        ("list_item", "Data Sharing remains a Challenge", {"level": 1}),
        ("list_item", "Value Based Healthcare is Growing", {"level": 1}),
    )
    kg = _extract(doc)
    assert len(kg) == 0 and kg.edge_count() == 0


def test_relative_clauses_appositions_and_co_leads():
    doc = _document(
        ("paragraph", "The call is part of the programme Healthy Futures North, which is financed by the Arctic "
                      "Council Fund. CareWave, the Nordic innovation programme for home care that is run jointly by "
                      "Vinnova and Business Finland, opened in May.", {}),
    )
    kg = _extract(doc)
    found = facts(kg)
    labels = entities(kg)
    assert labels["Healthy Futures North"] == "Programme" and labels["CareWave"] == "Programme"
    assert ("Healthy Futures North", "FUNDED_BY", "Arctic Council Fund") in found
    assert ("Vinnova", "LEADS", "CareWave") in found and ("Business Finland", "LEADS", "CareWave") in found


def test_led_by_stops_at_together_with_and_strips_descriptors():
    doc = _document(
        ("heading", "Project NightNurse", {"level": 1}),
        ("paragraph", "The project is led by Sørlandet sykehus HF together with the software company Nurseio AS "
                      "and Agder University College.", {}),
    )
    found = facts(_extract(doc))
    assert ("Sørlandet sykehus HF", "LEADS", "NightNurse") in found
    assert ("Nurseio AS", "PARTNER_IN", "NightNurse") in found
    assert ("Nurseio AS", "LEADS", "NightNurse") not in found


def test_an_agent_after_by_is_not_the_subject_of_the_next_verb():
    doc = _document(
        ("paragraph", "The conference was organised by the Norwegian Health Cluster with support from Oslo "
                      "Municipality.", {}),
    )
    kg = _extract(doc)
    assert entities(kg) == {"Norwegian Health Cluster": "Organisation", "Oslo Municipality": "Organisation"}
    assert kg.edge_count() == 0  # the conference was supported, not the cluster


def test_people_with_their_organisations_but_organisations_are_never_people():
    doc = _document(
        ("paragraph", "Partners are Oslo University Hospital (OUS), Karolinska Institutet (KIS) and Aalto University. "
                      "Johan Berg (Vivo Sense) and Kari Holm (Medtek Norway) presented.", {}),
    )
    kg = _extract(doc)
    labels = entities(kg)
    assert labels["Oslo University Hospital"] == "Organisation" and labels["Karolinska Institutet"] == "Organisation"
    assert labels["Johan Berg"] == "Person" and labels["Vivo Sense"] == "Organisation"
    assert ("Kari Holm", "WORKS_FOR", "Medtek Norway") in facts(kg)


def test_role_headings_over_names():
    doc = _document(
        ("heading", "Project SleepWell", {"level": 1}),
        ("paragraph", "The project tests sleep coaching for shift workers.", {}),
        ("heading", "Coordinator", {"level": 2}),
        ("paragraph", "Region Örebro län", {}),
        ("heading", "Funding", {"level": 2}),
        ("list_item", "Forte", {"level": 1}),
        ("list_item", "Innovation Fund Denmark", {"level": 1}),
        ("heading", "Contact", {"level": 2}),
        ("paragraph", "Write to us any time.", {}),
    )
    found = facts(_extract(doc))
    assert ("Region Örebro län", "LEADS", "SleepWell") in found
    assert ("SleepWell", "FUNDED_BY", "Swedish Research Council for Health, Working Life and Welfare") in found
    assert ("SleepWell", "FUNDED_BY", "Innovation Fund Denmark") in found


def test_descriptions_after_dashes_about_headings_and_national_ministries():
    doc = _document(
        ("heading", "About TeleHeart", {"level": 1}),
        ("paragraph", "TeleHeart is a research project on remote cardiac rehabilitation. The project is funded by "
                      "the Danish Ministry of Health.", {}),
        ("heading", "Partners", {"level": 2}),
        ("list_item", "SINTEF – independent research institute", {"level": 1}),
        ("list_item", "Aarhus University Hospital – coordinator", {"level": 1}),
    )
    found = facts(_extract(doc))
    assert ("SINTEF", "PARTNER_IN", "TeleHeart") in found
    assert ("Aarhus University Hospital", "LEADS", "TeleHeart") in found
    assert ("TeleHeart", "FUNDED_BY", "Danish Ministry of Health") in found
    assert ("Danish Ministry of Health", "LOCATED_IN", "Denmark") in found


def test_the_lead_partner_and_the_partners_it_works_with():
    doc = _document(
        ("heading", "ElderNet Midt", {"level": 1}),
        ("paragraph", "ElderNet Midt is a two-year innovation project in which Midt Health Cluster is the lead "
                      "partner. The cluster works together with St. Olavs Hospital, Orkland kommune and NTNU to test "
                      "video visits.", {}),
    )
    found = facts(_extract(doc))
    assert ("Midt Health Cluster", "LEADS", "ElderNet Midt") in found
    assert ("St. Olavs Hospital", "PARTNER_IN", "ElderNet Midt") in found
    assert ("Orkland kommune", "PARTNER_IN", "ElderNet Midt") in found
