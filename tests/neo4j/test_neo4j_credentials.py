"""Credentials written into a URI never reach a message, and still log in."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from nordgraph.cli import main
from nordgraph.graph.neo4j.connection import Settings, scrub, split_userinfo

SECRET = "S3cretPW"


@pytest.mark.parametrize("uri", [
    f"bolt://neo4j:{SECRET}@127.0.0.1:1",
    f"neo4j://neo4j:{SECRET}@127.0.0.1:1/?policy=x",
    f"http://neo4j:{SECRET}@127.0.0.1:1",
    f"bolt://neo4j:{SECRET}@127.0.0.1:notaport",
])
def test_a_password_in_the_uri_is_printed_nowhere(uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NEO4J_USERNAME", "NEO4J_USER", "NEO4J_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(main, ["query", "--store", "neo4j", "--neo4j-uri", uri, "RETURN 1"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") or "\nError: " in result.output
    assert SECRET not in result.output
    assert SECRET not in str(result.exception)


def test_userinfo_becomes_the_login_when_none_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NEO4J_USERNAME", "NEO4J_USER", "NEO4J_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.resolve("bolt://ann:p%40ss@db.example:7687/x")
    assert (settings.uri, settings.user, settings.password) == ("bolt://db.example:7687/x", "ann", "p@ss")
    assert "p@ss" not in repr(settings) and "p@ss" not in settings.describe()
    given = Settings.resolve(f"bolt://ann:{SECRET}@db.example:7687", user="bob", password="other")
    assert (given.user, given.password) == ("bob", "other")


def test_driver_texts_are_scrubbed_of_the_uri_and_password() -> None:
    settings = Settings(uri=f"bolt://neo4j:{SECRET}@h:1", user="neo4j", password="pw2", database=None)
    text = scrub(f"Given URI: 'bolt://neo4j:{SECRET}@h:1' with pw2", settings)
    assert SECRET not in text and "pw2" not in text and "bolt://h:1" in text
    assert split_userinfo("bolt://h:1") == ("bolt://h:1", None, None)
