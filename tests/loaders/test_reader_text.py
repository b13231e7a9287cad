"""Plain text and the shared decoding: BOMs, newlines, legacy encodings, binary, empty files."""
from __future__ import annotations

import pytest

from nordgraph.graph.errors import LoaderError
from nordgraph.loaders.decoding import decode
from nordgraph.loaders.pipeline import read_file


def test_lines_are_blocks_and_bullets_list_items(read_doc) -> None:
    doc = read_doc("p.txt", "Nordic Health Programme\n\nLed by NordForsk.\n• Norway\n- Denmark\n".encode())
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Nordic Health Programme"), ("paragraph", "Led by NordForsk."),
        ("list_item", "Norway"), ("list_item", "Denmark")]
    assert doc.metadata["title"] == "Nordic Health Programme"


def test_utf8_bom_is_removed(read_doc) -> None:
    doc = read_doc("bom.txt", "\ufeffÅrhus Universitet".encode("utf-8"))
    assert doc.text == "Århus Universitet"
    assert doc.metadata["encoding"] == "utf-8-sig"


def test_utf16_with_bom(read_doc) -> None:
    doc = read_doc("u16.txt", "Tromsø\r\nBodø".encode("utf-16"))
    assert doc.text == "Tromsø\nBodø"


def test_crlf_and_cr_become_newlines(read_doc) -> None:
    doc = read_doc("crlf.txt", b"Line one\r\nLine two\rLine three\r\n")
    assert doc.text == "Line one\nLine two\nLine three\n"
    assert [b.text for b in doc.blocks] == ["Line one", "Line two", "Line three"]


@pytest.mark.parametrize(("encoding", "text"), [
    ("cp1252", "Sjúkrahúsið – “Landspítali” – Næstved"),
    ("latin-1", "Københavns Universitet, Göteborg"),
])
def test_legacy_8bit_files(read_doc, encoding: str, text: str) -> None:
    doc = read_doc("old.txt", text.encode(encoding))
    assert doc.text == text


def test_latin1_bytes_undefined_in_cp1252_fall_back() -> None:
    text = "Århus Universitet og Aalborg\x81"
    assert decode(text.encode("latin-1")) == (text, "latin-1")


def test_one_invalid_byte_in_a_utf8_page_does_not_garble_the_rest() -> None:
    page = "Luleå tekniska universitet, Malmö, Tromsø, Århus, Göteborg: ".encode() + b"menu\xff link"
    text, encoding = decode(page)
    assert text.startswith("Luleå tekniska universitet, Malmö, Tromsø") and encoding.startswith("utf-8")


def test_a_declared_charset_is_honoured() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body>Luleå</body></html>'.encode("latin-1")
    assert decode(page) == (page.decode("latin-1"), "iso8859-1")


def test_invalid_utf8_after_bom_is_an_error() -> None:
    with pytest.raises(LoaderError, match="invalid utf-8-sig after its byte-order mark"):
        decode(b"\xef\xbb\xbfok \xff\xfe bad")


@pytest.mark.parametrize("raw", [b"%PDF\x00\x01binary", bytes(range(1, 32)) * 50])
def test_binary_is_refused(write, raw: bytes) -> None:
    with pytest.raises(LoaderError, match="binary content"):
        read_file(write("b.txt", raw), "b.txt")


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.csv", "empty.pdf"])
@pytest.mark.parametrize("content", [b"", b"  \n\r\n"])
def test_empty_files_are_reported(write, name: str, content: bytes) -> None:
    with pytest.raises(LoaderError, match="empty file"):
        read_file(write(name, content), name)
