"""Delimited text as it comes: gzip'd or not, in whatever encoding, separated by whatever the file
uses, with or without a header line.

The plain node and edge tables (:mod:`loaders.readers.tables`) and the mapped ones
(:mod:`loaders.mapped`) both read their rows through here, so a table is opened one way.
"""
from __future__ import annotations

import codecs
import csv
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nordgraph.graph.errors import LoaderError
from nordgraph.loaders.decoding import decode

__all__ = ["MAX_GUNZIPPED_BYTES", "Delimited", "gunzip", "open_delimited"]

#: A gzip'd table may unpack to this much; past it, it is refused (a small file can unpack to gigabytes).
MAX_GUNZIPPED_BYTES = 1 << 30
_GZIP_MAGIC = b"\x1f\x8b"
_DELIMITERS = ",;\t|"
_SAMPLE_CHARS = 64 * 1024


def gunzip(raw: bytes, limit: int = MAX_GUNZIPPED_BYTES) -> bytes:
    """``raw`` unpacked if it is gzip data (whatever its name says), refusing more than ``limit`` bytes."""
    if not raw.startswith(_GZIP_MAGIC):
        return raw
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = unpacker.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise LoaderError(f"broken gzip data: {exc}") from exc
    if len(data) > limit:
        raise LoaderError(f"unpacks to over {limit >> 20} MB; refused")
    return data


@dataclass
class Delimited:
    """A table's text with what was found out about it."""

    text: str
    encoding: str
    delimiter: str

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(line number where the row starts, cells)`` for every line with a cell that is not blank."""
        reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter, strict=True)
        start = 1
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:  # an unbalanced quote would otherwise swallow every row after it
            raise LoaderError(f"line {start}: malformed CSV ({exc}); is a quote left open?") from None

    def first_row(self) -> list[str]:
        return next((cells for _, cells in self.rows()), [])

    def looks_headed(self) -> bool:
        """Whether the first line is a header, as :class:`csv.Sniffer` judges from the first rows."""
        try:
            return csv.Sniffer().has_header(self._sample())
        except csv.Error:
            return True

    def _sample(self) -> str:
        return _sample(self.text)


def _sample(text: str) -> str:
    sample = text[:_SAMPLE_CHARS]
    return sample[:sample.rfind("\n")] if len(text) > _SAMPLE_CHARS and "\n" in sample else sample


def open_delimited(path: Path, raw: bytes, *, delimiter: str | None = None,
                   encoding: str | None = None) -> Delimited:
    """The table in ``raw``: unpacked, decoded (or in ``encoding``) and its delimiter found.

    A ``.tsv`` is separated by tabs; otherwise :class:`csv.Sniffer` chooses among comma,
    semicolon (Nordic spreadsheet exports), tab and ``|``, and when it cannot tell, the one the
    first line has most of.
    """
    data = gunzip(raw)
    if encoding is not None:
        try:
            text, used = codecs.decode(data, encoding).replace("\r\n", "\n").replace("\r", "\n"), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            raise LoaderError(f"cannot decode as {encoding}: {exc}") from exc
        text = text.lstrip("\ufeff")
    else:
        text, used = decode(data)
    if delimiter is None:
        delimiter = "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else _sniff(text)
    return Delimited(text, used, delimiter)


def _sniff(text: str) -> str:
    try:
        return csv.Sniffer().sniff(_sample(text), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first = text.lstrip("\n").split("\n", 1)[0]
        return max(_DELIMITERS, key=lambda d: (first.count(d), d == ","))
