"""The overrides file: each operation, warnings for stale entries, errors for malformed files."""
from __future__ import annotations

from pathlib import Path

import pytest

from nordgraph.graph.errors import CurationError
from nordgraph.graph.model import Evidence, KnowledgeGraph
from nordgraph.loaders.curation import (
    Ref,
    apply_overrides,
    default_overrides_path,
    distinct_pairs,
    load_overrides,
    record_add,
    record_drop,
    record_merge,
    record_rename,
    record_retype,
    record_split,
)


def ev(quote: str, confidence: float = 0.8) -> Evidence:
    return Evidence(doc="report.txt", start=0, end=len(quote), quote=quote, rule="test",
                    confidence=confidence)


@pytest.fixture
def kg() -> KnowledgeGraph:
    """Two spellings of one organisation, a project, a country and a wrongly merged node."""
    kg = KnowledgeGraph()
    medtek = kg.add_node("Organisation", "Medtek Norway", evidence=[ev("Medtek Norway (lead)")])
    norge = kg.add_node("Organisation", "Medtek Norge", evidence=[ev("Medtek Norge AS")])
    project = kg.add_node("Project", "Nordic Medtech Growth 2", aliases=["NMG2"],
                          evidence=[ev("Nordic Medtech Growth 2")])
    kg.add_node("Country", "Norway", evidence=[ev("Norway")])
    nhg = kg.add_node("Organisation", "Nordic Healthcare Group", aliases=["NHG Oy"],
                      evidence=[ev("Nordic Healthcare Group (project manager)"),
                                ev("NHG Oy, Helsinki"),
                                ev("Nordic Healthcare Group and NHG Oy")])
    kg.add_edge(medtek, "LEADS", project, evidence=[ev("Medtek Norway (lead)")])
    kg.add_edge(norge, "PARTNER_IN", project, evidence=[ev("Medtek Norge AS")])
    kg.add_edge(medtek, "LOCATED_IN", "country:norway", evidence=[ev("Norway: Medtek Norway")])
    kg.add_edge(nhg, "PARTNER_IN", project, evidence=[ev("NHG Oy joins NMG2")])
    kg.add_edge(nhg, "LEADS", project, evidence=[ev("Nordic Healthcare Group leads NMG2")])
    return kg


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "nordgraph.overrides.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_merge_keeps_the_first_entity_under_a_canonical_name(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, "- merge: [medtek norway, MEDTEK NORGE]\n  name: Medtek Norway AS\n")
    assert apply_overrides(kg, path) == []
    assert "organisation:medtek-norge" not in kg
    props = kg.props("organisation:medtek-norway")
    assert props["name"] == "Medtek Norway AS"
    assert {"Medtek Norway", "Medtek Norge"} <= set(props["aliases"])
    types = {data["type"] for _, _, _, data in kg.nx.out_edges("organisation:medtek-norway", keys=True, data=True)}
    assert {"LEADS", "PARTNER_IN", "LOCATED_IN"} <= types


def test_merge_by_id_with_one_name_gone_merges_the_rest_and_warns(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, "- merge: [organisation:medtek-norway, Medtek Norge, Medtek Danmark]\n")
    warnings = apply_overrides(kg, path)
    assert "organisation:medtek-norge" not in kg
    assert len(warnings) == 1 and "'Medtek Danmark' matches nothing" in warnings[0]
    assert warnings[0].startswith("nordgraph.overrides.yaml:1: entry 1 (merge)")


def test_split_moves_aliases_evidence_and_edges_that_only_mention_them(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, "- split: Nordic Healthcare Group\n  aliases: [NHG Oy]\n")
    assert apply_overrides(kg, path) == []
    old, new = kg.props("organisation:nordic-healthcare-group"), kg.props("organisation:nhg-oy")
    assert new["name"] == "NHG Oy" and "NHG Oy" not in old["aliases"]
    old_quotes = {e["quote"] for e in old["evidence"]}
    new_quotes = {e["quote"] for e in new["evidence"]}
    assert new_quotes == {"NHG Oy, Helsinki", "Nordic Healthcare Group and NHG Oy"}
    assert old_quotes == {"Nordic Healthcare Group (project manager)", "Nordic Healthcare Group and NHG Oy"}
    assert kg.nx.has_edge("organisation:nhg-oy", "project:nordic-medtech-growth-2",
                          "organisation:nhg-oy|PARTNER_IN|project:nordic-medtech-growth-2")
    assert not kg.nx.has_edge("organisation:nordic-healthcare-group", "project:nordic-medtech-growth-2",
                              "organisation:nordic-healthcare-group|PARTNER_IN|project:nordic-medtech-growth-2")
    assert kg.nx.has_edge("organisation:nordic-healthcare-group", "project:nordic-medtech-growth-2",
                          "organisation:nordic-healthcare-group|LEADS|project:nordic-medtech-growth-2")


def test_split_of_an_alias_the_node_lacks_is_a_warning(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, "- split: Nordic Healthcare Group\n  aliases: [HUS]\n")
    (warning,) = apply_overrides(kg, path)
    assert "has none of the aliases HUS" in warning


def test_rename_keeps_the_old_name_as_an_alias_and_the_id(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, "- rename: NMG2\n  to: Nordic Medtech Growth II\n")
    assert apply_overrides(kg, path) == []
    props = kg.props("project:nordic-medtech-growth-2")
    assert props["name"] == "Nordic Medtech Growth II"
    assert "Nordic Medtech Growth 2" in props["aliases"]
    assert kg.find("Nordic Medtech Growth 2") == ["project:nordic-medtech-growth-2"]


def test_retype_gives_a_new_label_and_keeps_the_edges(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, "- retype: {name: NMG2, label: Project}\n  to: Programme\n")
    assert apply_overrides(kg, path) == []
    assert kg.find("NMG2") == ["programme:nordic-medtech-growth-2"]
    assert kg.label("programme:nordic-medtech-growth-2") == "Programme"
    assert kg.nx.in_degree("programme:nordic-medtech-growth-2") == 4


def test_drop_removes_a_fact_or_an_entity(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, "- drop: [Medtek Norway, LEADS, NMG2]\n- drop: {name: Norway, label: Country}\n")
    assert apply_overrides(kg, path) == []
    assert not any(data["type"] == "LEADS" and src == "organisation:medtek-norway"
                   for src, _, _, data in kg.edges())
    assert "country:norway" not in kg
    assert "organisation:medtek-norway" in kg


def test_drop_of_a_fact_in_the_wrong_direction_is_a_warning(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, "- drop: [NMG2, LEADS, Medtek Norway]\n")
    (warning,) = apply_overrides(kg, path)
    assert "no fact 'NMG2' LEADS 'Medtek Norway'" in warning
    assert kg.edge_count() == 5


def test_add_creates_the_fact_and_new_entities_with_curation_evidence(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, "- add: [Medtek Norway, PARTNER_IN, {name: Nordic Medtech Growth 3, label: Project}]\n"
                           "  note: Annual report 2019, p. 12\n")
    assert apply_overrides(kg, path) == []
    edge = kg.nx.edges["organisation:medtek-norway", "project:nordic-medtech-growth-3",
                       "organisation:medtek-norway|PARTNER_IN|project:nordic-medtech-growth-3"]
    expected = {"doc": "nordgraph.overrides.yaml", "start": 0, "end": 0,
                "quote": "Annual report 2019, p. 12", "rule": "curation", "confidence": 1.0}
    assert edge["props"]["evidence"] == [expected]
    assert kg.props("project:nordic-medtech-growth-3")["evidence"] == [expected]
    assert expected not in kg.props("organisation:medtek-norway")["evidence"]


def test_add_naming_an_unknown_entity_without_label_is_a_warning(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, "- add: [Medtek Sverige, LEADS, NMG2]\n  note: phone call\n")
    (warning,) = apply_overrides(kg, path)
    assert "'Medtek Sverige' matches nothing" in warning and "label" in warning
    assert kg.edge_count() == 5 and len(kg) == 5


def test_unknown_names_are_warnings_and_the_rest_still_applies(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, "# stale decisions first\n"
                           "- rename: Medtek Island\n  to: Medtek Iceland\n"
                           "- drop: Microscopes\n"
                           "- rename: Medtek Norge\n  to: Medtek Norge AS\n")
    warnings = apply_overrides(kg, path)
    assert [w.split(":")[1] for w in warnings] == ["2", "4"]
    assert all("matches nothing in the graph" in w for w in warnings)
    assert kg.name("organisation:medtek-norge") == "Medtek Norge AS"


def test_an_ambiguous_name_is_a_warning_until_a_label_tells_them_apart(kg: KnowledgeGraph, tmp_path: Path) -> None:
    kg.add_node("Project", "Norway")
    (warning,) = apply_overrides(kg, write(tmp_path, "- drop: Norway\n"))
    assert "ambiguous" in warning and "country:norway" in warning
    assert apply_overrides(kg, write(tmp_path, "- drop: {name: Norway, label: Project}\n")) == []
    assert "project:norway" not in kg and "country:norway" in kg


def test_distinct_pairs_are_kept_in_the_graph_metadata(kg: KnowledgeGraph, tmp_path: Path) -> None:
    assert apply_overrides(kg, write(tmp_path, "- distinct: [Medtek Norge, Medtek Norway]\n")) == []
    assert distinct_pairs(kg) == {frozenset({"organisation:medtek-norge", "organisation:medtek-norway"})}


@pytest.mark.parametrize("text, message", [
    ("merge: [A, B]\n", ":1: the overrides file must be a YAML list"),
    ("- merge: [A, B\n", "not valid YAML"),
    ("- merge: [A, B]\n- fuse: [A, B]\n", ":2: entry 2: needs exactly one operation"),
    ("- merge: [A]\n", "entry 1 (merge): expects a list of at least two entities"),
    ("- rename: A\n", "entry 1 (rename): missing to"),
    ("- rename: A\n  to: B\n  colour: red\n", "unknown key colour"),
    ("- retype: A\n  to: Company\n", "'Company' is not a node label"),
    ("- drop: [A, OWNS, B]\n", "unknown relation type 'OWNS'"),
    ("- add: [A, LEADS, B]\n", "entry 1 (add): missing note"),
    ("- add: [A, LEADS]\n  note: x\n", "a fact is [source, TYPE, target]"),
    ("- split: A\n  aliases: []\n", "aliases must be a non-empty list"),
    ("- drop: {name: A, colour: red}\n", "an entity is a name or {name: ..., label: ...}"),
    ("- just a string\n", "expected a mapping"),
])
def test_a_malformed_file_is_an_error_naming_line_and_entry(kg: KnowledgeGraph, tmp_path: Path,
                                                            text: str, message: str) -> None:
    before = kg.copy()
    with pytest.raises(CurationError, match="nordgraph.overrides.yaml") as info:
        apply_overrides(kg, write(tmp_path, text))
    assert message in str(info.value)
    assert kg.counts() == before.counts() and kg.name("organisation:medtek-norge") == "Medtek Norge"


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CurationError, match="cannot read overrides file"):
        apply_overrides(KnowledgeGraph(), tmp_path / "nothing.yaml")


def test_an_empty_or_comment_only_file_has_no_decisions(tmp_path: Path) -> None:
    assert load_overrides(write(tmp_path, "# nothing decided yet\n")) == []


def test_default_file_sits_beside_the_graph(tmp_path: Path) -> None:
    assert default_overrides_path(tmp_path / "g" / "graph.json") == (tmp_path / "g" / "graph.overrides.yaml").resolve()
    assert default_overrides_path(tmp_path / "nordgraph.json").name == "nordgraph.overrides.yaml"


def test_recorded_decisions_append_and_keep_the_analysts_text(kg: KnowledgeGraph, tmp_path: Path) -> None:
    handwritten = "# Checked with the secretariat, 2026-11-01\n- rename: NMG2   # the short name\n  to: NMG II\n"
    path = write(tmp_path, handwritten)
    record_merge(path, "Medtek Norway", "Medtek Norge", name="Medtek Norway AS", note="same org.nr.")
    record_split(path, "Nordic Healthcare Group", ["NHG Oy"])
    record_retype(path, "Norway", "Organisation")
    record_drop(path, "Medtek Norway AS", "LOCATED_IN", "Norway")
    record_add(path, Ref("Jane Doe", "Person"), "WORKS_FOR", "NHG Oy", note="LinkedIn, 2026")
    record_rename(path, "NHG Oy", "NHG Finland")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(handwritten)
    decisions = load_overrides(path)
    assert [d.op for d in decisions] == ["rename", "merge", "split", "retype", "drop", "add", "rename"]
    assert apply_overrides(kg, path) == []
    assert kg.name("organisation:medtek-norway") == "Medtek Norway AS"
    assert kg.find("Jane Doe", "Person") and kg.find("NHG Finland", "Organisation")
    assert kg.find("Norway") == ["organisation:norway"]
    assert kg.name("project:nordic-medtech-growth-2") == "NMG II"


def test_recording_a_malformed_decision_leaves_the_file_alone(tmp_path: Path) -> None:
    path = write(tmp_path, "- drop: Microscopes\n")
    with pytest.raises(CurationError, match="unknown relation type"):
        record_drop(path, "A", "OWNS", "B")
    with pytest.raises(CurationError, match="not a node label"):
        record_retype(path, "A", "Company")
    assert path.read_text(encoding="utf-8") == "- drop: Microscopes\n"


def test_recording_into_a_new_file_writes_a_header(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    record_merge(path, "A", "B")
    assert path.read_text(encoding="utf-8").startswith("# nordgraph overrides")
    assert [d.op for d in load_overrides(path)] == ["merge"]


def test_recording_into_a_flow_style_list_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "[{drop: Microscopes}]\n")
    with pytest.raises(CurationError):
        record_merge(path, "A", "B")
    assert path.read_text(encoding="utf-8") == "[{drop: Microscopes}]\n"


def test_split_reads_the_longest_name_first(tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Organisation", "Medtek Norway", aliases=["Medtek"],
                evidence=[ev("Medtek Norway (lead)"), ev("Medtek, the Danish one")])
    assert apply_overrides(kg, write(tmp_path, "- split: Medtek Norway\n  aliases: [Medtek]\n"
                                               "  name: Medtek Danmark\n")) == []
    assert [e["quote"] for e in kg.props("organisation:medtek-norway")["evidence"]] == ["Medtek Norway (lead)"]
    new = kg.props("organisation:medtek-danmark")
    assert [e["quote"] for e in new["evidence"]] == ["Medtek, the Danish one"]
    assert new["aliases"] == ["Medtek"] and kg.props("organisation:medtek-norway")["aliases"] == []


def test_each_decision_sees_the_names_earlier_ones_made(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = write(tmp_path, """
- rename: Medtek Norge
  to: Medtek Norge AS
- merge: [Medtek Norway, Medtek Norge AS]
- retype: {name: Medtek Norge, label: Organisation}
  to: Ministry
- split: Nordic Healthcare Group
  aliases: [NHG Oy]
- add: [NHG Oy, COLLABORATES_WITH, {name: Fjord Labs, label: Organisation}]
  note: joint paper
- rename: {name: Fjord Labs, label: Organisation}
  to: Fjord Labs AS
- drop: [Fjord Labs AS, COLLABORATES_WITH, NHG Oy]
- drop: {name: Medtek Norway, label: Ministry}
- drop: Medtek Norway
""")
    warnings = apply_overrides(kg, path)
    assert len(warnings) == 1 and warnings[0].startswith("nordgraph.overrides.yaml:15: entry 9 (drop)")
    assert "matches nothing" in warnings[0]
    assert kg.find("Fjord Labs") == ["organisation:fjord-labs"] and kg.find("NHG Oy") == ["organisation:nhg-oy"]
    assert not kg.find("Medtek Norge") and not kg.find("Medtek Norway")
    assert kg.edge_count() == 2  # the two edges of Nordic Healthcare Group and NHG Oy to NMG2
