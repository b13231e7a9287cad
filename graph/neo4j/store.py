"""The Neo4j store: the :class:`graph.store.GraphStore` protocol over Bolt with the official driver."""
from __future__ import annotations

import warnings
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from functools import cached_property
from typing import Any, NamedTuple

import neo4j
from neo4j import exceptions as neo4j_errors
from neo4j import graph as neo4j_graph

from nordgraph.graph.errors import QueryError, StoreError
from nordgraph.graph.limits import Limits
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.neo4j.connection import (
    PROFILES,
    SMALL_SERVER_MESSAGE_BYTES,
    BoltTimeoutError,
    QueryTooLargeError,
    ServerProfile,
    Settings,
    driver_for,
    escape_parameters,
    message_size,
    translate_errors,
    within,
)
from nordgraph.graph.neo4j.convert import ResultConverter, driver_value, has_temporal, stats_of
from nordgraph.graph.store import QueryResult, Schema


class Outcome(NamedTuple):
    """What one query gave: column names, records, write counters."""

    columns: list[str]
    records: list[neo4j.Record]
    counters: Any


#: Echoed by the server to learn whether it keeps text parameters intact.
PARAMETER_PROBE = {"a key": "it's \\ 'quoted'"}
COMPONENTS = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
ELEMENT_ID_PROBE = "OPTIONAL MATCH (n) WITH n LIMIT 1 RETURN elementId(n) AS e"
NODE_COUNTS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n"
EDGE_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"
SCHEMA_PROCEDURES = ("db.labels", "db.relationshipTypes", "db.propertyKeys")


class Neo4jStore:
    """A graph in a Neo4j database (or another Bolt server), read and written with Cypher.

    ``close()`` leaves the process's driver open for the next store (see
    :func:`graph.neo4j.connection.driver_for`); it is closed when the process exits.
    """

    def __init__(self, settings: Settings, limits: Limits | None = None):
        self.settings = settings
        self.description = settings.describe()
        #: the bounds of ``query()`` (the library's own transfers are bounded by the timeout only)
        self.limits = limits or Limits()

    @property
    def _driver(self) -> neo4j.Driver:
        """The process's driver, asked for on each use: after a request timed out, the next one
        connects afresh (see :func:`~graph.neo4j.connection.within`)."""
        return driver_for(self.settings)

    # -- running Cypher --------------------------------------------------------------------
    def records(self, text: str, params: Mapping[str, Any] | None = None,
                *, write: bool = False, limits: Limits | None = None) -> Outcome:
        """Run ``text``; return its column names, records and write counters.

        ``write=True`` runs it in a managed write transaction, which the driver retries on
        transient failures (a cluster leader change, a deadlock). ``limits`` sends the time
        limit as Neo4j's transaction timeout (other Bolt servers get none) and stops reading
        past ``max_rows`` records.
        """
        params = dict(params or {})
        if not self.profile.temporal_values and has_temporal(params):
            raise StoreError(f"{self.description} ({self.profile.product}) cannot take temporal values "
                             "as parameters; send them as text")
        params = self.wire_value(driver_value(params))
        limit = self.profile.max_message_bytes
        if limit is not None:
            size = message_size(text, params, self.settings)
            if size > limit:
                raise QueryTooLargeError(
                    f"{self.description}: this request takes about {size} bytes and the server "
                    f"({self.profile.product}) accepts at most {limit}")
        return self._run(text, params, write, limits)

    def wire_value(self, value: Any) -> Any:
        """``value`` as it is sent to this server (escaped when the server needs it)."""
        return escape_parameters(value) if self.profile.escape_parameters else value

    def request_size(self, text: str, params: dict[str, Any]) -> int:
        """About how many bytes running ``text`` with ``params`` sends in one message."""
        return message_size(text, self.wire_value(params), self.settings)

    def _run(self, text: str, params: dict[str, Any], write: bool, limits: Limits | None = None) -> Outcome:
        """One request, bounded in time: Neo4j stops the transaction itself at the timeout, and
        :func:`~graph.neo4j.connection.within` gives up on a server that does not answer. The
        time is the connection's timeout, or a caller's query limit when that is shorter; the
        rows read back are bounded by the query limit."""
        seconds = min(self.settings.timeout, limits.timeout or self.settings.timeout) if limits else self.settings.timeout
        profile = PROFILES.get(self.settings.cache_key())  # None while it is being detected
        # FalkorDB answers a query sent with a timeout with no rows: only servers known to honour it get one
        timeout = seconds if profile is not None and profile.transaction_timeouts else None
        most = limits.max_rows if limits else None

        def outcome(result: neo4j.Result) -> Outcome:
            records = []
            for record in result:
                records.append(record)
                if most and len(records) > most:
                    raise QueryError(f"{self.description}: the query returned more than {most:,} rows; narrow it, "
                                     "or raise the limit with --max-rows N (max_rows= in Python; 0: no limit)")
            return Outcome(list(result.keys()), records, result.consume().counters)

        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: neo4j.ManagedTransaction) -> Outcome:
            return outcome(tx.run(text, params))

        driver = self._driver

        def call() -> Outcome:
            with driver.session(database=self.settings.database) as session:
                if write:
                    return session.execute_write(work)
                return outcome(session.run(neo4j.Query(text, timeout=timeout), params))

        with translate_errors(self.settings, text, seconds):
            return within(self.settings, call, seconds)

    def query(self, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run Cypher as written; nodes, relationships and paths come back as ``graph.values``."""
        outcome = self.records(text, params, limits=self.limits)
        rows = ResultConverter(self._node_keys).rows(outcome.records)
        return QueryResult(outcome.columns, rows, stats_of(outcome.counters))

    # -- the protocol ----------------------------------------------------------------------
    def graph(self) -> KnowledgeGraph:
        from nordgraph.graph.neo4j.transfer import pull

        return pull(self)

    def replace(self, kg: KnowledgeGraph) -> None:
        from nordgraph.graph.neo4j.transfer import push

        push(kg, self, replace=True)

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {label: n for label, n in (r.values() for r in self.records(NODE_COUNTS).records)}
        edges = {rel: n for rel, n in (r.values() for r in self.records(EDGE_COUNTS).records)}
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}

    def schema(self) -> Schema:
        """The server's names, from the procedures Neo4j and FalkorDB both have."""
        labels, types, keys = (frozenset(r[0] for r in self.records(f"CALL {name}()").records)
                               for name in SCHEMA_PROCEDURES)
        return Schema(labels, types, keys)

    def locked(self) -> AbstractContextManager[None]:
        """Nothing to hold: the server isolates each transaction itself. A read-modify-write of
        the whole graph (``curate`` on Neo4j: pull, apply, push) is not isolated from other clients."""
        return nullcontext()

    def close(self) -> None:
        """Nothing to release per store: the driver is shared by the process."""

    # -- what the server can do ------------------------------------------------------------
    @property
    def profile(self) -> ServerProfile:
        """What the server can do, detected once per process and connection settings."""
        key = self.settings.cache_key()
        if key not in PROFILES:
            PROFILES[key] = self._detect_profile()
        return PROFILES[key]

    def _detect_profile(self) -> ServerProfile:
        """Neo4j answers ``dbms.components()``; a server that does not is treated as a small
        Bolt server (requests kept under 4 KiB). Parameter escaping is found by echo."""
        escape = self._needs_escaping()
        try:
            records = self._run(COMPONENTS, {}, False).records
        except StoreError as exc:
            if isinstance(exc, BoltTimeoutError) or not self._reachable():
                raise
            agent = within(self.settings, self._driver.get_server_info).agent
            return ServerProfile(f"a Bolt server without dbms.components() (announces {agent})", False,
                                 SMALL_SERVER_MESSAGE_BYTES, escape)
        name, versions, edition = records[0].values() if records else ("Neo4j", ["?"], "")
        return ServerProfile(f"{name} {versions[0] if versions else ''} {edition}".strip(), True, None, escape,
                             temporal_values=True, transaction_timeouts=True)

    def _needs_escaping(self) -> bool:
        """Whether text parameters must be sent pre-escaped to come back unchanged."""
        for escape in (False, True):
            sent = escape_parameters(PARAMETER_PROBE) if escape else PARAMETER_PROBE
            try:
                echoed = self._run("RETURN $p AS p", {"p": sent}, False).records[0][0]
            except StoreError as exc:
                if isinstance(exc, BoltTimeoutError) or not self._reachable():
                    raise
                continue
            if echoed == PARAMETER_PROBE:
                return escape
        raise StoreError(f"{self.description} does not give text parameters back unchanged; "
                         "nordgraph cannot store text there safely")

    @cached_property
    def has_element_id(self) -> bool:
        """Whether ``elementId()`` exists (Neo4j 5+); older servers and FalkorDB have ``id()``."""
        return self.probe(ELEMENT_ID_PROBE)

    def probe(self, text: str) -> bool:
        """Whether the server runs ``text`` without error (a server that does not answer is an error)."""
        try:
            self._run(text, {}, False)
        except BoltTimeoutError:
            raise
        except StoreError:
            return False
        return True

    def _reachable(self) -> bool:
        try:
            within(self.settings, self._driver.get_server_info)
        except neo4j_errors.DriverError:
            return False
        return True

    def _node_keys(self, nodes: list[neo4j_graph.Node]) -> dict[str, str]:
        """Keys (``id`` property, else element id) of nodes known only by element id."""
        if not nodes:
            return {}
        if self.has_element_id:
            ids: list[Any] = [n.element_id for n in nodes]
            text = "MATCH (n) WHERE elementId(n) IN $ids RETURN elementId(n) AS ref, n.id AS key"
            by_ref = {n.element_id: n.element_id for n in nodes}
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                legacy = {n.id: n.element_id for n in nodes}
            ids = list(legacy)
            text = "MATCH (n) WHERE id(n) IN $ids RETURN id(n) AS ref, n.id AS key"
            by_ref = legacy
        keys = {n.element_id: n.element_id for n in nodes}
        for ref, key in (r.values() for r in self.records(text, {"ids": ids}).records):
            if key is not None and ref in by_ref:
                keys[by_ref[ref]] = str(key)
        return keys


def open_neo4j_store(uri: str | None = None, user: str | None = None, password: str | None = None,
                     database: str | None = None, timeout: float | str | None = None,
                     limits: Limits | None = None) -> Neo4jStore:
    """Connect (or reuse this process's connection) and return the store.

    Values left ``None`` come from ``NEO4J_URI``, ``NEO4J_USERNAME`` (or ``NEO4J_USER``),
    ``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` and ``NEO4J_TIMEOUT`` (seconds any one request may
    take, default 60). Raises :class:`StoreError` with a one-line reason when the server is
    unreachable, refuses the login, has no such database or does not answer in time.
    """
    settings = Settings.resolve(uri, user, password, database, timeout)
    store = Neo4jStore(settings, limits)
    driver_for(settings)  # connect now: an unreachable server shows here
    if settings.database:
        store.records("RETURN 1 AS ok")  # a missing database shows here, not on first use
    return store
