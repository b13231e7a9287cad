"""Bytes to text for every text-based reader: UTF-8 (with or without BOM), UTF-16 with BOM,
and a legacy 8-bit fallback; newlines normalised to ``\\n``.

Binary data is refused here, once for all readers: a NUL byte, or a text in which control
characters are common (random bytes decode "successfully" as Latin-1, so decoding alone
cannot tell a picture named ``.html`` from a page).
"""
from __future__ import annotations

import codecs
import re

from graph.errors import LoaderError

# C0 controls other than tab, newline, form feed and carriage return, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
#: Share of control characters in the first 4096 characters above which a file is binary.
#: Real text has none; random bytes decoded as Latin-1 have about a third.
BINARY_SHARE = 0.05


def decode(raw: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raises :class:`LoaderError` for binary data."""
    if raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # A byte-order mark is a promise: bytes that break it are an error, not a cue to guess.
        encoding = "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-16"
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise LoaderError(f"invalid {encoding} after its byte-order mark at byte {exc.start}") from exc
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
    sample = text[:4096]
    if sample and len(_CONTROL.findall(sample)) > BINARY_SHARE * len(sample):
        raise LoaderError(f"binary content (control characters) in a file read as {encoding}")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
