"""Bytes to text for every text-based reader: UTF-8 (with or without BOM), UTF-16 with BOM,
the charset a page declares, and a legacy 8-bit fallback; newlines normalised to ``\\n``.

A page that is UTF-8 but for a stray invalid byte (a pasted menu URL) stays UTF-8, with the
bad bytes replaced: falling back to cp1252 for the whole page would garble every Nordic
letter in it ("LuleÃ¥").

Binary data is refused here, once for all readers: a NUL byte, or a text in which control
characters are common (random bytes decode "successfully" as Latin-1, so decoding alone
cannot tell a picture named ``.html`` from a page).
"""
from __future__ import annotations

import codecs
import re

from nordgraph.graph.errors import LoaderError

# C0 controls other than tab, newline, form feed and carriage return, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
#: Share of control characters in the first 4096 characters above which a file is binary.
#: Real text has none; random bytes decoded as Latin-1 have about a third.
BINARY_SHARE = 0.05
#: A text with at least this many valid UTF-8 non-ASCII characters per invalid sequence is UTF-8
#: with damage, not another encoding (in cp1252 text nearly every non-ASCII byte is invalid).
UTF8_VALID_PER_DAMAGE = 5
_DECLARED = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
                       re.IGNORECASE)


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
            text, encoding = _not_utf8(raw)
    sample = text[:4096]
    if sample and len(_CONTROL.findall(sample)) > BINARY_SHARE * len(sample):
        raise LoaderError(f"binary content (control characters) in a file read as {encoding}")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _declared(raw: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta charset>``, an XML declaration),
    if Python knows it."""
    match = _DECLARED.search(raw[:4096])
    if match is None:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _not_utf8(raw: bytes) -> tuple[str, str]:
    """Text that is not valid UTF-8: its declared charset, UTF-8 with a few bytes replaced, or
    legacy Nordic Windows-1252 / Latin-1 (cp1252 is a superset of printable Latin-1, and the
    bytes it leaves undefined fall back to Latin-1)."""
    declared = _declared(raw)
    if declared is not None and declared != "utf-8":
        try:
            return raw.decode(declared), declared
        except UnicodeDecodeError:
            pass
    repaired = raw.decode("utf-8", errors="replace")
    damaged = repaired.count("\ufffd")
    valid = sum(1 for char in repaired if ord(char) > 0x7F) - damaged
    if valid >= UTF8_VALID_PER_DAMAGE * damaged:
        return repaired, "utf-8 (invalid bytes replaced)"
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"
