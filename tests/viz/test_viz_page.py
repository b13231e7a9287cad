"""The page as text: escaping, self-containment, the data the script gets, the CLI command."""
from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from click.testing import CliRunner

from nordgraph.cli import main
from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.jsonfile import write_graph
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.viz import render_html, script_json, write_html
from nordgraph.graph.viz.colour import OTHER_COLOUR
from nordgraph.graph.viz.layout import layout
from nordgraph.graph.viz.page import EVIDENCE_PER_ITEM, _vis_assets

DATA = re.compile(r'<script type="application/json" id="nordgraph-data">(.*?)</script>', re.S)


def _data(page: str) -> dict:
    match = DATA.search(page)
    assert match, "no data block"
    return json.loads(match.group(1))


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b <!-- c -->", "x\u2028y\u2029z",
                                  "<img src=x onerror=alert(1)>"])
def test_script_json_cannot_break_out_and_round_trips(text: str) -> None:
    encoded = script_json({"name": text, "list": [text]})
    assert not set("<>&\u2028\u2029") & set(encoded)
    assert json.loads(encoded) == {"name": text, "list": [text]}


def test_planted_markup_never_reaches_the_page_as_markup(planted: KnowledgeGraph) -> None:
    page, _ = render_html(planted, title="<b>Bad title</b>")
    assert "sourceMappingURL" not in page
    page = page.replace(_vis_assets()[0], "")  # vis-network's own code holds a "<script>" string
    assert page.count("<script") == 3 and page.count("</script") == 3  # data, vis-network, ours
    assert "<img" not in page and "<svg" not in page and "<b>" not in page
    assert "<title>&lt;b&gt;Bad title&lt;/b&gt;</title>" in page
    data = _data(page)
    names = {n["name"] for n in data["nodes"]}
    assert {"<img src=x onerror=alert(1)>", "<script>alert(1)</script>"} <= names


def test_page_links_nothing_and_allows_only_its_own_scripts(consortium: KnowledgeGraph) -> None:
    page, _ = render_html(consortium)
    assert "<link" not in page and not re.search(r"<(script|img|iframe)[^>]*\ssrc=", page)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-inline' " not in csp.split("style-src")[0]
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_page_data_carries_styles_sizes_tooltip_fields(consortium: KnowledgeGraph) -> None:
    data = _data(render_html(consortium)[0])
    assert [entry["name"] for entry in data["labels"]] == ["Country", "Organisation", "Programme", "Project"]
    assert len({(entry["color"], entry["shape"]) for entry in data["labels"]}) == 4
    by_id = {n["id"]: n for n in data["nodes"]}
    medtek = by_id["organisation:medtek-norway"]
    assert medtek["aliases"] == ["MTN"] and medtek["country"] == ["Norway"]
    assert medtek["evidence"] == [{"doc": "Call results 2024", "quote": "Medtek Norway leads"}]
    assert medtek["size"] > by_id["organisation:karolinska-institutet"]["size"]  # degree 3 > degree 1
    types = {t["name"]: t for t in data["types"]}
    assert types["LOCATED_IN"]["dashes"] and not types["LEADS"]["dashes"] and types["LEADS"]["arrows"]
    assert data["options"]["layout"]["improvedLayout"] is False
    assert data["options"]["physics"]["stabilization"]["iterations"] <= 400  # a re-layout after a filter
    # placed in Python: the page starts with physics off, at these positions
    assert data["options"]["physics"]["enabled"] is False
    assert {n["id"]: (n["x"], n["y"]) for n in data["nodes"]} == layout(consortium)
    assert data["banner"] is None and data["arrowsOmitted"] is False


def test_evidence_is_capped_and_counted_and_json_text_is_read(consortium: KnowledgeGraph) -> None:
    props = consortium.props("organisation:sintef")
    props["evidence"] = json.dumps([{"doc": "d", "quote": f"q{i}"} for i in range(EVIDENCE_PER_ITEM + 3)])
    node = next(n for n in _data(render_html(consortium)[0])["nodes"] if n["id"] == "organisation:sintef")
    assert node["evidenceCount"] == EVIDENCE_PER_ITEM + 3
    assert [e["quote"] for e in node["evidence"]] == [f"q{i}" for i in range(EVIDENCE_PER_ITEM)]


def test_parallel_edges_curve_apart() -> None:
    kg = KnowledgeGraph()
    a, b = kg.add_node("Organisation", "A"), kg.add_node("Organisation", "B")
    kg.add_edge(a, "COLLABORATES_WITH", b)
    kg.add_edge(a, "WORKS_FOR", b)
    smooth = [e.get("smooth") for e in _data(render_html(kg)[0])["edges"]]
    assert smooth[0]["type"] != smooth[1]["type"]


def test_reduction_and_projection_reach_the_banner_and_edge_widths(consortium: KnowledgeGraph, tmp_path,
                                                                   hub_graph) -> None:
    summary = write_html(hub_graph(300), tmp_path / "big.html", max_nodes=50)
    assert (summary.nodes, summary.total_nodes) == (50, 300)
    assert summary.banner == ("showing 50 of 300 nodes (the most connected of each label, in proportion: "
                              "Project 49 of 294, Organisation 1 of 6)")
    assert _data((tmp_path / "big.html").read_text(encoding="utf-8"))["banner"] == summary.banner
    edges = _data(render_html(consortium, projection="co-partners")[0])["edges"]
    widths = sorted((e["weight"], e["width"]) for e in edges)
    assert widths[-1][0] == 2 and widths[-1][1] > widths[0][1]


def test_cli_writes_views_and_reports_mistakes(consortium: KnowledgeGraph, tmp_path) -> None:
    graph_file = tmp_path / "g.json"
    write_graph(consortium, graph_file)
    runner = CliRunner()
    out = tmp_path / "v.html"
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "--focus", "MTN", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and "4 nodes, 3 relationships" in result.output and out.exists()
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "--projection", "co-partners",
                                  "--size-by", "pagerank", "--max-nodes", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Showing 2 of 3 nodes" in result.output
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "--focus", "MTN", "--query", "MATCH (n) RETURN n",
                                  "-o", str(out)])
    assert result.exit_code == 1 and "Error: choose one of --query, --run and --focus" in result.output
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "--projection", "nope", "-o", str(out)])
    assert result.exit_code == 1 and "unknown projection 'nope'; known: co-partners" in result.output


def test_cli_draws_query_results_and_says_when_there_is_nothing_to_draw(consortium: KnowledgeGraph,
                                                                        tmp_path) -> None:
    graph_file = tmp_path / "g.json"
    write_graph(consortium, graph_file)
    out = tmp_path / "q.html"
    runner = CliRunner()
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "-o", str(out), "--query",
                                  "MATCH p = (o:Organisation)-[:LEADS]->(:Project) WHERE o.name = $n RETURN p",
                                  "-p", "n=SINTEF"])
    assert result.exit_code == 0, result.output
    assert {n["name"] for n in _data(out.read_text(encoding="utf-8"))["nodes"]} == {"SINTEF", "Rehab at Home"}
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "-o", str(out),
                                  "--run", "partners-of", "-p", "name=MTN"])
    assert result.exit_code == 0, result.output
    assert {n["name"] for n in _data(out.read_text(encoding="utf-8"))["nodes"]} == {
        "Medtek Norway", "SINTEF", "Karolinska Institutet", "Nordic Medtech Growth 2", "Rehab at Home"}
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "-o", str(out), "--run", "top-leads"])
    assert result.exit_code == 1
    assert "Error: 'top-leads' answers with a table, not a graph; the canned queries that draw: " in result.output
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "-o", str(out), "--run", "path",
                                  "-p", "source=MTN", "-p", "target=Norway"])
    assert result.exit_code == 1
    assert "Error: nothing to draw: no path within 4 steps over these relations: LEADS" in result.output
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "-o", str(out), "--run", "no-such-query"])
    assert result.exit_code == 1 and "unknown canned query 'no-such-query'; known:" in result.output


def test_colour_by_country_community_or_property_with_a_legend(consortium: KnowledgeGraph) -> None:
    consortium.props("project:rehab-at-home")["status"] = "SIGNED"
    by = {}
    for what in ("label", "country", "community", "status"):
        data = _data(render_html(consortium, colour_by=what)[0])
        by[what] = {n["name"]: n["color"] for n in data["nodes"]}
        if what == "label":
            assert data["colours"] is None and by[what]["SINTEF"] == by[what]["Medtek Norway"]
            continue
        legend = {g["name"]: g for g in data["colours"]}
        assert sum(g["count"] for g in legend.values()) == len(consortium) and data["colourBy"] == what
        assert all(by[what][n["name"]] == legend[n["group"]]["color"] for n in data["nodes"])
    assert by["country"]["SINTEF"] == by["country"]["Norway"] != by["country"]["Karolinska Institutet"]
    assert by["country"]["Karolinska Institutet"] == OTHER_COLOUR  # no country: grey, "(none)"
    assert by["status"]["Rehab at Home"] != by["status"]["Nordic Medtech Growth 2"] == OTHER_COLOUR
    assert len(set(by["community"].values())) >= 2
    with pytest.raises(NordgraphError, match=r"cannot colour by 'colour': no node in the view has that "
                                             r"property; colour by label, country, community or a property: "
                                             r"aliases, id, name, status"):
        render_html(consortium, colour_by="colour")


def test_many_groups_share_one_other_colour(hub_graph) -> None:
    kg = hub_graph(60)
    data = _data(render_html(kg, colour_by="name")[0])
    assert len(data["colours"]) == 9 and data["colours"][-1] == {"name": "52 other groups", "color": OTHER_COLOUR,
                                                                 "count": 52}


def test_filters_and_the_focus_reach_the_page(consortium: KnowledgeGraph, tmp_path) -> None:
    consortium.add_node("Organisation", "Loner")
    summary = write_html(consortium, tmp_path / "v.html", hide_isolated=True)
    assert (summary.nodes, summary.total_nodes) == (7, 8) and summary.banner == "1 isolated node hidden"
    data = _data(render_html(consortium, projection="co-partners", min_weight=2)[0])
    assert [e["weight"] for e in data["edges"]] == [2]
    assert data["banner"] == "2 links of weight under 2 left out"
    with pytest.raises(NordgraphError, match="--min-weight goes with --projection"):
        render_html(consortium, min_weight=2)
    consortium.metadata["focus"] = "organisation:loner"
    data = _data(render_html(consortium, hide_isolated=True, max_nodes=3)[0])
    assert data["focus"] == "organisation:loner" and "organisation:loner" in {n["id"] for n in data["nodes"]}
    assert data["alwaysLabelled"] == 10


def test_cli_colours_filters_and_walks_by_relation(consortium: KnowledgeGraph, tmp_path) -> None:
    graph_file = tmp_path / "g.json"
    write_graph(consortium, graph_file)
    out = tmp_path / "v.html"
    runner = CliRunner()
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "--focus", "SINTEF", "--depth", "2",
                                  "--relations", "LEADS,PARTNER_IN", "--colour-by", "country", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = _data(out.read_text(encoding="utf-8"))
    assert "Norway" not in {n["name"] for n in data["nodes"]} and data["focus"] == "organisation:sintef"
    assert {g["name"] for g in data["colours"]} == {"Norway", "(none)"}
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "--projection", "co-partners",
                                  "--min-weight", "2", "--hide-isolated", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 links of weight under 2 left out; 1 isolated node hidden" in result.output
    result = runner.invoke(main, ["viz", "--graph", str(graph_file), "--relations", "LEADS", "-o", str(out)])
    assert result.exit_code == 1 and "Error: --relations goes with --focus" in result.output


def test_many_relationships_lose_arrowheads_and_say_so(hub_graph) -> None:
    data = _data(render_html(hub_graph(3200), max_nodes=3200)[0])  # 3,136 relationships
    assert data["arrowsOmitted"] is True and [t["arrows"] for t in data["types"]] == [False]
    assert data["options"]["interaction"]["hideEdgesOnZoom"] is True


def test_page_is_replaced_whole_never_rewritten_in_place(consortium: KnowledgeGraph, tmp_path) -> None:
    out = tmp_path / "view.html"
    out.write_text("the old page", encoding="utf-8")
    with out.open(encoding="utf-8") as reader:  # someone has the old page open while it is rewritten
        before = out.stat().st_ino
        write_html(consortium, out)
        assert reader.read() == "the old page"
    assert out.stat().st_ino != before and "nordgraph-data" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.html"]  # no temporary file left behind
