"""The workbench's HTTP API, asked over a real socket of a real ``nordgraph serve``."""
from __future__ import annotations

import csv
import io
from urllib.parse import quote

import networkx as nx

from nordgraph.loaders.curation import load_overrides
from tests.serve.conftest import Served
from tests.viz.conftest import XSS_IMG

LEADS = "MATCH (o:Organisation)-[r:LEADS]->(p:Project) RETURN o, r, p ORDER BY o.name"


def test_schema_gives_names_for_completion_and_typed_forms(served: Served) -> None:
    status, schema = served.call("/api/schema")
    assert status == 200
    assert {"Organisation", "Project", "Country"} <= set(schema["labels"])
    assert "LEADS" in schema["types"] and "name" in schema["keys"]
    forms = {q["name"]: q for q in schema["canned"]}
    assert {p["name"]: p["typeName"] for p in forms["path"]["parameters"]}["max_steps"] == "integer(1..6)"
    assert forms["partners-of"]["parameters"][0]["typeName"] == "entity(Organisation)"


def test_a_query_answers_rows_and_every_download(served: Served) -> None:
    status, answer = served.call("/api/query", {"text": LEADS})
    assert status == 200 and answer["total"] == 2 and answer["drawable"]
    assert [r["o"]["properties"]["name"] for r in answer["rows"]] == ["Medtek Norway", "SINTEF"]
    key = answer["id"]
    _, headers, body = served.raw(f"/api/result/{key}/download.csv")
    assert headers["content-type"].startswith("text/csv")
    assert next(csv.reader(io.StringIO(body.decode()))) == ["o", "r", "p"]
    _, _, body = served.raw(f"/api/result/{key}/download.graphml")
    graph = nx.read_graphml(io.BytesIO(body))
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 2
    _, _, body = served.raw(f"/api/result/{key}/download.json")
    assert b'"rows"' in body and b'"notifications"' in body


def test_csv_download_neutralises_formulas(served: Served) -> None:
    _, answer = served.call("/api/query", {"text": "RETURN '=HYPERLINK(\"x\")' AS cell"})
    _, _, body = served.raw(f"/api/result/{answer['id']}/download.csv")
    assert body.decode().splitlines()[1].startswith("\"'=HYPERLINK")


def test_writes_are_refused_unless_switched_on(served: Served) -> None:
    before = served.graph.read_bytes()
    status, answer = served.call("/api/query", {"text": "CREATE (:Organisation {name: 'Intruder'})"})
    assert status == 400 and "Allow writes" in answer["error"]
    assert served.graph.read_bytes() == before
    status, answer = served.call("/api/query", {"text": "CREATE (:Organisation {name: 'Written'})", "write": True})
    assert status == 200 and answer["stats"] == {"+nodes": 1, "+properties": 1}
    _, found = served.call("/api/query", {"text": "MATCH (o {name: 'Written'}) DETACH DELETE o", "write": True})
    assert found["stats"]["-nodes"] == 1


def test_canned_query_and_its_parameter_errors(served: Served) -> None:
    status, answer = served.call("/api/run", {"name": "partners-of", "params": {"name": "MTN"}})
    assert status == 200 and answer["total"] >= 1
    status, answer = served.call("/api/run", {"name": "path", "params": {"source": "SINTEF", "target": "KI",
                                                                          "max_steps": "9"}})
    assert status == 400 and "max_steps" in answer["error"]


def test_node_panel_has_neighbours_by_type_and_evidence_with_titles_and_links(served: Served) -> None:
    status, node = served.call(f"/api/node?id={quote(XSS_IMG)}")
    assert status == 200 and node["name"] == XSS_IMG
    assert set(node["neighbours"]) == {"PARTNER_IN (out)", "LOCATED_IN (out)"}
    quotes = [e for group in node["neighbours"].values() for n in group for e in n["evidence"]]
    assert {"title": "Partners of NMG2", "url": "https://example.org/nmg2"}.items() <= quotes[0].items()
    assert node["evidence"][0]["title"] == "Partners of NMG2"


def test_expand_by_relation_type(served: Served) -> None:
    status, answer = served.call("/api/expand", {"id": "organisation:medtek-norway", "types": ["LEADS"]})
    assert status == 200 and answer["total"] == 1 and answer["drawable"]
    status, answer = served.call("/api/expand", {"id": "organisation:medtek-norway", "types": ["KNOWS"]})
    assert status == 400 and "KNOWS" in answer["error"]


def test_charts_are_vega_lite_specs_with_their_data(served: Served) -> None:
    _, years = served.call("/api/chart/per-year")
    assert {(v["year"], v["what"], v["count"]) for v in years["data"]["values"]} >= {(2021, "projects", 1)}
    _, heat = served.call("/api/chart/heatmap")
    assert heat["mark"]["type"] == "rect"
    status, answer = served.call("/api/chart/pie")
    assert status == 400 and "heatmap" in answer["error"]


def test_assets_are_served_from_the_package_with_a_policy(served: Served) -> None:
    status, headers, page = served.raw("/")
    assert status == 200 and b"/static/workbench.js" in page
    assert "connect-src 'self'" in headers["content-security-policy"]
    _, _, bundle = served.raw("/static/vega.js")
    assert b"vegaEmbed" in bundle and len(bundle) > 100_000


def test_curation_writes_the_overrides_file_and_says_a_rebuild_keeps_it(served: Served) -> None:
    status, answer = served.call("/api/curate", {"op": "rename", "args": {"entity": "Karolinska Institutet",
                                                                          "to": "Karolinska Institutet (KI)"}})
    assert status == 200 and "rebuild" in answer["message"] and answer["applied"]
    assert [d.op for d in load_overrides(served.overrides)][-1] == "rename"
    status, answer = served.call("/api/curate", {"op": "rename", "args": {"entity": "Nobody", "to": "X"}})
    assert status == 400 and "nothing recorded" in answer["error"]
    assert [d.op for d in load_overrides(served.overrides)][-1] == "rename"
    assert len(load_overrides(served.overrides)) == 1


def test_a_chart_is_kept_until_the_graph_file_changes(tmp_path) -> None:
    from nordgraph.graph.store import EmbeddedStore
    from nordgraph.serve import Workbench
    from tests.serve.conftest import hostile_graph

    store = EmbeddedStore(tmp_path / "g.json")
    store.replace(hostile_graph())
    bench = Workbench(store, tmp_path / "g.overrides.yaml")
    first = bench.chart("per-year")
    assert bench.chart("per-year") is first  # kept: not computed again
    bench.query("CREATE (:Project {id: 'project:new', name: 'New', start_year: 2030})", {}, write=True)
    again = bench.chart("per-year")
    assert again is not first and {(v["year"], v["what"]) for v in again["data"]["values"]} >= {(2030, "projects")}
