"""The two real datasets in ../shared/datasets through the shipped mappings: typed counts agree with
the file, and the register's organisations are the seed documents' own, no more and no less."""
from __future__ import annotations

import csv
import gzip
import io
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from nordgraph.cli import main
from nordgraph.graph.model import lookup_key
from nordgraph.graph.store import EmbeddedStore
from nordgraph.loaders.pipeline import build_graph
from tests.conftest import REPO, SEED_GOLD, SEEDS
from tests.test_docs import readme_commands

EUNETS = Path("datasets/eunets_h2020_participations/h2020.csv.gz")
REGISTER = Path("datasets/forskningsradet_eu_h2020_norway/bevilgningereu/dataset.csv")
SAMPLE_ROWS = 5000

#: An English page naming register organisations the seeds do not (the register's own examples).
PAGE = """Norwegian partners in European health research

The project is led by the University of Oslo.

Partners:
- University of Bergen
- Oslo University Hospital

The work is funded by the Research Council of Norway.
"""

#: (the register's name, the documents' name): one node each, and the only joins there are.
JOINED = {
    ("UNIVERSITETET I OSLO", "University of Oslo"),
    ("UNIVERSITETET I BERGEN", "University of Bergen"),
    ("OSLO UNIVERSITETSSYKEHUS HF", "Oslo University Hospital"),
    ("NORGES FORSKNINGSRÅD", "Research Council of Norway"),
    ("INNOVASJON NORGE", "Innovation Norway"),
    ("OSLOMET - STORBYUNIVERSITETET", "OsloMet"),
    ("SINTEF AS", "SINTEF"),
    ("NORWAY HEALTH TECH", "Norway Health Tech"),
    ("VIKEN FYLKESKOMMUNE", "Viken Fylkeskommune"),
}


def test_start_year_counts_as_the_file_does(shared: Path, tmp_path: Path) -> None:
    """``WHERE p.start_year >= 2019`` counts the projects the csv module counts (NA is no year)."""
    with gzip.open(shared / EUNETS, "rt", encoding="utf-8", newline="") as handle:
        lines = [line for _, line in zip(range(SAMPLE_ROWS + 1), handle)]
    rows = list(csv.DictReader(io.StringIO("".join(lines))))
    expected = len({r["rcn"] for r in rows if r["start_year"] != "NA" and int(r["start_year"]) >= 2019})
    (tmp_path / "h2020.csv.gz").write_bytes(gzip.compress("".join(lines).encode("utf-8")))
    result = build_graph([tmp_path / "h2020.csv.gz"], mappings=[REPO / "mappings" / "eunets-h2020.mapping.yaml"])
    assert not result.skipped
    graph = tmp_path / "g.json"
    EmbeddedStore(graph).replace(result.graph)
    query = "MATCH (p:Project) WHERE p.start_year >= 2019 RETURN count(p)"
    assert EmbeddedStore(graph).query(query).rows == [(expected,)]
    assert 0 < expected < len({r["rcn"] for r in rows})


def gold_names() -> dict[str, str]:
    """Every name and alias of a gold seed organisation, folded, to its gold id."""
    names = {}
    for line in (SEED_GOLD / "entities.tsv").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) < 4 or fields[1] != "Organisation":
            continue
        for name in [fields[2], *fields[3].split("|")]:
            if name:
                names[lookup_key(name)] = fields[0]
    return names


@pytest.fixture(scope="module")
def register_with_seeds(tmp_path_factory: pytest.TempPathFactory):
    from tests.conftest import require_shared

    shared = require_shared()
    page = tmp_path_factory.mktemp("page") / "h2020-norway.txt"
    page.write_text(PAGE, encoding="utf-8")
    return build_graph([shared / REGISTER, SEEDS, page],
                       mappings=[REPO / "mappings" / "forskningsradet-h2020.mapping.yaml"]).graph


def test_the_register_and_the_documents_share_their_organisations(register_with_seeds) -> None:
    kg = register_with_seeds
    joined = set()
    for key in kg.nodes("Organisation"):
        props = kg.props(key)
        if props.get("resolution"):
            names = [props["name"], *props["aliases"]]
            joined |= {(props["name"], document) for register, document in JOINED if document in names}
            assert all(why.split(" (")[0] in names for why in props["resolution"])
    assert joined == JOINED
    for register, document in JOINED:
        (key,) = kg.find(register, "Organisation")
        assert document in [kg.name(key), *kg.props(key)["aliases"]]


def test_no_two_organisations_became_one(register_with_seeds, shared: Path) -> None:
    kg = register_with_seeds
    with (shared / REGISTER).open(encoding="utf-8", newline="") as handle:
        numbers = {r["Organisasjonsnummer"] for r in csv.DictReader(handle, delimiter=";")} - {""}
    held = [kg.props(key)["org_number"] for key in kg.nodes("Organisation") if "org_number" in kg.props(key)]
    assert sorted(held) == sorted(numbers)  # one node per organisation number, none holding two
    gold = gold_names()
    for key in kg.nodes("Organisation"):
        props = kg.props(key)
        entities = {gold[k] for k in (lookup_key(n) for n in [props["name"], *props["aliases"]]) if k in gold}
        assert len(entities) <= 1, (props["name"], entities)
    assert not kg.props(kg.find("INSTITUTT FOR SAMFUNNSFORSKNING")[0]).get("resolution")  # "ISF" of a document


def test_show_says_why_and_a_split_undoes_a_join(shared: Path, tmp_path: Path) -> None:
    page = tmp_path / "docs" / "h2020-norway.txt"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    graph, overrides = tmp_path / "g.json", tmp_path / "g.overrides.yaml"
    build = ["build", str(shared / REGISTER), str(page.parent), "--mapping",
             str(REPO / "mappings" / "forskningsradet-h2020.mapping.yaml"), "--graph", str(graph), "--no-cache"]
    runner = CliRunner()
    assert runner.invoke(main, build).exit_code == 3  # rows without a programme or an organisation, listed
    shown = runner.invoke(main, ["show", "University of Oslo", "--graph", str(graph)])
    assert "UNIVERSITETET I OSLO" in shown.output
    words = " ".join(shown.output.replace("│", " ").split())
    assert "is the English name of UNIVERSITETET I OSLO: Norwegian 'universitetet i X' is 'University of X'" in words
    overrides.write_text("- split: UNIVERSITETET I OSLO\n  aliases: [University of Oslo]\n", encoding="utf-8")
    assert runner.invoke(main, build).exit_code == 3
    kg = EmbeddedStore(graph).graph()
    (register,), (document,) = kg.find("UNIVERSITETET I OSLO"), kg.find("University of Oslo")
    assert register != document and not kg.props(register).get("resolution")


def test_the_readme_builds_the_datasets_as_shown(shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = readme_commands(shared=True)
    assert any("eunets" in c for c in commands) and any("forskningsradet" in c for c in commands)
    monkeypatch.chdir(REPO)  # ../shared beside the checkout, mappings/ in it
    runner = CliRunner()
    for line in commands:
        args = [a if not a.endswith(".json") else str(tmp_path / a) for a in shlex.split(line)[1:]]
        result = runner.invoke(main, args)
        expected = 3 if "forskningsradet" in line else 0
        assert result.exit_code == expected, f"{line}\n{result.output}"
