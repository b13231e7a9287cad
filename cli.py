"""The ``nordgraph`` command: a thin click layer over ``loaders``, ``graph`` and ``queries``.

Each command opens the store, makes one library call and renders the result through
``queries.render``. Library errors (:class:`graph.errors.NordgraphError`) become
``Error: ...`` with exit status 1; no traceback reaches the user: anything else is a bug, shown
as one ``Error: internal error ...`` line asking for a report (``NORDGRAPH_DEBUG=1`` keeps the traceback).
"""
from __future__ import annotations

import atexit
import functools
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.limits import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Limits
from nordgraph.graph.store import (
    STORE_KINDS,
    EmbeddedStore,
    GraphStore,
    Notification,
    checked_query,
    default_graph_path,
    notifications,
    open_store,
    refuse_writes,
)
from nordgraph.graph.values import json_text
from nordgraph.loaders.budget import DOC_SECONDS, MAX_FILE_MB, MEGABYTE, PARAGRAPH_WORDS, PARSE_WORDS
from nordgraph.queries.render import FORMATS, notification_lines, printable, render_query_json, render_rows

#: Exit status of a build that read some files but had to skip others.
EXIT_SKIPPED = 3


#: True in a process started as ``nordgraph`` or ``python -m nordgraph`` (see :func:`console`).
_ENDING_PROCESS = False
#: Stores whose loaded graphs the process keeps until it ends.
_LEFT_FOR_EXIT: list[GraphStore] = []


class Session:
    """Where the graph lives, as chosen by global and per-command options."""

    def __init__(self) -> None:
        self.graph_path: Path | None = None
        self.store_kind = "embedded"
        self.neo4j: dict[str, Any] = {}
        self.limits = Limits()
        self._store: GraphStore | None = None

    @property
    def path(self) -> Path:
        return self.graph_path or default_graph_path()

    def store(self) -> GraphStore:
        """The chosen store, opened once per command; Neo4j options without ``--store neo4j``
        are refused rather than ignored."""
        if self._store is None:
            if self.store_kind != "neo4j" and self.neo4j:
                given = ", ".join(f"--neo4j-{name}" for name in sorted(self.neo4j))
                raise click.UsageError(f"{given} only apply with --store neo4j")
            self._store = open_store(self.store_kind, path=self.path, neo4j=self.neo4j, limits=self.limits)
        return self._store

    def close(self) -> None:
        if self._store is None:
            return
        if _ENDING_PROCESS and isinstance(self._store, EmbeddedStore):
            _LEFT_FOR_EXIT.append(self._store)  # console() ends the process without freeing the graph
        else:
            self._store.close()


def _remember(option: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """Callback storing a store option on the session, whether given before or after the command."""

    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None:
            session = ctx.ensure_object(Session)
            if option == "graph":
                session.graph_path = Path(value)
            elif option == "store":
                session.store_kind = value
            elif option in ("timeout", "max_rows", "max_memory_mb"):
                session.limits = replace(session.limits, **{option: value})
            elif option == "neo4j_timeout":
                session.neo4j["timeout"] = value
            else:
                session.neo4j[option] = value
        return value

    return callback


def store_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that choose the store, accepted on the group and on every command."""
    options = [
        click.option("--graph", "graph_", type=click.Path(dir_okay=False), expose_value=False,
                     callback=_remember("graph"),
                     help="Graph file of the embedded store [default: $NORDGRAPH_GRAPH or ./nordgraph.json]."),
        click.option("--store", "store_", type=click.Choice(STORE_KINDS), expose_value=False,
                     callback=_remember("store"), envvar="NORDGRAPH_STORE",
                     help="Where the graph lives [default: embedded]."),
        click.option("--neo4j-uri", expose_value=False, callback=_remember("uri"),
                     help="Bolt URI [default: $NEO4J_URI]."),
        click.option("--neo4j-user", expose_value=False, callback=_remember("user"),
                     help="User [default: $NEO4J_USERNAME or $NEO4J_USER]."),
        click.option("--neo4j-password", expose_value=False, callback=_remember("password"),
                     help="Password [default: $NEO4J_PASSWORD]."),
        click.option("--neo4j-database", expose_value=False, callback=_remember("database"),
                     help="Database [default: $NEO4J_DATABASE or the server's default]."),
        click.option("--neo4j-timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
                     expose_value=False, callback=_remember("neo4j_timeout"),
                     help="Longest wait for any one request to the server [default: $NEO4J_TIMEOUT or 60]."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The bounds of the queries a command runs (see :mod:`graph.limits`)."""
    options = [
        click.option("--timeout", type=click.FloatRange(0), default=DEFAULT_TIMEOUT, show_default=True,
                     metavar="SECONDS", expose_value=False, callback=_remember("timeout"),
                     help="Stop a query that runs longer than this (0: no limit)."),
        click.option("--max-rows", type=click.IntRange(0), default=DEFAULT_MAX_ROWS, show_default=True,
                     metavar="N", expose_value=False, callback=_remember("max_rows"),
                     help="Stop a query when one of its steps makes more rows than this, or it builds a "
                          "longer list (0: no limit)."),
        click.option("--max-memory", type=click.IntRange(0), default=DEFAULT_MAX_MEMORY_MB, show_default=True,
                     metavar="MB", expose_value=False, callback=_remember("max_memory_mb"),
                     help="Stop a query that adds more than this many megabytes to the process's resident memory "
                          "(0: no limit)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


class NordgraphGroup(click.Group):
    """Turns library errors into one-line messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NordgraphError as exc:
            raise click.ClickException(printable(str(exc))) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # a bug: one line, not a traceback; NORDGRAPH_DEBUG=1 shows it
            if os.environ.get("NORDGRAPH_DEBUG"):
                raise
            raise click.ClickException(printable(
                f"internal error ({type(exc).__name__}: {exc}); please report it with the command that "
                "caused it (NORDGRAPH_DEBUG=1 shows the traceback)")) from exc
        finally:
            if isinstance(ctx.obj, Session):
                ctx.obj.close()


def pass_session(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return function(click.get_current_context().ensure_object(Session), *args, **kwargs)

    return wrapper


def echo_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str, title: str | None = None,
              raw_csv: bool = False) -> None:
    click.echo(render_rows(columns, rows, fmt, title=title, raw_csv=raw_csv))


def echo_notifications(notifications: list[Notification]) -> None:
    """Warnings about a query that ran (a label the graph does not hold ...), on standard error."""
    for line in notification_lines(notifications):
        click.echo(line, err=True)


raw_csv_option = click.option("--raw-csv", is_flag=True,
                              help="CSV cells that start with = + - @ as they are (by default they get a leading ', "
                                   "so a spreadsheet shows them as text instead of running them).")


def format_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--format table|json|csv`` and ``--raw-csv``; the command gets ``fmt`` and ``raw_csv``."""

    @functools.wraps(command)
    def checked(*args: Any, fmt: str, raw_csv: bool, **kwargs: Any) -> Any:
        if raw_csv and fmt != "csv":
            raise click.UsageError("--raw-csv only applies with --format csv")
        return command(*args, fmt=fmt, raw_csv=raw_csv, **kwargs)

    checked = raw_csv_option(checked)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="Output: a readable table, JSON or CSV.")(checked)


@click.group(cls=NordgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nordgraph")
@store_options
@click.pass_context
def main(ctx: click.Context) -> None:
    """nordgraph: documents to a knowledge graph of who leads, partners in and funds what.

    The graph lives in one JSON file (the embedded store, default) or in Neo4j (--store neo4j).
    """
    ctx.ensure_object(Session)


# -- build ---------------------------------------------------------------------------------
@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--jobs", "-j", type=click.IntRange(1, None), default=1, show_default=True,
              help="Read documents in this many processes.")
@click.option("--cache", type=click.Path(file_okay=False),
              help="Folder of cached per-document extractions (default $NORDGRAPH_CACHE, else ~/.cache/nordgraph).")
@click.option("--no-cache", is_flag=True, help="Read every document again; neither use nor fill the cache.")
@click.option("--max-file-mb", type=click.FloatRange(0), default=MAX_FILE_MB, show_default=True,
              help="Skip a file larger than this (0: no limit).")
@click.option("--doc-timeout", type=click.FloatRange(0), default=DOC_SECONDS, show_default=True, metavar="SECONDS",
              help="Skip a file whose reading takes longer than this (0: no limit).")
@click.option("--parse-words", type=click.IntRange(0), default=PARSE_WORDS, show_default=True,
              help="Words of one document the statistical parser reads; the rest is read without it (0: all).")
@click.option("--paragraph-words", type=click.IntRange(0), default=PARAGRAPH_WORDS, show_default=True,
              help="Words of one paragraph the statistical parser reads; the rest is read without it (0: all).")
@click.option("--overrides", type=click.Path(dir_okay=False),
              help="Curation file applied after extraction [default: <graph name>.overrides.yaml beside the graph, if present].")
@click.option("--mapping", "mappings", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Mapping file saying how tables become nodes and edges (repeatable); "
                   "*.mapping.yaml files beside the tables are used too.")
@store_options
@pass_session
def build(session: Session, paths: tuple[str, ...], overrides: str | None, jobs: int, cache: str | None,
          no_cache: bool, max_file_mb: float, doc_timeout: float, parse_words: int, paragraph_words: int,
          mappings: tuple[str, ...]) -> None:
    """Read documents (files or folders) into a new graph, replacing the old one atomically.

    Files that cannot be read are named with the reason and skipped; the rest loads, and the
    exit status is 3 when anything was skipped. Only regular files are read; a file over the size
    or time budget is skipped the same way. Each page's extraction is cached by its content
    and the extractor's version, so a rebuild re-reads only what changed. A table that is not a
    node or edge table is read through its mapping (--mapping, or a .mapping.yaml beside it).
    """
    from nordgraph.graph.cachedir import default_cache_dir
    from nordgraph.loaders.budget import Budget
    from nordgraph.loaders.curation import default_overrides_path
    from nordgraph.loaders.pipeline import build_graph

    if session.store_kind != "embedded":
        raise click.UsageError("build writes the embedded graph file; then 'nordgraph push' sends it to Neo4j")
    overrides_path = Path(overrides) if overrides else default_overrides_path(session.path)
    if overrides and not overrides_path.exists():
        raise click.BadParameter(f"no such file: {overrides}", param_hint="--overrides")
    with _progress() as report:
        result = build_graph(paths, overrides=overrides_path if overrides_path.exists() else None,
                             progress=report, jobs=jobs, mappings=mappings,
                             budget=Budget(max_bytes=int(max_file_mb * MEGABYTE) or None,
                                           seconds=doc_timeout or None, parse_words=parse_words or None,
                                           paragraph_words=paragraph_words or None),
                             cache=None if no_cache else Path(cache) if cache else default_cache_dir())
    for skipped in result.skipped:
        click.echo(printable(f"  skipped {skipped.path}: {skipped.reason}"), err=True)
    if result.hidden:
        click.echo(f"  passed over {len(result.hidden)} hidden file(s) or folder(s): "
                   + printable(", ".join(result.hidden[:5])) + (" ..." if len(result.hidden) > 5 else ""), err=True)
    if result.dataset_notes:
        click.echo(f"  passed over {len(result.dataset_notes)} README or LICENSE file(s) beside tables (they "
                   "describe the dataset): " + printable(", ".join(result.dataset_notes)), err=True)
    if not result.read:
        raise NordgraphError(f"no document could be read; {session.path} was left as it was")
    session.store().replace(result.graph)
    click.echo(f"Read {len(result.read)} document(s); skipped {len(result.skipped)} file(s) or row(s); "
               f"wrote {session.path}")
    for warning in result.warnings:
        click.echo(printable(f"Warning: {warning}"), err=True)
    _echo_counts(result.graph.counts())
    if result.skipped:
        sys.exit(EXIT_SKIPPED)


class _progress:
    """A progress bar on stderr for long work at a terminal; silent otherwise.

    The callback takes ``(done, total, what)`` with ``done`` counted from the start; ``unit``
    names what ``done`` counts in the rate shown. The bar appears once ``delay`` seconds have
    passed, so work that ends sooner leaves no trace.
    """

    def __init__(self, label: str = "Reading", unit: str = "docs", delay: float = 0.0) -> None:
        self.label = label
        self.unit = unit
        self.delay = delay

    def __enter__(self) -> Callable[[int, int, str, int], None]:
        self._bar: Any = None
        self._started = time.monotonic()
        self._rate = ""
        return self.update

    def update(self, done: int, total: int, name: str, words: int = 0) -> None:
        if self._bar is None:
            if total < 20 or not sys.stderr.isatty() or time.monotonic() - self._started < self.delay:
                return
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr,
                                          item_show_func=lambda _: self._rate)
            self._bar.__enter__()
        elapsed = max(time.monotonic() - self._started, 1e-6)
        self._rate = f"{done / elapsed:.1f} {self.unit}/s" + (f", {words / elapsed:,.0f} words/s" if words else "")
        self._bar.update(done - self._bar.pos)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def _echo_counts(counts: dict[str, dict[str, int]]) -> None:
    rows = [("node", label, n) for label, n in counts["nodes"].items()]
    rows += [("edge", rel, n) for rel, n in counts["edges"].items()]
    rows.append(("total", "nodes", sum(counts["nodes"].values())))
    rows.append(("total", "edges", sum(counts["edges"].values())))
    echo_rows(["kind", "type", "count"], rows, "table")


# -- stats, show, export -------------------------------------------------------------------
@main.command()
@format_option
@store_options
@pass_session
def stats(session: Session, fmt: str, raw_csv: bool) -> None:
    """Nodes by label and edges by type."""
    counts = session.store().counts()
    if fmt == "table":
        click.echo(session.store().description)
        _echo_counts(counts)
    else:
        rows = [("node", k, v) for k, v in counts["nodes"].items()]
        rows += [("edge", k, v) for k, v in counts["edges"].items()]
        echo_rows(["kind", "type", "count"], rows, fmt, raw_csv=raw_csv)


@main.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output: readable tables, or one JSON object (three tables do not fit one CSV).")
@store_options
@pass_session
def show(session: Session, name: str, fmt: str) -> None:
    """One entity: its aliases, properties, the names merged into it and why, neighbours and the quoted evidence."""
    from nordgraph.queries.describe import describe

    detail = describe(session.store(), name)
    if fmt == "json":
        click.echo(json_text(detail.as_dict(), indent=2))
        return
    echo_rows(["field", "value"], detail.fields(), "table", title=f"{detail.label}: {detail.name}")
    if detail.resolution:
        echo_rows(["joined with"], [(why,) for why in detail.resolution], "table",
                  title="Names merged into this node, and why (undo one with 'nordgraph curate split')")
    echo_rows(["direction", "type", "label", "neighbour", "evidence"], detail.neighbour_rows(), "table",
              title="Neighbours")
    echo_rows(["doc", "rule", "confidence", "quote"], detail.evidence_rows(), "table", title="Evidence")


@main.command()
@click.option("--format", "fmt", required=True,
              help="json; graphml or gexf (for Gephi: nodes labelled by name, type and relation as attributes); "
                   "csv (a folder); neo4j-admin (a folder); or cypher.")
@click.option("--output", "-o", required=True, type=click.Path(), help="File (or folder) to write.")
@raw_csv_option
@store_options
@pass_session
def export(session: Session, fmt: str, output: str, raw_csv: bool) -> None:
    """Write the graph in another format."""
    from nordgraph.graph.exporters import export as write

    kg = session.store().graph()
    write(kg, fmt, output, raw_csv=raw_csv)
    click.echo(f"Wrote {fmt} export of {len(kg)} nodes and {kg.edge_count()} edges to {output}")


# -- push, pull (Neo4j) ----------------------------------------------------------------------
@main.command()
@click.option("--batch-size", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Rows per write transaction.")
@click.option("--replace", is_flag=True, help="Delete everything in the Neo4j database first.")
@store_options
@pass_session
def push(session: Session, batch_size: int, replace: bool) -> None:
    """Send the embedded graph file to Neo4j: merged by id, so pushing twice changes nothing."""
    from nordgraph.graph.neo4j import open_neo4j_store
    from nordgraph.graph.neo4j import push as push_graph

    source = EmbeddedStore(session.path)
    if not source.exists():
        raise click.UsageError(f"no graph file {session.path}; run 'nordgraph build' first")
    kg = source.graph()
    target = open_neo4j_store(**session.neo4j)
    with _progress("Pushing") as report:
        summary = push_graph(kg, target, batch_size=batch_size, replace=replace, progress=report)
    click.echo(f"{target.description}:")
    for line in summary.lines():
        click.echo(line)


@main.command()
@store_options
@pass_session
def pull(session: Session) -> None:
    """Copy the graph in Neo4j into the embedded graph file (replacing it atomically)."""
    from nordgraph.graph.neo4j import open_neo4j_store
    from nordgraph.graph.neo4j import pull as pull_graph

    source = open_neo4j_store(**session.neo4j)
    kg = pull_graph(source)
    EmbeddedStore(session.path).replace(kg)
    click.echo(f"Pulled {len(kg)} nodes and {kg.edge_count()} edges from {source.description} into {session.path}")


# -- query ---------------------------------------------------------------------------------
def parse_params(values: tuple[str, ...]) -> dict[str, Any]:
    """``name=value`` pairs; a value that parses as JSON (numbers, lists, true) is taken as such,
    so a text that looks like a number is quoted: ``--param 'code="1881"'``."""
    params: dict[str, Any] = {}
    for item in values:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected name=value, got {item!r}", param_hint="--param")
        if name.strip() in params:
            raise click.BadParameter(f"{name.strip()!r} is given twice", param_hint="--param")
        try:
            params[name.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            params[name.strip()] = raw
    return params


param_option = click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
                            help="Query parameter (repeatable); JSON values are parsed (quote a number-like text: 'n=\"1881\"').")


@main.command()
@click.argument("cypher", required=False)
@click.option("--file", "-f", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from a file ('-' for standard input).")
@param_option
@click.option("--write", "allow_write", is_flag=True,
              help="Allow a query that changes the graph (CREATE, MERGE, SET, DELETE, REMOVE); "
                   "without it such a query is refused and the graph is left as it is.")
@format_option
@limit_options
@store_options
@pass_session
def query(session: Session, cypher: str | None, query_file: Any, params: tuple[str, ...], fmt: str,
          raw_csv: bool, allow_write: bool) -> None:
    """Run a Cypher query (text, --file, or standard input when no text is given).

    Read-only unless --write is given: a query that would change the graph (CREATE, MERGE, SET,
    DELETE, REMOVE) is refused without it, so a typo cannot rewrite the graph file.

    Labels, relationship types and property keys the graph does not hold are named in a warning
    on standard error, with the closest names it does hold (in JSON: "notifications").
    """
    if cypher and query_file:
        raise click.UsageError("give the query as text or with --file, not both")
    if not cypher and not query_file and sys.stdin.isatty():
        raise click.UsageError("give a query as text, with --file, or on standard input")
    text = cypher if cypher else (query_file.read() if query_file else sys.stdin.read())
    if not text.strip():
        raise click.UsageError("empty query")
    if not allow_write:
        refuse_writes(text, "add --write")
    result = checked_query(session.store(), text, parse_params(params))
    if fmt == "json":
        click.echo(render_query_json(result))
        return
    echo_rows(result.columns, result.rows, fmt, raw_csv=raw_csv)
    echo_notifications(result.notifications)
    if result.stats and fmt == "table":
        changes = ", ".join(f"{k} {v}" for k, v in sorted(result.stats.items()) if v)
        if changes:
            click.echo(f"Changes: {changes}", err=True)


# -- canned queries --------------------------------------------------------------------------
@main.command("queries")
@format_option
def list_queries(fmt: str, raw_csv: bool) -> None:
    """List the canned queries and analytics that 'nordgraph run' knows, with their parameters."""
    from nordgraph.queries.registry import canned_queries

    rows = [(q.name, q.kind, q.parameter_summary() if fmt == "table" else [p.as_dict() for p in q.parameters],
             q.description) for q in canned_queries()]
    echo_rows(["name", "kind", "parameters", "description"], rows, fmt, raw_csv=raw_csv)


@main.command()
@click.argument("name")
@param_option
@format_option
@limit_options
@store_options
@pass_session
def run(session: Session, name: str, params: tuple[str, ...], fmt: str, raw_csv: bool) -> None:
    """Run the canned query or analytics NAME (see 'nordgraph queries'), e.g.

    nordgraph run partners-of --param "name=Medtek Norway"
    """
    import shlex

    from nordgraph.queries.registry import ParameterError, get_canned

    query = get_canned(name)
    try:
        with _progress(name, unit="steps", delay=1.0) as report:
            result = query.run(session.store(), parse_params(params),
                               progress=lambda done, total: report(done, total, name))
    except ParameterError as exc:
        if exc.example is None:
            raise
        given = " ".join("--param " + shlex.quote(f"{k}={v}") for k, v in exc.example.items())
        raise click.UsageError(f"{exc}\nExample: nordgraph run {name} {given}".rstrip()) from exc
    if fmt != "json":  # the graph values drawn by viz --run stay out of tables (JSON keeps them)
        result = query.readable(result)
    if fmt != "table" or result.rows or not result.notes:  # a table of nothing gives way to the reason
        echo_rows(result.columns, result.rows, fmt, raw_csv=raw_csv)
    for note in result.notes:  # beside JSON or CSV on stdout, on stderr
        click.echo(printable(note), err=fmt != "table")


# -- review and curate -----------------------------------------------------------------------
@main.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1),
              help="How many facts and how many candidate merges to list.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output: readable tables or JSON.")
@store_options
@pass_session
def review(session: Session, limit: int, fmt: str) -> None:
    """The least certain facts and likely duplicate entities, for an analyst to confirm."""
    from nordgraph.loaders.review import review as review_graph

    report = review_graph(session.store().graph(), limit)
    if fmt == "json":
        click.echo(json_text(report.as_dict(), indent=2))
        return
    echo_rows(["confidence", "kind", "fact", "rule", "quote", "doc"],
              [(f.confidence, f.kind, f.fact, f.rule, f.quote, f.doc) for f in report.uncertain],
              fmt, title="Least certain facts")
    echo_rows(["score", "label", "first", "second", "reason"],
              [(c.score, c.label, c.first_name, c.second_name, c.reason) for c in report.candidates],
              fmt, title="Candidate merges")
    click.echo("Record a decision (kept across rebuilds): nordgraph curate merge FIRST SECOND, "
               "curate distinct FIRST SECOND, curate drop SOURCE TYPE TARGET, "
               "curate --help for more.")


@main.group()
def curate() -> None:
    """Record an analyst's decision in the overrides file, re-applied on every build.

    The file is <graph name>.overrides.yaml beside the graph unless --overrides names another;
    the decision is also applied to the current graph unless --no-apply is given.
    """


def curate_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options every ``curate`` command shares."""
    for option in (
        click.option("--note", help="Why: kept in the file beside the decision."),
        click.option("--overrides", type=click.Path(dir_okay=False),
                     help="Overrides file [default: <graph name>.overrides.yaml beside the graph]."),
        click.option("--apply/--no-apply", "apply_now", default=True, show_default=True,
                     help="Also apply the decision to the current graph."),
        store_options,
        pass_session,
    ):
        command = option(command)
    return command


def _curate(session: Session, overrides: str | None, apply_now: bool,
            record: Callable[[Path], Any]) -> None:
    """Append one decision with ``record`` and apply it to the stored graph (see
    :func:`loaders.curation.record_and_apply`: a decision that names nothing is taken back)."""
    from nordgraph.loaders.curation import default_overrides_path, record_and_apply

    path = Path(overrides) if overrides else default_overrides_path(session.path)
    outcome = record_and_apply(session.store() if apply_now else None, path, record)
    click.echo(f"Recorded {outcome.decision.where}")
    if outcome.applied:
        click.echo("Applied to the current graph.")


def _ref(name: str, label: str | None) -> Any:
    from nordgraph.loaders.curation import Ref

    return Ref(name, label)


label_option = click.option("--label", help="Label that tells apart entities of the same name.")


@curate.command("merge")
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@click.option("--name", help="Canonical name of the merged entity.")
@label_option
@curate_options
def curate_merge(session: Session, keep: str, others: tuple[str, ...], name: str | None,
                 label: str | None, note: str | None, overrides: str | None, apply_now: bool) -> None:
    """KEEP and OTHERS are one entity (KEEP survives)."""
    from nordgraph.loaders.curation import record_merge

    _curate(session, overrides, apply_now,
            lambda path: record_merge(path, keep, *others, name=name, label=label, note=note))


@curate.command("distinct")
@click.argument("first")
@click.argument("others", nargs=-1, required=True)
@curate_options
def curate_distinct(session: Session, first: str, others: tuple[str, ...], note: str | None,
                    overrides: str | None, apply_now: bool) -> None:
    """FIRST and OTHERS are different entities: review stops proposing to merge them."""
    from nordgraph.loaders.curation import record_distinct

    _curate(session, overrides, apply_now,
            lambda path: record_distinct(path, first, *others, note=note))


@curate.command("split")
@click.argument("entity")
@click.argument("aliases", nargs=-1, required=True)
@click.option("--name", help="Name of the new entity [default: the first alias].")
@click.option("--new-label", help="Label of the new entity [default: the same].")
@label_option
@curate_options
def curate_split(session: Session, entity: str, aliases: tuple[str, ...], name: str | None,
                 new_label: str | None, label: str | None, note: str | None,
                 overrides: str | None, apply_now: bool) -> None:
    """ALIASES of ENTITY name another entity: move them, their evidence and their facts."""
    from nordgraph.loaders.curation import record_split

    _curate(session, overrides, apply_now,
            lambda path: record_split(path, _ref(entity, label), aliases, name=name,
                                      new_label=new_label, note=note))


@curate.command("rename")
@click.argument("entity")
@click.argument("new_name")
@label_option
@curate_options
def curate_rename(session: Session, entity: str, new_name: str, label: str | None,
                  note: str | None, overrides: str | None, apply_now: bool) -> None:
    """Show ENTITY as NEW_NAME (the old name stays an alias)."""
    from nordgraph.loaders.curation import record_rename

    _curate(session, overrides, apply_now,
            lambda path: record_rename(path, _ref(entity, label), new_name, note=note))


@curate.command("retype")
@click.argument("entity")
@click.argument("new_label")
@label_option
@curate_options
def curate_retype(session: Session, entity: str, new_label: str, label: str | None,
                  note: str | None, overrides: str | None, apply_now: bool) -> None:
    """Give ENTITY the label NEW_LABEL (Organisation, Project, Call, Programme, ...)."""
    from nordgraph.loaders.curation import record_retype

    _curate(session, overrides, apply_now,
            lambda path: record_retype(path, _ref(entity, label), new_label, note=note))


@curate.command("drop")
@click.argument("what", nargs=-1, required=True)
@label_option
@curate_options
def curate_drop(session: Session, what: tuple[str, ...], label: str | None, note: str | None,
                overrides: str | None, apply_now: bool) -> None:
    """Remove an entity (ENTITY) or a fact (SOURCE TYPE TARGET)."""
    from nordgraph.loaders.curation import record_drop

    if len(what) not in (1, 3):
        raise click.UsageError("drop takes ENTITY, or SOURCE TYPE TARGET")
    if len(what) == 3 and label:
        raise click.UsageError("--label applies to dropping an entity; name a fact's ends by id")
    entity_or_source = _ref(what[0], label) if len(what) == 1 else what[0]
    _curate(session, overrides, apply_now,
            lambda path: record_drop(path, entity_or_source, *what[1:], note=note))


@curate.command("add")
@click.argument("source")
@click.argument("rel_type", metavar="TYPE")
@click.argument("target")
@click.option("--source-label", help="Label of SOURCE (needed if it is a new entity).")
@click.option("--target-label", help="Label of TARGET (needed if it is a new entity).")
@curate_options
def curate_add(session: Session, source: str, rel_type: str, target: str,
               source_label: str | None, target_label: str | None, note: str | None,
               overrides: str | None, apply_now: bool) -> None:
    """Add the fact SOURCE TYPE TARGET the documents miss; --note says where it comes from."""
    from nordgraph.loaders.curation import record_add

    if not note:
        raise click.UsageError("add needs --note: it is the fact's only evidence")
    _curate(session, overrides, apply_now,
            lambda path: record_add(path, _ref(source, source_label), rel_type,
                                    _ref(target, target_label), note=note))


# -- viz -------------------------------------------------------------------------------------
@main.command()
@click.option("--query", "cypher", metavar="CYPHER", help="Draw the nodes, relationships and paths this query returns.")
@click.option("--run", "canned", metavar="NAME", help="Draw what this canned query returns (with --param).")
@param_option
@click.option("--focus", metavar="NAME", help="Draw this entity (id, name or alias) and its neighbours.")
@click.option("--depth", type=click.IntRange(min=0), help="Hops around --focus [default: 1].")
@click.option("--relations", metavar="TYPES",
              help="Relation types --focus walks, comma-separated [default: all; a Country is walked "
                   "through only when LOCATED_IN is named].")
@click.option("--max-nodes", type=click.IntRange(min=1), default=1500, show_default=True,
              help="Above this, keep the most connected nodes of each label, in proportion, and the links among them.")
@click.option("--projection", metavar="NAME", help="A derived view: co-partners (organisations linked by shared projects).")
@click.option("--min-weight", type=click.FloatRange(min=0), help="With --projection: leave out links lighter than this.")
@click.option("--hide-isolated", is_flag=True, help="Leave out nodes without a relationship.")
@click.option("--size-by", default="degree", show_default=True, metavar="MEASURE", help="Node size: degree or pagerank.")
@click.option("--colour-by", "--color-by", "colour_by", default="label", show_default=True, metavar="WHAT",
              help="Node colour: label, country (LOCATED_IN), community, or a property name.")
@click.option("--title", help="Page title [default: nordgraph].")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The .html file to write.")
@click.option("--open", "open_page", is_flag=True, help="Open the page in the default browser.")
@limit_options
@store_options
@pass_session
def viz(session: Session, cypher: str | None, canned: str | None, params: tuple[str, ...], focus: str | None,
        depth: int | None, relations: str | None, max_nodes: int, projection: str | None,
        min_weight: float | None, hide_isolated: bool, size_by: str, colour_by: str, title: str | None,
        output: str, open_page: bool) -> None:
    """Write an interactive network view as one HTML file that needs no network to open."""
    from nordgraph.graph.viz import view_graph, write_html
    from nordgraph.queries.registry import get_canned

    values = parse_params(params)
    if cypher:
        echo_notifications(notifications(session.store(), cypher))
    result = None
    if canned:
        query = get_canned(canned)
        result = query.drawable(query.run(session.store(), values))
        if not result.rows:
            raise NordgraphError(f"nothing to draw: {'; '.join(result.notes) or f'{canned} found nothing'}")
    kg = view_graph(session.store(), query=cypher, result=result, params=values, focus=focus, depth=depth,
                    relations=relations.split(",") if relations is not None else None)
    summary = write_html(kg, output, title=title, max_nodes=max_nodes, projection=projection, size_by=size_by,
                         colour_by=colour_by, hide_isolated=hide_isolated, min_weight=min_weight)
    click.echo(f"Wrote {output}: {summary.nodes} nodes, {summary.edges} relationships, {summary.bytes // 1024} KiB")
    if summary.banner:
        click.echo(summary.banner[0].upper() + summary.banner[1:], err=True)
    if open_page:
        click.launch(output)


# -- serve and chart ---------------------------------------------------------------------------
@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address lets other machines in.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port to listen on.")
@click.option("--no-browser", is_flag=True, help="Do not open the workbench in the default browser.")
@click.option("--overrides", type=click.Path(dir_okay=False),
              help="Overrides file curation writes [default: <graph name>.overrides.yaml beside the graph].")
@limit_options
@store_options
@pass_session
def serve(session: Session, host: str, port: int, no_browser: bool, overrides: str | None) -> None:
    """The analyst's workbench in the browser: Cypher with completion, canned queries as forms,
    tables, graphs and charts, evidence, curation. Read-only unless switched on in the page.

    Serves on http://127.0.0.1:8765/ and needs no network: every asset ships with nordgraph.
    """
    from nordgraph.loaders.curation import default_overrides_path
    from nordgraph.serve import is_loopback
    from nordgraph.serve import serve as run_server

    if not is_loopback(host):
        click.echo(f"Warning: listening on {host}: other machines can reach the workbench, and with "
                   "its write switch, change the graph", err=True)
    store = session.store()
    store.counts()  # a missing graph file or an unreachable server fails here, before serving
    run_server(store, Path(overrides) if overrides else default_overrides_path(session.path),
               host=host, port=port, open_browser=not no_browser)


@main.command()
@click.argument("name", type=click.Choice(["heatmap", "per-year", "top-leads", "central"]))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="File to write: .svg, .png or .html (its suffix chooses the format).")
@limit_options
@store_options
@pass_session
def chart(session: Session, name: str, output: str) -> None:
    """Write a chart for a report: heatmap (country x country collaboration), per-year
    (projects and participations), top-leads, or central (coloured by community)."""
    from nordgraph.serve.charts import write_chart

    path = write_chart(session.store(), name, output)
    click.echo(f"Wrote {path} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()


def console() -> None:
    """The console entry point: :func:`main`, then the process ends without freeing the graph.

    A loaded graph is millions of Python objects; freeing them one by one when the interpreter
    shuts down costs 0.5 s on the eunets graph and about 1 s at 100,000 nodes, after the answer
    is printed but before the shell prompt returns. The exit handlers still run (temporary
    files, worker processes, stream flushes); only the object-by-object teardown is skipped.
    """
    global _ENDING_PROCESS
    _ENDING_PROCESS = True
    try:
        main(prog_name="nordgraph")
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code or 0)
