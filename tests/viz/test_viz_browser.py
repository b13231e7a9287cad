"""The written page in a real headless Chromium with the network cut off.

These tests need Debian's ``chromium``; without it they FAIL (see ``conftest.chromium``):
the page's promises (offline, no script from data, usable when large) hold only in a browser.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.synthetic import make_graph
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.viz import write_html
from testkit.browser import PageLog, offline_page, wait_until_ready
from tests.viz.conftest import XSS_IMG, XSS_QUOTE, XSS_SCRIPT

HIDDEN_NODES = "network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id).sort()"


def _clean(log: PageLog) -> None:
    assert log.requests == [], f"the page asked the network for {log.requests}"
    assert log.errors == [] and log.console_errors == [], (log.errors, log.console_errors)
    assert log.dialogs == [], f"script from the data ran: {log.dialogs}"


def _dom_point(page: Any, key: str) -> dict[str, float]:
    return page.evaluate("key => network.canvasToDOM(network.getPositions([key])[key])", key)


def test_page_is_offline_searchable_filterable_and_readable(consortium: KnowledgeGraph, tmp_path: Path,
                                                             chromium: str) -> None:
    path = tmp_path / "view.html"
    write_html(consortium, path, title="Consortium")
    with offline_page(path) as (page, log):
        assert page.evaluate("network.body.data.nodes.length") == len(consortium)
        assert page.evaluate("network.body.data.edges.length") == consortium.edge_count()
        assert page.evaluate("network.physics.physicsEnabled") is False  # settled, then held still

        boxes = page.evaluate("nordgraphViz.labelBoxes")
        assert len(boxes) == len(consortium)  # small graph: every label fits
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]), (a, b)

        page.fill("#search", "nmg")
        assert page.inner_text("#results") == "Nordic Medtech Growth 2 (Project)"
        page.press("#search", "Enter")
        assert page.evaluate("network.getSelectedNodes()") == ["project:nordic-medtech-growth-2"]
        assert "Nordic Medtech Growth 2" in page.inner_text("#detail")

        page.uncheck('#legend-labels input[data-name="Project"]')
        assert page.evaluate(HIDDEN_NODES) == ["project:nordic-medtech-growth-2", "project:rehab-at-home"]
        hidden_edges = page.evaluate("network.body.data.edges.get({filter: e => e.hidden}).length")
        assert hidden_edges == 6  # every edge that touches a project
        page.uncheck('#legend-types input[data-name="LOCATED_IN"]')
        assert page.evaluate("network.body.data.edges.get({filter: e => e.hidden}).length") == 8
        page.check('#legend-labels input[data-name="Project"]')
        assert page.evaluate(HIDDEN_NODES) == []
        wait_until_ready(page)

        point = _dom_point(page, "organisation:medtek-norway")
        box = page.locator("#network").bounding_box()
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_selector("#tooltip:not([hidden])")
        tooltip = page.inner_text("#tooltip")
        for text in ("Medtek Norway", "Organisation", "Also: MTN", "Country: Norway", "Medtek Norway leads",
                     "Call results 2024"):
            assert text in tooltip
        page.mouse.move(0, 0)
        lead = "organisation:medtek-norway|LEADS|project:nordic-medtech-growth-2"
        middle = page.evaluate("id => network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5))", lead)
        page.mouse.click(box["x"] + middle["x"], box["y"] + middle["y"])
        assert page.evaluate("network.getSelectedEdges()") == [lead]
        detail = page.inner_text("#detail")
        assert "Medtek Norway \u2014LEADS\u2192 Nordic Medtech Growth 2" in detail
        assert "Medtek Norway leads NMG2" in detail
        page.screenshot(path=str(tmp_path / "view.png"))
        _clean(log)
    assert (tmp_path / "view.png").stat().st_size > 10_000


def test_planted_script_shows_as_text_and_runs_nothing(planted: KnowledgeGraph, tmp_path: Path,
                                                        chromium: str) -> None:
    path = tmp_path / "planted.html"
    write_html(planted, path, title=XSS_SCRIPT)
    with offline_page(path) as (page, log):
        assert page.evaluate("network.body.data.nodes.length") == 4  # the planted country is a node too
        assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
        assert page.evaluate("document.scripts.length") == 3
        assert page.title() == XSS_SCRIPT and page.inner_text("#title") == XSS_SCRIPT

        page.fill("#search", "<img")
        assert page.inner_text("#results") == f"{XSS_IMG} (Organisation)"
        page.click("#results button")
        detail = page.inner_text("#detail")
        assert XSS_IMG in detail and "Also: <b>bold</b>" in detail and XSS_QUOTE in detail
        page.evaluate("nordgraphViz.go(nordgraphViz.search('alert(1)</script>')[0])")
        assert "</script><script>alert(2)</script>" in page.inner_text("#detail")
        assert {b["id"] for b in page.evaluate("nordgraphViz.labelBoxes")} >= {
            page.evaluate("nordgraphViz.search('<img')[0]")}
        page.screenshot(path=str(tmp_path / "planted.png"))
        _clean(log)
        # Controls: a script that did run, or asked for something, would have been seen.
        page.evaluate("alert('control'); new Image().src = 'http://example.invalid/x.png'; 0")
        page.wait_for_timeout(200)
        assert log.dialogs == ["control"]
        assert any("example.invalid" in line for line in log.console_errors + log.requests)


def test_five_thousand_nodes_are_cut_to_the_cap_with_a_banner(hub_graph, tmp_path: Path, chromium: str) -> None:
    path = tmp_path / "large.html"
    summary = write_html(hub_graph(5000), path)
    assert (summary.nodes, summary.total_nodes) == (1500, 5000)
    with offline_page(path) as (page, log):
        assert page.evaluate("network.body.data.nodes.length") == 1500
        banner = page.inner_text("#banner")
        assert banner == ("Showing 1500 of 5000 nodes (the most connected of each label, in proportion: "
                          "Project 1470 of 4900, Organisation 30 of 100)")
        assert 0 < len(page.evaluate("nordgraphViz.labelBoxes")) <= 400
        assert "Arrowheads left out" not in page.inner_text("#legend-types")  # 1,400 edges: arrows stay
        page.fill("#search", "Hub 1")
        page.press("#search", "Enter")
        assert page.evaluate("network.getSelectedNodes()") == ["organisation:hub-1"]
        _clean(log)


#: How many of the ``k`` largest shown nodes carry a drawn label (sizes from the page's own data).
LABELLED_OF_LARGEST = """k => {
  const size = new Map(JSON.parse(document.getElementById('nordgraph-data').textContent).nodes.map(n => [n.id, n.size]));
  const shown = network.body.data.nodes.get({filter: n => !n.hidden}).map(n => n.id)
    .sort((a, b) => size.get(b) - size.get(a) || (a < b ? -1 : 1));
  const labelled = new Set(nordgraphViz.labelBoxes.map(b => b.id));
  return shown.slice(0, k).filter(id => labelled.has(id)); }"""


def test_the_largest_nodes_and_the_focus_carry_labels_in_a_hairball(tmp_path: Path, chromium: str) -> None:
    kg = make_graph(1500)  # preferential attachment: the hubs sit in the middle of the hairball
    small = min(kg.nx.nodes, key=lambda k: (kg.nx.degree(k), k))
    for colour_by in ("label", "community"):
        path = tmp_path / f"hairball-{colour_by}.html"
        kg.metadata["focus"] = small
        write_html(kg, path, colour_by=colour_by)
        with offline_page(path) as (page, log):
            assert len(page.evaluate(LABELLED_OF_LARGEST, 10)) == 10
            assert small in {b["id"] for b in page.evaluate("nordgraphViz.labelBoxes")}
            free = [b for b in page.evaluate("nordgraphViz.labelBoxes") if not b["forced"]]
            for i, a in enumerate(free):  # the optional labels still never overlap one another
                for b in free[i + 1:]:
                    assert not (a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"])
            if colour_by == "community":
                assert page.inner_text("#colour-heading") == "Colour: community"
                assert page.locator("#legend-colours li").count() >= 3
            _clean(log)


def test_a_filter_lays_out_again_and_can_hide_what_it_isolates(consortium: KnowledgeGraph, tmp_path: Path,
                                                              chromium: str) -> None:
    path = tmp_path / "view.html"
    write_html(consortium, path)
    with offline_page(path) as (page, log):
        assert page.evaluate("nordgraphViz.layouts") == 1
        before = page.evaluate("network.getPositions()")
        page.uncheck('#legend-types input[data-name="LOCATED_IN"]')
        wait_until_ready(page)
        assert page.evaluate("nordgraphViz.layouts") == 2
        after = page.evaluate("network.getPositions()")
        assert after["organisation:medtek-norway"] != before["organisation:medtek-norway"]
        assert page.evaluate("network.physics.physicsEnabled") is False
        assert page.evaluate(HIDDEN_NODES) == []
        page.check("#hide-isolated")  # Norway has no shown link left
        wait_until_ready(page)
        assert page.evaluate(HIDDEN_NODES) == ["country:norway"]
        assert page.evaluate("network.body.nodes['country:norway'].options.physics") is False
        assert "country:norway" not in {b["id"] for b in page.evaluate("nordgraphViz.labelBoxes")}
        assert len(page.evaluate(LABELLED_OF_LARGEST, 10)) == 6  # every shown node of a small graph
        _clean(log)
