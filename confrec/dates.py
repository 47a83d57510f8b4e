"""Dates and times as people write them, read completely or not at all.

Dates: ``2016-10-21`` (or ``2016/10/21``), ``21.10.2016`` (day first, as
everywhere dots are used), ``21/10/2016`` when only one reading is possible
(a day over 12; else the error shows both readings), ``21 Oct 2016``,
``21 October 2016``, ``October 21, 2016``, ``21st of October 2016``, and
month names in Russian and Kazakh (``21 октября 2016 г.``, ``21 қазан 2016``,
and year first as Kazakh writes it, ``2016 жылғы 21 қазан``).

Times: ``10:30``, ``10.30``, ``10h30``, ``9.15``, ``10:30am``, ``10 pm``,
``10:30:00``. A date and a time go together with a space, ``T``, ``, ``,
`` at ``, `` в `` or ``, сағат ``.

Each form is a pattern matched against the whole value: a value with a
character the pattern does not account for is refused, never partly read.
(``dateparser`` would guess; a silently wrong time is worse than an error.)
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import date, datetime, time

from confrec.errors import InvalidValue

_MONTHS: dict[str, int] = {}
for _n, _names in enumerate([
    "january jan январь января январе қаңтар қаңтардың",
    "february feb февраль февраля ақпан ақпанның",
    "march mar март марта наурыз наурыздың",
    "april apr апрель апреля сәуір сәуірдің",
    "may май мая мамыр мамырдың",
    "june jun июнь июня маусым маусымның",
    "july jul июль июля шілде шілденің",
    "august aug август августа тамыз тамыздың",
    "september sep sept сентябрь сентября қыркүйек қыркүйектің",
    "october oct октябрь октября қазан қазанның",
    "november nov ноябрь ноября қараша қарашаның",
    "december dec декабрь декабря желтоқсан желтоқсанның",
], 1):
    for _name in _names.split():
        _MONTHS[_name] = _n

_MONTH = r"(?P<month>[^\W\d_]+)\.?"
_YEAR = r"(?P<year>\d{4})(?: ?(?:г\.?|года|жыл(?:ы|ғы)?|ж\.?))?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"  # (21st October, October 21st)
_DATES = [
    re.compile(r"(?P<year>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})"),  # (2016/10/21: year first is one reading)
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<year>\d{4})"),
    re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})"),
    re.compile(_DAY + r" (?:of )?" + _MONTH + ",? " + _YEAR, re.IGNORECASE),
    re.compile(r"(?P<d>\d{1,2})-(?P<month>[^\W\d_]+)-(?P<year>\d{4})", re.IGNORECASE),
    re.compile(_MONTH + " " + _DAY + r",? " + _YEAR, re.IGNORECASE),
    # Kazakh writes the year first: 2016 жылғы 21 қазан, 2016 ж. 21 қазан
    re.compile(r"(?P<year>\d{4})(?: ?(?:жылғы|жылы|ж\.?))? " + _DAY + " " + _MONTH, re.IGNORECASE),
]
# A date without its year, as a program for one conference is typed: the
# event's days say the year (moment_in_days).
_YEARLESS = [
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.?"),  # 12.04, 12.04.
    re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})"),  # 12/04: either way round, as the days allow
    re.compile(_DAY + r" (?:of )?" + _MONTH, re.IGNORECASE),  # 12 апреля, 12th of April
    re.compile(_MONTH + " " + _DAY, re.IGNORECASE),  # April 12
]
_TIMES = [
    # 10:30, 10.30, 10h30, 9.15, 10:30:00; optional am/pm
    re.compile(r"(?P<h>\d{1,2})(?:[:.h](?P<min>\d{2})(?::(?P<s>\d{2}))?|h)?\s*"
               r"(?P<ampm>[ap]m|[ap]\.m\.)?", re.IGNORECASE),
]
# (in the value with its spaces squeezed) '21 октября 2016 г. в 10:30', '21 қазан, сағат 10:30'
_SEPARATOR = re.compile(r"T| at |,? в |,? сағат |,? сағ\. ?|,? ")

DATE_EXAMPLE = "2016-10-21, 21.10.2016 or 21 Oct 2016"
TIME_EXAMPLE = "10:30, 10.30 or 10:30am"
MOMENT_EXAMPLE = "2016-10-21 10:30, 21.10.2016 10.30 or 21 Oct 2016 10:30am"


class _Refused(ValueError):
    """The value is not in any form; the message says why when a form fits but is wrong."""


class _Ambiguous(_Refused):
    """The value fits, but means two things: the message says both, and what to write."""


def _parts(text: str, patterns: list[re.Pattern[str]]) -> dict[str, str]:
    """The named parts of the first of ``patterns`` the whole value fits
    (spaces squeezed), a month's name given as its number ('m')."""
    value = " ".join(text.split())
    for pattern in patterns:
        m = pattern.fullmatch(value)
        if not m:
            continue
        parts = {k: v for k, v in m.groupdict().items() if v is not None}
        if "month" in parts:
            month = _MONTHS.get(parts["month"].lower())
            if month is None:
                raise _Refused(f"{parts['month']!r} is not a month name")
            parts["m"] = str(month)
        return parts
    raise _Refused("")


def _day(text: str) -> date:
    parts = _parts(text, _DATES)
    year = int(parts["year"])
    if "a" in parts:
        return _slashed(" ".join(text.split()), int(parts["a"]), int(parts["b"]), year)
    try:
        return date(year, int(parts["m"]), int(parts["d"]))
    except ValueError:
        raise _Refused("there is no such day") from None


def _day_month(text: str) -> set[tuple[int, int]]:
    """The (month, day) readings of a date written without its year."""
    parts = _parts(text, _YEARLESS)
    if "a" in parts:
        a, b = int(parts["a"]), int(parts["b"])
        return {(b, a), (a, b)}
    return {(int(parts["m"]), int(parts["d"]))}


def _slashed(value: str, a: int, b: int, year: int) -> date:
    """D/M/YYYY or M/D/YYYY: only where one reading is possible."""
    readings = []
    for day, month in ((a, b), (b, a)):
        with contextlib.suppress(ValueError):  # not a date in this reading
            readings.append(date(year, month, day))
    readings = list(dict.fromkeys(readings))
    if not readings:
        raise _Refused("there is no such day")
    if len(readings) > 1:
        said = " or ".join(f"{d.day} {d.strftime('%B')}" for d in readings)
        raise _Ambiguous(f"{value} could be {said} {year}: write {' or '.join(d.isoformat() for d in readings)}")
    return readings[0]


def _clock(text: str) -> time:
    value = text.strip()
    for pattern in _TIMES:
        m = pattern.fullmatch(value)
        if not m:
            continue
        hour, minute = int(m["h"]), int(m["min"] or 0)
        if m["s"] is not None and int(m["s"]) != 0:
            raise _Refused("seconds are not kept: give hours and minutes")
        if m["ampm"]:
            if not 1 <= hour <= 12:
                raise _Refused(f"{hour} is not an hour on a 12-hour clock")
            hour = hour % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
        elif m["min"] is None and not value.lower().endswith("h"):
            break  # a bare number is not a time
        if hour > 23 or minute > 59:
            raise _Refused("there is no such time")
        return time(hour, minute)
    raise _Refused("")


def _invalid(what: str, value: str, e: _Refused | None, example: str, after: str = "") -> InvalidValue:
    if isinstance(e, _Ambiguous):
        return InvalidValue(f"invalid {what} {value!r}: {e}")
    why = f" ({e})" if e is not None and str(e) else ""
    return InvalidValue(f"invalid {what} {value!r}{why}: use e.g. {example}{after}")


def parse_day(name: str, value: str) -> date:
    """A date as people write it; InvalidValue naming ``name`` and what works."""
    try:
        return _day(value)
    except _Refused as e:
        raise _invalid(f"{name} date", value, e, DATE_EXAMPLE) from None


def parse_clock(name: str, value: str) -> time:
    try:
        return _clock(value)
    except _Refused as e:
        raise _invalid(f"{name} time", value, e, TIME_EXAMPLE) from None


def _splits(text: str) -> Iterator[tuple[str, str]]:
    """Each way to read ``text`` (its spaces squeezed) as a date, one
    separator, and a time."""
    for sep in _SEPARATOR.finditer(text):
        day_part, time_part = text[:sep.start()], text[sep.end():]
        if day_part.strip() and time_part == time_part.strip() and day_part == day_part.strip():
            yield day_part, time_part  # (one separator: 'T ' or ' ,' are not how dates are written)


def parse_moment(name: str, value: str) -> datetime:
    """A date and a time: every way to split the value is tried, so only a
    value that is wholly one date and one time is read."""
    text = " ".join(value.split())
    try:
        offset = datetime.fromisoformat(text.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        offset = False
    if offset:
        raise InvalidValue(f"invalid {name} {value!r}: give the event's local time without an offset")
    errors: list[_Refused] = []
    for day_part, time_part in _splits(text):
        try:
            return datetime.combine(_day(day_part), _clock(time_part))
        except _Refused as e:
            if str(e):
                errors.append(e)
    try:
        _day(text)
    except _Refused:
        pass
    else:
        raise InvalidValue(f"invalid {name} {value!r}: give a time too, e.g. {MOMENT_EXAMPLE}")
    raise _invalid(name, value, errors[0] if errors else None, MOMENT_EXAMPLE, " (local time of the event)")


def moment_in_days(name: str, value: str, days: list[date]) -> datetime | None:
    """A date written without its year and a time ('12.04 10.30', '12
    апреля 10:30', 'April 12, 10am'), on the one day of ``days`` it names;
    None when the value is not written so. A day that is none of ``days``,
    or that could be two of them ('05/04' in a month-long event), is refused."""
    for day_part, time_part in _splits(" ".join(value.split())):
        try:
            readings, at = _day_month(day_part), _clock(time_part)
        except _Refused:
            continue
        matches = [d for d in days if (d.month, d.day) in readings]
        if len(matches) == 1:
            return datetime.combine(matches[0], at)
        span = days[0].isoformat() + ("" if len(days) == 1 else f" to {days[-1].isoformat()}")
        if matches:
            said = " or ".join(d.isoformat() for d in matches)
            raise InvalidValue(f"invalid {name} {value!r}: {day_part} could be {said}: give the year")
        raise InvalidValue(f"invalid {name} {value!r}: {day_part} is not a day of the event ({span}): "
                           "give the year too")
    return None
