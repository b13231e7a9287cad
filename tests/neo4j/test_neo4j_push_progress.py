"""``nordgraph push`` draws its progress bar only on a terminal."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from nordgraph.cli import main
from nordgraph.graph.jsonfile import write_graph
from nordgraph.graph.model import KnowledgeGraph


def test_push_draws_no_bar_when_stderr_is_not_a_terminal(tmp_path: Path, store_args: list[str]) -> None:
    kg = KnowledgeGraph()
    for i in range(30):  # enough for the bar to be drawn at a terminal
        kg.add_node("Organisation", f"Org {i}")
    path = tmp_path / "g.json"
    write_graph(kg, path)
    result = CliRunner().invoke(main, ["push", "--graph", str(path), "--replace", "--batch-size", "5", *store_args])
    assert result.exit_code == 0, result.output
    assert "Pushed 30 nodes" in result.stdout
    assert result.stderr == ""
