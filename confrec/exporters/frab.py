"""frab-xml and frab-json: the c3voc schedule that conference apps read
(Giggity, EventFahrplan, pyfahrplan, engelsystem).

Both are built from one dict in the shape of the published schedule JSON
schema; the XML is written from that dict by ElementTree to the published
XSD. Only talks with a start and a room can be placed in a schedule (one
without a duration gets 00:00, as in the frab files it may have come from);
rejected and withdrawn talks are left out.

What an imported schedule said is written back: its guids (apps keep their
users' favourites by guid), urls and links, subtitle and description, and
the type in the source's own word. Conference days follow ``day_change``
(04:00 unless the event says otherwise), so a talk at 01:00 belongs to the
day before, as in frab.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from confrec import __version__
from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.common import published
from confrec.identity import guid, speaker_guid, talk_guids, talk_url
from confrec.record.jsoncodec import pretty_bytes
from confrec.record.models import Talk
from confrec.record.timeline import MOMENT, day_change
from confrec.textutil import for_xml, slugify, xml_char_refs

_JSON_TZ = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")  # the schema's own pattern


def acronym(bundle: EventBundle) -> str:
    """The event slug in the form both schemas accept: [a-z0-9_], 4 or more."""
    a = bundle.event.slug.replace("-", "_")
    return a + "_" * max(0, 4 - len(a))


def talk_slug(bundle: EventBundle, t: Talk) -> str:
    words = slugify(t.title).replace("-", "_")[:60].strip("_")
    if len(words) < 4:
        words = (words + "_talk").strip("_")
    return f"{acronym(bundle)}-{t.id}-{words}"


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def placeable(bundle: EventBundle) -> list[Talk]:
    return [t for t in published(bundle) if t.start and t.room]


def conference_day(start: datetime, change: time) -> date:
    """The day a talk belongs to: before the day change it is still the day before."""
    return (start - timedelta(hours=change.hour, minutes=change.minute)).date()


def _timeslot(talks: list[Talk]) -> str:
    """The largest step that every start and duration is a multiple of (5-60 min)."""
    step = 0
    for t in talks:
        if t.start is not None:
            step = math.gcd(step, t.start.hour * 60 + t.start.minute, t.duration or 0)
    return hhmm(min(60, max(5, step)) if step else 15)


def _days(bundle: EventBundle, talk_days: set[date]) -> list[date]:
    e = bundle.event
    dates = {e.start + timedelta(days=i) for i in range(((e.end or e.start) - e.start).days + 1)}
    return sorted(dates | talk_days)


def schedule(bundle: EventBundle, options: Options) -> dict[str, Any]:
    e = bundle.event
    talks = placeable(bundle)
    change = day_change(bundle.event)
    guids = talk_guids(e.slug, bundle.talks)
    people = {sid: _person(bundle, sid, options) for sid in bundle.speakers}  # once each, not once per talk
    placed: dict[tuple[date, str], list[Talk]] = {}  # (day, room) -> talks, in start order
    for t in talks:
        if t.start is not None and t.room is not None:  # (placeable: all have both)
            placed.setdefault((conference_day(t.start, change), t.room), []).append(t)
    days = _days(bundle, {d for d, _ in placed})
    rooms = sorted({room for _, room in placed})
    day_list: list[dict[str, Any]] = []
    for index, day in enumerate(days, 1):
        start = bundle.aware(datetime.combine(day, change))
        end = bundle.aware(datetime.combine(day + timedelta(days=1), change))
        by_room = {room: [_event(bundle, t, guids[t.id], people) for t in placed[(day, room)]]
                   for room in rooms if (day, room) in placed}
        day_list.append({
            "index": index, "date": day.isoformat(),
            "day_start": start.isoformat(), "day_end": end.isoformat(), "rooms": by_room,
        })
    conference: dict[str, Any] = {
        "acronym": acronym(bundle),
        "title": e.name,
        "start": days[0].isoformat(),
        "end": days[-1].isoformat(),
        "daysCount": len(days),
        "timeslot_duration": _timeslot(talks),
        "rooms": [{"name": r, "guid": guid(e.slug, "room", r)} for r in rooms],
        "days": day_list,
    }
    if e.timezone and _JSON_TZ.match(e.timezone):
        conference["time_zone_name"] = e.timezone
    if e.url:
        conference["url"] = e.url
    if e.description:
        conference["description"] = e.description
    tracks = sorted({ev["track"] for d in day_list for events in d["rooms"].values() for ev in events
                     if ev["track"]})
    if tracks:
        conference["tracks"] = [{"name": tr} for tr in tracks]
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "confrec", "version": __version__},
        "schedule": {
            "version": options.generated.strftime(MOMENT),
            "conference": conference,
        },
    }


def _event(bundle: EventBundle, t: Talk, talk_guid: str, people: dict[int, dict[str, Any]]) -> dict[str, Any]:
    if t.start is None:
        raise ValueError(f"talk {t.id} has no start: only placeable talks are in a schedule")
    start = bundle.aware(t.start)
    event: dict[str, Any] = {
        "guid": talk_guid,
        "id": t.id,
        "date": start.isoformat(),
        "start": f"{start.hour:02d}:{start.minute:02d}",
        "duration": hhmm(t.duration or 0),
        "room": t.room,
        "slug": talk_slug(bundle, t),
        "title": t.title,
        "subtitle": t.subtitle or "",
        # frab has no sessions: a talk's session is its track, unless it has one of its own
        "track": t.track or (session.title if (session := bundle.session_of(t)) else None),
        "type": t.type_label or t.type,
        "language": t.language,
        "abstract": t.abstract or "",
        "description": t.description or "",
        "logo": None,
        "persons": [people[sid] for sid in t.speakers if sid in people],
        "links": [dict(link) for link in t.links],
        "attachments": [],
    }
    url = talk_url(bundle.event, t)
    if url:
        event["url"] = url
    return event


def _person(bundle: EventBundle, sid: int, options: Options) -> dict[str, Any]:
    s = bundle.speakers[sid]
    # pretalx's person shape (name, no integer id): the schema's oneOf then
    # matches exactly one branch. public_name is kept for older apps.
    person = {"guid": speaker_guid(bundle.event.slug, s), "name": s.name, "public_name": s.name}
    if s.bio:
        person["biography"] = s.bio
    if options.include_private and s.email:
        person["email"] = s.email
    return person


def json_pieces(bundle: EventBundle, options: Options) -> Iterator[bytes]:
    yield pretty_bytes(schedule(bundle, options))


# -- XML --
#
# Written by hand from the schedule dict, in the bytes ElementTree would write
# with ET.indent (tests/test_writers.py builds the same tree with ElementTree
# and asserts the two agree): a tree of 180,000 Elements for 10,000 talks,
# indented and serialised, took three times as long as the talks themselves.

# Every character for_xml removes, and every one xml_char_refs writes as a
# reference (CR, DEL, C1, bidi), is unprintable: isprintable() (in C) sends
# only such text through the regexes, and most text has nothing to escape
# (three 'in' tests cost half three replaces). The references are made per
# value: a pass over the whole 14 MB document took 120 ms.

def _escaped(text: str) -> str:
    """&, < and > as entities, when there are any."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _attr(text: str) -> str:
    if text.isprintable():  # (TAB, CR and LF are not)
        return _escaped(text).replace('"', "&quot;") if '"' in text else _escaped(text)
    text = _escaped(for_xml(text)).replace('"', "&quot;")
    return xml_char_refs(text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;"))


def _leaf(tag: str, value: object, attrs: str = "") -> str:
    """<tag attrs>text</tag>, or <tag attrs /> when there is no text."""
    if value is None or value == "":
        return f"<{tag}{attrs} />"
    text = value if isinstance(value, str) else str(value)
    text = _escaped(text) if text.isprintable() else xml_char_refs(_escaped(for_xml(text)))
    return f"<{tag}{attrs}>{text}</{tag}>" if text else f"<{tag}{attrs} />"


def _attrs(**values: str) -> str:
    return "".join(f' {k}="{_attr(v)}"' for k, v in values.items())


_EVENT_TAGS = ("room", "title", "subtitle", "type", "date", "start", "duration",
               "abstract", "slug", "track", "language", "description")


def to_xml(bundle: EventBundle, options: Options) -> str:
    return "".join(xml_pieces(bundle, options))


def xml_pieces(bundle: EventBundle, options: Options) -> Iterator[str]:
    """The document a room's day at a time."""
    doc = schedule(bundle, options)
    sched = doc["schedule"]
    conf = sched["conference"]
    i1, i2, i3, i4, i5 = ("\n" + "  " * n for n in range(1, 6))
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<schedule>', i1,
           f'<generator name="confrec" version="{_attr(__version__)}" />',
           i1, _leaf("version", sched["version"]), i1, "<conference>"]
    for tag, key in (("title", "title"), ("acronym", "acronym"), ("start", "start"), ("end", "end"),
                     ("days", "daysCount"), ("timeslot_duration", "timeslot_duration")):
        out += [i2, _leaf(tag, conf[key])]
    for key in ("url", "time_zone_name"):
        if key in conf:
            out += [i2, _leaf(key, conf[key])]
    for track in conf.get("tracks", []):
        out += [i2, _leaf("track", track["name"], _attrs(name=track["name"]))]
    out += [i1, "</conference>"]
    room_guids = {r["name"]: r["guid"] for r in conf["rooms"]}
    for day in conf["days"]:
        yield "".join(out)
        out = [i1, "<day" + _attrs(index=str(day["index"]), date=day["date"], start=day["day_start"],
                                   end=day["day_end"])]
        if not day["rooms"]:
            out.append(" />")
            continue
        out.append(">")
        for room, events in day["rooms"].items():
            yield "".join(out)
            out = [i2, "<room" + _attrs(name=room, guid=room_guids[room]), ">"]
            for ev in events:
                out += [i3, "<event" + _attrs(guid=ev["guid"], id=str(ev["id"])), ">"]
                for tag in _EVENT_TAGS:
                    out += [i4, _leaf(tag, ev[tag])]
                if "url" in ev:
                    out += [i4, _leaf("url", ev["url"])]
                out += [i4, "<persons"]
                if ev["persons"]:
                    out.append(">")
                    for p in ev["persons"]:
                        out += [i5, _leaf("person", p["name"], _attrs(guid=p["guid"]))]
                    out += [i4, "</persons>"]
                else:
                    out.append(" />")
                out += [i4, "<links"]
                if ev["links"]:
                    out.append(">")
                    for link in ev["links"]:
                        out += [i5, _leaf("link", link.get("title") or "", _attrs(href=link["url"]))]
                    out += [i4, "</links>"]
                else:
                    out.append(" />")
                out += [i4, "<attachments />", i3, "</event>"]
            out += [i2, "</room>"]
        out += [i1, "</day>"]
    out.append("\n</schedule>\n")
    # (a CR in user text must survive, as XML parsers turn a literal CR LF into
    # LF, and a C1 control must not reach a terminal raw: the values above
    # carry both as references)
    yield "".join(out)
