"""frab-xml and frab-json: the c3voc schedule that conference apps read
(Giggity, EventFahrplan, pyfahrplan, engelsystem).

Both are built from one dict in the shape of the published schedule JSON
schema; the XML is written from that dict by ElementTree to the published
XSD. Only talks with a start, a duration and a room can be placed in a
schedule; rejected and withdrawn talks are left out.
"""

from __future__ import annotations

import math
import re
import uuid
from datetime import datetime, time, timedelta
from xml.etree import ElementTree as ET

from confrec import __version__
from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.common import published
from confrec.jsoncodec import pretty
from confrec.models import Talk
from confrec.textutil import for_xml, slugify

# Our own namespace for name-based UUIDs: the same slug and id give the same guid.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://confrec.invalid/schedule")
_JSON_TZ = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")  # the schema's own pattern


def guid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


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
    return [t for t in published(bundle) if t.start and t.duration and t.room]


def _timeslot(talks: list[Talk]) -> str:
    """The largest step that every start and duration is a multiple of (5-60 min)."""
    step = 0
    for t in talks:
        step = math.gcd(step, t.start.hour * 60 + t.start.minute, t.duration)  # type: ignore[union-attr]
    return hhmm(min(60, max(5, step)) if step else 15)


def _days(bundle: EventBundle, talks: list[Talk]) -> list:
    e = bundle.event
    dates = {e.start + timedelta(days=i) for i in range((e.end - e.start).days + 1)}  # type: ignore[operator]
    dates |= {t.start.date() for t in talks}  # type: ignore[union-attr]
    return sorted(dates)


def _url(bundle: EventBundle, t: Talk, talk_guid: str) -> str:
    if bundle.event.url:
        return f"{bundle.event.url.split('#')[0]}#talk-{t.id}"
    return f"urn:uuid:{talk_guid}"


def schedule(bundle: EventBundle, options: Options) -> dict:
    e = bundle.event
    talks = placeable(bundle)
    days = _days(bundle, talks)
    rooms = sorted({t.room for t in talks})  # type: ignore[type-var]
    placed: dict[tuple, list[Talk]] = {}  # (day, room) -> talks, in start order
    for t in talks:
        placed.setdefault((t.start.date(), t.room), []).append(t)  # type: ignore[union-attr]
    day_list = []
    for index, day in enumerate(days, 1):
        start = bundle.aware(datetime.combine(day, time(0, 0)))
        end = bundle.aware(datetime.combine(day, time(23, 59)))
        by_room: dict[str, list] = {}
        for room in rooms:
            if (day, room) in placed:
                by_room[room] = [_event(bundle, t, options) for t in placed[(day, room)]]  # type: ignore[index]
        day_list.append({
            "index": index, "date": day.isoformat(),
            "day_start": start.isoformat(), "day_end": end.isoformat(), "rooms": by_room,
        })
    conference = {
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
    tracks = sorted({t.track for t in talks if t.track})  # type: ignore[type-var]
    if tracks:
        conference["tracks"] = [{"name": tr} for tr in tracks]
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "confrec", "version": __version__},
        "schedule": {
            "version": options.generated.strftime("%Y-%m-%d %H:%M"),
            "conference": conference,
        },
    }


def _event(bundle: EventBundle, t: Talk, options: Options) -> dict:
    talk_guid = guid(bundle.event.slug, "talk", t.id)
    start = bundle.aware(t.start)  # type: ignore[arg-type]
    return {
        "guid": talk_guid,
        "id": t.id,
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "duration": hhmm(t.duration),  # type: ignore[arg-type]
        "room": t.room,
        "slug": talk_slug(bundle, t),
        "url": _url(bundle, t, talk_guid),
        "title": t.title,
        "subtitle": "",
        "track": t.track,
        "type": t.type,
        "language": t.language,
        "abstract": t.abstract or "",
        "description": "",
        "logo": None,
        "persons": [_person(bundle, sid, options) for sid in t.speakers if sid in bundle.speakers],
        "links": [],
        "attachments": [],
    }


def _person(bundle: EventBundle, sid: int, options: Options) -> dict:
    s = bundle.speakers[sid]
    # pretalx's person shape (name, no integer id): the schema's oneOf then
    # matches exactly one branch. public_name is kept for older apps.
    person = {"guid": guid(bundle.event.slug, "speaker", sid), "name": s.name, "public_name": s.name}
    if s.bio:
        person["biography"] = s.bio
    if options.include_private and s.email:
        person["email"] = s.email
    return person


def to_json(bundle: EventBundle, options: Options) -> str:
    return pretty(schedule(bundle, options))


# -- XML --

def _text(parent: ET.Element, tag: str, value: object, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: for_xml(v) for k, v in attrs.items()})
    el.text = for_xml("" if value is None else str(value))
    return el


def to_xml(bundle: EventBundle, options: Options) -> str:
    doc = schedule(bundle, options)
    sched = doc["schedule"]
    conf = sched["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", {"name": "confrec", "version": __version__})
    _text(root, "version", sched["version"])
    c = ET.SubElement(root, "conference")
    _text(c, "title", conf["title"])
    _text(c, "acronym", conf["acronym"])
    _text(c, "start", conf["start"])
    _text(c, "end", conf["end"])
    _text(c, "days", conf["daysCount"])
    _text(c, "timeslot_duration", conf["timeslot_duration"])
    if "url" in conf:
        _text(c, "url", conf["url"])
    if bundle.event.timezone:
        _text(c, "time_zone_name", bundle.event.timezone)
    for track in conf.get("tracks", []):
        _text(c, "track", track["name"], name=track["name"])
    room_guids = {r["name"]: r["guid"] for r in conf["rooms"]}
    for day in conf["days"]:
        d = ET.SubElement(root, "day", {"index": str(day["index"]), "date": day["date"],
                                        "start": day["day_start"], "end": day["day_end"]})
        for room, events in day["rooms"].items():
            r = ET.SubElement(d, "room", {"name": for_xml(room), "guid": room_guids[room]})
            for ev in events:
                x = ET.SubElement(r, "event", {"guid": ev["guid"], "id": str(ev["id"])})
                for tag in ("room", "title", "subtitle", "type", "date", "start", "duration",
                            "abstract", "slug", "track", "language", "description"):
                    _text(x, tag, ev[tag])
                if ev["url"].startswith(("http://", "https://")):
                    _text(x, "url", ev["url"])
                persons = ET.SubElement(x, "persons")
                for p in ev["persons"]:
                    _text(persons, "person", p["name"], guid=p["guid"])
                ET.SubElement(x, "links")
                ET.SubElement(x, "attachments")
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
