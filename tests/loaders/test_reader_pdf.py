"""The PDF reader: text per page in paragraphs, info metadata, clear errors."""
from __future__ import annotations

import os

import pytest

from nordgraph.graph.errors import LoaderError
from nordgraph.loaders.document import Document
from nordgraph.loaders.pipeline import read_file
from nordgraph.loaders.readers.pdf import page_paragraphs
from tests.loaders.conftest import pdf_bytes

REPORT = [
    ["Nordic Telehealth Pilot: Final Report", "",
     "The pilot was led by Oslo University Hospital, with partners in Sweden and",
     "Finland. It was funded by NordForsk under the Nordic Health Data call and ran",
     "from 2021 to 2023.",
     "Partners:",
     "- Karolinska Institutet",
     "- Tampere University"],
    ["Results", "",
     "Municipalities in three countries took part in a collab-",
     "orative evaluation of home monitoring."],
]


@pytest.fixture
def report(read_doc) -> Document:
    return read_doc("report.pdf", pdf_bytes(REPORT, title="Telehealth Pilot Report",
                                            author="Nordic Example Network"))


def test_metadata_from_document_info(report: Document) -> None:
    assert report.format == "pdf"
    assert report.metadata["title"] == "Telehealth Pilot Report"
    assert report.metadata["author"] == "Nordic Example Network"
    assert report.metadata["pages"] == 2


def test_blocks_know_their_page(report: Document) -> None:
    assert [b.page for b in report.blocks] == [1, 1, 1, 1, 1, 2, 2]
    assert report.blocks[0].text == "Nordic Telehealth Pilot: Final Report"


def test_lines_are_joined_into_paragraphs(report: Document) -> None:
    assert report.blocks[1].text == (
        "The pilot was led by Oslo University Hospital, with partners in Sweden and Finland. "
        "It was funded by NordForsk under the Nordic Health Data call and ran from 2021 to 2023.")
    assert report.blocks[2].text == "Partners:"


def test_bullets_are_list_items(report: Document) -> None:
    items = [b.text for b in report.blocks if b.kind == "list_item"]
    assert items == ["Karolinska Institutet", "Tampere University"]


def test_hyphenated_line_break_is_joined(report: Document) -> None:
    assert report.blocks[-1].text == ("Municipalities in three countries took part in a "
                                      "collaborative evaluation of home monitoring.")


def test_title_from_first_block_without_info(write) -> None:
    doc = read_file(write("plain.pdf", pdf_bytes([[
        "Programme overview", "The programme funds cross-border projects in digital health and care."]])), "plain.pdf")
    assert doc.metadata["title"] == "Programme overview"


def test_owner_only_encryption_is_read(write) -> None:
    doc = read_file(write("open.pdf", pdf_bytes([["Readable text."]], password="")), "open.pdf")
    assert doc.text == "Readable text."


def test_password_protected_pdf_is_a_loader_error(write) -> None:
    with pytest.raises(LoaderError, match="encrypted PDF: it needs a password"):
        read_file(write("locked.pdf", pdf_bytes([["Secret."]], password="s3cret")), "locked.pdf")


def test_random_bytes_named_pdf(write) -> None:
    with pytest.raises(LoaderError, match="not a PDF"):
        read_file(write("noise.pdf", os.urandom(4096)), "noise.pdf")


@pytest.mark.parametrize("cut", [0.3, 0.6])
def test_truncated_pdf_is_a_loader_error(write, cut: float) -> None:
    raw = pdf_bytes(REPORT)
    with pytest.raises(LoaderError, match="broken PDF"):
        read_file(write("cut.pdf", raw[: int(len(raw) * cut)]), "cut.pdf")


def test_pdf_without_text_is_reported(write) -> None:
    with pytest.raises(LoaderError, match="no extractable text"):
        read_file(write("scan.pdf", pdf_bytes([[]])), "scan.pdf")


@pytest.mark.parametrize(("text", "expected"), [
    ("A heading\nBody line that is long enough to be a full line of text here\nand ends.",
     [("A heading", False), ("Body line that is long enough to be a full line of text here and ends.", False)]),
    ("• one\n• two", [("one", True), ("two", True)]),
    ("Long line number one that is quite long, still\n\nNew paragraph",
     [("Long line number one that is quite long, still", False), ("New paragraph", False)]),
])
def test_page_paragraphs(text: str, expected: list[tuple[str, bool]]) -> None:
    assert page_paragraphs(text) == expected


def test_damaged_but_readable_pdf_keeps_pypdf_warnings(read_doc, capfd) -> None:
    raw = pdf_bytes([["Text in a file whose cross-reference pointer is wrong."]])
    damaged = raw[: raw.rindex(b"startxref")] + b"startxref\n12\n%%EOF\n"
    doc = read_doc("damaged.pdf", damaged)
    assert doc.text == "Text in a file whose cross-reference pointer is wrong."
    assert any("startxref" in w for w in doc.metadata["warnings"])
    assert capfd.readouterr().err == ""


def test_broken_information_dictionary_costs_only_metadata(read_doc) -> None:
    raw = pdf_bytes([["Text that survives a broken information dictionary."]], title="Lost title")
    doc = read_doc("info.pdf", raw.replace(b"/Title (Lost title)", b"/Title *Lost title)"))
    assert doc.text == "Text that survives a broken information dictionary."
    assert doc.metadata["title"] == doc.text and doc.metadata["warnings"]
