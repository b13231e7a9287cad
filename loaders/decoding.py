"""Bytes to text for every text-based reader: UTF-8 (with or without BOM), UTF-16 with BOM,
and a legacy 8-bit fallback; newlines normalised to ``\\n``."""
from __future__ import annotations

import codecs

from graph.errors import LoaderError


def decode(raw: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raises :class:`LoaderError` for binary data."""
    if raw.startswith(codecs.BOM_UTF8):
        text, encoding = raw[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = raw.decode("utf-16"), "utf-16"
    else:
        if b"\x00" in raw[:4096]:
            raise LoaderError("binary content (NUL bytes) in a text file")
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            # Legacy Nordic pages are Windows-1252 or Latin-1; cp1252 is a superset of the
            # printable Latin-1 range, and the bytes it leaves undefined fall back to Latin-1.
            try:
                text, encoding = raw.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = raw.decode("latin-1"), "latin-1"
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
