"""The public Python API, as the README shows it."""
from __future__ import annotations

from pathlib import Path

import nordgraph
from tests.conftest import EXAMPLES


def test_build_store_query_and_run(tmp_path: Path) -> None:
    result = nordgraph.build([EXAMPLES])
    assert result.read and not result.skipped
    store = nordgraph.open_store(tmp_path / "health.json")
    store.replace(result.graph)
    again = nordgraph.open_store(tmp_path / "health.json")
    rows = nordgraph.query(again, "MATCH (o:Organisation) RETURN o.name AS name ORDER BY name LIMIT $n", n=2).records()
    assert len(rows) == 2 and set(rows[0]) == {"name"}
    (note,) = nordgraph.query(again, "MATCH (o:Organisation) RETURN o.nmae").notifications
    assert note.description == "property key `nmae` is not in the graph; did you mean `name`?"
    leads = nordgraph.run(again, "top-leads", limit=5)
    assert leads.columns and leads.rows

