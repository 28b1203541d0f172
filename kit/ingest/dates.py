"""Timestamps as survey tools and Dutch Excel write them -> timezone-aware datetimes.

Handled (see ``shared/reference/export_formats.md``):

* ISO ``2025-10-14 09:05:33`` (Qualtrics, LimeSurvey; naive -> the given zone)
* Google Forms ``2025/10/14 7:16:38 PM GMT+2``, ``2024/12/03 8:48:17 p.m. CET``
* US month-first ``10/14/2025 9:05:33 AM`` (SurveyMonkey, Microsoft Forms text) and
  Dutch day-first ``14-10-2025 9:05`` (Excel round trip, seconds dropped); the order is taken
  from the caller (``date_order``), and a day above 12 settles it either way.
* Excel datetimes (``datetime`` objects from openpyxl) and Excel serial numbers.

Examples
--------
>>> parse_timestamp("2024/12/03 8:48:17 p.m. CET").isoformat()
'2024-12-03T20:48:17+01:00'
>>> parse_timestamp("14-10-2025 9:05", order="dmy").isoformat()
'2025-10-14T09:05:00+02:00'
>>> parse_timestamp("10/27/2025 9:05:00 AM", default_order="mdy").isoformat()
'2025-10-27T09:05:00+01:00'
>>> parse_timestamp("3-10-2025 9:05", default_order="mdy").date()   # Excel: day-first
datetime.date(2025, 10, 3)
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

__all__ = ["parse_timestamp"]

_ZONES = {"CET": 1, "CEST": 2, "GMT": 0, "UTC": 0, "WET": 0, "WEST": 1, "BST": 1, "Z": 0}
_RE = re.compile(
    r"^\s*(?P<a>\d{1,4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{1,4})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"\s*(?P<tz>(?:GMT|UTC)\s?[+-]\s?\d{1,2}(?::?\d{2})?|[A-Z]{1,5}|[+-]\d{2}:?\d{2})?\s*$",
    re.IGNORECASE)


def _offset(tz: str) -> dt.tzinfo:
    t = tz.upper().replace(" ", "")
    if t in _ZONES:
        return dt.timezone(dt.timedelta(hours=_ZONES[t]))
    m = re.match(r"^(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?$", t)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        return dt.timezone(sign * dt.timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))
    raise ValueError(f"unknown time zone {tz!r}")


def parse_timestamp(value: object, *, tz: str = "Europe/Amsterdam", order: str | None = None,
                    default_order: str = "dmy") -> dt.datetime | None:
    """Parse a timestamp cell; ``None`` for blank; ``ValueError`` if it cannot be read.

    Parameters
    ----------
    value : str, datetime, date or number
    tz : str
        IANA zone of naive timestamps.
    order : {"dmy", "mdy", "ymd"}, optional
        Order of day and month, from the mapping file. When not given, ``a/b/c`` dates use
        ``default_order`` (the tool's convention) and ``a-b-c`` / ``a.b.c`` dates are day-first
        (Dutch Excel); a day above 12 settles the order either way.
    """
    zone = zoneinfo.ZoneInfo(tz)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 < value < 80000:  # Excel serial date
            naive = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(value))
            return naive.replace(microsecond=0, tzinfo=zone)
        raise ValueError(f"not a date: {value!r}")
    s = str(value).strip()
    if not s:
        return None
    m = _RE.match(s)
    if not m:
        raise ValueError(f"not a date: {s!r}")
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        if len(c) not in (2, 4):
            raise ValueError(f"not a date: {s!r}")
        year = int(c) + (2000 if len(c) == 2 else 0)
        first, second = int(a), int(b)
        # '/' dates follow the tool's convention; '-' and '.' dates are what Dutch Excel writes
        sep = s[len(a)]
        how = order or (default_order if sep == "/" else "dmy")
        if first > 12 >= second:
            how = "dmy"
        elif second > 12 >= first:
            how = "mdy"
        day, month = (first, second) if how != "mdy" else (second, first)
    hour = int(m.group("H") or 0)
    minute, second_ = int(m.group("M") or 0), int(m.group("S") or 0)
    ampm = (m.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"not a 12-hour time: {s!r}")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    naive = dt.datetime(year, month, day, hour, minute, second_)
    if m.group("tz"):
        return naive.replace(tzinfo=_offset(m.group("tz")))
    return naive.replace(tzinfo=zone)
