"""Offline bulk exports for Neo4j: ``neo4j-admin`` CSV folders and ``cypher-shell`` scripts.

``--format neo4j-admin --output DIR`` writes one node file per label and one relationship file per
type in the header format of ``neo4j-admin database import``:

* nodes: ``id:ID(Entity)`` (every key lives in the one id space ``Entity`` and is kept as the
  ``id`` property), ``:LABEL``, then typed property columns such as ``start:long``,
  ``budget:double``, ``aliases:string[]``; evidence is a JSON ``string`` column;
* relationships: ``:START_ID(Entity)``, ``:END_ID(Entity)``, ``:TYPE``, ``id``, then properties.

Array values are joined with the array delimiter (``;`` unless an element contains one, then the
first of ``|``, ``¦`` that none contains); fields are quoted the standard CSV way (quotes doubled)
and may span lines. ``README.md`` in the folder holds the exact import command, whose options
match the files. Decimal numbers are ``double``: neo4j-admin's ``float`` is 32-bit and would
change 0.9 into 0.8999999761581421. Cells that start like a spreadsheet formula are written as they
are, unlike the ``csv`` export's: neo4j-admin would keep a protecting ``'`` as part of the value.

``--format cypher --output FILE`` writes a script for ``cypher-shell -f FILE``: the uniqueness
constraints, then nodes and relationships as ``UNWIND [...] AS row MERGE ...`` batches. It is the
one place where values are written into Cypher text, so every value goes through
:func:`cypher_literal`.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nordgraph.graph.errors import StoreError
from nordgraph.graph.exporters import exporter
from nordgraph.graph.jsonfile import atomic_write_text
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.neo4j.transfer import (
    constraint_statement,
    edge_groups,
    edge_statement,
    node_groups,
    node_statement,
)

ID_SPACE = "Entity"
ARRAY_DELIMITERS = (";", "|", "¦")
#: Rows per UNWIND batch in a script, and a size cap so one statement stays a reasonable request.
SCRIPT_BATCH_ROWS = 500
SCRIPT_STATEMENT_BYTES = 512 * 1024

_HEADER_KEY = re.compile(r'^[^:,;"\r\n()\[\]{}]+$')
_NAMED_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


# -- cypher-shell script ---------------------------------------------------------------------
def cypher_literal(value: Any, unicode_escapes: bool = True) -> str:
    """``value`` as a Cypher literal that reads back as exactly ``value``.

    Strings are single-quoted with backslash escapes for the quote, the backslash and line
    breaks, and ``\\uXXXX`` for every other control, format or separator character, so no text
    can end the literal, the statement or the line. Map keys are backtick-quoted. For servers
    that do not read ``\\u`` escapes (FalkorDB), ``unicode_escapes=False`` leaves those
    characters as they are, which Cypher allows inside a literal; NUL is then refused.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "(0.0 / 0.0)"
        if math.isinf(value):
            return "(1.0 / 0.0)" if value > 0 else "(-1.0 / 0.0)"
        return repr(value).replace("e+", "e")
    if isinstance(value, str):
        if not unicode_escapes and "\x00" in value:
            raise StoreError("text with the NUL character needs \\u escapes, which this server does not read")
        return "'" + "".join(_escape_char(c, unicode_escapes) for c in value) + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v, unicode_escapes) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{str(k).replace('`', '``')}`: {cypher_literal(v, unicode_escapes)}"
                               for k, v in value.items()) + "}"
    raise StoreError(f"cannot write {type(value).__name__} value {value!r} as Cypher")


def _escape_char(char: str, unicode_escapes: bool) -> str:
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    if unicode_escapes and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
        code = ord(char)
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return char


def cypher_statements(kg: KnowledgeGraph, batch_rows: int = SCRIPT_BATCH_ROWS,
                      max_statement_bytes: int = SCRIPT_STATEMENT_BYTES,
                      unicode_escapes: bool = True) -> Iterator[str]:
    """The script's statements (without the ``;``): constraints, node batches, relationship batches.

    They are the statements ``push`` runs, with the rows written in as literals. A batch ends at
    ``batch_rows`` rows or before ``max_statement_bytes`` (a row too large for the cap still gets
    a statement of its own).
    """
    nodes = node_groups(kg)
    edges = edge_groups(kg)
    for label in sorted({labels[0] for labels in nodes if labels}):
        yield constraint_statement(label)
    frames = [(node_statement(labels).text, rows) for labels, rows in nodes.items()]
    frames += [(edge_statement(*group).text, rows) for group, rows in edges.items()]
    for frame, rows in frames:
        batch: list[str] = []
        used = len(frame.encode("utf-8"))
        for row in rows:
            literal = cypher_literal(row, unicode_escapes)
            size = len(literal.encode("utf-8")) + 2
            if batch and (len(batch) >= batch_rows or used + size > max_statement_bytes):
                yield _fill(frame, batch)
                batch, used = [], len(frame.encode("utf-8"))
            batch.append(literal)
            used += size
        if batch:
            yield _fill(frame, batch)


def _fill(frame: str, literals: list[str]) -> str:
    """The statement with its ``$rows`` parameter (it has exactly one) replaced by the rows."""
    return frame.replace("$rows", "[" + ", ".join(literals) + "]", 1)


@exporter("cypher")
def write_cypher(kg: KnowledgeGraph, output: Path) -> None:
    """A ``cypher-shell -f`` script that builds ``kg`` (idempotent: it merges by id)."""
    lines = [
        f"// nordgraph graph: {len(kg)} nodes, {kg.edge_count()} relationships.",
        f"// Run with: cypher-shell -a <bolt-uri> -u <user> -d <database> -f {output.name}",
        "// Merges by id, so running it twice changes nothing. Evidence is JSON text.",
    ]
    lines += [statement + ";" for statement in cypher_statements(kg)]
    atomic_write_text(output, "\n".join(lines) + "\n")


# -- neo4j-admin CSV -------------------------------------------------------------------------
_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _column_type(values: list[Any]) -> str:
    """The neo4j-admin type of a column: the one type its values share (integers with decimals
    make ``double``). Empty lists say nothing (they are written as empty fields)."""
    kinds: set[str] = set()
    lists = scalars = False
    for value in values:
        if isinstance(value, list):
            lists = True
            kinds.update(_TYPES[type(item)] for item in value)
        else:
            scalars = True
            kinds.add(_TYPES[type(value)])
    if kinds == {"long", "double"}:
        kinds = {"double"}
    if (lists and scalars and kinds != {"string"}) or len(kinds) > 1:
        raise StoreError(f"values of several types ({', '.join(sorted(kinds))}); neo4j-admin columns have one type")
    kind = kinds.pop() if kinds else "string"
    return kind + ("[]" if lists and not scalars else "")


def _cell(value: Any, delimiter: str) -> str:
    """One CSV field: text always quoted (so an empty string stays one), an absent value or an
    empty list as an empty unquoted field, numbers and booleans bare."""
    if value is None or value == []:
        return ""
    if isinstance(value, list):
        return _quote(delimiter.join(_text(v) for v in value))
    return _quote(value) if isinstance(value, str) else _text(value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else repr(value)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _array_delimiter(kg_rows: list[dict[str, Any]]) -> str:
    used = {ch for row in kg_rows for value in row["props"].values() if isinstance(value, list)
            for item in value if isinstance(item, str) for ch in ARRAY_DELIMITERS if ch in item}
    for delimiter in ARRAY_DELIMITERS:
        if delimiter not in used:
            return delimiter
    raise StoreError(f"list values contain every array delimiter nordgraph can use ({' '.join(ARRAY_DELIMITERS)})")


def _header_key(key: str) -> str:
    if not _HEADER_KEY.match(key):
        raise StoreError(f"property {key!r} cannot be a neo4j-admin column name (no : , ; quotes or brackets)")
    return key


def _write_table(path: Path, header: list[str], rows: list[list[str]]) -> None:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    atomic_write_text(path, "\n".join(lines) + "\n")


def _file_name(kind: str, name: str, used: set[str]) -> str:
    base = f"{kind}-{name}"
    candidate, n = base, 1
    while candidate.lower() in used:  # labels differing only in case on case-insensitive disks
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate.lower())
    return candidate + ".csv"


@exporter("neo4j-admin")
def write_neo4j_admin(kg: KnowledgeGraph, output: Path) -> None:
    """A folder of neo4j-admin import CSV files and a README.md with the import command."""
    nodes = node_groups(kg)
    edges = edge_groups(kg)
    all_rows = [row for rows in nodes.values() for row in rows] + [row for rows in edges.values() for row in rows]
    delimiter = _array_delimiter(all_rows)
    output.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    node_files: dict[str, list[dict[str, Any]]] = {}
    for labels, rows in nodes.items():
        node_files.setdefault(labels[0] if labels else "unlabelled", []).extend(
            {**row, "labels": labels} for row in rows)
    written_nodes, written_edges = [], []
    for name, rows in sorted(node_files.items()):
        keys = _columns(rows, skip=("id",))
        header = [f"id:ID({ID_SPACE})", ":LABEL"] + [f"{_header_key(k)}:{t}" for k, t in keys]
        table = [[_quote(row["id"]), _quote(delimiter.join(row["labels"]))] +
                 [_cell(row["props"].get(k), delimiter) for k, _ in keys] for row in rows]
        file_name = _file_name("nodes", name, used)
        _write_table(output / file_name, header, table)
        written_nodes.append(file_name)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for (rel_type, _, _), rows in edges.items():
        by_type.setdefault(rel_type, []).extend(rows)
    for rel_type, rows in sorted(by_type.items()):
        keys = _columns(rows, skip=("id",))
        header = [f":START_ID({ID_SPACE})", f":END_ID({ID_SPACE})", ":TYPE", "id:string"] + [
            f"{_header_key(k)}:{t}" for k, t in keys]
        table = [[_quote(row["source"]), _quote(row["target"]), _quote(rel_type), _quote(row["id"])] +
                 [_cell(row["props"].get(k), delimiter) for k, _ in keys] for row in rows]
        file_name = _file_name("relationships", rel_type, used)
        _write_table(output / file_name, header, table)
        written_edges.append(file_name)
    command = import_command(written_nodes, written_edges, delimiter)
    labels = sorted({labels[0] for labels in nodes if labels})
    atomic_write_text(output / "README.md", _readme(kg, command, delimiter, labels))


def _columns(rows: list[dict[str, Any]], skip: tuple[str, ...]) -> list[tuple[str, str]]:
    values: dict[str, list[Any]] = {}
    for row in rows:
        for key, value in row["props"].items():
            if key not in skip:
                values.setdefault(key, []).append(value)
    columns = []
    for key, column in values.items():
        try:
            columns.append((key, _column_type(column)))
        except StoreError as exc:
            raise StoreError(f"property {key!r}: {exc}") from None
    return columns


def import_command(node_files: list[str], relationship_files: list[str], delimiter: str,
                   database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command line for these files (run in the folder)."""
    parts = ["neo4j-admin database import full", "--overwrite-destination",
             "--multiline-fields=true", f"--array-delimiter='{delimiter}'", "--id-type=string"]
    parts += [f"--nodes={name}" for name in node_files]
    parts += [f"--relationships={name}" for name in relationship_files]
    parts.append(database)
    return " \\\n  ".join(parts)


def _readme(kg: KnowledgeGraph, command: str, delimiter: str, labels: list[str]) -> str:
    constraints = "\n".join(constraint_statement(label) + ";" for label in labels)
    return f"""# nordgraph graph for neo4j-admin import

{len(kg)} nodes and {kg.edge_count()} relationships. Stop the database (or use a new one), then run
in this folder:

```
{command}
```

Conventions: one id space `{ID_SPACE}` (each node's key, kept as its `id` property); `:LABEL`
and arrays such as `aliases:string[]` use the array delimiter `{delimiter}`; fields are quoted
with `"` (doubled inside) and may span lines (hence `--multiline-fields=true`); `evidence` is
JSON text; decimals are `double`. An empty array is an empty field, which neo4j-admin imports
as no property (queries use `coalesce(n.aliases, [])`).

Start the database and add the uniqueness constraints nordgraph's `push` would create:

```
{constraints}
```
"""
