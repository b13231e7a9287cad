"""One renderer for every command that prints rows: a terminal table, JSON or CSV.

Values are untrusted document text, and every format may reach a terminal: tables are built
from ``rich.text.Text`` objects, so a name such as ``[bold]x[/]`` prints literally; control
characters (ANSI and OSC escapes, BEL, C1, bidi overrides) become U+FFFD in tables and CSV and
``\\uXXXX`` escapes in JSON. CSV text cells that a spreadsheet would run as a formula are
neutralised (:mod:`graph.csvcells`) unless the caller asks for them raw.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from nordgraph.graph.csvcells import neutralise
from nordgraph.graph.store import Notification, QueryResult
from nordgraph.graph.values import json_text, printable, to_jsonable

FORMATS = ("table", "json", "csv")


def cell_text(value: Any) -> str:
    """A compact, single-line, control-character-free text for one value."""
    data = to_jsonable(value)
    text = data if isinstance(data, str) else json_text(data)
    if data is None:
        text = "null"
    return printable(text)


def json_records(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    """Rows as JSON-ready objects keyed by column."""
    return [{c: to_jsonable(v) for c, v in zip(columns, row)} for row in rows]


def render_query_json(result: QueryResult) -> str:
    """A Cypher query's answer for scripts: its rows and its notifications (unknown names ...),
    so a script can tell "no rows" from "no such label"."""
    return json_text({"rows": json_records(result.columns, result.rows),
                      "notifications": [n.as_dict() for n in result.notifications]}, indent=2)


def notification_lines(notifications: Sequence[Notification]) -> list[str]:
    """``Warning: ...`` (or ``Note: ...`` for information) lines for the terminal, one per notification."""
    return [f"{'Warning' if n.severity == 'WARNING' else 'Note'}: {printable(n.description)}" for n in notifications]


def render_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table",
                *, title: str | None = None, width: int | None = None, raw_csv: bool = False) -> str:
    """Render rows as ``table``, ``json`` (an array of objects keyed by column) or ``csv``
    (``raw_csv``: text cells that start like a formula are written as they are)."""
    if fmt == "json":
        return json_text(json_records(columns, rows), indent=2)
    if fmt == "csv":
        def text_cell(text: str) -> str:
            return printable(text) if raw_csv else neutralise(printable(text))

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([text_cell(c) for c in columns])
        for row in rows:
            writer.writerow([text_cell(v) if isinstance(v, str) else cell_text(v) for v in row])
        return buffer.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    table = Table(title=Text(printable(title)) if title else None, show_lines=False)
    for column in columns:
        table.add_column(Text(printable(column)), overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell_text(v)) for v in row))
    console = Console(file=io.StringIO(), width=width or 120, force_terminal=False,
                      color_system=None, markup=False, emoji=False, highlight=False)
    console.print(table)
    footer = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    return console.file.getvalue().rstrip("\n") + "\n" + footer
