"""Which zone an imported event's times are kept in.

A schedule's times are instants: '2014-12-27T11:00:00+01:00' is one moment.
confrec keeps a talk's start as wall time in its event's zone, so the zone
must reproduce the file's offsets, or every export would write the talk at
another offset than the file had. The zone is, in order:

1. the one the user gives (``--timezone``);
2. the zone the file names (``time_zone_name``, ``X-WR-TIMEZONE``) when its
   offsets at those moments are the file's offsets;
3. else the fixed offset the file's times carry ('+01:00'), or the most
   common one when they carry several.

Only the event's zone is chosen here; every instant keeps its moment.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, tzinfo

from confrec.errors import InvalidValue
from confrec.record.models import offset_name, parse_timezone
from confrec.record.timeline import zone


@dataclass
class Choice:
    name: str | None  # the zone for the event (None: the file gives no zone and no offsets)
    note: str | None  # what to tell the user, when the choice was not simply the file's zone name
    differ: int = 0  # instants whose offset the chosen zone does not reproduce


def _minutes(moment: datetime) -> int:
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def _minutes_in(moment: datetime, tz: tzinfo) -> int | None:
    """The offset the zone shows at that moment; None past the calendar's end
    there (31 December 9999 23:00 UTC is 10000 in Almaty): no offset is it."""
    try:
        return _minutes(moment.astimezone(tz))
    except (OverflowError, ValueError):
        return None


def mismatches(name: str | None, instants: list[datetime]) -> int:
    """How many of the instants the zone shows at another offset than they carry."""
    tz = zone(name)
    return sum(_minutes_in(m, tz) != _minutes(m) for m in instants)


def _valid(name: str | None) -> str | None:
    try:
        return parse_timezone(name)
    except InvalidValue:
        return None


def choose(declared: str | None, instants: list[datetime], given: str | None = None) -> Choice:
    """The zone for a new event from a file with these aware times."""
    if given is not None:
        differ = mismatches(given, instants)
        note = None
        if differ:
            note = (f"{differ} time(s) in the file carry another offset than {given} has then: "
                    f"their moments are kept and shown in {given}")
        return Choice(given, note, differ)
    named = _valid(declared)
    if not instants:
        return Choice(named, None if named or not declared else f"unknown zone name {declared!r} in the file: ignored")
    if named is not None and not mismatches(named, instants):
        return Choice(named, None)
    counts = Counter(_minutes(m) for m in instants)
    common = counts.most_common(1)[0][0]
    fixed = offset_name(common)
    shown = ", ".join(offset_name(m) for m in sorted(counts))
    if declared and named is None:
        why = f"the file names an unknown zone {declared!r} and its times carry {shown}"
    elif declared:
        why = f"the file names the zone {declared} but its times carry {shown}"
    else:
        why = f"the file's times carry {shown} but name no zone"
    differ = sum(n for m, n in counts.items() if m != common)
    kept = (f"; {differ} time(s) at another offset keep their moment" if differ else "")
    return Choice(fixed, f"{why}: the event's timezone is the fixed offset {fixed}{kept} "
                         "(import with --timezone NAME to name its zone)", differ)
