"""The reader registry: every built-in type has a reader, unknown types say what is known."""
from __future__ import annotations

from pathlib import Path

import pytest

from nordgraph.graph.errors import LoaderError, UnknownNameError
from nordgraph.loaders.registry import reader_for, reader_named, readers


@pytest.mark.parametrize(("name", "reader"), [
    ("page.html", "html"), ("page.HTM", "html"), ("page.xhtml", "html"),
    ("post.md", "markdown"), ("post.markdown", "markdown"),
    ("report.pdf", "pdf"), ("notes.txt", "text"),
    ("nodes.csv", "csv"), ("nodes.tsv", "csv"), ("graph.json", "json"), ("facts.jsonl", "json"),
])
def test_reader_by_suffix(name: str, reader: str) -> None:
    assert reader_for(Path(name)).name == reader


def test_unknown_suffix_lists_the_known_ones() -> None:
    with pytest.raises(LoaderError, match=r"no reader for \.docx \(known: .*\.html.*\.pdf"):
        reader_for(Path("minutes.docx"))


def test_unknown_reader_name() -> None:
    with pytest.raises(UnknownNameError, match="unknown reader 'docx'; known: csv, html, json, markdown, pdf, text"):
        reader_named("docx")


def test_every_reader_says_what_it_does() -> None:
    for spec in readers().values():
        assert spec.read.__doc__, spec.name
        module = __import__(spec.read.__module__, fromlist=["_"])
        assert module.__doc__ and len(module.__doc__) > 80, spec.read.__module__
