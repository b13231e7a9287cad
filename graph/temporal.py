"""Temporal property values: the engine's date/time and duration objects and their ISO text.

Cypher's temporal types (date, localtime, time, localdatetime, datetime, duration) are values
a property can hold on Neo4j, so nordgraph keeps them as objects in a graph's properties and
not as text: they compare and sort as times wherever the graph goes (the embedded file, see
:mod:`graph.jsonfile`; Neo4j, see :mod:`graph.neo4j.convert`). This module is the neutral home
of the two classes, importable by every store without pulling in the Cypher engine; building
them from Cypher maps and arithmetic live in :mod:`graph.cypher.temporal`.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

KINDS = ("date", "localtime", "time", "localdatetime", "datetime")
NANOS_PER_DAY = 86_400 * 10**9
_EPOCH_DAY = dt.date(1970, 1, 1).toordinal()


class Temporal:
    """One temporal value: its kind, date (or None), nanoseconds of the day, UTC offset (seconds)."""

    __slots__ = ("kind", "date", "nanos", "offset", "zone")

    def __init__(self, kind: str, date: dt.date | None, nanos: int, offset: int | None,
                 zone: str | None = None):
        self.kind, self.date, self.nanos, self.offset, self.zone = kind, date, nanos, offset, zone

    def instant(self) -> int:
        """Nanoseconds since day one (UTC when there is an offset)."""
        day = self.date.toordinal() if self.date else 0
        return day * NANOS_PER_DAY + self.nanos - (self.offset or 0) * 10**9

    def sort_key(self) -> tuple:
        """Comparable within one kind; times with offsets compare as instants."""
        return (KINDS.index(self.kind), self.instant(), self.nanos)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Temporal) and self.kind == other.kind and self.sort_key() == other.sort_key() \
            and self.offset == other.offset

    def __hash__(self) -> int:
        return hash(self.sort_key())

    def component(self, key: str) -> Any:
        d, n = self.date, self.nanos
        parts: dict[str, Any] = {}
        if d is not None:
            parts.update(year=d.year, month=d.month, day=d.day, quarter=(d.month - 1) // 3 + 1,
                         week=d.isocalendar()[1], weekYear=d.isocalendar()[0], dayOfWeek=d.isoweekday(),
                         weekDay=d.isoweekday(), ordinalDay=d.timetuple().tm_yday,
                         dayOfQuarter=(d - dt.date(d.year, (d.month - 1) // 3 * 3 + 1, 1)).days + 1)
        if self.kind != "date":
            parts.update(hour=n // 3_600_000_000_000, minute=n // 60_000_000_000 % 60,
                         second=n // 10**9 % 60, millisecond=n // 10**6 % 1000,
                         microsecond=n // 1000 % 10**6, nanosecond=n % 10**9)
        if self.offset is not None:
            parts.update(offset=offset_text(self.offset), offsetSeconds=self.offset,
                         offsetMinutes=int(self.offset / 60), timezone=self.zone or offset_text(self.offset))
        if self.kind == "datetime":
            since_epoch = self.instant() - _EPOCH_DAY * NANOS_PER_DAY
            parts.update(epochSeconds=since_epoch // 10**9, epochMillis=since_epoch // 10**6)
        return parts.get(key)

    def __str__(self) -> str:
        text = ""
        if self.date is not None:
            text = f"{self.date.year:04d}-{self.date.month:02d}-{self.date.day:02d}"
        if self.kind != "date":
            text += ("T" if self.date is not None else "") + _time_text(self.nanos)
        if self.offset is not None:
            text += offset_text(self.offset)
        if self.zone:
            text += f"[{self.zone}]"
        return text

    __repr__ = __str__


def _time_text(nanos: int) -> str:
    h, m = nanos // 3_600_000_000_000, nanos // 60_000_000_000 % 60
    s, frac = nanos // 10**9 % 60, nanos % 10**9
    text = f"{h:02d}:{m:02d}"
    if s or frac:
        text += f":{s:02d}"
    if frac:
        if frac % 10**6 == 0:
            text += f".{frac // 10**6:03d}"
        elif frac % 1000 == 0:
            text += f".{frac // 1000:06d}"
        else:
            text += f".{frac:09d}"
    return text


def offset_text(seconds: int) -> str:
    """A UTC offset as Cypher writes it: ``Z``, ``+01:00``, ``-05:30:15``."""
    if seconds == 0:
        return "Z"
    sign = "+" if seconds > 0 else "-"
    seconds = abs(seconds)
    text = f"{sign}{seconds // 3600:02d}:{seconds // 60 % 60:02d}"
    return text + (f":{seconds % 60:02d}" if seconds % 60 else "")


class Duration:
    """A duration as Cypher keeps it: months, days, seconds and nanoseconds, each signed."""

    __slots__ = ("months", "days", "seconds", "nanos")

    def __init__(self, months: int, days: int, seconds: int, nanos: int):
        carry, self.nanos = divmod(nanos, 10**9)
        self.months, self.days, self.seconds = months, days, seconds + carry

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Duration) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[int, int, int, int]:
        return (self.months, self.days, self.seconds, self.nanos)

    def component(self, key: str) -> Any:
        """``d.days``, ``d.hours``, ``d.nanosecondsOfSecond`` ... (Java's truncating division)."""
        def div(a: int, b: int) -> int:
            return int(a / b) if abs(a) < 2**52 else (abs(a) // b) * (1 if a >= 0 else -1)

        m, d, sec, n = self.months, self.days, self.seconds, self.nanos
        total = sec * 10**9 + n
        parts = {
            "years": div(m, 12), "quarters": div(m, 3), "months": m, "monthsOfYear": m - div(m, 12) * 12,
            "monthsOfQuarter": m - div(m, 3) * 3, "quartersOfYear": div(m - div(m, 12) * 12, 3),
            "weeks": div(d, 7), "days": d, "daysOfWeek": d - div(d, 7) * 7,
            "hours": div(sec, 3600), "minutes": div(sec, 60), "seconds": sec,
            "minutesOfHour": div(sec, 60) - div(sec, 3600) * 60, "secondsOfMinute": sec - div(sec, 60) * 60,
            "milliseconds": div(total, 10**6), "microseconds": div(total, 1000), "nanoseconds": total,
            "millisecondsOfSecond": n // 10**6, "microsecondsOfSecond": n // 1000, "nanosecondsOfSecond": n,
        }
        return parts.get(key)

    def negated(self) -> "Duration":
        return Duration(-self.months, -self.days, -self.seconds, -self.nanos)

    def __str__(self) -> str:
        years, months = divmod(abs(self.months), 12)
        sign = "-" if self.months < 0 else ""
        text = "P"
        if years:
            text += f"{sign}{years}Y"
        if months:
            text += f"{sign}{months}M"
        if self.days:
            text += f"{self.days}D"
        total = self.seconds * 10**9 + self.nanos
        if total:
            neg, total = total < 0, abs(total)
            h, rest = divmod(total, 3600 * 10**9)
            m, rest = divmod(rest, 60 * 10**9)
            sec, frac = divmod(rest, 10**9)
            mark = "-" if neg else ""
            text += "T" + (f"{mark}{h}H" if h else "") + (f"{mark}{m}M" if m else "")
            if sec or frac:
                text += f"{mark}{sec}" + (f".{frac:09d}".rstrip("0") if frac else "") + "S"
        return text if text != "P" else "PT0S"

    __repr__ = __str__


#: Every class of temporal value a property may hold.
TEMPORAL_TYPES = (Temporal, Duration)

_ISO_TEMPORAL = re.compile(
    r"(?:(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2}))?"
    r"(?:(?P<t>T?)(?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d{1,9}))?)?)?"
    r"(?P<off>Z|[+-]\d{2}:\d{2}(?::\d{2})?)?(?:\[(?P<zone>[^\]]+)\])?")
#: Which parts each kind's text has: (a date, a time of day, an offset).
_KIND_PARTS = {"date": (True, False, False), "localtime": (False, True, False), "time": (False, True, True),
               "localdatetime": (True, True, False), "datetime": (True, True, True)}
_ISO_DURATION = re.compile(
    r"P(?:(?P<y>-?\d+)Y)?(?:(?P<mo>-?\d+)M)?(?:(?P<d>-?\d+)D)?"
    r"(?:T(?:(?P<h>-?\d+)H)?(?:(?P<mi>-?\d+)M)?(?:(?P<s>-?\d+)(?:\.(?P<f>\d{1,9}))?S)?)?")


def parse_temporal(kind: str, text: str) -> Temporal:
    """The value whose ``str()`` is ``text``: the exact inverse of :meth:`Temporal.__str__`.

    Stricter than Cypher's ``date('...')`` on purpose (one spelling per value, offset and zone
    kept as written); raises ``ValueError`` for anything else.
    """
    m = _ISO_TEMPORAL.fullmatch(text) if kind in _KIND_PARTS else None
    if m is None or (m["y"] is not None, m["h"] is not None, m["off"] is not None) != _KIND_PARTS[kind] \
            or (m["t"] == "T") != (m["y"] is not None and m["h"] is not None) or (m["zone"] and not m["off"]):
        raise ValueError(f"not the ISO text of a {kind}: {text!r}")
    date = dt.date(int(m["y"]), int(m["mo"]), int(m["d"])) if m["y"] else None
    nanos = 0
    if m["h"]:
        hour, minute, second = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError(f"not a time of day: {text!r}")
        nanos = ((hour * 60 + minute) * 60 + second) * 10**9 + int((m["f"] or "0").ljust(9, "0"))
    offset = None
    if m["off"]:
        offset = 0
        if m["off"] != "Z":
            h, mi, *s = m["off"][1:].split(":")
            offset = (int(h) * 3600 + int(mi) * 60 + int(s[0] if s else 0)) * (1 if m["off"][0] == "+" else -1)
    return Temporal(kind, date, nanos, offset, m["zone"])


def parse_duration(text: str) -> Duration:
    """The duration whose ``str()`` is ``text`` (the inverse of :meth:`Duration.__str__`)."""
    m = _ISO_DURATION.fullmatch(text)
    if m is None or not any(m.groupdict().values()):
        raise ValueError(f"not the ISO text of a duration: {text!r}")

    def num(group: str) -> int:
        return int(m[group] or 0)

    seconds = m["s"] or "0"
    sign = -1 if seconds.startswith("-") else 1
    second_nanos = sign * (abs(int(seconds)) * 10**9 + int((m["f"] or "0").ljust(9, "0")))
    nanos = (num("h") * 3600 + num("mi") * 60) * 10**9 + second_nanos
    return Duration(num("y") * 12 + num("mo"), num("d"), 0, nanos)


def is_temporal(value: Any) -> bool:
    """Whether ``value`` is a temporal or duration value (exact classes, as the engine uses them)."""
    return type(value) in TEMPORAL_TYPES
