"""ics: iCalendar (RFC 5545) through the icalendar library, which folds lines
and escapes text, so a CR/LF in a title cannot start a new property."""

from __future__ import annotations

from confrec import __version__
from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.common import published
from confrec.identity import speaker_guid, talk_url
from confrec.textutil import for_terminal, one_line
from confrec.timeline import UTC, aware_end, is_fixed


def uid(bundle: EventBundle, talk_id: int) -> str:
    """Stable across exports: the same talk keeps its UID, so calendars update it."""
    return f"talk-{talk_id}.{bundle.event.slug}@confrec"


def render(bundle: EventBundle, options: Options) -> str:
    from icalendar import Calendar, Event, vText

    e = bundle.event
    cal = Calendar()
    cal.add("prodid", f"-//confrec//confrec {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # X- properties are not typed by icalendar, so it would not escape a newline
    # in them: say it is TEXT.
    cal.add("x-wr-calname", vText(for_terminal(e.name)))
    # A named zone travels as TZID with its VTIMEZONE; a fixed offset (or UTC)
    # has no rules to describe, so those times are written in UTC: same moments.
    named = e.timezone is not None and not is_fixed(bundle.tz)
    if named:
        cal.add("x-wr-timezone", e.timezone)
    for t in published(bundle):
        if t.start is None:
            continue
        v = Event()
        v.add("uid", uid(bundle, t.id))
        v.add("dtstamp", options.generated)
        start, end = bundle.aware(t.start), aware_end(t, bundle.tz)  # elapsed time, right across DST
        v.add("dtstart", start if named else start.astimezone(UTC))
        if end is not None:
            v.add("dtend", end if named else end.astimezone(UTC))
        v.add("summary", one_line(t.title))
        if t.room:
            v.add("location", one_line(t.room))
        if t.abstract:
            v.add("description", for_terminal(t.abstract))
        if t.track:
            v.add("categories", [one_line(t.track)])
        url = talk_url(e, t)
        if url:
            v.add("url", one_line(url).replace(" ", "%20"))
        # TENTATIVE: not yet definite (submitted, or accepted but not confirmed)
        v.add("status", {"cancelled": "CANCELLED", "confirmed": "CONFIRMED"}.get(t.status, "TENTATIVE"))
        for s in bundle.speakers_of(t):
            # The speakers, each with an address that tells namesakes apart:
            # the e-mail only when asked for, else the speaker's guid.
            address = f"mailto:{one_line(s.email).replace(' ', '')}" if options.include_private and s.email else \
                f"urn:uuid:{speaker_guid(e.slug, s)}"
            role = "CHAIR" if t.roles.get(str(s.id)) in ("moderator", "chair", "host") else "REQ-PARTICIPANT"
            v.add("attendee", address, parameters={"CN": one_line(s.name), "ROLE": role})
        cal.add_component(v)
    if named:
        cal.add_missing_timezones()  # a VTIMEZONE for every TZID used
    return cal.to_ical().decode("utf-8")
