"""Temporal values (date, localtime, time, localdatetime, datetime) built from maps or ISO text.

A subset of Neo4j's temporal types: construction and arithmetic here; the value classes,
component access (``d.year``), equality, ordering and ISO text in :mod:`graph.temporal`. Durations are built from maps and can be
added to or subtracted from temporals; named time zones, duration text and duration
functions are not implemented and say so. Results leave the engine as ISO text, as the TCK writes them.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import zoneinfo
from functools import partial
from typing import Any

from nordgraph.graph.cypher.errors import CypherArgumentError, CypherUnsupportedError
from nordgraph.graph.temporal import KINDS, NANOS_PER_DAY, Duration, Temporal

__all__ = ["KINDS", "Duration", "Temporal", "between", "make", "make_duration", "shift", "truncate"]


_OFFSET_RE = re.compile(r"^(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)$")


def _parse_offset(text: str) -> int:
    m = _OFFSET_RE.match(text)
    if not m:
        raise CypherUnsupportedError(f"time zone {text!r}: only numeric offsets such as '+01:00' are supported")
    if m.group(1):
        return 0
    seconds = int(m.group(3)) * 3600 + int(m.group(4) or 0) * 60 + int(m.group(5) or 0)
    return seconds if m.group(2) == "+" else -seconds


def _int_field(kind: str, fields: dict[str, Any], name: str, default: int) -> int:
    value = fields.get(name, default)
    if type(value) is not int:
        raise CypherArgumentError(f"{kind}() field {name} must be an integer", detail="InvalidArgumentValue")
    return value


def _base(fields: dict[str, Any], *names: str) -> Temporal | None:
    for name in names:
        value = fields.get(name)
        if isinstance(value, Temporal):
            return value
    return None


def _resolve_date(kind: str, fields: dict[str, Any], base: dt.date | None) -> dt.date:
    """Calendar, week (``week``/``dayOfWeek``), ordinal or quarter fields, defaulting to ``base``."""
    get = partial(_int_field, kind, fields)

    if "week" in fields or "dayOfWeek" in fields:
        iso = base.isocalendar() if base else (get("year", 0), 1, 1)
        return dt.date.fromisocalendar(get("year", iso[0]), get("week", iso[1]), get("dayOfWeek", iso[2]))
    if "ordinalDay" in fields:
        year = get("year", base.year if base else 0)
        return dt.date(year, 1, 1) + dt.timedelta(days=get("ordinalDay", 1) - 1)
    if "quarter" in fields or "dayOfQuarter" in fields:
        q0 = (base.month - 1) // 3 + 1 if base else 1
        doq0 = (base - dt.date(base.year, 3 * (q0 - 1) + 1, 1)).days + 1 if base else 1
        year, quarter = get("year", base.year if base else 0), get("quarter", q0)
        return dt.date(year, 3 * (quarter - 1) + 1, 1) + dt.timedelta(days=get("dayOfQuarter", doq0) - 1)
    return dt.date(get("year", base.year if base else 0), get("month", base.month if base else 1),
                   get("day", base.day if base else 1))


def _resolve_nanos(kind: str, fields: dict[str, Any], base: int | None) -> int:
    get = partial(_int_field, kind, fields)
    b = base or 0
    h = get("hour", b // 3_600_000_000_000)
    m = get("minute", b // 60_000_000_000 % 60)
    s = get("second", b // 10**9 % 60)
    if not (0 <= h < 24 and 0 <= m < 60 and 0 <= s < 60):
        raise CypherArgumentError(f"{kind}(): time out of range", detail="InvalidArgumentValue")
    frac = b % 10**9
    if any(k in fields for k in ("millisecond", "microsecond", "nanosecond")):
        # sub-second fields replace their own part of the base's fraction
        frac = (get("millisecond", frac // 10**6) * 10**6 + get("microsecond", frac // 1000 % 1000) * 1000
                + get("nanosecond", frac % 1000))
    return ((h * 60 + m) * 60 + s) * 10**9 + frac


def _from_map(kind: str, fields: dict[str, Any]) -> Temporal:
    """A temporal from fields; ``date``/``time``/``datetime`` entries give a base to override."""
    date_base = _base(fields, "date", "datetime")
    time_base = _base(fields, "time", "datetime")
    date = None
    if kind in ("date", "localdatetime", "datetime"):
        base = date_base.date if date_base is not None else None
        try:
            date = _resolve_date(kind, fields, base)
        except (ValueError, OverflowError) as err:  # a field past the calendar (or past C's integers)
            raise CypherArgumentError(f"{kind}(): {err}", detail="InvalidArgumentValue") from None
    nanos = 0
    if kind != "date":
        nanos = _resolve_nanos(kind, fields, time_base.nanos if time_base is not None else None)
    offset, zone = None, None
    if kind in ("time", "datetime"):
        given = fields.get("timezone")
        source_offset = time_base.offset if time_base is not None else None
        if given is None:
            offset, zone = (source_offset, time_base.zone) if source_offset is not None else (0, None)
        else:
            offset, zone = _zone(given, date, nanos)
            if source_offset is not None:  # same instant, other zone
                shifted = Temporal(kind, date, nanos, source_offset).instant() + offset * 10**9
                day, nanos = divmod(shifted, NANOS_PER_DAY)
                date = dt.date.fromordinal(day) if date is not None else None
                if zone:
                    offset = _zone(given, date, nanos)[0]
    return Temporal(kind, date, nanos, offset, zone if kind == "datetime" else None)


def _zone(name: str, date: dt.date | None, nanos: int) -> tuple[int, str | None]:
    """(offset seconds, zone name or None) for ``'+01:00'``, ``'Z'`` or ``'Europe/Oslo'``."""
    if not isinstance(name, str):
        raise CypherArgumentError(f"a time zone is text such as '+01:00' or 'Europe/Oslo', not {name!r}",
                                  detail="InvalidArgumentType")
    if _OFFSET_RE.match(name):
        return _parse_offset(name), None
    try:
        tz = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise CypherArgumentError(f"unknown time zone {name!r}", detail="InvalidArgumentValue") from None
    local = dt.datetime.combine(date or dt.date(1970, 1, 1), dt.time()) + dt.timedelta(microseconds=nanos // 1000)
    delta = tz.utcoffset(local)
    return int(delta.total_seconds()) if delta is not None else 0, name


#: ISO 8601 calendar (2015-07-21, 201507, 2015), week (2015-W30-2) and ordinal (2015-202) dates
_DATE_RE = (r"(?P<y>\d{4})(?:-?W(?P<w>\d{2})(?:-?(?P<dow>\d))?|-?(?P<doy>\d{3})"
            r"|-?(?P<mo>\d{2})(?:-?(?P<d>\d{2}))?)?")
_TIME_RE = r"(?P<h>\d{2})(?::?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
_ZONE_RE = r"(?P<z>Z|[+-]\d{2}(?::?\d{2})?)?(?:\[(?P<zn>[^\]]+)\])?"
_TEXT_PATTERNS = {
    "date": _DATE_RE, "localtime": "T?" + _TIME_RE, "time": "T?" + _TIME_RE + _ZONE_RE,
    "localdatetime": _DATE_RE + "(?:T" + _TIME_RE + ")?",
    "datetime": _DATE_RE + "(?:T" + _TIME_RE + ")?" + _ZONE_RE,
}
_TEXT_FIELDS = (("y", "year"), ("w", "week"), ("dow", "dayOfWeek"), ("doy", "ordinalDay"), ("mo", "month"),
                ("d", "day"), ("h", "hour"), ("mi", "minute"), ("s", "second"))


def _from_text(kind: str, text: str) -> Temporal:
    m = re.fullmatch(_TEXT_PATTERNS[kind], text)
    if not m:
        raise CypherArgumentError(f"{kind}(): cannot read {text!r}", detail="InvalidArgumentValue")
    g = m.groupdict()
    fields: dict[str, Any] = {name: int(g[key]) for key, name in _TEXT_FIELDS if g.get(key)}
    if g.get("w") and not g.get("dow"):
        fields["dayOfWeek"] = 1
    if g.get("f"):
        fields["nanosecond"] = int(g["f"].ljust(9, "0"))
    if g.get("zn") or g.get("z"):
        fields["timezone"] = g.get("zn") or g["z"]
    return _from_map(kind, fields)


NOW = object()  #: ``make``'s argument for "no argument": the current instant


def make(kind: str, arg: Any = NOW, now: dt.datetime | None = None) -> Temporal | None:
    """``date(...)`` and friends: from a map of fields, ISO text, another temporal, or ``now``
    (the statement's clock: every ``date()`` of one query gives the same answer); null gives null."""
    if arg is None:
        return None
    if arg is NOW:
        now = now or dt.datetime.now(dt.timezone.utc)
        fields = dict(year=now.year, month=now.month, day=now.day, hour=now.hour, minute=now.minute,
                      second=now.second, microsecond=now.microsecond)
        return _from_map(kind, fields)
    if isinstance(arg, str):
        return _from_text(kind, arg)
    if isinstance(arg, Temporal):
        return _from_map(kind, {"datetime" if arg.date and arg.kind != "date" else
                                ("date" if arg.date else "time"): arg})
    if isinstance(arg, dict):
        if any(k in arg for k in ("epochSeconds", "epochMillis")):
            return _from_epoch_fields(kind, arg)
        return _from_map(kind, arg)
    raise CypherArgumentError(f"{kind}() needs a map or a string", detail="InvalidArgumentType")


_EPOCH_DAY = dt.date(1970, 1, 1).toordinal()
_EPOCH_FIELDS = {"epochSeconds": 10**9, "epochMillis": 10**6, "millisecond": 10**6, "microsecond": 1000,
                 "nanosecond": 1}


def _from_epoch_fields(kind: str, fields: dict[str, Any]) -> Temporal | None:
    """``datetime({epochSeconds: s, nanosecond: n [, timezone: z]})`` or ``{epochMillis: ms}``:
    the instant that many units after 1970-01-01T00:00Z, seen in UTC or in ``timezone``."""
    if kind != "datetime":
        raise CypherUnsupportedError(f"{kind}() from epoch fields is not supported; datetime() is")
    unknown = set(fields) - set(_EPOCH_FIELDS) - {"timezone"}
    if unknown or ("epochSeconds" in fields and "epochMillis" in fields):
        raise CypherArgumentError(f"datetime(): epoch fields cannot be combined with {sorted(unknown) or 'both'}",
                                  detail="InvalidArgumentValue")
    nanos = 0
    for name, unit in _EPOCH_FIELDS.items():
        value = fields.get(name, 0)
        if value is None:
            return None
        if type(value) is not int:
            raise CypherArgumentError(f"datetime(): {name} must be an integer", detail="InvalidArgumentType")
        nanos += value * unit
    day, rest = divmod(nanos, NANOS_PER_DAY)
    try:
        utc = Temporal("datetime", dt.date.fromordinal(_EPOCH_DAY + day), rest, 0, None)
    except (ValueError, OverflowError):
        raise CypherArgumentError(f"datetime(): {nanos} ns from the epoch is past the calendar",
                                  detail="InvalidArgumentValue") from None
    zone = fields.get("timezone")
    return utc if zone is None else _from_map("datetime", {"datetime": utc, "timezone": zone})


_DURATION_FIELDS = {"years": (12, 0, 0), "months": (1, 0, 0), "weeks": (0, 7, 0), "days": (0, 1, 0),
                    "hours": (0, 0, 3600 * 10**9), "minutes": (0, 0, 60 * 10**9), "seconds": (0, 0, 10**9),
                    "milliseconds": (0, 0, 10**6), "microseconds": (0, 0, 1000), "nanoseconds": (0, 0, 1)}


_DURATION_TEXT = re.compile(
    r"^(?P<sign>-)?P(?:(?P<years>-?[\d.]+)Y)?(?:(?P<months>-?[\d.]+)M)?(?:(?P<weeks>-?[\d.]+)W)?"
    r"(?:(?P<days>-?[\d.]+)D)?(?:T(?:(?P<hours>-?[\d.]+)H)?(?:(?P<minutes>-?[\d.]+)M)?"
    r"(?:(?P<seconds>-?[\d.]+)S)?)?$")


def _duration_text(text: str) -> Duration:
    m = _DURATION_TEXT.match(text)
    if not m or text in ("P", "PT") or text.endswith("T"):
        raise CypherArgumentError(f"duration(): cannot read {text!r}", detail="InvalidArgumentValue")
    fields = {k: (float(v) if "." in v else int(v)) for k, v in m.groupdict().items() if v and k != "sign"}
    d = make_duration(fields)
    return d.negated() if m.group("sign") else d


def make_duration(arg: Any) -> Duration | None:
    """``duration({days: 2, hours: 3})`` or ``duration('P2DT3H')``."""
    if arg is None:
        return None
    if isinstance(arg, str):
        return _duration_text(arg)
    if not isinstance(arg, dict):
        raise CypherArgumentError("duration() needs a map or a string", detail="InvalidArgumentType")
    months = days = nanos = 0
    for key, value in arg.items():
        if key not in _DURATION_FIELDS:
            raise CypherArgumentError(f"duration() has no field {key!r}", detail="InvalidArgumentValue")
        if type(value) not in (int, float) or not math.isfinite(value):
            raise CypherArgumentError(f"duration() field {key} must be a finite number", detail="InvalidArgumentValue")
        if abs(value) > 2**63:  # beyond any duration Neo4j holds, and past what a float multiplies finitely
            raise CypherArgumentError(f"duration() field {key} is too large", detail="InvalidArgumentValue")
        m, d, n = _DURATION_FIELDS[key]
        months += int(value * m)
        days += int(value * d)
        nanos += round(value * n)
        if type(value) is float:  # fractions cascade to smaller units (months as 30.436875 days)
            frac_months = value * m - int(value * m)
            frac_days = value * d - int(value * d) + frac_months * 30.436875
            days += int(frac_days)
            nanos += round((frac_days - int(frac_days)) * 86_400 * 10**9)
    return Duration(months, days, 0, nanos)


def shift(t: Temporal, d: Duration) -> Temporal:
    """``t + d``: months (clamping the day), then days, then the time of day (carrying days)."""
    date, nanos = t.date, t.nanos
    if date is not None:
        month_index = date.year * 12 + date.month - 1 + d.months
        year, month = divmod(month_index, 12)
        last = (dt.date(year + (month == 11), month % 12 + 2 if month < 11 else 1, 1) - dt.timedelta(days=1)).day
        date = dt.date(year, month + 1, min(date.day, last)) + dt.timedelta(days=d.days)
    clock = d.seconds * 10**9 + d.nanos
    if t.kind != "date":
        carry, nanos = divmod(nanos + clock, NANOS_PER_DAY)
        if date is not None:
            date = date + dt.timedelta(days=carry)
    elif abs(clock) >= NANOS_PER_DAY:  # a date moves by the whole days of the clock part, as Neo4j's
        date = date + dt.timedelta(days=abs(clock) // NANOS_PER_DAY * (1 if clock > 0 else -1))
    offset = _zone(t.zone, date, nanos)[0] if t.zone else t.offset  # daylight saving moves with it
    return Temporal(t.kind, date, nanos, offset, t.zone)


_DATE_UNITS = ("millennium", "century", "decade", "year", "weekyear", "quarter", "month", "week", "day")
_TIME_UNITS = {"hour": 3_600_000_000_000, "minute": 60_000_000_000, "second": 10**9,
               "millisecond": 10**6, "microsecond": 1000}


def truncate(kind: str, unit: Any, value: Any, fields: Any = None) -> Temporal | None:
    """``date.truncate('month', d, {day: 2})`` and friends: cut ``value`` down to ``unit``, then
    override with ``fields``."""
    if value is None:
        return None
    if not isinstance(value, Temporal) or not isinstance(unit, str):
        raise CypherArgumentError(f"{kind}.truncate() needs a unit name and a temporal value",
                                  detail="InvalidArgumentType")
    unit = unit.lower()
    date, nanos = value.date, value.nanos
    if unit in _DATE_UNITS:
        if date is None:
            raise CypherArgumentError(f"cannot truncate a {value.kind} to {unit}", detail="InvalidArgumentValue")
        y = date.year
        date = {
            "millennium": lambda: dt.date(y // 1000 * 1000, 1, 1),
            "century": lambda: dt.date(y // 100 * 100, 1, 1),
            "decade": lambda: dt.date(y // 10 * 10, 1, 1),
            "year": lambda: dt.date(y, 1, 1),
            "weekyear": lambda: dt.date.fromisocalendar(date.isocalendar()[0], 1, 1),
            "quarter": lambda: dt.date(y, (date.month - 1) // 3 * 3 + 1, 1),
            "month": lambda: dt.date(y, date.month, 1),
            "week": lambda: date - dt.timedelta(days=date.isoweekday() - 1),
            "day": lambda: date,
        }[unit]()
        nanos = 0
    elif unit in _TIME_UNITS:
        if kind == "date":
            raise CypherArgumentError(f"cannot truncate a date to {unit}", detail="InvalidArgumentValue")
        nanos -= nanos % _TIME_UNITS[unit]
    else:
        raise CypherArgumentError(f"unknown truncation unit {unit!r}", detail="InvalidArgumentValue")
    base = Temporal(value.kind, date, nanos, value.offset, value.zone)
    overrides = dict(fields or {})
    if kind in ("date", "localdatetime", "datetime") and date is None:
        raise CypherArgumentError(f"{kind}.truncate() needs a value with a date", detail="InvalidArgumentValue")
    seed = {"datetime": base} if date is not None and value.kind != "date" else (
        {"date": base} if date is not None else {"time": base})
    if value.kind == "date" and kind != "date":
        seed["time"] = Temporal("localtime", None, 0, None)
    if "timezone" in overrides and base.offset is not None:
        # a new zone keeps the local time as truncated (not the instant)
        base = Temporal(value.kind, date, nanos, None)
        seed = {k: base for k in seed}
    return _from_map(kind, {**seed, **overrides})


def _parts(t: Temporal) -> tuple[dt.date | None, int, int | None]:
    return t.date, t.nanos, t.offset


def between(a: Any, b: Any, unit: str = "all") -> Duration | None:
    """``duration.between(a, b)`` (and ``inMonths``/``inDays``/``inSeconds`` with ``unit``)."""
    if a is None or b is None:
        return None
    if not isinstance(a, Temporal) or not isinstance(b, Temporal):
        raise CypherArgumentError("duration.between() needs two temporal values", detail="InvalidArgumentType")
    da, na, oa = _parts(a)
    db, nb, ob = _parts(b)
    # a value without a date or zone is read on the other's date and in the other's zone
    da, db = da or db, db or da
    if (oa is None) != (ob is None):
        zoned = a if oa is not None else b
        date, nanos = (db, nb) if oa is not None else (da, na)
        local = _zone(zoned.zone, date, nanos)[0] if zoned.zone else zoned.offset
        oa, ob = (oa, local) if oa is not None else (local, ob)
    if oa is not None and ob is not None:
        nb += (oa - ob) * 10**9  # b seen in a's offset
    days_apart = (db - da).days if da is not None else 0
    total = days_apart * NANOS_PER_DAY + nb - na
    if unit == "seconds":
        return Duration(0, 0, 0, total)
    if unit == "days":
        return Duration(0, int(total / NANOS_PER_DAY), 0, 0)
    months = 0
    if da is not None:
        months = (db.year - da.year) * 12 + db.month - da.month
        def after(months: int) -> int:  # nanoseconds from a shifted by months to b
            shifted = shift(Temporal("localdatetime", da, na, None), Duration(months, 0, 0, 0))
            return (db - shifted.date).days * NANOS_PER_DAY + nb - shifted.nanos
        if months > 0 and after(months) < 0:
            months -= 1
        elif months < 0 and after(months) > 0:
            months += 1
        total = after(months)
    if unit == "months":
        return Duration(months, 0, 0, 0)
    days = int(total / NANOS_PER_DAY)
    return Duration(months, days, 0, total - days * NANOS_PER_DAY)
