"""Connection settings and error messages: short, and never showing credentials."""
from __future__ import annotations

import pytest
from neo4j import exceptions as driver_errors

from nordgraph.graph.errors import QueryError, StoreError
from nordgraph.graph.neo4j import Neo4jStore, open_neo4j_store
from nordgraph.graph.neo4j.connection import Settings, escape_parameters, redact_uri, translate_errors

SETTINGS = Settings("neo4j+s://analyst:pw-secret@db.example:7687/?policy=x", "analyst", "pw-secret", "nope")


def test_settings_fall_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://env.example:7687")
    monkeypatch.delenv("NEO4J_USERNAME", raising=False)
    monkeypatch.setenv("NEO4J_USER", "old-style")
    monkeypatch.setenv("NEO4J_PASSWORD", "env-pw")
    monkeypatch.setenv("NEO4J_DATABASE", "graphs")
    settings = Settings.resolve(database="given")
    assert (settings.uri, settings.user, settings.password, settings.database) == (
        "bolt://env.example:7687", "old-style", "env-pw", "given")
    assert "env-pw" not in repr(settings)


def test_no_uri_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(StoreError, match="give --neo4j-uri or set NEO4J_URI"):
        open_neo4j_store()


def test_descriptions_carry_no_credentials() -> None:
    assert redact_uri(SETTINGS.uri) == "neo4j+s://db.example:7687/"
    assert SETTINGS.describe() == "Neo4j neo4j+s://db.example:7687/ database nope"
    assert "pw-secret" not in repr(SETTINGS)


def test_a_bad_uri_scheme_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="bad Neo4j URI http://db.example:7474"):
        open_neo4j_store(uri="http://someone:pw-secret@db.example:7474")


@pytest.mark.parametrize(("error", "kind", "message"), [
    (driver_errors.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Database.DatabaseNotFound",
                                             message="Database does not exist."),
     StoreError, "no database 'nope' on this server"),
    (driver_errors.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Security.Unauthorized",
                                             message="The client is unauthorized due to authentication failure."),
     StoreError, "refused the login \\(user 'analyst'\\)"),
    (driver_errors.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError",
                                             message="Invalid input 'RETRUN'"),
     QueryError, "rejected the query: Invalid input 'RETRUN'"),
    (driver_errors.ServiceUnavailable("Couldn't connect to db.example:7687"),
     StoreError, "cannot reach Neo4j neo4j\\+s://db.example:7687/"),
])
def test_driver_errors_become_one_line_messages(error: Exception, kind: type, message: str) -> None:
    with pytest.raises(kind, match=message) as caught:
        with translate_errors(SETTINGS):
            raise error
    assert "pw-secret" not in str(caught.value) and "\n" not in str(caught.value)
    assert caught.value.__suppress_context__


def test_parameter_escaping_is_only_for_servers_that_need_it(store: Neo4jStore) -> None:
    """Detected by echo: a server that keeps text intact gets it unescaped."""
    raw = {"a key": "it's \\ x"}
    sent = escape_parameters(raw)
    assert sent == {"`a key`": "it\\'s \\\\ x"}
    assert store.query("RETURN $p AS p", {"p": raw}).rows == [(raw,)]
    assert store.wire_value(raw) == (sent if store.profile.escape_parameters else raw)


def test_text_with_nul_is_refused_where_the_server_would_cut_it(store: Neo4jStore) -> None:
    if store.profile.escape_parameters:
        with pytest.raises(StoreError, match="NUL"):
            store.query("RETURN $p AS p", {"p": "a\x00b"})
    else:
        assert store.query("RETURN $p AS p", {"p": "a\x00b"}).rows == [("a\x00b",)]


def test_requests_too_large_for_the_server_are_refused_not_sent(store: Neo4jStore) -> None:
    limit = store.profile.max_message_bytes
    text = "x" * (2 * (limit or 1 << 16))
    if limit:
        with pytest.raises(StoreError, match="accepts at most"):
            store.query("RETURN size($p) AS n", {"p": text})
        assert store.query("RETURN 1 AS ok").rows == [(1,)]  # and the server is still up
    else:
        assert store.query("RETURN size($p) AS n", {"p": text}).rows == [(len(text),)]
