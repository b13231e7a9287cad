"""Fixtures shared by the reader tests: files written to ``tmp_path`` and generated PDFs."""
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from nordgraph.loaders.document import Document
from nordgraph.loaders.pipeline import read_file


def pdf_bytes(pages: list[list[str]], *, title: str | None = None, author: str | None = None,
              password: str | None = None) -> bytes:
    """A PDF whose pages show ``pages`` (one string per line, Helvetica 11pt, 14pt leading)."""
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    for lines in pages:
        page = writer.add_blank_page(width=595, height=842)
        escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
        shows = " ".join(f"({line}) Tj T*" for line in escaped)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 11 Tf 14 TL 56 780 Td {shows} ET".encode("cp1252"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
            NameObject("/ProcSet"): ArrayObject([NameObject("/PDF"), NameObject("/Text")]),
        })
        page[NameObject("/Rotate")] = NumberObject(0)
    info = {k: v for k, v in (("/Title", title), ("/Author", author)) if v}
    if info:
        writer.add_metadata(info)
    if password is not None:
        writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write ``content`` (text as UTF-8, or bytes as given) to ``tmp_path / name``."""

    def write_file(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write_file


@pytest.fixture
def read_doc(write: Callable[[str, str | bytes], Path]) -> Callable[[str, str | bytes], Document]:
    """Write ``content`` to ``name`` and read it back; it must be a :class:`Document`."""

    def read(name: str, content: str | bytes) -> Document:
        doc = read_file(write(name, content), name)
        assert isinstance(doc, Document)
        return doc

    return read
