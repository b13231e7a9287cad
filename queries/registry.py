"""Canned queries found by name: Cypher files in ``queries/canned/`` and registered analytics.

A canned query is data: a name, a description, typed parameters (with defaults and examples)
and either Cypher text (kind ``cypher``, the same text on every store) or a NetworkX function
(kind ``analytics``, run on the graph the store hands over). Adding a Cypher query is adding
one ``.cypher`` file whose header comment declares it::

    // name: partners-of
    // description: Projects an organisation takes part in, and its partners in each.
    // param: name: entity(Organisation) — the organisation's name, id or alias. Example: Medtek Norway
    // param: limit: integer = 20 — how many rows. Example: 10

A header line that starts with none of ``name:``, ``description:`` or ``param:`` continues the
line before it. A parameter without ``= default`` is required. Values given to a query are
coerced to the declared type, and every mistake names the parameter it is about.

A parameter of type ``entity`` (or ``entity(Label)``) names one entity: before the query runs,
the name is looked up with :func:`graph.lookup.resolve_entity` (id, name or alias), so an unknown
or ambiguous name is an error with suggestions, and the query receives the entity's ``id``.
An ``integer(1..6)`` takes only values in those bounds. A ``relations`` parameter is a list of
relation types, each checked against :data:`graph.model.RELATION_TYPES`.

Cypher takes no parameter for a relationship type or for the bounds of a variable-length
pattern, so ``{{name}}`` in the query text pastes a value in before the query runs: only a
``relations`` parameter (as ``LEADS|PARTNER_IN``) or a bounded integer, both checked first, so
no text a user typed reaches the query unchecked. Every other value travels as a ``$parameter``.

An ``// empty: ...`` header line is what to tell the reader when the query finds nothing, with
``{name}`` standing for a parameter's value: ``// empty: no path within {max_steps} steps``.

A ``// draw: COLUMN[, COLUMN]`` header line names the columns that return the answer as graph
values (nodes, relationships, paths) for ``viz --run`` and other pictures. Tables and CSV
leave them out (:meth:`CannedQuery.readable`), so the rows
an analyst reads stay names and counts; JSON keeps them.
"""
from __future__ import annotations

import importlib
import inspect
import json
import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nordgraph.graph.errors import NordgraphError, QueryError, UnknownNameError
from nordgraph.graph.lookup import resolve_entity
from nordgraph.graph.model import RELATION_TYPES
from nordgraph.graph.store import GraphStore, QueryResult
from nordgraph.graph.values import parse_evidence

CANNED_DIR = Path(__file__).with_name("canned")
TYPES = ("string", "integer", "float", "boolean", "list", "entity", "relations")
#: Modules whose import registers the built-in analytics.
BUILTIN_ANALYTICS = ("nordgraph.queries.analytics",)

_REQUIRED = object()
#: ``progress(done, total)`` for analytics that report how far a long run has come.
Progress = Callable[[int, int], None]
_HEADER_FIELD = re.compile(r"^//\s*(name|description|param|empty|draw):\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>\w+)(?:\((?P<arg>[^)]*)\))?\s*(?:=\s*(?P<default>.*?))?\s*(?:—|--)\s*(?P<rest>.*)$"
)
_LABEL = re.compile(r"^[A-Za-z_]\w*$")
_BOUNDS = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")
_PASTED = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*\}\}")
_EMPTY_FIELD = re.compile(r"\{([A-Za-z_]\w*)\}")
_EXAMPLE = re.compile(r"\s*Example:\s*(?P<example>.*)$")
_CYPHER_PARAM = re.compile(r"\$([A-Za-z_]\w*)")
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


class ParameterError(QueryError):
    """A canned query was given a missing, unknown or ill-typed parameter (named by ``parameter``).

    ``example`` holds example values of the query's required parameters, when the mistake
    is about which parameters were given, so that a caller can show a corrected call.
    """

    def __init__(self, message: str, parameter: str, example: dict[str, str] | None = None):
        super().__init__(message)
        self.parameter = parameter
        self.example = example


class CannedQueryFileError(QueryError):
    """A ``.cypher`` file in the canned folder has an incomplete or malformed header."""


@dataclass(frozen=True)
class Parameter:
    """One typed parameter of a canned query."""

    name: str
    type: str
    description: str
    example: str | None = None
    default: Any = _REQUIRED
    #: For ``entity`` parameters: the label the entity must have, if any.
    label: str | None = None
    #: For ``integer`` parameters: the smallest and the largest value allowed, if declared.
    bounds: tuple[int, int] | None = None

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    @property
    def pastable(self) -> bool:
        """Whether ``{{name}}`` may paste this parameter into query text: its values are checked
        to be relation types or integers within bounds."""
        return self.type == "relations" or self.bounds is not None

    def coerce(self, value: Any, owner: str) -> Any:
        """``value`` as this parameter's type; raises :class:`ParameterError` naming the parameter."""
        try:
            coerced = _COERCE[self.type](value)
        except (TypeError, ValueError):
            raise ParameterError(f"parameter {self.name!r} of {owner} expects {_EXPECTED[self.type]}, "
                                 f"got {value!r}", self.name) from None
        if self.bounds is not None and not self.bounds[0] <= coerced <= self.bounds[1]:
            raise ParameterError(f"parameter {self.name!r} of {owner} expects an integer from "
                                 f"{self.bounds[0]} to {self.bounds[1]}, got {value!r}", self.name)
        return coerced

    def resolve(self, store: GraphStore, value: Any, owner: str) -> Any:
        """``value`` ready to run: for an ``entity``, the id of the one entity it names."""
        if self.type != "entity":
            return value
        try:
            node = resolve_entity(store, value, self.label)
        except NordgraphError as exc:
            raise ParameterError(f"parameter {self.name!r} of {owner}: {exc}", self.name) from None
        return node.properties.get("id", node.key)

    @property
    def type_name(self) -> str:
        """The type as declared: ``integer``, ``integer(1..6)``, ``entity(Project)``."""
        if self.bounds is not None:
            return f"{self.type}({self.bounds[0]}..{self.bounds[1]})"
        return f"{self.type}({self.label})" if self.label else self.type

    def summary(self) -> str:
        """``limit: integer = 20`` or ``name: string`` for listings."""
        default = "" if self.required else f" = {json.dumps(self.default, ensure_ascii=False)}"
        return f"{self.name}: {self.type_name}{default}"

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "label": self.label,
                "bounds": list(self.bounds) if self.bounds else None, "required": self.required,
                "default": None if self.required else self.default,
                "example": self.example, "description": self.description}


@dataclass(frozen=True)
class CannedQuery:
    """A named query: Cypher text or an analytics function, with typed parameters."""

    name: str
    kind: str
    description: str
    parameters: tuple[Parameter, ...] = ()
    cypher: str | None = None
    function: Callable[..., QueryResult] | None = field(default=None, compare=False)
    source: str = ""
    #: What to tell the reader when the query finds nothing (``{name}`` stands for a value).
    empty: str | None = None
    #: The analytics function takes ``progress(done, total)`` to report on long runs.
    reports_progress: bool = False
    #: The columns holding the answer as nodes, relationships or paths (the ``draw:`` line).
    draw: tuple[str, ...] = ()

    def bind(self, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The parameters to run with: given values coerced, defaults filled in, nothing unknown."""
        given = dict(params or {})
        declared = {p.name for p in self.parameters}
        unknown = sorted(set(given) - declared)
        if unknown:
            raise ParameterError(f"{self.name!r} has no parameter {', '.join(map(repr, unknown))}; "
                                 f"{self.usage()}", unknown[0], self.example())
        missing = [p.name for p in self.parameters if p.required and p.name not in given]
        if missing:
            raise ParameterError(f"{self.name!r} needs parameter {', '.join(map(repr, missing))}; "
                                 f"{self.usage()}", missing[0], self.example())
        return {p.name: p.coerce(given[p.name], repr(self.name)) if p.name in given else p.default
                for p in self.parameters}

    def run(self, store: GraphStore, params: Mapping[str, Any] | None = None,
            progress: Progress | None = None) -> QueryResult:
        """Bind ``params`` and run on ``store``: Cypher through ``store.query``, analytics on ``store.graph()``.

        ``progress`` reaches the analytics that report it; a query that finds nothing says why
        in ``notes`` when its header has an ``empty:`` line.
        """
        bound = self.bind(params)
        ready = {p.name: p.resolve(store, bound[p.name], repr(self.name)) for p in self.parameters}
        if self.function is not None:
            extra = {"progress": progress} if self.reports_progress and progress is not None else {}
            return self.function(store.graph(), **ready, **extra)
        assert self.cypher is not None
        used = set(_CYPHER_PARAM.findall(self.cypher))
        result = decode_evidence(store.query(self.text(ready), {k: v for k, v in ready.items() if k in used}))
        missing = [column for column in self.draw if column not in result.columns]
        if missing:
            raise CannedQueryFileError(f"{self.source}: the draw: line names {', '.join(missing)}, "
                                       f"which the query does not return (it returns {', '.join(result.columns)})")
        if not result.rows and self.empty:
            result.notes.append(_EMPTY_FIELD.sub(lambda m: _shown(bound[m.group(1)]), self.empty))
        return result

    def readable(self, result: QueryResult) -> QueryResult:
        """``result`` without the :attr:`draw` columns: what a table or CSV shows."""
        keep = [i for i, column in enumerate(result.columns) if column not in self.draw]
        if len(keep) == len(result.columns):
            return result
        return replace(result, columns=[result.columns[i] for i in keep],
                       rows=[tuple(row[i] for i in keep) for row in result.rows])

    def drawable(self, result: QueryResult) -> QueryResult:
        """``result`` with only the :attr:`draw` columns: what a picture of the answer shows.

        Raises
        ------
        QueryError
            When the query declares none, naming the queries that do.
        """
        if not self.draw:
            drawn = ", ".join(q.name for q in canned_queries() if q.draw)
            raise QueryError(f"{self.name!r} answers with a table, not a graph; the canned queries that "
                             f"draw: {drawn}")
        keep = [result.columns.index(column) for column in self.draw]
        return replace(result, columns=list(self.draw), rows=[tuple(row[i] for i in keep) for row in result.rows])

    def text(self, values: Mapping[str, Any]) -> str:
        """The Cypher with each ``{{name}}`` replaced by its checked value (see the module docstring)."""
        assert self.cypher is not None
        return _PASTED.sub(lambda m: _pasted(values[m.group(1)]), self.cypher)

    def usage(self) -> str:
        """The parameters with their types and an example, for error messages."""
        if not self.parameters:
            return "it takes no parameters"
        listed = "; ".join(f"{p.summary()}{'' if p.required else ' (optional)'} — {p.description.rstrip('.')}"
                           for p in self.parameters)
        example = " ".join(shlex.quote(f"{name}={value}") for name, value in self.example().items())
        return f"parameters: {listed}" + (f"; example: {example}" if example else "")

    def example(self) -> dict[str, str]:
        """Example values of the required parameters: enough to run the query."""
        return {p.name: p.example for p in self.parameters if p.required and p.example is not None}

    def parameter_summary(self) -> str:
        return ", ".join(p.summary() for p in self.parameters)


def decode_evidence(result: QueryResult) -> QueryResult:
    """Evidence travels as JSON text on every store; decode columns named ``evidence`` to lists of maps."""
    at = [i for i, column in enumerate(result.columns) if column == "evidence"]
    if not at:
        return result
    rows = [tuple(parse_evidence(v) if i in at else v for i, v in enumerate(row)) for row in result.rows]
    return replace(result, rows=rows)


def _pasted(value: Any) -> str:
    """A checked value as Cypher text: relation types as ``A|B``, an integer as digits."""
    if isinstance(value, list):
        return "|".join(value)
    return str(int(value))


def _shown(value: Any) -> str:
    """A parameter's value in a sentence: a list as ``a, b``."""
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


# -- parameter types -------------------------------------------------------------------------
def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)  # the CLI parsed "1881" as a number: give back its text
    raise TypeError(value)


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(value)
    return float(value)


def _integer(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = _float(value)
    if not number.is_integer():
        raise ValueError(value)
    return int(number)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, (str, int)) else None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(value)


def _list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    raise TypeError(value)


def _relations(value: Any) -> list[str]:
    """Known relation types, upper-cased, each once: only these may be pasted into query text."""
    types = [item.strip().upper() if isinstance(item, str) else item for item in _list(value)]
    if not types or any(t not in RELATION_TYPES for t in types):
        raise ValueError(value)
    return list(dict.fromkeys(types))


_COERCE: dict[str, Callable[[Any], Any]] = {
    "string": _string, "integer": _integer, "float": _float, "boolean": _boolean, "list": _list,
    "entity": _string, "relations": _relations,
}
_EXPECTED = {"string": "a string", "integer": "an integer", "float": "a number", "boolean": "true or false",
             "list": "a list (JSON, or comma-separated text)", "entity": "an entity's name, id or alias",
             "relations": f"relation types among {', '.join(RELATION_TYPES)} (JSON, or comma-separated text)"}


# -- reading .cypher files -------------------------------------------------------------------
def parse_canned(text: str, source: str = "<text>") -> CannedQuery:
    """A canned query from the text of a ``.cypher`` file (header comment, then Cypher).

    Raises :class:`CannedQueryFileError` naming ``source`` and the line when the header lacks a
    name or description, a parameter line is malformed, the Cypher uses an undeclared
    ``$parameter`` (or declares one it never uses), or pastes ``{{name}}`` a parameter whose
    values are not checked for it.
    """
    fields: list[tuple[str, str, int]] = []
    lines = text.splitlines()
    body_start = len(lines)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped.startswith("//"):
            if stripped:
                body_start = number - 1
                break
            continue
        match = _HEADER_FIELD.match(stripped)
        if match:
            fields.append((match.group(1), match.group(2).strip(), number))
        elif fields and stripped.lstrip("/").strip():
            key, value, at = fields[-1]
            fields[-1] = (key, f"{value} {stripped.lstrip('/').strip()}", at)

    def fail(message: str, line: int | None = None) -> CannedQueryFileError:
        where = f"{source}:{line}" if line else source
        return CannedQueryFileError(f"{where}: {message}")

    names = [(v, n) for k, v, n in fields if k == "name"]
    descriptions = [(v, n) for k, v, n in fields if k == "description"]
    if len(names) != 1 or not names[0][0]:
        raise fail("the header needs exactly one '// name: ...' line")
    if len(descriptions) != 1 or not descriptions[0][0]:
        raise fail("the header needs exactly one '// description: ...' line")
    empties = [(v, n) for k, v, n in fields if k == "empty"]
    if len(empties) > 1 or empties and not empties[0][0]:
        raise fail("the header may have one '// empty: ...' line, with text", empties[-1][1])
    parameters = tuple(_parse_param(value, number, fail) for key, value, number in fields if key == "param")
    seen: set[str] = set()
    for p in parameters:
        if p.name in seen:
            raise fail(f"parameter {p.name!r} is declared twice")
        seen.add(p.name)
    cypher = "\n".join(lines[body_start:]).strip()
    if not cypher:
        raise fail("no Cypher after the header")
    pasted = set(_PASTED.findall(cypher))
    used = set(_CYPHER_PARAM.findall(cypher)) | pasted
    if used - seen:
        raise fail(f"the query uses undeclared parameter(s) {', '.join(sorted(used - seen))}")
    if seen - used:
        raise fail(f"declared parameter(s) {', '.join(sorted(seen - used))} are never used")
    unsafe = sorted(p.name for p in parameters if p.name in pasted and not p.pastable)
    if unsafe:
        raise fail(f"{{{{{unsafe[0]}}}}} pastes parameter {unsafe[0]!r} into the query text; only a "
                   "relations parameter or a bounded integer, such as integer(1..6), can be pasted")
    for empty, number in empties:
        unknown = sorted(set(_EMPTY_FIELD.findall(empty)) - seen)
        if unknown:
            raise fail(f"the empty: line names undeclared parameter(s) {', '.join(unknown)}", number)
    draws = [(v, n) for k, v, n in fields if k == "draw"]
    if len(draws) > 1:
        raise fail("the header may have one '// draw: ...' line", draws[-1][1])
    draw = tuple(c.strip() for c in draws[0][0].split(",") if c.strip()) if draws else ()
    if draws and not draw:
        raise fail("the draw: line names no column", draws[0][1])
    return CannedQuery(name=names[0][0], kind="cypher", description=descriptions[0][0],
                       parameters=parameters, cypher=cypher, source=source,
                       empty=empties[0][0] if empties else None, draw=draw)


def _parse_param(text: str, line: int, fail: Callable[[str, int], CannedQueryFileError]) -> Parameter:
    match = _PARAM.match(text)
    if not match:
        raise fail("expected '// param: NAME: TYPE [= DEFAULT] — DESCRIPTION Example: VALUE' "
                   "(TYPE may be entity(LABEL)), "
                   f"got {text!r}", line)
    name, type_, arg = match.group("name"), match.group("type"), match.group("arg")
    if type_ not in TYPES:
        raise fail(f"parameter {name!r} has unknown type {type_!r}; known: {', '.join(TYPES)}", line)
    label, bounds = None, None
    if arg is not None:
        found = _BOUNDS.match(arg)
        if type_ == "entity" and _LABEL.match(arg):
            label = arg
        elif type_ == "integer" and found and int(found.group(1)) <= int(found.group(2)):
            bounds = (int(found.group(1)), int(found.group(2)))
        else:
            raise fail(f"parameter {name!r}: {type_}({arg}) is not a type; an entity takes a label, "
                       "as in 'entity(Project)', an integer bounds, as in 'integer(1..6)'", line)
    rest = match.group("rest").strip()
    example_match = _EXAMPLE.search(rest)
    example = example_match.group("example").strip() if example_match else None
    description = rest[: example_match.start()].strip() if example_match else rest
    if not description or not example:
        raise fail(f"parameter {name!r} needs a description and an 'Example: ...'", line)
    parameter = Parameter(name, type_, description, example, label=label, bounds=bounds)
    try:
        parameter.coerce(example, "its example")
        if match.group("default") is not None:
            default = parameter.coerce(_json_or_text(match.group("default")), "its default")
            parameter = Parameter(name, type_, description, example, default, label, bounds)
    except ParameterError as exc:
        raise fail(str(exc), line) from None
    return parameter


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def load_canned_dir(folder: Path = CANNED_DIR) -> dict[str, CannedQuery]:
    """Every ``.cypher`` file in ``folder`` by name; a file's name must be its query's name."""
    found: dict[str, CannedQuery] = {}
    for path in sorted(folder.glob("*.cypher")):
        query = parse_canned(path.read_text(encoding="utf-8"), source=str(path))
        if query.name != path.stem:
            raise CannedQueryFileError(f"{path}: declares name {query.name!r}; name the file {query.name}.cypher")
        found[query.name] = query
    return found


# -- analytics ---------------------------------------------------------------------------------
_ANALYTICS: dict[str, CannedQuery] = {}


def register_analytics(name: str, description: str, parameters: Sequence[Parameter] = ()
                       ) -> Callable[[Callable[..., QueryResult]], Callable[..., QueryResult]]:
    """Register ``function(kg, **params) -> QueryResult`` as the analytics query ``name``."""

    def decorate(function: Callable[..., QueryResult]) -> Callable[..., QueryResult]:
        if name in _ANALYTICS:
            raise QueryError(f"analytics {name!r} is registered twice")
        _ANALYTICS[name] = CannedQuery(name=name, kind="analytics", description=description,
                                       parameters=tuple(parameters), function=function,
                                       source=f"{function.__module__}.{function.__qualname__}",
                                       reports_progress="progress" in inspect.signature(function).parameters)
        return function

    return decorate


# -- lookup ------------------------------------------------------------------------------------
def canned_queries() -> list[CannedQuery]:
    """Every canned query, Cypher and analytics, sorted by name."""
    for module in BUILTIN_ANALYTICS:
        importlib.import_module(module)
    everything = load_canned_dir()
    for name, query in _ANALYTICS.items():
        if name in everything:
            raise QueryError(f"{name!r} is both a canned Cypher file and an analytics function")
        everything[name] = query
    return [everything[name] for name in sorted(everything)]


def get_canned(name: str) -> CannedQuery:
    """The canned query called ``name``; :class:`UnknownNameError` lists the known names."""
    queries = {q.name: q for q in canned_queries()}
    if name not in queries:
        raise UnknownNameError("canned query", name, list(queries))
    return queries[name]


def run_canned(store: GraphStore, name: str, params: Mapping[str, Any] | None = None,
               progress: Progress | None = None) -> QueryResult:
    """Run the canned query ``name`` on ``store`` with ``params`` (coerced to their declared types);
    ``progress(done, total)`` hears from analytics that take long.

    Examples
    --------
    >>> from graph.store import EmbeddedStore
    >>> run_canned(EmbeddedStore("nordgraph.json"), "top-leads", {"limit": 5})  # doctest: +SKIP
    """
    return get_canned(name).run(store, params, progress)


__all__ = [
    "CannedQuery", "CannedQueryFileError", "Parameter", "ParameterError", "canned_queries", "decode_evidence", "get_canned", "load_canned_dir",
    "parse_canned", "register_analytics", "run_canned",
]
