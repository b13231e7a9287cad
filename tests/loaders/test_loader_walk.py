"""A directory walk through ``iter_files`` and ``read_file``: good files read, bad ones reported."""
from __future__ import annotations

import os
from pathlib import Path

from nordgraph.graph.errors import LoaderError
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.loaders.document import Document
from nordgraph.loaders.pipeline import add_table_edges, add_table_nodes, iter_files, read_file
from nordgraph.loaders.registry import TableData
from tests.loaders.conftest import pdf_bytes


def test_walk_mixing_good_and_bad_files(tmp_path, write) -> None:
    write("a/page.html", "<h1>Fjordvik</h1><p>Led by <b>Fjordvik</b> Hospital.</p>")
    write("a/post.md", "---\ntitle: Post\n---\n# Post\n\nText.\n")
    write("a/report.pdf", pdf_bytes([["A report about Nordic partners and their joint pilot projects."]]))
    write("b/nodes.csv", "label,name\nOrganisation,Fjordvik Hospital\n")
    write("b/notes.txt", "Notes.\n")
    write("b/broken.pdf", os.urandom(2048))
    write("b/empty.md", "")
    write("b/logo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write("b/minutes.docx", b"PK\x03\x04")
    write(".hidden/secret.txt", "not walked")
    write("b/.DS_Store", b"\x00\x00")

    files = list(iter_files([tmp_path]))
    assert [rel for _, rel in files] == [
        "a/page.html", "a/post.md", "a/report.pdf", "b/broken.pdf", "b/empty.md", "b/logo.html",
        "b/minutes.docx", "b/nodes.csv", "b/notes.txt"]

    read: dict[str, Document | TableData] = {}
    errors: dict[str, str] = {}
    for path, relative in files:
        try:
            read[relative] = read_file(path, relative)
        except LoaderError as exc:
            errors[relative] = str(exc)

    assert sorted(read) == ["a/page.html", "a/post.md", "a/report.pdf", "b/nodes.csv", "b/notes.txt"]
    assert read["a/page.html"].text == "Fjordvik\n\nLed by Fjordvik Hospital."
    assert isinstance(read["b/nodes.csv"], TableData)
    assert all(doc.id.startswith(rel + "#") for rel, doc in read.items())
    assert errors == {
        "b/broken.pdf": "not a PDF (no %PDF- header)",
        "b/empty.md": "empty file",
        "b/logo.html": "binary content (NUL bytes) in a text file",
        "b/minutes.docx": errors["b/minutes.docx"],
    }
    assert errors["b/minutes.docx"].startswith("no reader for .docx")


def test_named_file_is_read_even_if_hidden(write) -> None:
    path = write(".notes.txt", "Hidden but named.")
    assert [rel for _, rel in iter_files([path])] == [".notes.txt"]


def test_document_id_changes_with_content(write) -> None:
    first = read_file(write("p.txt", "Version one."), "p.txt")
    second = read_file(write("p.txt", "Version two."), "p.txt")
    assert first.id != second.id and first.id.startswith("p.txt#")


def test_example_tables_build_a_graph() -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    kg = KnowledgeGraph()
    tables = [read_file(path, relative)
              for path, relative in iter_files([examples / "relations.csv", examples / "organisations.csv"])]
    for table in tables:
        assert isinstance(table, TableData) and "rejected_rows" not in table.metadata
        assert add_table_nodes(kg, table) == []
    for table in tables:
        assert add_table_edges(kg, table) == []
    # the organisations' country column: one LOCATED_IN edge each, no country property
    assert kg.counts()["edges"] == {"FUNDED_BY": 2, "LEADS": 2, "LOCATED_IN": 6, "PARTNER_IN": 5, "PART_OF": 3}
    assert not any("country" in kg.props(key) for key in kg.nodes())
    assert sorted(kg.name(target) for _, target, _, _ in kg.edges("LOCATED_IN")) == [
        "Denmark", "Finland", "Iceland", "Norway", "Norway", "Sweden"]
    assert kg.props("organisation:fjordvik-university-hospital")["aliases"] == ["Fjordvik UH", "FUH"]
