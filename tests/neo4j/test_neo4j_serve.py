"""``nordgraph serve --store neo4j``: the workbench's answers come from the Bolt server alike."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from nordgraph.graph.neo4j import Neo4jStore, push
from testkit.workbench import running_workbench
from tests.serve.conftest import Served, hostile_graph
from tests.viz.conftest import XSS_IMG


def test_the_workbench_on_a_bolt_server(store: Neo4jStore, store_args: list[str], tmp_path: Path) -> None:
    push(hostile_graph(), store)
    graph = tmp_path / "g.json"  # names where curation's overrides file goes; the graph is on the server
    with running_workbench(graph, *store_args) as origin:
        served = Served(origin, graph, tmp_path / "g.overrides.yaml")
        _, schema = served.call("/api/schema")
        assert "Organisation" in schema["labels"] and "embedded" not in schema["store"]
        status, answer = served.call("/api/query", {"text": "MATCH p = (:Organisation)-[:PARTNER_IN]->(:Project) RETURN p"})
        assert status == 200 and answer["total"] == 4 and answer["drawable"]
        status, _, page = served.raw(f"/api/result/{answer['id']}/view")
        assert status == 200 and b"nordgraph-data" in page
        status, node = served.call(f"/api/node?id={quote(XSS_IMG)}")
        assert status == 200 and node["name"] == XSS_IMG and "PARTNER_IN (out)" in node["neighbours"]
        _, heat = served.call("/api/chart/heatmap")
        assert {(v["a"], v["b"]) for v in heat["data"]["values"]} >= {("Norway", "Sweden"), ("Sweden", "Norway")}
        _, years = served.call("/api/chart/per-year")
        assert {v["year"] for v in years["data"]["values"]} == {2021, 2023}
        status, refused = served.call("/api/query", {"text": "CREATE (:Organisation {name: 'x'})"})
        assert status == 400 and "Allow writes" in refused["error"]
