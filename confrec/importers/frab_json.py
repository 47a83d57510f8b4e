"""frab and pretalx schedule JSON (the c3voc schedule format, version 1), read
leniently: missing guids, urls or versions and extra fields are fine; a date
that is not a date is not."""

from __future__ import annotations

from typing import Any

from confrec.importers import ImportFailed, Incoming, IncomingTalk, occurrence_refs
from confrec.importers.common import (
    Parsed,
    add_person,
    day_part,
    duration_value,
    event_slug,
    given_fields,
    instant,
    items,
    json_document,
    links,
    obj,
    person_key,
    plain_text,
    string,
)
from confrec.importers.common import (
    room as room_of,
)
from confrec.words import talk_type


def parse(text: str | Parsed) -> Incoming:
    doc = obj(json_document(text), "the file")
    conf = obj(obj(doc.get("schedule"), "schedule").get("conference"), "schedule.conference")
    acronym = string(conf.get("acronym")) or ""
    days = items(conf.get("days"), "schedule.conference.days")
    first_day = next((d.get("date") for d in days if isinstance(d, dict) and d.get("date")), None)
    generator = doc.get("generator")
    ours = isinstance(generator, dict) and generator.get("name") == "confrec"
    html = not ours  # confrec writes plain text
    event = {
        "slug": event_slug(acronym, conf.get("title")),
        "name": string(conf.get("title")) or acronym or "Imported schedule",
        "start": day_part(conf.get("start") or first_day),
        "end": day_part(conf.get("end")) or None,
        "url": string(conf.get("url")) or string(doc["schedule"].get("base_url")),
        "description": plain_text(string(conf.get("description")), html=html),
        "day_change": string(conf.get("day_change")),
    }
    # confrec's own export of a schedule is another source than the schedule itself
    scope = f"{'confrec-' if ours else ''}frab:{acronym}"
    incoming = Incoming(event=event, scope=scope, zone=string(conf.get("time_zone_name")))
    found: list[tuple[dict[str, Any], dict[str, Any], str]] = []
    for day in days:
        rooms = obj(obj(day, "a day").get("rooms") or {}, "a day's rooms")
        for room_name, events in rooms.items():
            for ev in items(events, f"the events of room {room_name!r}"):
                found.append((obj(ev, "an event"), day, room_name))
    idents = [_ident(ev, day, room) for ev, day, room in found]
    for (ev, day, room), ref in zip(found, occurrence_refs(idents), strict=True):
        incoming.talks.append(_talk(incoming, ev, day, room, f"{scope}:{ref}", html))
    return incoming


def _ident(ev: dict[str, Any], day: dict[str, Any], room: str) -> str:
    return str(ev.get("guid") or ev.get("id") or f"{day.get('date')}/{room}/{ev.get('start')}/{ev.get('title')}")


def _talk(incoming: Incoming, ev: dict[str, Any], day: dict[str, Any], room: str, ref: str,
          html: bool) -> IncomingTalk:
    title = string(ev.get("title")) or ""
    where = f"event id={ev.get('id', '?')} {title!r}"
    raw = ev.get("date") or (f"{day.get('date')}T{ev.get('start')}" if day.get("date") and ev.get("start") else None)
    try:
        start = instant(str(raw)) if raw else None
    except (ValueError, OverflowError):
        raise ImportFailed(f"{where}: impossible date {raw!r}") from None
    people: list[str] = []
    for p in items(ev.get("persons"), f"{where}: persons"):
        if isinstance(p, str):  # some generators list names only
            p = {"name": p}
        if not isinstance(p, dict):
            continue
        name = string(p.get("public_name") or p.get("name") or p.get("full_public_name")) or ""
        if not name:
            continue
        key = person_key(p.get("guid") or p.get("code") or p.get("id"), name)
        add_person(incoming, key, {"name": name, "bio": plain_text(string(p.get("biography")), html=html),
                                   "guid": string(p.get("guid"))})
        if key not in people:
            people.append(key)
    kind, label = talk_type(ev.get("type"))
    fields = {
        "title": title,
        "subtitle": string(ev.get("subtitle")),
        "abstract": plain_text(string(ev.get("abstract")), html=html),
        "description": plain_text(string(ev.get("description")), html=html),
        "type": kind,
        "type_label": label,
        "track": string(ev.get("track")),
        "room": room_of(incoming, where, ev.get("room"), room),
        "start": start,
        "duration": duration_value(ev.get("duration")),
        "language": string(ev.get("language")),
        "url": string(ev.get("url")),
        "links": links(incoming, where, ev.get("links")),
        "guid": string(ev.get("guid")),
    }
    return IncomingTalk(
        ref=ref,
        where=where,
        fields=given_fields(fields, ev),
        people=people,
        people_given="persons" in ev,
        defaults={"status": "confirmed"},  # it is in a published schedule
    )
