"""iCalendar (.ics), the one export many conference systems publish: each
VEVENT a talk. A calendar names itself (X-WR-CALNAME, else X-WR-CALDESC), not
certainly the conference: the talks go into the event ``--event`` names, else
the record's event of the calendar's name, else a new event of that name when
the record has none, else the only event there is.

Lines are unfolded on the bytes before decoding, because real files fold in
the middle of a UTF-8 sequence. SUMMARY is the title, DESCRIPTION the
abstract (HTML made text), LOCATION the room, DTSTART/DTEND (or DURATION) the
slot, UID the reference, URL the link, ATTENDEE (else ORGANIZER) names the
speakers. Calendars that name speakers only in the description, on a first
line such as 'Speaker: A, B' or 'von: A', have them read from there, with
the affiliation in brackets after a name as Indico writes it ('Speakers: Ana
Berg (KTH)'); a last line that is the talk's URL is not abstract.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from confrec.importers import ImportFailed, Incoming, IncomingTalk, occurrence_refs
from confrec.importers.common import (
    add_person,
    elapsed_minutes,
    event_slug,
    person_key,
    plain_text,
    type_from_title,
)
from confrec.words import talk_status

_FOLD = re.compile(rb"\r?\n[ \t]")
# A first line of the description that names the speakers, in the words
# conference calendars use for it.
_SPEAKER_LINE = re.compile(
    r"^\s*(?:speakers?|presenters?|presented by|by|von|referent(?:in|en)?|vortragende[rn]?|"
    r"orateurs?|intervenants?|ponentes?|спикеры?|докладчики?)\s*:\s*(?P<names>[^\n]+)\n*",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\bи\b)\s*")
# a name's bracket (kept whole, whatever it holds), or what parts two names
_NAME_OR_SPLIT = re.compile(r"\([^()]*\)|" + _NAME_SPLIT.pattern)
_WITH_AFFILIATION = re.compile(r"(?P<name>.*?)\s*\((?P<affiliation>[^()]*)\)")


def _listed(names: str) -> list[tuple[str, str | None]]:
    """The people a speaker line names, each with the affiliation in
    brackets after the name, as Indico writes the line: 'Speakers: Ana Berg
    (KTH), Bo Chen (Tsinghua University, Beijing)'. A comma or 'and' inside
    the brackets does not part two names."""
    parts, at = [], 0
    for m in _NAME_OR_SPLIT.finditer(names):
        if not m.group().startswith("("):
            parts.append(names[at:m.start()])
            at = m.end()
    parts.append(names[at:])
    out: list[tuple[str, str | None]] = []
    for person in (p.strip() for p in parts):
        with_affiliation = _WITH_AFFILIATION.fullmatch(person)
        if with_affiliation and with_affiliation["name"]:
            out.append((with_affiliation["name"], with_affiliation["affiliation"].strip() or None))
        elif person:
            out.append((person, None))
    return out


def parse(raw: bytes) -> Incoming:
    from icalendar import Calendar

    unfolded = _FOLD.sub(b"", raw)
    try:
        text = unfolded.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFailed(f"not UTF-8 text (byte {e.start} after unfolding)") from None
    try:
        cal = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as e:
        raise ImportFailed(f"malformed iCalendar: {e}") from None
    if not isinstance(cal, Calendar):
        raise ImportFailed("not an iCalendar file: no VCALENDAR")
    name = _str(cal.get("x-wr-calname")) or _str(cal.get("prodid")) or "calendar"
    incoming = Incoming(event=None, scope=f"ics:{name}", zone=_str(cal.get("x-wr-timezone")))
    # confrec writes descriptions as plain text: an abstract about '<b>' tags comes back as it was
    html = not (_str(cal.get("prodid")) or "").startswith("-//confrec//")
    events = list(cal.walk("VEVENT"))
    if incoming.zone is None:  # the zone the times are given in (TZID), when they all name one
        named = {_zone_key(v) for v in events}
        if len(named) == 1:
            incoming.zone = named.pop()
    idents = [_str(v.get("uid")) or f"{_str(v.get('summary'))}/{_raw_start(v)}" for v in events]
    for v, ref in zip(events, occurrence_refs(idents), strict=True):
        incoming.talks.append(_talk(incoming, v, f"ics:{ref}", html))
    title = _str(cal.get("x-wr-calname")) or _str(cal.get("x-wr-caldesc"))
    if title is not None and "\n" not in title and any("start" in t.fields for t in incoming.talks):
        incoming.event = {"slug": event_slug(None, title), "name": title}
        incoming.event_named_only = True
    return incoming


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0] if value else None
        if value is None:
            return None
    text = str(value).strip()
    return text or None


def _zone_key(v: Any) -> str | None:
    try:
        return getattr(getattr(v.get("dtstart").dt, "tzinfo", None), "key", None)
    except (AttributeError, ValueError, TypeError, OverflowError):
        return None


def _where(v: Any) -> str:
    return f"VEVENT {_str(v.get('uid')) or '?'} {_str(v.get('summary')) or ''!r}"


def _once(v: Any, name: str) -> Any:
    """A property that may stand once in a VEVENT (icalendar gives a list when
    the file repeats it): a second DTSTART could only be a guess, so refused."""
    prop = v.get(name)
    if isinstance(prop, list):
        raise ImportFailed(f"{_where(v)}: {name.upper()} given {len(prop)} times")
    return prop


def _raw_start(v: Any) -> str:
    prop = _once(v, "dtstart")
    return prop.to_ical().decode() if prop is not None else ""


def _moment(v: Any, name: str, where: str) -> datetime | date | None:
    prop = _once(v, name)
    try:
        return prop.dt if prop is not None else None
    except (ValueError, TypeError, OverflowError):
        raise ImportFailed(f"{where}: impossible {name.upper()}") from None


def _talk(incoming: Incoming, v: Any, ref: str, html: bool) -> IncomingTalk:
    title = _str(v.get("summary")) or ""
    where = _where(v)
    start = _moment(v, "dtstart", where)
    end = _moment(v, "dtend", where)
    duration: object = None
    if isinstance(start, datetime):
        if isinstance(end, datetime):
            if (start.tzinfo is None) != (end.tzinfo is None):
                raise ImportFailed(f"{where}: DTSTART and DTEND differ in having a time zone")
            duration = elapsed_minutes(start, end)
        elif (given := _once(v, "duration")) is not None:
            length = given.dt
            if isinstance(length, timedelta):
                duration = round(length.total_seconds() / 60)
        start = start.replace(microsecond=0)
    elif isinstance(start, date):
        incoming.repair(where, "start", start.isoformat(), "left out: an all-day entry has no time")
        start = None
    if (rules := v.get("rrule")) is not None:
        said = "; ".join(r.to_ical().decode() for r in (rules if isinstance(rules, list) else [rules]))
        incoming.repair(where, "repeat", said, "left out: only the first occurrence is imported")
    people = _people(incoming, v)
    abstract = plain_text(_str(v.get("description")), html=html)
    if abstract:
        m = _SPEAKER_LINE.match(abstract)
        if m:
            listed = _listed(m.group("names"))
            named = [incoming.people[k]["name"] for k in people]
            if not people:
                for name, affiliation in listed:
                    key = person_key(None, name)
                    add_person(incoming, key, {"name": name, "affiliation": affiliation})
                    if key not in people:
                        people.append(key)
            if not named or named == [name for name, _ in listed]:  # the line only names the speakers
                abstract = abstract[m.end():].strip() or None
        url = _str(v.get("url"))
        rest, _, last = (abstract or "").rpartition("\n")
        if abstract and url and last.strip() == url.strip():
            # (Indico ends the description with the talk's address, which URL gives)
            abstract = rest.strip() or None
    said = (_str(v.get("status")) or "").upper()  # CONFIRMED, TENTATIVE, CANCELLED
    categories = v.get("categories")
    tracks = [str(x) for c in (categories if isinstance(categories, list) else [categories] if categories else [])
              for x in getattr(c, "cats", [])]
    fields: dict[str, Any] = {"title": title}
    if (guessed := type_from_title(title)) and not people:
        fields["type"] = guessed
    # A calendar gives the properties it has: one with titles and times only
    # (as calendar programs export a program) leaves a talk's abstract, room
    # and speakers as the record has them.
    if v.get("description") is not None:
        fields["abstract"] = abstract
    if v.get("location") is not None:
        fields["room"] = _str(v.get("location"))
    if start is not None:  # (an all-day entry's day is left out, and said)
        fields["start"] = start
        if v.get("dtend") is not None or v.get("duration") is not None:
            fields["duration"] = duration
    if v.get("url") is not None:
        fields["url"] = _str(v.get("url"))
    # a tentative entry does not unconfirm a talk: only CONFIRMED and
    # CANCELLED say something definite
    if said in ("CONFIRMED", "CANCELLED"):
        fields["status"] = talk_status(said)
    if tracks:
        fields["track"] = tracks[0]
    return IncomingTalk(
        ref=ref,
        where=where,
        fields=fields,
        people=people,
        people_given=bool(people),
        defaults={"status": "accepted" if said == "TENTATIVE" else "confirmed"},
    )


def _people(incoming: Incoming, v: Any) -> list[str]:
    """The speakers' person keys, from ATTENDEE (else ORGANIZER) with a common name.

    The address tells namesakes apart: confrec's own export gives each
    speaker 'urn:uuid:' and their guid, or 'mailto:' and their e-mail.
    """
    keys: list[str] = []
    for prop in ("attendee", "organizer"):
        values = v.get(prop)
        for a in values if isinstance(values, list) else [values] if values is not None else []:
            cn = a.params.get("CN") if hasattr(a, "params") else None
            name = str(cn).strip() if cn else ""
            if not name:
                continue
            address = str(a).strip()
            guid = address[9:] if address.lower().startswith("urn:uuid:") else None
            email = address[7:] if address.lower().startswith("mailto:") else None
            key = person_key(guid or email, name)
            add_person(incoming, key, {"name": name, "guid": guid, "email": email})
            if key not in keys:
                keys.append(key)
        if keys:
            break
    return keys
