"""``nordgraph query`` is read-only without --write; ``nordgraph chart`` writes report pictures."""
from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from nordgraph.cli import main
from nordgraph.graph.store import EmbeddedStore, may_write
from nordgraph.serve import is_loopback
from tests.serve.conftest import hostile_graph
from tests.viz.conftest import XSS_IMG


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(hostile_graph())
    return path


def test_a_write_without_the_flag_is_one_line_naming_it_and_changes_nothing(graph: Path) -> None:
    before = graph.read_bytes()
    result = CliRunner().invoke(main, ["query", "MATCH (o:Organisation) SET o.seen = true", "--graph", str(graph)])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: this query writes to the graph; add --write to run it"
    assert graph.read_bytes() == before
    done = CliRunner().invoke(main, ["query", "--write", "MATCH (o:Organisation) SET o.seen = true", "--graph", str(graph)])
    assert done.exit_code == 0 and graph.read_bytes() != before
    assert "--write" in CliRunner().invoke(main, ["query", "--help"]).output


@pytest.mark.parametrize(("text", "writes"), [
    ("MATCH (n) RETURN n", False),
    ("MATCH (n) WHERE n.name = 'CREATE' RETURN n // DELETE", False),
    ("MERGE (n:Organisation {name: 'A'})", True),
    ("MATCH (n) DETACH DELETE n", True),
    ("CALL db.labels()", False),
    # only Neo4j parses these: a writing word outside strings and comments counts
    ("FOREACH (x IN [1] | CREATE (:N))", True),
    ("CALL { MATCH (n) RETURN n } RETURN 1", True),
])
def test_may_write(text: str, writes: bool) -> None:
    assert may_write(text) is writes


@pytest.mark.parametrize("chart", ["heatmap", "per-year", "top-leads", "central"])
def test_chart_writes_an_svg_with_the_graph_s_names_as_text(graph: Path, tmp_path: Path, chart: str) -> None:
    output = tmp_path / f"{chart}.svg"
    result = CliRunner().invoke(main, ["chart", chart, "--graph", str(graph), "--output", str(output)])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(output.read_text(encoding="utf-8"))
    assert root.tag.endswith("svg")
    texts = [t.text or "" for t in root.iter() if t.tag.endswith("text")]
    assert texts, "a chart with no text"
    if chart == "heatmap":
        assert {"Norway", "Sweden"} <= set(texts)
    assert not any(el.tag.endswith(("script", "foreignObject", "img")) for el in root.iter())
    if chart == "central":  # the hostile organisation partners with two others: a bar, labelled as text
        assert XSS_IMG in texts


def test_chart_png_and_html_and_a_bad_suffix(graph: Path, tmp_path: Path) -> None:
    png = tmp_path / "years.png"
    assert CliRunner().invoke(main, ["chart", "per-year", "--graph", str(graph), "-o", str(png)]).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = tmp_path / "years.html"
    assert CliRunner().invoke(main, ["chart", "per-year", "--graph", str(graph), "-o", str(page)]).exit_code == 0
    assert "<script" in page.read_text(encoding="utf-8") and 'src="http' not in page.read_text(encoding="utf-8")
    bad = CliRunner().invoke(main, ["chart", "per-year", "--graph", str(graph), "-o", str(tmp_path / "y.pdf")])
    assert bad.exit_code == 1 and "end it in .svg, .png or .html" in bad.output


def test_serve_refuses_a_missing_graph_and_a_port_in_use_with_one_line(graph: Path, tmp_path: Path) -> None:
    missing = CliRunner().invoke(main, ["serve", "--graph", str(tmp_path / "none.json"), "--no-browser"])
    assert missing.exit_code == 1 and "no graph at" in missing.output
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = CliRunner().invoke(main, ["serve", "--graph", str(graph), "--no-browser", "--port", str(port)])
    assert busy.exit_code == 1 and busy.output.startswith(f"Error: cannot listen on 127.0.0.1:{port}")


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                ("0.0.0.0", False), ("192.168.1.4", False), ("example.org", False)])
def test_only_loopback_hosts_pass_without_a_warning(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
