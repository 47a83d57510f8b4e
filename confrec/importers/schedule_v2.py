"""c3voc schedule JSON version 2, as the congress hub writes it: the events in
one top-level list (each with a start and an end, a room and a track given by
reference, participants with roles) and the people in a ``persons`` list."""

from __future__ import annotations

from typing import Any

from confrec.importers import ImportFailed, Incoming, IncomingTalk, occurrence_refs
from confrec.importers.common import (
    Parsed,
    add_person,
    day_part,
    elapsed_minutes,
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

_STATES = {
    "DRAFT": "submitted", "SUBMITTED": "submitted", "ACCEPTED": "accepted", "REJECTED": "rejected",
    "CONFIRMED": "confirmed", "DELAYED": "confirmed", "CANCELED": "cancelled", "CANCELLED": "cancelled",
    "WITHDRAWN": "withdrawn", "DELETED": "withdrawn",
}


def localized(value: Any, language: str | None) -> str | None:
    """A LocalizableString: text, or a map of language -> text (the talk's own language first)."""
    if isinstance(value, dict):
        texts = {k: v for k, v in value.items() if isinstance(v, str) and v.strip()}
        for lang in (language, "en"):
            if lang in texts:
                return texts[lang]
        return next(iter(texts.values()), None)
    return string(value)


def parse(text: str | Parsed) -> Incoming:
    doc = obj(json_document(text), "the file")
    schedule = obj(doc.get("schedule"), "schedule")
    conf = obj(schedule.get("conference"), "schedule.conference")
    acronym = string(conf.get("acronym")) or ""
    days = [d for d in items(conf.get("days"), "schedule.conference.days") if isinstance(d, dict)]
    event = {
        "slug": event_slug(acronym, conf.get("title")),
        "name": string(conf.get("title")) or acronym or "Imported schedule",
        "start": day_part(days[0].get("date") if days else conf.get("start")),
        "end": day_part(days[-1].get("date") if days else conf.get("end")) or None,
        "url": string(conf.get("url")) or string(schedule.get("base_url")),
        "description": plain_text(localized(conf.get("description"), None)),
    }
    incoming = Incoming(event=event, scope=f"schedule2:{acronym}", zone=string(conf.get("time_zone_name")))
    tracks = {t.get("slug"): t.get("name") for t in items(conf.get("tracks"), "conference.tracks")
              if isinstance(t, dict)}
    persons = {p.get("guid"): p for p in items(schedule.get("persons"), "schedule.persons")
               if isinstance(p, dict) and p.get("guid")}
    events = [obj(ev, "an event") for ev in items(schedule.get("events"), "schedule.events")]
    idents = [str(ev.get("guid") or ev.get("code") or f"{ev.get('start')}/{ev.get('title')}") for ev in events]
    for ev, ref in zip(events, occurrence_refs(idents), strict=True):
        incoming.talks.append(_talk(incoming, ev, tracks, persons, f"schedule2:{acronym}:{ref}"))
    return incoming


def _talk(incoming: Incoming, ev: dict[str, Any], tracks: dict[Any, Any], persons: dict[Any, dict[str, Any]],
          ref: str) -> IncomingTalk:
    title = string(ev.get("title")) or ""
    where = f"event {ev.get('guid') or ev.get('code') or '?'} {title!r}"
    try:
        start = instant(str(ev["start"])) if ev.get("start") else None
        end = instant(str(ev["end"])) if ev.get("end") else None
    except (ValueError, OverflowError):
        raise ImportFailed(f"{where}: impossible date {ev.get('start')!r} or {ev.get('end')!r}") from None
    duration: object = ev.get("duration")
    if start is not None and end is not None:
        if (start.tzinfo is None) != (end.tzinfo is None):
            raise ImportFailed(f"{where}: start and end differ in having a time zone offset")
        duration = elapsed_minutes(start, end)
    language = string(ev.get("language"))
    people: list[str] = []
    roles: dict[str, str] = {}
    for p in items(ev.get("participants") or ev.get("persons"), f"{where}: participants"):
        if isinstance(p, str):
            p = {"name": p}
        if not isinstance(p, dict):
            continue
        name = string(p.get("name") or p.get("public_name")) or ""
        if not name:
            continue
        guid = string(p.get("guid"))
        key = person_key(guid or p.get("code") or p.get("id"), name)
        known = persons.get(guid, {})
        add_person(incoming, key, {"name": name, "guid": guid,
                                   "bio": plain_text(localized(known.get("biography"), language))})
        if key not in people:
            people.append(key)
        role = string(p.get("role"))
        if role and role.upper() != "SPEAKER":
            roles[key] = role.lower()
    track = ev.get("track")
    if isinstance(track, dict):
        track = track.get("name") or tracks.get(track.get("slug")) or track.get("slug")
    room = ev.get("room")
    if isinstance(room, dict):
        room = room.get("name") or room.get("slug")
    kind, label = talk_type(ev.get("type"))
    if str(ev.get("type") or "").upper() == "BREAK":  # a MetaEvent: on the program, not a talk
        kind, label = "break", None
    state = string(ev.get("state"))
    fields = {
        "title": title,
        "subtitle": string(ev.get("subtitle")),
        "abstract": plain_text(localized(ev.get("abstract"), language)),
        "description": plain_text(localized(ev.get("description"), language)),
        "type": kind,
        "type_label": label,
        "track": string(track),
        "room": room_of(incoming, where, room),
        "start": start,
        "duration": duration,
        "language": language,
        **({"status": _STATES.get(state.upper(), state)} if state else {}),
        "url": string(ev.get("url")),
        "links": links(incoming, where, ev.get("links")),
        "guid": string(ev.get("guid")),
    }
    given = set(ev) | ({"duration"} if "end" in ev else set())  # (an end gives the duration too)
    people_given = "participants" in ev or "persons" in ev  # (else their roles stay too)
    return IncomingTalk(
        ref=ref,
        where=where,
        fields=given_fields(fields, given),
        people=people,
        people_given=people_given,
        roles=roles if people_given else None,
        defaults={"status": "confirmed"},  # 'state' defaults to CONFIRMED
    )
