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
"""
from __future__ import annotations

import importlib
import json
import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nordgraph.graph.errors import NordgraphError, QueryError, UnknownNameError
from nordgraph.graph.lookup import resolve_entity
from nordgraph.graph.store import GraphStore, QueryResult
from nordgraph.graph.values import parse_evidence

CANNED_DIR = Path(__file__).with_name("canned")
TYPES = ("string", "integer", "float", "boolean", "list", "entity")
#: Modules whose import registers the built-in analytics.
BUILTIN_ANALYTICS = ("nordgraph.queries.analytics",)

_REQUIRED = object()
_HEADER_FIELD = re.compile(r"^//\s*(name|description|param):\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>\w+)(?:\((?P<label>[A-Za-z_]\w*)\))?\s*(?:=\s*(?P<default>.*?))?\s*(?:—|--)\s*(?P<rest>.*)$"
)
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

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def coerce(self, value: Any, owner: str) -> Any:
        """``value`` as this parameter's type; raises :class:`ParameterError` naming the parameter."""
        try:
            return _COERCE[self.type](value)
        except (TypeError, ValueError):
            raise ParameterError(f"parameter {self.name!r} of {owner} expects {_EXPECTED[self.type]}, "
                                 f"got {value!r}", self.name) from None

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
        """The type as declared: ``integer``, ``entity(Project)``."""
        return f"{self.type}({self.label})" if self.label else self.type

    def summary(self) -> str:
        """``limit: integer = 20`` or ``name: string`` for listings."""
        default = "" if self.required else f" = {json.dumps(self.default, ensure_ascii=False)}"
        return f"{self.name}: {self.type_name}{default}"

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "label": self.label, "required": self.required,
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

    def run(self, store: GraphStore, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Bind ``params`` and run on ``store``: Cypher through ``store.query``, analytics on ``store.graph()``."""
        bound = self.bind(params)
        bound = {p.name: p.resolve(store, bound[p.name], repr(self.name)) for p in self.parameters}
        if self.function is not None:
            return self.function(store.graph(), **bound)
        assert self.cypher is not None
        return decode_evidence(store.query(self.cypher, bound))

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
    return QueryResult(result.columns, rows, result.stats)


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


_COERCE: dict[str, Callable[[Any], Any]] = {
    "string": _string, "integer": _integer, "float": _float, "boolean": _boolean, "list": _list,
    "entity": _string,
}
_EXPECTED = {"string": "a string", "integer": "an integer", "float": "a number", "boolean": "true or false",
             "list": "a list (JSON, or comma-separated text)", "entity": "an entity's name, id or alias"}


# -- reading .cypher files -------------------------------------------------------------------
def parse_canned(text: str, source: str = "<text>") -> CannedQuery:
    """A canned query from the text of a ``.cypher`` file (header comment, then Cypher).

    Raises :class:`CannedQueryFileError` naming ``source`` and the line when the header lacks a
    name or description, a parameter line is malformed, or the Cypher uses an undeclared
    ``$parameter`` (or declares one it never uses).
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
    parameters = tuple(_parse_param(value, number, fail) for key, value, number in fields if key == "param")
    seen: set[str] = set()
    for p in parameters:
        if p.name in seen:
            raise fail(f"parameter {p.name!r} is declared twice")
        seen.add(p.name)
    cypher = "\n".join(lines[body_start:]).strip()
    if not cypher:
        raise fail("no Cypher after the header")
    used = set(_CYPHER_PARAM.findall(cypher))
    if used - seen:
        raise fail(f"the query uses undeclared parameter(s) {', '.join(sorted(used - seen))}")
    if seen - used:
        raise fail(f"declared parameter(s) {', '.join(sorted(seen - used))} are never used")
    return CannedQuery(name=names[0][0], kind="cypher", description=descriptions[0][0],
                       parameters=parameters, cypher=cypher, source=source)


def _parse_param(text: str, line: int, fail: Callable[[str, int], CannedQueryFileError]) -> Parameter:
    match = _PARAM.match(text)
    if not match:
        raise fail("expected '// param: NAME: TYPE [= DEFAULT] — DESCRIPTION Example: VALUE' "
                   "(TYPE may be entity(LABEL)), "
                   f"got {text!r}", line)
    name, type_, label = match.group("name"), match.group("type"), match.group("label")
    if type_ not in TYPES:
        raise fail(f"parameter {name!r} has unknown type {type_!r}; known: {', '.join(TYPES)}", line)
    if label and type_ != "entity":
        raise fail(f"parameter {name!r}: only an entity takes a label, as in 'entity(Project)'", line)
    rest = match.group("rest").strip()
    example_match = _EXAMPLE.search(rest)
    example = example_match.group("example").strip() if example_match else None
    description = rest[: example_match.start()].strip() if example_match else rest
    if not description or not example:
        raise fail(f"parameter {name!r} needs a description and an 'Example: ...'", line)
    parameter = Parameter(name, type_, description, example, label=label)
    try:
        parameter.coerce(example, "its example")
        if match.group("default") is not None:
            default = parameter.coerce(_json_or_text(match.group("default")), "its default")
            parameter = Parameter(name, type_, description, example, default, label)
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
                                       source=f"{function.__module__}.{function.__qualname__}")
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


def run_canned(store: GraphStore, name: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run the canned query ``name`` on ``store`` with ``params`` (coerced to their declared types).

    Examples
    --------
    >>> from graph.store import EmbeddedStore
    >>> run_canned(EmbeddedStore("nordgraph.json"), "top-leads", {"limit": 5})  # doctest: +SKIP
    """
    return get_canned(name).run(store, params)


__all__ = [
    "CannedQuery", "CannedQueryFileError", "Parameter", "ParameterError", "canned_queries", "decode_evidence", "get_canned", "load_canned_dir",
    "parse_canned", "register_analytics", "run_canned",
]
