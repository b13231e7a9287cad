"""The one row renderer: tables escape untrusted text, JSON is keyed by column, CSV is plain; no format passes
a control character to the terminal, and CSV cells a spreadsheet would run are neutralised."""
from __future__ import annotations

import csv
import io
import json

import pytest

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


#: What a hostile document name may carry: CSI colour, an OSC 8 hyperlink, BEL, the one-character
#: C1 CSI (U+009B), DEL, a carriage return and a right-to-left override.
TERMINAL_CONTROLS = "\x1b[31mred \x1b]8;;http://evil\x07link\x1b]8;;\x07 \x9b2J \x7f \r \u202eexe.txt"
CONTROL_CHARS = ("\x1b", "\x07", "\x9b", "\x7f", "\r", "\u202e")


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_table_and_csv_pass_no_control_character_to_the_terminal(fmt: str) -> None:
    out = render_rows(["name"], [(TERMINAL_CONTROLS,), ({"nested": TERMINAL_CONTROLS},)], fmt)
    assert not [c for c in CONTROL_CHARS if c in out]
    assert "red" in out and "link" in out


def test_csv_keeps_newlines_and_tabs_inside_a_quoted_cell() -> None:
    rows = list(csv.reader(io.StringIO(render_rows(["text"], [("two\nlines\tand a tab",)], "csv"))))
    assert rows[1] == ["two\nlines\tand a tab"]


def test_json_escapes_every_control_character_and_reads_back_unchanged() -> None:
    out = render_rows(["name"], [(TERMINAL_CONTROLS,)], "json")
    assert not [c for c in CONTROL_CHARS if c in out]
    assert "\\u009b" in out and "\\u202e" in out and "\\u001b" in out
    assert json.loads(out) == [{"name": TERMINAL_CONTROLS}]
    assert "Skåne" in render_rows(["name"], [("Skåne",)], "json")  # readable UTF-8 stays


FORMULAS = ['=HYPERLINK("http://evil","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1"]


def test_csv_neutralises_text_cells_that_a_spreadsheet_would_run() -> None:
    out = render_rows(["name", "n", "x"], [(text, -3, 1.5) for text in FORMULAS], "csv")
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert [r[0] for r in rows] == ["'" + text for text in FORMULAS]
    assert {(r[1], r[2]) for r in rows} == {("-3", "1.5")}  # numbers stay numbers


def test_csv_neutralises_a_formula_in_a_column_name() -> None:
    assert render_rows(["=1+1", "ok"], [], "csv") == "'=1+1,ok"


def test_raw_csv_keeps_formula_cells_but_still_escapes_control_characters() -> None:
    rows = list(csv.reader(io.StringIO(render_rows(["name"], [(f,) for f in FORMULAS] + [("=\x1b[2J",)], "csv",
                                                   raw_csv=True))))
    assert [r[0] for r in rows[1:]] == FORMULAS + ["=\N{REPLACEMENT CHARACTER}[2J"]


@pytest.mark.parametrize("text", [*FORMULAS, "'=already quoted", "''+twice", "'plain", "plain", "", "'", "="])
def test_a_neutralised_cell_restores_to_exactly_its_text(text: str) -> None:
    from nordgraph.graph.csvcells import neutralise, restore

    assert restore(neutralise(text)) == text
    assert not neutralise(text).startswith(tuple("=+-@\t\r"))
