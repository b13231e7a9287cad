"""Run the openCypher TCK scenarios against nordgraph's embedded Cypher engine.

Usage::

    python bench/tck.py FEATURES_DIR [--json] [--verbose] [--only PATTERN] [--timeout S]

Prints, for each folder of feature files (``clauses/match`` ...), how many scenarios passed,
failed, crashed the engine (errors) or were skipped, then a closing line ``N passed, M failed``
(failed includes errors). Exit status 0 whatever the pass rate: this is a measurement; 2 when
the runner itself cannot run (no feature files, engine not importable).

Gherkin is parsed by hand here: the TCK uses a small fixed subset (Feature, Background,
Scenario, Scenario Outline + Examples, tags, steps with doc strings and tables), and a
100-line reader keeps the bench free of a dependency whose AST we would have to walk anyway.

Each scenario runs on a fresh :class:`graph.model.KnowledgeGraph` under a SIGALRM timeout; any
exception the engine raises other than a :class:`graph.errors.QueryError` counts as an error of
that scenario, never stops the run.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nordgraph.graph.limits import Expired, alarm

SIDE_EFFECT_KEYS = ("+nodes", "-nodes", "+relationships", "-relationships",
                    "+labels", "-labels", "+properties", "-properties")


# -- Gherkin ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One step: its text without the keyword, and its doc string or data table if any."""

    text: str
    line: int
    docstring: str | None = None
    table: tuple[tuple[str, ...], ...] | None = None


@dataclass(frozen=True)
class Scenario:
    """A runnable scenario (an outline is expanded into one per Examples row)."""

    feature: str  # path of the feature file relative to the features root
    name: str
    steps: tuple[Step, ...]
    tags: frozenset[str] = frozenset()

    @property
    def folder(self) -> str:
        return str(Path(self.feature).parent.as_posix())

    @property
    def title(self) -> str:
        return f"{self.feature}: {self.name}"


class GherkinError(ValueError):
    """A feature file this reader cannot make sense of (names file and line)."""


@dataclass
class _Block:
    name: str
    tags: frozenset[str]
    outline: bool = False
    steps: list[Step] = field(default_factory=list)
    examples: list[list[tuple[str, ...]]] = field(default_factory=list)


_STEP_RE = re.compile(r"^(Given|When|Then|And|But|\*)\s+(.*)$")
_DOC_DELIMS = ('"""', "```")


def split_row(line: str) -> tuple[str, ...]:
    r"""Cells of a Gherkin table row ``| a | b |``, undoing the ``\|``, ``\\``, ``\n`` escapes."""
    body = line.strip()
    if body == "|":  # the TCK writes an empty procedure signature table as a lone bar
        return ()
    if not (body.startswith("|") and body.endswith("|")) or len(body) < 2:
        raise GherkinError(f"not a table row: {line!r}")
    cells, cell, i = [], [], 1
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] in "|\\n":
            nxt = body[i + 1]
            cell.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cell).strip())
            cell = []
        else:
            cell.append(ch)
        i += 1
    return tuple(cells)


def parse_feature(text: str, feature: str) -> list[Scenario]:
    """Scenarios of one feature file, Background prepended and outlines expanded."""
    lines = text.splitlines()
    feature_tags: frozenset[str] = frozenset()
    pending: set[str] = set()
    background: _Block | None = None
    blocks: list[_Block] = []
    current: _Block | None = None
    in_examples = False
    i = 0
    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        i += 1
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            pending.update(t for t in line.split() if t.startswith("@"))
            continue
        if line.startswith("Feature:"):
            feature_tags, pending = frozenset(pending), set()
            continue
        if line.startswith("Background:"):
            current = background = _Block("Background", frozenset())
            in_examples = False
            continue
        head, _, rest = line.partition(":")
        if head in ("Scenario", "Example", "Scenario Outline", "Scenario Template"):
            current = _Block(rest.strip(), feature_tags | pending, outline="Outline" in head
                             or "Template" in head)
            blocks.append(current)
            pending, in_examples = set(), False
            continue
        if head in ("Examples", "Scenarios"):
            if current is None or not current.outline:
                raise GherkinError(f"{feature}:{i}: Examples outside a Scenario Outline")
            current.examples.append([])
            pending, in_examples = set(), True
            continue
        step = _STEP_RE.match(line)
        if step:
            if current is None:
                raise GherkinError(f"{feature}:{i}: step outside a scenario")
            current.steps.append(Step(step.group(2).strip(), i))
            in_examples = False
            continue
        if line.startswith(_DOC_DELIMS):
            if current is None or not current.steps:
                raise GherkinError(f"{feature}:{i}: doc string without a step")
            delim, indent = line[:3], len(raw) - len(raw.lstrip())
            body: list[str] = []
            while i < len(lines) and lines[i].strip() != delim:
                body.append(lines[i][indent:] if lines[i][:indent].isspace() else lines[i].lstrip())
                i += 1
            if i >= len(lines):
                raise GherkinError(f"{feature}:{i}: unterminated doc string")
            i += 1
            current.steps[-1] = replace(current.steps[-1], docstring="\n".join(body))
            continue
        if line.startswith("|"):
            row = split_row(line)
            if in_examples and current is not None:
                current.examples[-1].append(row)
            elif current is not None and current.steps:
                last = current.steps[-1]
                current.steps[-1] = replace(last, table=(last.table or ()) + (row,))
            else:
                raise GherkinError(f"{feature}:{i}: table row outside a step or Examples")
            continue
        # Anything else is free description text under Feature/Scenario, which Gherkin allows.
    prefix = tuple(background.steps) if background else ()
    scenarios: list[Scenario] = []
    for block in blocks:
        if not block.outline:
            scenarios.append(Scenario(feature, block.name, prefix + tuple(block.steps), block.tags))
            continue
        scenarios.extend(expand_outline(feature, block.name, prefix + tuple(block.steps),
                                        block.examples, block.tags))
    return scenarios


def expand_outline(feature: str, name: str, steps: tuple[Step, ...],
                   examples: list[list[tuple[str, ...]]], tags: frozenset[str]) -> list[Scenario]:
    """One scenario per Examples data row, ``<column>`` replaced in texts, doc strings, tables."""
    out: list[Scenario] = []
    number = 0
    for table in examples:
        if not table:
            continue
        header, rows = table[0], table[1:]
        for row in rows:
            number += 1
            values = dict(zip(header, row))

            def fill(text: str) -> str:
                return re.sub(r"<([^<>\s]+)>",
                              lambda m: values.get(m.group(1), m.group(0)), text)

            filled = tuple(
                Step(fill(s.text), s.line,
                     fill(s.docstring) if s.docstring is not None else None,
                     tuple(tuple(fill(c) for c in r) for r in s.table) if s.table else None)
                for s in steps)
            out.append(Scenario(feature, f"{fill(name)} #{number}", filled, tags))
    return out


# -- TCK values ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TckNode:
    labels: frozenset[str]
    properties: dict[str, Any] = field(hash=False)


@dataclass(frozen=True)
class TckRel:
    type: str
    properties: dict[str, Any] = field(hash=False)


@dataclass(frozen=True)
class TckPath:
    """Nodes and ``(relationship, forward)`` hops; forward means ``-[...]->``."""

    nodes: tuple[TckNode, ...]
    hops: tuple[tuple[TckRel, bool], ...]


class TckValueError(ValueError):
    """An expected value in a feature file that this parser cannot read."""


_NUMBER_RE = re.compile(r"-?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)")
_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f",
            "'": "'", '"': '"', "\\": "\\"}


class _ValueParser:
    """Recursive descent over the TCK's expected-value notation."""

    def __init__(self, text: str):
        self.text, self.pos = text, 0

    def error(self, what: str) -> TckValueError:
        return TckValueError(f"{what} at {self.pos} in {self.text!r}")

    def ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self, token: str) -> bool:
        self.ws()
        return self.text.startswith(token, self.pos)

    def eat(self, token: str) -> None:
        if not self.peek(token):
            raise self.error(f"expected {token!r}")
        self.pos += len(token)

    def whole(self) -> Any:
        value = self.value()
        self.ws()
        if self.pos != len(self.text):
            raise self.error("unexpected text")
        return value

    def value(self) -> Any:
        self.ws()
        rest = self.text[self.pos:]
        for word, val in (("null", None), ("true", True), ("false", False),
                          ("NaN", math.nan), ("Inf", math.inf), ("-Inf", -math.inf)):
            if rest.startswith(word) and not rest[len(word):len(word) + 1].isalnum():
                self.pos += len(word)
                return val
        if rest.startswith("'") or rest.startswith('"'):
            return self.string()
        if rest.startswith("[:"):
            return self.relationship()
        if rest.startswith("["):
            return self.sequence("[", "]", self.value)
        if rest.startswith("{"):
            return self.map()
        if rest.startswith("("):
            return self.node()
        if rest.startswith("<"):
            return self.path()
        match = _NUMBER_RE.match(self.text, self.pos)
        if match:
            self.pos = match.end()
            token = match.group(0)
            return int(token) if re.fullmatch(r"-?\d+", token) else float(token)
        raise self.error("unknown value")

    def sequence(self, open_: str, close: str, item: Callable[[], Any]) -> list[Any]:
        self.eat(open_)
        items: list[Any] = []
        if self.peek(close):
            self.pos += len(close)
            return items
        while True:
            items.append(item())
            if self.peek(","):
                self.pos += 1
                continue
            self.eat(close)
            return items

    def string(self) -> str:
        quote = self.text[self.pos]
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == quote:
                self.pos += 1
                return "".join(out)
            if ch == "\\":
                nxt = self.text[self.pos + 1:self.pos + 2]
                if nxt in _ESCAPES:
                    out.append(_ESCAPES[nxt])
                    self.pos += 2
                    continue
                if nxt in ("u", "U"):
                    width = 4 if nxt == "u" else 8
                    out.append(chr(int(self.text[self.pos + 2:self.pos + 2 + width], 16)))
                    self.pos += 2 + width
                    continue
                raise self.error("unknown escape")
            out.append(ch)
            self.pos += 1
        raise self.error("unterminated string")

    def name(self) -> str:
        self.ws()
        if self.text.startswith("`", self.pos):
            end = self.text.index("`", self.pos + 1)
            name = self.text[self.pos + 1:end]
            self.pos = end + 1
            return name
        match = _IDENT_RE.match(self.text, self.pos)
        if not match:
            raise self.error("expected a name")
        self.pos = match.end()
        return match.group(0)

    def entry(self) -> tuple[str, Any]:
        key = self.name()
        self.eat(":")
        return key, self.value()

    def map(self) -> dict[str, Any]:
        return dict(self.sequence("{", "}", self.entry))

    def properties(self) -> dict[str, Any]:
        return self.map() if self.peek("{") else {}

    def node(self) -> TckNode:
        self.eat("(")
        labels = []
        while self.peek(":"):
            self.pos += 1
            labels.append(self.name())
        props = self.properties()
        self.eat(")")
        return TckNode(frozenset(labels), props)

    def relationship(self) -> TckRel:
        self.eat("[")
        self.eat(":")
        rel_type = self.name()
        props = self.properties()
        self.eat("]")
        return TckRel(rel_type, props)

    def path(self) -> TckPath:
        self.eat("<")
        nodes, hops = [self.node()], []
        while not self.peek(">"):
            backward = self.peek("<-")
            self.eat("<-" if backward else "-")
            rel = self.relationship()
            self.eat("-" if backward else "->")
            hops.append((rel, not backward))
            nodes.append(self.node())
        self.eat(">")
        return TckPath(tuple(nodes), tuple(hops))


def parse_value(text: str) -> Any:
    """Read one TCK value: ``(:A {k: 1})``, ``[:T]``, ``<(:A)-[:T]->()>``, lists, maps, scalars."""
    return _ValueParser(text).whole()


# -- comparing -------------------------------------------------------------------------------
def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def values_equal(expected: Any, actual: Any, unordered_lists: bool = False) -> bool:
    """TCK equality: ``1`` is not ``1.0``, ``NaN`` equals ``NaN``, nodes by labels + properties."""
    from nordgraph.graph.values import NodeValue, PathValue, RelationshipValue

    if expected is None or isinstance(expected, bool):
        return actual is expected
    if _is_int(expected):
        return _is_int(actual) and actual == expected
    if isinstance(expected, float):
        if not isinstance(actual, float):
            return False
        return (math.isnan(expected) and math.isnan(actual)) or actual == expected
    if isinstance(expected, str):
        return isinstance(actual, str) and actual == expected
    if isinstance(expected, list):
        if not isinstance(actual, (list, tuple)) or len(actual) != len(expected):
            return False
        if unordered_lists:
            return _multiset_equal(expected, list(actual),
                                   lambda e, a: values_equal(e, a, unordered_lists))
        return all(values_equal(e, a, unordered_lists) for e, a in zip(expected, actual))
    if isinstance(expected, dict):
        return (isinstance(actual, dict) and set(actual) == set(expected)
                and all(values_equal(v, actual[k], unordered_lists) for k, v in expected.items()))
    if isinstance(expected, TckNode):
        return (isinstance(actual, NodeValue) and frozenset(actual.labels) == expected.labels
                and values_equal(expected.properties, dict(actual.properties)))
    if isinstance(expected, TckRel):
        return (isinstance(actual, RelationshipValue) and actual.type == expected.type
                and values_equal(expected.properties, dict(actual.properties)))
    if isinstance(expected, TckPath):
        if not isinstance(actual, PathValue) or len(actual.nodes) != len(expected.nodes) \
                or len(actual.relationships) != len(expected.hops):
            return False
        if not all(values_equal(e, a) for e, a in zip(expected.nodes, actual.nodes)):
            return False
        for i, ((rel, forward), got) in enumerate(zip(expected.hops, actual.relationships)):
            if not values_equal(rel, got):
                return False
            start, end = actual.nodes[i].key, actual.nodes[i + 1].key
            if (got.start, got.end) != ((start, end) if forward else (end, start)):
                return False
        return True
    raise TypeError(f"cannot compare expected value {expected!r}")


def _multiset_equal(expected: Sequence[Any], actual: Sequence[Any],
                    same: Callable[[Any, Any], bool]) -> bool:
    """Whether the two sequences hold the same items, in any order (matching each once)."""
    if len(expected) != len(actual):
        return False
    unused = list(range(len(actual)))
    for item in expected:
        for pos, idx in enumerate(unused):
            if same(item, actual[idx]):
                del unused[pos]
                break
        else:
            return False
    return True


def rows_equal(expected: list[tuple[Any, ...]], actual: list[tuple[Any, ...]], *,
               ordered: bool, unordered_lists: bool) -> bool:
    """Compare result tables row by row (in order) or as multisets of rows."""

    def same_row(e: tuple[Any, ...], a: tuple[Any, ...]) -> bool:
        return len(e) == len(a) and all(values_equal(x, y, unordered_lists) for x, y in zip(e, a))

    if ordered:
        return len(expected) == len(actual) and all(map(same_row, expected, actual))
    return _multiset_equal(expected, actual, same_row)


def format_value(value: Any) -> str:
    """Render an engine or TCK value in TCK notation (for failure reports)."""
    from nordgraph.graph.values import NodeValue, PathValue, RelationshipValue

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Inf" if value > 0 else "-Inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_format_key(k)}: {format_value(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, (TckNode, NodeValue)):
        labels = "".join(f":{lab}" for lab in sorted(value.labels))
        props = format_value(dict(value.properties)) if value.properties else ""
        return f"({labels}{' ' if labels and props else ''}{props})"
    if isinstance(value, (TckRel, RelationshipValue)):
        props = f" {format_value(dict(value.properties))}" if value.properties else ""
        return f"[:{value.type}{props}]"
    if isinstance(value, TckPath):
        parts = [format_value(value.nodes[0])]
        for (rel, forward), node in zip(value.hops, value.nodes[1:]):
            parts.append(f"-{format_value(rel)}->" if forward else f"<-{format_value(rel)}-")
            parts.append(format_value(node))
        return "<" + "".join(parts) + ">"
    if isinstance(value, PathValue):
        parts = [format_value(value.nodes[0])] if value.nodes else []
        for i, rel in enumerate(value.relationships):
            forward = rel.start == value.nodes[i].key
            parts.append(f"-{format_value(rel)}->" if forward else f"<-{format_value(rel)}-")
            parts.append(format_value(value.nodes[i + 1]))
        return "<" + "".join(parts) + ">"
    return f"{type(value).__name__}({value!r})"


def _format_key(key: Any) -> str:
    text = str(key)
    return text if _IDENT_RE.fullmatch(text) else "`" + text.replace("`", "``") + "`"


# -- running ---------------------------------------------------------------------------------
class Skip(Exception):
    """The runner cannot run this scenario (unsupported step, missing named graph)."""


class Fail(Exception):
    """The engine gave a wrong answer."""


class Crash(Exception):
    """The engine raised something other than a QueryError, or ran out of time."""


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    status: str  # passed | failed | error | skipped
    reason: str = ""


_ERROR_RE = re.compile(r"^an? (\w+) should be raised at (compile time|runtime|any time): ?(.*)$")
_NAMED_GRAPH_RE = re.compile(r"^the ([\w-]+) graph$")
_RESULT_STEPS = {
    "the result should be, in any order:": (False, False),
    "the result should be, in order:": (True, False),
    "the result should be (ignoring element order for lists):": (False, True),
    "the result should be, in order (ignoring element order for lists):": (True, True),
}
_PLAIN_STEPS = ("an empty graph", "any graph", "having executed:", "parameters are:",
                "executing query:", "executing control query:", "the result should be empty",
                "the side effects should be:", "no side effects")


def unsupported_step(step: Step) -> bool:
    return not (step.text in _PLAIN_STEPS or step.text in _RESULT_STEPS
                or _ERROR_RE.match(step.text) or _NAMED_GRAPH_RE.match(step.text))


class ScenarioRun:
    """The state of one scenario while its steps run: graph, parameters, last outcome."""

    def __init__(self, graphs_dir: Path | None):
        from nordgraph.graph.model import KnowledgeGraph

        self.graphs_dir = graphs_dir
        self.kg = KnowledgeGraph()
        self.params: dict[str, Any] = {}
        self.result: Any = None
        self.error: BaseException | None = None

    def execute(self, text: str, params: dict[str, Any]) -> Any:
        """Parse and run one query; QueryErrors propagate, anything else is a Crash."""
        from nordgraph.graph import cypher
        from nordgraph.graph.errors import QueryError

        try:
            return cypher.execute(cypher.parse(text), self.kg, params)
        except QueryError:
            raise
        except Exception as exc:  # an engine bug: this scenario's error, not the run's
            where = traceback.extract_tb(exc.__traceback__)[-1]
            raise Crash(f"{type(exc).__name__}: {exc} "
                        f"({Path(where.filename).name}:{where.lineno})") from exc

    def step(self, step: Step) -> None:
        from nordgraph.graph.errors import QueryError
        from nordgraph.graph.model import KnowledgeGraph

        text = step.text
        if text in ("an empty graph", "any graph"):
            self.kg = KnowledgeGraph()
        elif match := _NAMED_GRAPH_RE.match(text):
            self.load_named(match.group(1))
        elif text == "having executed:":
            try:
                self.execute(step.docstring or "", {})
            except QueryError as exc:
                raise Fail(f"setup query failed: {_describe(exc)}") from exc
        elif text == "parameters are:":
            self.params = {row[0]: parse_value(row[1]) for row in step.table or ()}
        elif text in ("executing query:", "executing control query:"):
            self.result, self.error = None, None
            try:
                self.result = self.execute(step.docstring or "", self.params)
            except QueryError as exc:
                self.error = exc
        elif text in _RESULT_STEPS:
            self.check_rows(step, *_RESULT_STEPS[text])
        elif text == "the result should be empty":
            if self.require_result().rows:
                raise Fail(f"expected no rows, got {len(self.result.rows)}: "
                           + _format_rows(self.result.rows))
        elif text in ("the side effects should be:", "no side effects"):
            expected = {row[0]: int(row[1]) for row in step.table or ()}
            self.check_side_effects(expected)
        elif match := _ERROR_RE.match(text):
            self.check_error(match.group(1))
        else:  # unsupported_step() screens these out before the scenario starts
            raise Skip(f"unsupported step: {text}")

    def load_named(self, name: str) -> None:
        script = self.graphs_dir / name / f"{name}.cypher" if self.graphs_dir else None
        if script is None or not script.exists():
            raise Skip(f"named graph {name!r} not found")
        from nordgraph.graph.errors import QueryError

        try:
            self.execute(script.read_text(encoding="utf-8"), {})
        except QueryError as exc:
            raise Fail(f"loading graph {name!r} failed: {_describe(exc)}") from exc

    def require_result(self) -> Any:
        if self.error is not None:
            raise Fail(f"expected a result, got {_describe(self.error)}")
        if self.result is None:
            raise Fail("no query was executed before the result check")
        return self.result

    def check_rows(self, step: Step, ordered: bool, unordered_lists: bool) -> None:
        result = self.require_result()
        table = step.table or ((),)
        header = list(table[0])
        expected = [tuple(parse_value(cell) for cell in row) for row in table[1:]]
        if list(result.columns) != header:
            raise Fail(f"columns {list(result.columns)} != expected {header}")
        rows = [tuple(row) for row in result.rows]
        if not rows_equal(expected, rows, ordered=ordered, unordered_lists=unordered_lists):
            raise Fail(f"rows differ{' (order matters)' if ordered else ''}:\n"
                       f"      expected {_format_rows(expected)}\n"
                       f"      got      {_format_rows(rows)}")

    def check_side_effects(self, expected: dict[str, int]) -> None:
        result = self.require_result()
        unknown = set(expected) - set(SIDE_EFFECT_KEYS)
        if unknown:
            raise Skip(f"unknown side-effect keys {sorted(unknown)}")
        stats = result.stats or {}
        want = {k: expected.get(k, 0) for k in SIDE_EFFECT_KEYS}
        got = {k: int(stats.get(k, 0)) for k in SIDE_EFFECT_KEYS}
        if want != got:
            diff = {k: f"{got[k]} (expected {want[k]})" for k in SIDE_EFFECT_KEYS
                    if want[k] != got[k]}
            raise Fail(f"side effects differ: {diff}")

    def check_error(self, tck_type: str) -> None:
        if self.error is None:
            got = "no query was executed" if self.result is None else \
                f"a result with {len(self.result.rows)} row(s)"
            raise Fail(f"expected a {tck_type}, got {got}")
        got_type = getattr(self.error, "tck_type", None)
        if got_type != tck_type:
            raise Fail(f"expected a {tck_type}, got {_describe(self.error)}")


def _describe(exc: BaseException) -> str:
    tck_type = getattr(exc, "tck_type", None)
    return f"{type(exc).__name__}[{tck_type}]: {exc}"


def _format_rows(rows: Sequence[tuple[Any, ...]], limit: int = 8) -> str:
    shown = ["| " + " | ".join(format_value(v) for v in row) + " |" for row in rows[:limit]]
    more = f" ... (+{len(rows) - limit} more)" if len(rows) > limit else ""
    return " ".join(shown) + more if shown else "(no rows)"


def run_scenario(scenario: Scenario, graphs_dir: Path | None, timeout: float) -> Outcome:
    """Run one scenario; never raises (every engine failure becomes this scenario's outcome)."""
    if "@ignore" in scenario.tags:
        return Outcome(scenario, "skipped", "tagged @ignore in the TCK")
    for step in scenario.steps:
        if unsupported_step(step):
            return Outcome(scenario, "skipped", f"unsupported step: {step.text}")
    run = ScenarioRun(graphs_dir)
    try:
        with alarm(timeout):  # the library's timer: SIGALRM in the main thread
            for step in scenario.steps:
                run.step(step)
    except Skip as exc:
        return Outcome(scenario, "skipped", str(exc))
    except Fail as exc:
        return Outcome(scenario, "failed", str(exc))
    except Crash as exc:
        return Outcome(scenario, "error", str(exc))
    except Expired:
        return Outcome(scenario, "error", f"timed out after {timeout:g} s")
    except RecursionError as exc:
        return Outcome(scenario, "error", f"RecursionError: {exc}")
    except Exception as exc:  # the comparator met a value it cannot read: a failure, not a stop
        return Outcome(scenario, "failed", f"{type(exc).__name__}: {exc}")
    return Outcome(scenario, "passed")


def features_root(path: Path) -> Path:
    """The ``features`` folder above ``path`` (folders are named relative to it)."""
    for candidate in [path, *path.parents]:
        if candidate.name == "features":
            return candidate
    return path if path.is_dir() else path.parent


def load_scenarios(path: Path) -> tuple[Path, list[Scenario]]:
    """All scenarios in one feature file or below one folder, in a stable order."""
    root = features_root(path)
    files = [path] if path.is_file() else sorted(path.rglob("*.feature"))
    scenarios: list[Scenario] = []
    for file in files:
        rel = file.relative_to(root).as_posix()
        scenarios.extend(parse_feature(file.read_text(encoding="utf-8"), rel))
    return root, scenarios


def run_all(scenarios: Sequence[Scenario], graphs_dir: Path | None,
            timeout: float) -> Iterator[Outcome]:
    for scenario in scenarios:
        yield run_scenario(scenario, graphs_dir, timeout)


def summarise(outcomes: Sequence[Outcome]) -> dict[str, dict[str, int]]:
    """Counts per folder: passed, failed (wrong answers and crashes), errors (crashes), skipped."""
    folders: dict[str, dict[str, int]] = {}
    for outcome in outcomes:
        counts = folders.setdefault(outcome.scenario.folder,
                                    {"passed": 0, "failed": 0, "errors": 0, "skipped": 0})
        if outcome.status == "passed":
            counts["passed"] += 1
        elif outcome.status == "skipped":
            counts["skipped"] += 1
        else:
            counts["failed"] += 1
            counts["errors"] += outcome.status == "error"
    return dict(sorted(folders.items()))


def common_reasons(outcomes: Sequence[Outcome], most: int = 20) -> list[tuple[str, int]]:
    """The most frequent reasons (first line, quoted values elided) among ``outcomes``.

    Tells the engine's author which missing feature or bug costs the most scenarios.
    """
    counts: Counter[str] = Counter()
    for outcome in outcomes:
        first = outcome.reason.splitlines()[0] if outcome.reason else outcome.status
        counts[re.sub(r"'[^']*'", "'…'", first)[:120]] += 1
    return counts.most_common(most)


def render_table(folders: dict[str, dict[str, int]]) -> str:
    width = max([len("folder")] + [len(f) for f in folders])
    lines = [f"{'folder':<{width}}  passed  failed  errors  skipped"]
    for name, c in folders.items():
        lines.append(f"{name:<{width}}  {c['passed']:>6}  {c['failed']:>6}  {c['errors']:>6}"
                     f"  {c['skipped']:>7}")
    total = {k: sum(c[k] for c in folders.values()) for k in ("passed", "failed", "errors",
                                                              "skipped")}
    lines.append(f"{'total':<{width}}  {total['passed']:>6}  {total['failed']:>6}"
                 f"  {total['errors']:>6}  {total['skipped']:>7}")
    lines.append(f"{total['passed']} passed, {total['failed']} failed")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("features", type=Path, help="TCK features folder, a subfolder or one file")
    parser.add_argument("--json", action="store_true", help="print counts as JSON")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list failing and skipped scenarios with the reason")
    parser.add_argument("--only", metavar="PATTERN",
                        help="run only scenarios whose 'folder/File.feature: name' matches this regex")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds per scenario before it counts as an error (0: none)")
    parser.add_argument("--graphs", type=Path,
                        help="named-graph folder (default: 'graphs' beside the features folder)")
    args = parser.parse_args(argv)
    if not args.features.exists():
        print(f"Error: {args.features} does not exist", file=sys.stderr)
        return 2
    try:
        from nordgraph.graph import cypher
    except ImportError as exc:
        print(f"Error: the Cypher engine is not importable: {exc}", file=sys.stderr)
        return 2
    missing = [name for name in ("parse", "execute") if not hasattr(cypher, name)]
    if missing:
        print(f"Error: graph.cypher has no {' or '.join(missing)} yet", file=sys.stderr)
        return 2
    try:
        root, scenarios = load_scenarios(args.features)
    except (GherkinError, ValueError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    if args.only:
        pattern = re.compile(args.only)
        scenarios = [s for s in scenarios if pattern.search(s.title)]
    if not scenarios:
        print(f"Error: no scenarios found under {args.features}", file=sys.stderr)
        return 2
    graphs_dir = args.graphs or root.parent / "graphs"
    outcomes = list(run_all(scenarios, graphs_dir if graphs_dir.is_dir() else None, args.timeout))
    folders = summarise(outcomes)
    not_passed = [o for o in outcomes if o.status != "passed"]
    if args.json:
        report: dict[str, Any] = {"folders": folders}
        if args.verbose:
            report["scenarios"] = [{"scenario": o.scenario.title, "status": o.status,
                                    "reason": o.reason} for o in not_passed]
        print(json.dumps(report, indent=2))
        return 0
    if args.verbose:
        for o in not_passed:
            print(f"{o.status.upper()}: {o.scenario.title}\n    {o.reason}")
        if not_passed:
            print("\nmost common reasons:")
            for reason, count in common_reasons(not_passed):
                print(f"{count:>6}  {reason}")
        print()
    print(render_table(folders))
    return 0


if __name__ == "__main__":
    sys.exit(main())
