"""ics: iCalendar (RFC 5545).

The calendar's head and its VTIMEZONE come from the icalendar library, which
knows the zone rules. The VEVENTs are written here, line by line, in the bytes
icalendar itself would write (its property order, TEXT escaping, RFC 6868
parameter quoting, 75-octet folding; but a literal backslash-N, see text()): building 10,000 icalendar components
took 14 s, writing the same lines takes well under one. tests/test_writers.py
renders the same talks through icalendar's own components and asserts the
two agree, so the two cannot drift apart silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from confrec import __version__
from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.common import published
from confrec.identity import speaker_guid, talk_url
from confrec.record.timeline import aware_end, is_fixed
from confrec.textutil import for_terminal, one_line

CRLF = "\r\n"
CHAIRS = ("moderator", "chair", "host")
STATUS = {"cancelled": "CANCELLED", "confirmed": "CONFIRMED"}  # anything else is TENTATIVE: not yet definite


def uid(bundle: EventBundle, talk_id: int) -> str:
    """Stable across exports: the same talk keeps its UID, so calendars update it."""
    return f"talk-{talk_id}.{bundle.event.slug}@confrec"


_TEXT_SPECIAL = str.maketrans("", "", "\\;,\r\n")


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says (and in icalendar's order).

    Unlike icalendar, a backslash before an N is text like any other:
    icalendar takes 'a\\N' for an escaped line break and writes 'a\\n'.
    """
    if len(value.translate(_TEXT_SPECIAL)) == len(value):  # nothing to escape (in C): most values
        return value
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def param(value: str, quote: bool) -> str:
    """A parameter value: RFC 6868 escapes, double quotes when it holds , ; : or is asked to."""
    value = (value.replace("^", "^^").replace("\r\n", "^n").replace("\r", "^n").replace("\n", "^n")
             .replace('"', "^'"))
    if quote or any(c in value for c in ",;:\u2019"):
        return f'"{value}"'
    return value


def fold(line: str) -> str:
    """Lines of at most 75 octets (RFC 5545 3.1), never splitting a UTF-8
    character nor a backslash or caret escape from what it escapes."""
    if len(line) < 75 and (line.isascii() or len(line.encode()) < 75):
        return line
    raw = line.encode()
    parts, start, n = [], 0, len(raw)
    while n - start > 74:
        end = start + 74
        while raw[end] & 0xC0 == 0x80:  # inside a multi-byte character: back to its first byte
            end -= 1
        if end - start > 1 and raw[end - 1] in b"\\^":
            end -= 1
        parts.append(raw[start:end])
        start = end
    parts.append(raw[start:])
    return b"\r\n ".join(parts).decode()


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def render(bundle: EventBundle, options: Options) -> str:
    return "".join(pieces(bundle, options))


def pieces(bundle: EventBundle, options: Options) -> Iterator[str]:
    """The calendar in pieces of a few thousand lines, each ending in CRLF."""
    e = bundle.event
    # A named zone travels as TZID with its VTIMEZONE; a fixed offset (or UTC)
    # has no rules to describe, so those times are written in UTC: same moments.
    named = e.timezone is not None and not is_fixed(bundle.tz)
    talks = [t for t in published(bundle) if t.start is not None]
    head = _head(bundle, named and bool(talks)).split(CRLF)
    lines = head[:-2]  # up to END:VCALENDAR and the empty string after its CRLF
    dtstamp = stamp(options.generated)
    tzid = f";TZID={param(e.timezone, False)}:" if named and e.timezone else ":"
    local = "%Y%m%dT%H%M%S"
    guids: dict[int, str] = {}
    slots: dict[tuple[datetime, int | None], list[str]] = {}  # parallel rooms share their slots: each written once
    for t in talks:
        if t.start is None:
            continue  # (none: the list holds only talks with a start)
        when = slots.get((t.start, t.duration))
        if when is None:
            start, end = bundle.aware(t.start), aware_end(t, bundle.tz)  # elapsed time, right across DST
            when = ["DTSTART" + (tzid + start.strftime(local) if named else ":" + stamp(start))]
            if end is not None:
                # An end in the repeated hour (after the clocks went back) as
                # a TZID time would mean its first occurrence (RFC 5545): an
                # hour early, maybe before the start. In UTC it is that moment
                # (a DURATION, read with date arithmetic, ends an hour late).
                written = tzid + end.strftime(local) if named and not end.fold else ":" + stamp(end)
                when.append("DTEND" + written)
            slots[(t.start, t.duration)] = when
        # icalendar's order: SUMMARY, DTSTART, DTEND, DTSTAMP, UID first, then the rest by name
        event = ["BEGIN:VEVENT", "SUMMARY:" + text(one_line(t.title)), *when,
                 "DTSTAMP:" + dtstamp, "UID:" + text(uid(bundle, t.id))]
        for s in bundle.speakers_of(t):
            # The speakers, each with an address that tells namesakes apart:
            # the e-mail only when asked for, else the speaker's guid.
            if options.include_private and s.email:
                address = "mailto:" + one_line(s.email).replace(" ", "")
            else:
                if s.id not in guids:
                    guids[s.id] = "urn:uuid:" + speaker_guid(e.slug, s)
                address = guids[s.id]
            role = "CHAIR" if t.roles.get(str(s.id)) in CHAIRS else "REQ-PARTICIPANT"
            name = one_line(s.name)
            cn = param(name, " " in name or "'" in name)  # icalendar quotes a CN with a space or apostrophe
            event.append(f"ATTENDEE;CN={cn};ROLE={role}:{address}")
        if t.track:
            event.append("CATEGORIES:" + text(one_line(t.track)))
        if t.abstract:
            event.append("DESCRIPTION:" + text(for_terminal(t.abstract)))
        if t.room:
            event.append("LOCATION:" + text(one_line(t.room)))
        event.append("STATUS:" + STATUS.get(t.status, "TENTATIVE"))
        url = talk_url(e, t)
        if url:
            event.append("URL:" + one_line(url).replace(" ", "%20"))
        event.append("END:VEVENT")
        lines.extend(x if len(x) < 75 and x.isascii() else fold(x) for x in event)  # (most need no fold)
        if len(lines) > 2000:
            yield CRLF.join(lines) + CRLF
            lines = []
    lines.append("END:VCALENDAR")
    yield CRLF.join(lines) + CRLF


def _head(bundle: EventBundle, with_zone: bool) -> str:
    """The calendar's own properties and, for a named zone, its VTIMEZONE, by icalendar."""
    from icalendar import Calendar, Event, vText

    e = bundle.event
    cal = Calendar()
    cal.add("prodid", f"-//confrec//confrec {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # X- properties are not typed by icalendar, so it would not escape a newline
    # in them: say it is TEXT.
    cal.add("x-wr-calname", vText(for_terminal(e.name)))
    if e.timezone is not None and not is_fixed(bundle.tz):
        cal.add("x-wr-timezone", e.timezone)
    if with_zone:
        # One event in the zone lets icalendar write the VTIMEZONE it needs; the
        # event itself is then dropped, the real ones are written by render().
        probe = Event()
        probe.add("dtstart", bundle.aware(datetime(2000, 1, 1)))
        cal.add_component(probe)
        cal.add_missing_timezones()
        cal.subcomponents = [c for c in cal.subcomponents if c is not probe]
    written: bytes = cal.to_ical()
    return written.decode("utf-8")
