"""Every request to a Bolt server is bounded by a timeout, a pull comes in pages, and a push that
fails half-way says how much the database holds; pushing again completes it."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from nordgraph.graph.errors import StoreError
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.neo4j import Neo4jStore, PushIncompleteError, open_neo4j_store, pull, push
from nordgraph.graph.neo4j.connection import DEFAULT_TIMEOUT, GRACE_SECONDS, BoltTimeoutError, Settings
from testkit.stalling_proxy import StallingProxy
from tests.neo4j.neo4j_testing import structure

TIMEOUT = 1.0
#: Longest a bounded call may take: the timeout, the grace, and slack for a loaded machine.
BOUND = TIMEOUT + GRACE_SECONDS + 5


@pytest.fixture
def proxy(bolt_settings: dict[str, str | None]) -> Iterator[StallingProxy]:
    """A proxy in front of the test server, which the test may stall."""
    parts = urlsplit(bolt_settings["uri"] or os.environ["NEO4J_URI"])
    with StallingProxy((parts.hostname or "127.0.0.1", parts.port or 7687)) as running:
        yield running


@pytest.fixture
def proxied(proxy: StallingProxy, bolt_settings: dict[str, str | None]) -> Neo4jStore:
    """The test server through the proxy, with a one-second timeout; it answers until stalled."""
    opened = open_neo4j_store(**{**bolt_settings, "uri": proxy.uri, "timeout": TIMEOUT})
    assert opened.profile  # detected while the proxy still relays
    return opened


def test_the_timeout_comes_from_the_argument_the_environment_or_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://db.example:7687")
    monkeypatch.delenv("NEO4J_TIMEOUT", raising=False)
    assert Settings.resolve().timeout == DEFAULT_TIMEOUT == 60
    monkeypatch.setenv("NEO4J_TIMEOUT", "2.5")
    assert Settings.resolve().timeout == 2.5
    assert Settings.resolve(timeout=7).timeout == 7


@pytest.mark.parametrize("bad", ["soon", "0", "-1", "inf", "nan"])
def test_a_bad_timeout_is_named(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("NEO4J_TIMEOUT", bad)
    with pytest.raises(StoreError, match=f"Neo4j timeout '{bad}'.*NEO4J_TIMEOUT"):
        Settings.resolve(uri="bolt://db.example:7687")


def test_a_server_that_never_answers_fails_with_one_line_within_the_timeout() -> None:
    with StallingProxy(upstream=None) as silent:
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "nordgraph", "stats", "--store", "neo4j",
                               "--neo4j-uri", silent.uri, "--neo4j-timeout", "1"],
                              capture_output=True, text=True, timeout=60)
        elapsed = time.monotonic() - started
    assert done.returncode == 1
    assert done.stderr.startswith("Error: cannot reach Neo4j bolt://127.0.0.1") and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert elapsed < 2 * BOUND  # the connection is tried twice


def test_a_server_that_stops_answering_mid_conversation_times_out(proxied: Neo4jStore,
                                                                  proxy: StallingProxy) -> None:
    assert proxied.query("RETURN 1 AS one").rows == [(1,)]
    proxy.stall()
    started = time.monotonic()
    with pytest.raises(BoltTimeoutError, match=r"did not answer within 1 s.*--neo4j-timeout or NEO4J_TIMEOUT"):
        proxied.query("MATCH (n) RETURN count(n) AS n")
    assert time.monotonic() - started < BOUND


def test_a_stalled_pull_times_out_instead_of_hanging(proxied: Neo4jStore, proxy: StallingProxy,
                                                     store: Neo4jStore, sample_graph: KnowledgeGraph) -> None:
    push(sample_graph, store)
    proxy.stall()
    started = time.monotonic()
    with pytest.raises(BoltTimeoutError):
        pull(proxied)
    assert time.monotonic() - started < BOUND


@pytest.mark.parametrize("page_size", [1, 2, 3, 1000])
def test_a_pull_in_pages_gives_the_whole_graph(store: Neo4jStore, sample_graph: KnowledgeGraph,
                                               page_size: int) -> None:
    push(sample_graph, store)
    assert structure(pull(store, page_size=page_size)) == structure(pull(store))
    assert structure(pull(store, page_size=page_size))["nodes"].keys() == structure(sample_graph)["nodes"].keys()


def test_a_pull_asks_one_page_at_a_time(store: Neo4jStore, sample_graph: KnowledgeGraph,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    push(sample_graph, store)
    sizes: list[int] = []
    records = store.records

    def counted(text: str, params: dict | None = None, **options: object):  # type: ignore[no-untyped-def]
        outcome = records(text, params, **options)
        sizes.append(len(outcome.records))
        return outcome

    monkeypatch.setattr(store, "records", counted)
    pull(store, page_size=2)
    assert max(sizes) == 2
    assert sum(sizes) == len(sample_graph) + sample_graph.edge_count()


def test_a_relationship_to_a_node_the_pull_did_not_see_is_an_error(store: Neo4jStore, sample_graph: KnowledgeGraph,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    push(sample_graph, store)
    records = store.records
    first = next(iter(sample_graph.nodes()))

    def meanwhile(text: str, params: dict | None = None, **options: object):  # type: ignore[no-untyped-def]
        if "-[r]->" in text and params and params["after"] in ("", -1):  # another client writes
            records("MATCH (a {id: $first}) CREATE (a)-[:PARTNER_IN {id: 'late'}]->(:Project {id: 'late'})",
                    {"first": first}, write=True)
        return records(text, params, **options)

    monkeypatch.setattr(store, "records", meanwhile)
    with pytest.raises(StoreError, match="changed during the pull .*'late'.*pull again"):
        pull(store)


def test_a_failed_push_says_how_much_was_written_and_pushing_again_completes_it(
        proxied: Neo4jStore, proxy: StallingProxy, store: Neo4jStore, sample_graph: KnowledgeGraph) -> None:
    def stall_after_three(done: int, _total: int, _phase: str) -> None:
        if done == 3:
            proxy.stall()

    started = time.monotonic()
    with pytest.raises(PushIncompleteError) as failed:
        push(sample_graph, proxied, batch_size=1, progress=stall_after_three)
    assert time.monotonic() - started < BOUND + 5
    message = str(failed.value)
    assert "\n" not in message
    assert (f"the database holds part of the graph: wrote 3 of {len(sample_graph)} nodes and 0 of "
            f"{sample_graph.edge_count()} relationships before the failure") in message
    assert "pushing again completes it" in message
    held = len(pull(store))
    assert held in (3, 4)  # the batch in flight may have landed
    summary = push(sample_graph, store)  # merges by id: the nodes already there are not made twice
    assert (summary.nodes_created, summary.relationships_created) == (len(sample_graph) - held,
                                                                      sample_graph.edge_count())
    again = pull(store)
    assert (len(again), again.edge_count()) == (len(sample_graph), sample_graph.edge_count())
    assert structure(again) == structure(pull(store))
    assert structure(again)["nodes"].keys() == structure(sample_graph)["nodes"].keys()


def test_neo4j_s_own_transaction_timeout_is_named() -> None:
    from neo4j import exceptions as driver_errors

    from nordgraph.graph.neo4j.connection import translate_errors

    error = driver_errors.Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
        message="The transaction has been terminated. Retry your operation in a new transaction.")
    with pytest.raises(BoltTimeoutError, match="stopped the query at the timeout, 1.5 s .*--neo4j-timeout"):
        with translate_errors(Settings("bolt://db.example:7687", None, None, None, 1.5)):
            raise error
