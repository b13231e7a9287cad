"""The one row renderer: tables escape untrusted text, JSON is keyed by column, CSV is plain."""
from __future__ import annotations

import csv
import io
import json

from nordgraph.graph.store import Notification
from nordgraph.graph.values import NodeValue
from nordgraph.queries.render import notification_lines, render_rows

HOSTILE = "[bold red]Evil[/] \x1b[31mred\x1b[0m <script>alert(1)</script>"


def test_table_prints_markup_and_escapes_literally() -> None:
    out = render_rows(["name"], [(HOSTILE,)], "table")
    assert "[bold red]Evil[/]" in out
    assert "\x1b" not in out
    assert out.endswith("(1 row)")


def test_json_is_an_array_of_objects_keyed_by_column() -> None:
    node = NodeValue("organisation:a", ("Organisation",), {"name": "A", "evidence": [{"quote": "A"}]})
    records = json.loads(render_rows(["n", "count"], [(node, 3), (None, 0)], "json"))
    assert records[0]["count"] == 3
    assert records[0]["n"]["labels"] == ["Organisation"]
    assert json.loads(records[0]["n"]["properties"]["evidence"]) == [{"quote": "A"}]
    assert records[1] == {"n": None, "count": 0}


def test_csv_has_a_header_and_one_line_per_row() -> None:
    out = render_rows(["name", "n"], [("Region Skåne, SE", 2), ("x", [1, 2])], "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [["name", "n"], ["Region Skåne, SE", "2"], ["x", "[1, 2]"]]


def test_notification_lines_name_the_severity_and_escape_untrusted_names() -> None:
    lines = notification_lines([Notification("c", "t", f"label `{HOSTILE}` is not in the graph"),
                                Notification("c", "t", "not checked", "INFORMATION")])
    assert lines[0].startswith("Warning: label `[bold red]Evil[/]") and "\x1b" not in lines[0]
    assert lines[1] == "Note: not checked"
