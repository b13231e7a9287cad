"""Table cells to typed values: numbers are numbers and dates are dates, so ``WHERE p.start_year >= 2019``
compares numbers and ``sum()`` adds them.

A cell is text in every table format; the type comes from the mapping (``type: int``), from a
``column:type`` header, or, for the plain node and edge tables, from the column itself: a column
whose every value reads as one type takes it (see :func:`infer`). Dates become the
:class:`graph.temporal.Temporal` values the Cypher engine, both stores and every export already
keep as dates.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from nordgraph.graph.temporal import Temporal

__all__ = ["TYPES", "CellError", "convert", "infer", "parse_bool", "to_date"]

#: The types a column can be given; ``list`` splits the cell on a separator.
TYPES = ("text", "int", "float", "bool", "date", "list")
_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: Digits after a leading zero: a code ("0301", a municipality number), not a number.
_CODE = re.compile(r"[+-]?0[0-9]")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE = frozenset({"true", "yes", "y", "1", "ja", "j"})
_FALSE = frozenset({"false", "no", "n", "0", "nei", "nej"})
#: Values past this are no count or amount but an identifier that happens to be digits.
_LARGEST_INT = 2**63 - 1


class CellError(ValueError):
    """A cell that does not read as the type its column has; the message says what was expected."""


def to_date(text: str, fmt: str | None = None) -> Temporal:
    """``2024-03-01`` (or ``text`` in the ``strptime`` format ``fmt``, time of day dropped) as a date."""
    try:
        if fmt is None:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError
            day = dt.date.fromisoformat(text)
        else:
            day = dt.datetime.strptime(text, fmt).date()
    except ValueError:
        raise CellError(f"{text!r} is not a date ({fmt or 'YYYY-MM-DD'})") from None
    return Temporal("date", day, 0, None)


def parse_bool(text: str) -> bool:
    folded = text.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(f"{text!r} is not a boolean (true/false, yes/no, ja/nei, 1/0)")


def _int(text: str) -> int:
    if not _INT.fullmatch(text):
        raise CellError(f"{text!r} is not a whole number")
    value = int(text)
    if abs(value) > _LARGEST_INT:
        raise CellError(f"{text!r} is too large for a 64-bit integer")
    return value


def _float(text: str) -> float:
    if not _FLOAT.fullmatch(text):
        raise CellError(f"{text!r} is not a number (a '.' for decimals)")
    return float(text)


def convert(text: str, kind: str, *, fmt: str | None = None, separator: str = "|", item: str = "text") -> Any:
    """``text`` as a value of ``kind`` (one of :data:`TYPES`); :class:`CellError` if it is not one."""
    text = text.strip()
    if kind == "text":
        return text
    if kind == "int":
        return _int(text)
    if kind == "float":
        return _float(text)
    if kind == "bool":
        return parse_bool(text)
    if kind == "date":
        return to_date(text, fmt)
    if kind == "list":
        return [convert(part, item, fmt=fmt) for part in text.split(separator) if part.strip()]
    raise CellError(f"unknown type {kind!r}; known: {', '.join(TYPES)}")


def _reads_as(kind: str, value: str) -> bool:
    try:
        convert(value, kind)
    except CellError:
        return False
    return True


def infer(values: Iterable[str]) -> str:
    """The type every one of ``values`` (a column's non-empty cells) reads as: ``int``, then
    ``float``, ``date`` and ``bool`` (only true/false: a column of 1s and 0s is numbers), else
    ``text``. A whole number with a leading zero ("0301", a municipality number) is text: its
    zero means something."""
    values = [v.strip() for v in values]
    if not values or any(_CODE.match(v) for v in values):
        return "text"
    for kind in ("int", "float", "date"):
        if all(_reads_as(kind, v) for v in values):
            return kind
    if all(v.lower() in ("true", "false") for v in values):
        return "bool"
    return "text"
