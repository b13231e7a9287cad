"""The workbench in a real headless Chromium that may reach the local server and nothing else.

Needs Debian's ``chromium`` (``tests/viz/conftest.chromium``): the page's promises (offline, no
script from data, the write switch, the graph view's labels) hold only in a browser.
"""
from __future__ import annotations

import time
from typing import Any

from nordgraph.loaders.curation import load_overrides
from testkit.browser import PageLog, served_page
from tests.serve.conftest import Served
from tests.viz.conftest import XSS_IMG

QUERY = "MATCH p = (o:Organisation)-[:PARTNER_IN]->(:Project) RETURN p"


def _until(page: Any, script: str, seconds: float = 30) -> Any:
    """Poll ``script`` in the page until it is truthy."""
    deadline = time.monotonic() + seconds
    while not (value := page.evaluate(script)):
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        page.wait_for_timeout(50)
    return value


def _clean(log: PageLog) -> None:
    assert log.requests == [], f"the page asked outside the server for {log.requests}"
    assert log.errors == [], log.errors
    assert log.dialogs == [], f"script from the data ran: {log.dialogs}"


def _type_query(page: Any, text: str) -> None:
    page.fill("#editor", text)
    page.click("#run")


def test_query_table_graph_chart_evidence_merge_and_the_write_switch(served: Served, chromium: str) -> None:
    with served_page(served.origin) as (page, log):
        page.goto(served.origin + "/")
        _until(page, "window.workbench && window.workbench.ready")

        # completion offers the graph's own labels
        page.fill("#editor", "MATCH (o:Org")
        page.press("#editor", "End")
        page.type("#editor", "a")
        assert "Organisation" in page.inner_text("#complete")
        page.press("#editor", "Tab")
        assert page.input_value("#editor") == "MATCH (o:Organisation"

        # a typed query, its table; the hostile name is text in the cell
        _type_query(page, QUERY)
        _until(page, "document.querySelectorAll('#table tbody tr').length > 0")
        cells = page.eval_on_selector_all("#table td", "tds => tds.map(td => td.textContent)")
        assert any(XSS_IMG in c for c in cells)
        assert page.eval_on_selector_all("#table img", "imgs => imgs.length") == 0

        # the graph: graph.viz's own view, labels drawn for its largest nodes
        page.click("#tabs button[data-tab=graph]")
        _until(page, "window.workbench.graphReady")
        frame = page.frame_locator("#graph-frame")
        assert frame.locator("#counts").inner_text().startswith("6 nodes, 4 relationships")
        view = next(f for f in page.frames if f.url.endswith("/view"))
        assert view.evaluate("nordgraphViz.labelBoxes.length") > 0

        # the view tells the workbench of a click by postMessage; a message from anywhere else
        # (here the workbench's own window) opens nothing
        page.evaluate("window.postMessage({nordgraph: 'viz', event: 'node', id: 'organisation:sintef'}, '*')")
        page.wait_for_timeout(300)
        assert page.is_hidden("#node")
        # a click on a node opens its evidence, quotes with their document's title and link
        _click_node(page, view, "project:nordic-medtech-growth-2")
        _until(page, "document.getElementById('node-name').textContent === 'Nordic Medtech Growth 2'")
        evidence = page.inner_text("#node-evidence")
        assert "Partners of NMG2" in evidence and f"{XSS_IMG} is a partner in NMG2" in evidence
        assert page.get_attribute("#node-evidence a", "href") == "https://example.org/nmg2"

        # charts: a built-in chart and this result's own
        page.click("#tabs button[data-tab=chart]")
        page.select_option("#chart-select", "per-year")
        _until(page, "window.workbench.chartReady")
        assert page.locator("#chart-view svg").count() == 1
        page.select_option("#chart-select", "heatmap")
        _until(page, "window.workbench.chartReady && document.querySelector('#chart-view svg') !== null")

        # a merge from the page lands in the overrides file
        page.select_option("#curate-op", "merge")
        page.fill("#curate-keep", "Medtek Norway")
        page.fill("#curate-others", "Medtek Norge")
        page.click("#curate-apply")
        _until(page, "document.getElementById('curate-message').textContent.includes('rebuild')")
        assert any(d.op == "merge" and [r.name for r in d.refs] == ["Medtek Norway", "Medtek Norge"]
                   for d in load_overrides(served.overrides))

        # a write is refused until switched on
        before = served.graph.read_bytes()
        _type_query(page, "CREATE (:Organisation {name: 'From the page'})")
        _until(page, "!document.getElementById('message').hidden")
        assert "Allow writes" in page.inner_text("#message")
        assert served.graph.read_bytes() == before
        page.check("#allow-write")
        page.click("#run")
        _until(page, "document.getElementById('summary').textContent.includes('+nodes 1')")
        assert b"From the page" in served.graph.read_bytes()

        _clean(log)


def test_the_largest_drawn_nodes_carry_labels(served: Served, chromium: str) -> None:
    with served_page(served.origin, width=1000, height=700) as (page, log):
        page.goto(served.origin + "/")
        _until(page, "window.workbench && window.workbench.ready")
        _type_query(page, QUERY)
        _until(page, "document.querySelectorAll('#table tbody tr').length > 0")
        page.click("#tabs button[data-tab=graph]")
        _until(page, "window.workbench.graphReady")
        view = next(f for f in page.frames if f.url.endswith("/view"))
        assert largest_unlabelled(view) == []
        _clean(log)


def test_expand_draws_a_nodes_neighbours_by_the_chosen_relation_types(served: Served, chromium: str) -> None:
    with served_page(served.origin, width=1300, height=800) as (page, log):
        page.goto(served.origin + "/")
        _until(page, "window.workbench && window.workbench.ready")
        _type_query(page, "MATCH (o:Organisation {name: 'Medtek Norway'}) RETURN o")
        _until(page, "document.querySelectorAll('#table td.node').length === 1")
        page.click("#table td.node")
        _until(page, "document.getElementById('node-name').textContent === 'Medtek Norway'")

        # every relation type but LOCATED_IN is ticked: a country links everything in it
        ticked = page.eval_on_selector_all("#expand-types input:checked", "bs => bs.map(b => b.value)")
        assert "LEADS" in ticked and "PARTNER_IN" in ticked and "LOCATED_IN" not in ticked
        page.click("#expand")
        _until(page, "window.workbench.results === 2 && window.workbench.graphReady")
        view = next(f for f in page.frames if f.url.endswith("/view"))
        assert view.inner_text("#counts").startswith("3 nodes, 2 relationships")
        assert sorted(view.evaluate("network.body.data.nodes.getIds()")) == [
            "organisation:medtek-norway", "project:nordic-medtech-growth-2", "project:rehab-at-home"]

        # from the drawn expansion: click a project, expand it by FUNDED_BY alone
        _click_node(page, view, "project:nordic-medtech-growth-2")
        _until(page, "document.getElementById('node-name').textContent === 'Nordic Medtech Growth 2'")
        for box in page.query_selector_all("#expand-types input"):
            box.set_checked(box.get_attribute("value") == "FUNDED_BY")
        page.click("#expand")
        _until(page, "window.workbench.results === 3 && window.workbench.graphReady")
        view = next(f for f in page.frames if f.url.endswith("/view"))
        assert view.inner_text("#counts").startswith("2 nodes, 1 relationships")
        assert sorted(view.evaluate("network.body.data.nodes.getIds()")) == [
            "programme:nordic-innovation", "project:nordic-medtech-growth-2"]
        _clean(log)


def test_a_view_framed_by_a_page_of_another_origin_tells_it_nothing(served: Served, chromium: str) -> None:
    _, answer = served.call("/api/query", {"text": QUERY})
    url = f"{served.origin}/api/result/{answer['id']}/view"
    with served_page(served.origin) as (page, log):
        page.set_content("<iframe id='view' width='900' height='600'></iframe>")  # about:blank: another origin
        page.evaluate("(url) => { window.heard = []; window.addEventListener('message', e => window.heard.push(e.data));"
                      " document.getElementById('view').src = url; }", url)
        deadline = time.monotonic() + 30
        while not any(f.url == url and f.evaluate("Boolean(window.nordgraphViz && nordgraphViz.ready)")
                      for f in page.frames):
            assert time.monotonic() < deadline, "the framed view did not get ready"
            page.wait_for_timeout(50)
        view = next(f for f in page.frames if f.url == url)
        view.evaluate("network.emit('click', {nodes: ['organisation:sintef'], edges: []})")
        page.wait_for_timeout(300)
        assert view.inner_text("#detail").startswith("SINTEF")  # the view itself took the click
        assert page.evaluate("window.heard") == []  # neither "ready" nor the node reached the framing page
        _clean(log)


def _click_node(page: Any, view: Any, key: str) -> None:
    """A real mouse click on node ``key`` of the drawn graph view (inside the workbench's iframe)."""
    at = view.evaluate("(key) => network.canvasToDOM(network.getPosition(key))", key)
    canvas = view.evaluate("(() => { const r = document.getElementById('network').getBoundingClientRect();"
                           " return {x: r.left, y: r.top}; })()")
    frame = page.locator("#graph-frame").bounding_box()
    page.mouse.click(frame["x"] + canvas["x"] + at["x"], frame["y"] + canvas["y"] + at["y"])


def largest_unlabelled(view: Any, top: int = 10) -> list[str]:
    """Of the ``top`` largest nodes drawn in a graph view, those without a label (``labelBoxes``)."""
    drawn = {b["id"] for b in view.evaluate("nordgraphViz.labelBoxes")}
    sizes = view.evaluate("network.body.data.nodes.get().map(n => [n.id, n.size])")
    return [key for key, _ in sorted(sizes, key=lambda s: (-s[1], s[0]))[:top] if key not in drawn]
