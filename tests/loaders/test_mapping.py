"""Tables with a mapping: any header becomes nodes and edges with typed values; a wrong mapping or
a bad cell is named with file, line and column, and the table loads whole or not at all."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

from nordgraph.cli import main
from nordgraph.graph.store import EmbeddedStore
from nordgraph.loaders.mapping import MappingError, parse_mapping
from nordgraph.loaders.pipeline import build_graph

PARTICIPATIONS = """rcn,role,pic,country,start_date,start_year,contribution
221856,coordinator,984516342,ES,2019-05-01,2019,376750.5
221856,participant,998802502,EL,2019-05-01,2019,NA
221857,participant,998802502,EL,NA,NA,1000
"""
PARTS = "rcn,programme_part\n221856,SC1\n221857,SC1\n"

MAPPING = """\
missing: [NA]
tables:
  parts*.csv*:
    nodes:
      project: {label: Project, key: "rcn {rcn}", name: "Project {rcn}"}
      programme: {label: Programme, name: "H2020 {programme_part}"}
    edges:
      - {from: project, type: FUNDED_BY, to: programme}
  participations.csv*:
    nodes:
      project:
        label: Project
        key: "rcn {rcn}"
        name: "Project {rcn}"
        properties:
          start_date: {column: start_date, type: date}
          start_year: {column: start_year, type: int}
      organisation:
        label: Organisation
        key: "pic {pic}"
        name: "PIC {pic}"
        country: country
    edges:
      - from: organisation
        to: project
        type: {column: role, values: {coordinator: LEADS, participant: PARTNER_IN}}
        properties:
          contribution: {column: contribution, type: float}
"""


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "participations.csv.gz").write_bytes(gzip.compress(PARTICIPATIONS.encode()))
    (folder / "parts.csv").write_text(PARTS, encoding="utf-8")
    (folder / "README.md").write_text("# About this dataset\n\nSource repo: somewhere.\n", encoding="utf-8")
    return folder


def write_mapping(path: Path, text: str = MAPPING) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_one_mapping_joins_two_tables_with_typed_values(dataset: Path, tmp_path: Path) -> None:
    result = build_graph([dataset], mappings=[write_mapping(tmp_path / "eu.mapping.yaml")])
    kg = result.graph
    assert not result.skipped and not result.warnings
    assert result.dataset_notes == [str(dataset / "README.md")]  # no document: it describes the data
    project = kg.props("project:rcn-221856")
    assert project["start_year"] == 2019 and str(project["start_date"]) == "2019-05-01"
    assert "start_year" not in kg.props("project:rcn-221857")  # NA is no value
    edges = {(s, d["type"], t): d["props"] for s, t, _, d in kg.edges()}
    assert edges[("organisation:pic-984516342", "LEADS", "project:rcn-221856")]["contribution"] == 376750.5
    assert ("organisation:pic-998802502", "PARTNER_IN", "project:rcn-221857") in edges
    assert ("project:rcn-221857", "FUNDED_BY", "programme:h2020-sc1") in edges  # the other table, the same node
    assert kg.name("country:greece") == "Greece"  # EL, as the EU writes it
    assert ("organisation:pic-998802502", "LOCATED_IN", "country:greece") in edges
    evidence = edges[("organisation:pic-984516342", "LEADS", "project:rcn-221856")]["evidence"][0]
    assert evidence["rule"] == "csv:edges line 2" and evidence["quote"] == "PIC 984516342 LEADS Project 221856"


def test_query_compares_numbers_and_dates(dataset: Path, tmp_path: Path) -> None:
    graph = tmp_path / "g.json"
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(dataset), "--mapping", str(write_mapping(tmp_path / "m.mapping.yaml")),
                                 "--graph", str(graph), "--no-cache"])
    assert built.exit_code == 0, built.output
    assert "passed over 1 README or LICENSE file(s) beside tables" in built.output
    store = EmbeddedStore(graph)
    rows = store.query("MATCH (p:Project) WHERE p.start_year >= 2019 AND p.start_date < date('2020-01-01') "
                       "RETURN count(p), sum(p.start_year)").rows
    assert rows == [(1, 2019)]
    (total,) = store.query("MATCH ()-[r:LEADS|PARTNER_IN]->() RETURN sum(r.contribution)").rows[0]
    assert total == 377750.5


def test_a_mapping_beside_the_table_is_found_by_name(dataset: Path) -> None:
    write_mapping(dataset / "participations.mapping.yaml")
    kg = build_graph([dataset]).graph
    assert "project:rcn-221856" in kg and "programme:h2020-sc1" in kg


def test_unicode_columns_semicolons_and_a_date_format(tmp_path: Path) -> None:
    (tmp_path / "register.csv").write_text(
        "Prosjektnr;Organisasjonsnavn;Organisasjon rolle;Kontrakt startdato;Innvilget beløp EUR\r\n"
        "951956;SINTEF AS;COORDINATOR;01.06.2020 00:00;3518202.75\r\n", encoding="utf-8")
    write_mapping(tmp_path / "register.mapping.yaml", """\
tables:
  register.csv:
    nodes:
      org: {label: Organisation, name: Organisasjonsnavn, country: {value: "NO"}}
      project:
        label: Project
        key: "grant {Prosjektnr}"
        name: "{Prosjektnr}"
        properties:
          start_date: {column: Kontrakt startdato, type: date, format: "%d.%m.%Y %H:%M"}
    edges:
      - from: org
        to: project
        type: {column: Organisasjon rolle, values: {COORDINATOR: LEADS}}
        properties: {beløp: {column: Innvilget beløp EUR, type: float}}
""")
    kg = build_graph([tmp_path]).graph
    assert str(kg.props("project:grant-951956")["start_date"]) == "2020-06-01"
    assert kg.nx.edges["organisation:sintef-as", "project:grant-951956",
                       "organisation:sintef-as|LEADS|project:grant-951956"]["props"]["beløp"] == 3518202.75
    assert ("organisation:sintef-as", "country:norway") in {(s, t) for s, t, _, _ in kg.edges("LOCATED_IN")}


def test_a_headerless_table_numbers_its_columns(tmp_path: Path) -> None:
    (tmp_path / "links.tsv").write_text("Alpha Lab\t12\t2021\nBeta Lab\t7\t2019\n", encoding="utf-8")
    write_mapping(tmp_path / "links.mapping.yaml", """\
tables:
  links.tsv:
    nodes:
      org: {label: Organisation, name: "1", properties: {staff: {column: "2", type: int}}}
""")
    kg = build_graph([tmp_path]).graph
    assert kg.props("organisation:alpha-lab")["staff"] == 12


def test_a_bad_cell_refuses_the_whole_table_and_the_rest_loads(dataset: Path, tmp_path: Path) -> None:
    (dataset / "participations.csv.gz").write_bytes(gzip.compress(
        (PARTICIPATIONS + "221858,participant,1,SE,2020-01-01,twenty,5\n").encode()))
    result = build_graph([dataset], mappings=[write_mapping(tmp_path / "m.mapping.yaml")])
    (skipped,) = result.skipped
    assert skipped.path.endswith("participations.csv.gz")
    assert skipped.reason.startswith("participations.csv.gz line 5, column 'start_year': 'twenty' is not a whole number")
    assert "m.mapping.yaml:17" in skipped.reason and "nothing of the table was loaded" in skipped.reason
    kg = result.graph
    assert not list(kg.nodes("Organisation")) and "project:rcn-221856" in kg  # from the other table only
    assert "start_year" not in kg.props("project:rcn-221856")


def test_a_value_the_map_lacks_refuses_the_table(dataset: Path, tmp_path: Path) -> None:
    (dataset / "participations.csv.gz").write_bytes(gzip.compress(
        (PARTICIPATIONS + "221858,observer,1,SE,2020-01-01,2020,5\n").encode()))
    (skipped,) = build_graph([dataset], mappings=[write_mapping(tmp_path / "m.mapping.yaml")]).skipped
    assert "line 5, column 'role': 'observer' is not one of the values the mapping names (coordinator, " \
           "participant" in skipped.reason


def test_a_missing_column_names_the_mapping_line_and_the_columns_the_table_has(dataset: Path, tmp_path: Path) -> None:
    mapping = write_mapping(tmp_path / "m.mapping.yaml", MAPPING.replace("column: start_year", "column: year"))
    (skipped,) = build_graph([dataset], mappings=[mapping]).skipped
    assert skipped.reason == (f"{mapping}:17: column 'year' is not in participations.csv.gz (its columns: rcn, role, "
                              "pic, country, start_date, start_year, contribution)")


def test_rows_without_a_key_are_listed_and_the_rest_loads(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("org,project\nA Lab,P1\n,P2\nB Lab,\n", encoding="utf-8")
    write_mapping(tmp_path / "t.mapping.yaml", """\
tables:
  t.csv:
    nodes:
      org: {label: Organisation, name: org}
      project: {label: Project, name: project}
    edges: [{from: org, type: PARTNER_IN, to: project}]
""")
    result = build_graph([tmp_path])
    assert sorted(s.reason for s in result.skipped) == [
        "line 3 skipped: no org node: org is empty or missing; its edges are left out too",
        "line 4 skipped: no project node: project is empty or missing; its edges are left out too"]
    assert result.graph.edge_count() == 1


@pytest.mark.parametrize(("change", "message"), [
    (("label: Programme", "label: Programm"), ":6: label 'Programm' is not a node label; known: Organisation"),
    (("type: FUNDED_BY", "type: FUNDS"), ":8: relation type 'FUNDS' is unknown; known: LEADS"),
    (("key: \"rcn {rcn}\"", "id: rcn"), ":5: unknown key 'id'; allowed here: aliases, country, key, label, name"),
    (("type: int}", "type: integer}"), ":17: type 'integer' is unknown; known: text, int, float, bool, date, list"),
    (("from: organisation", "from: org"), ":24: from: 'org' is none of this table's nodes (organisation, project)"),
    (("participant: PARTNER_IN", "no: PARTNER_IN"), ":26: YAML reads NO, yes, on and off as true or false"),
    (("missing: [NA]", "missing: {NA: 1}"), ":1: missing: a list of cell values"),
])
def test_a_wrong_mapping_names_its_file_and_line(change: tuple[str, str], message: str) -> None:
    with pytest.raises(MappingError, match=f"^m.mapping.yaml{message.replace('(', '.').replace(')', '.')}"):
        parse_mapping(MAPPING.replace(*change), "m.mapping.yaml")


def test_a_wrong_mapping_file_stops_the_build_with_one_line(dataset: Path, tmp_path: Path) -> None:
    mapping = write_mapping(tmp_path / "m.mapping.yaml", "tables:\n  x.csv:\n    nodes: {o: {label: Org, name: n}}\n")
    result = CliRunner().invoke(main, ["build", str(dataset), "--mapping", str(mapping), "--graph",
                                       str(tmp_path / "g.json")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {mapping}:3: label 'Org' is not a node label")
    assert not (tmp_path / "g.json").exists()


def test_a_table_without_a_mapping_says_how_to_write_one(dataset: Path) -> None:
    result = build_graph([dataset])
    reasons = {Path(s.path).name: s.reason for s in result.skipped}
    assert reasons["parts.csv"].startswith("cannot tell a node table from an edge table: the header is rcn, "
                                           "programme_part; ")
    assert "needs a mapping (a <table name>.mapping.yaml beside it, or build --mapping FILE" in reasons["parts.csv"]
    assert "participations.csv.gz" in reasons  # gzip'd, read, and refused the same way


def test_an_entry_that_names_no_table_is_a_warning(dataset: Path, tmp_path: Path) -> None:
    mapping = write_mapping(tmp_path / "m.mapping.yaml", MAPPING + "  other.csv:\n    nodes: {o: {label: Project, name: x}}\n")
    result = build_graph([dataset], mappings=[mapping])
    assert result.warnings == [f"{mapping}:29: table 'other.csv' is in no file of this build; its mapping read nothing"]
