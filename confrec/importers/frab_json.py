"""frab and pretalx schedule JSON (the c3voc schedule format), read leniently:
missing guids, urls or versions and extra fields are fine; a date that is not
a date is not."""

from __future__ import annotations

import json
from typing import Any

from confrec.importers import ImportFailed, Incoming, IncomingTalk
from confrec.importers.common import event_slug, local_start, person_key, schedule_talk, zone_or_none


def _obj(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise ImportFailed(f"not a frab/pretalx schedule: {what} is not an object")
    return value


def parse(text: str) -> Incoming:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ImportFailed(f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    conf = _obj(_obj(_obj(doc, "the file").get("schedule"), "schedule").get("conference"), "schedule.conference")
    tz = zone_or_none(conf.get("time_zone_name"))
    acronym = conf.get("acronym") or ""
    days = conf.get("days") or []
    if not isinstance(days, list):
        raise ImportFailed("schedule.conference.days is not a list")
    first_day = next((d.get("date") for d in days if isinstance(d, dict) and d.get("date")), None)
    event = {
        "slug": event_slug(acronym, conf.get("title")),
        "name": conf.get("title") or acronym or "Imported schedule",
        "start": str(conf.get("start") or first_day or "")[:10],
        "end": str(conf.get("end") or "")[:10] or None,
        "timezone": conf.get("time_zone_name") if tz else None,
        "url": conf.get("url"),
        "description": conf.get("description"),
    }
    incoming = Incoming(event=event, scope=f"frab:{acronym}")
    generator = doc.get("generator")
    html = not (isinstance(generator, dict) and generator.get("name") == "confrec")
    for day in days:
        rooms = _obj(day, "a day").get("rooms") or {}
        for room_name, events in _obj(rooms, "a day's rooms").items():
            for ev in events or []:
                incoming.talks.append(_talk(incoming, _obj(ev, "an event"), day, room_name, tz, acronym, html))
    return incoming


def _talk(incoming: Incoming, ev: dict, day: dict, room: str, tz, acronym: str, html: bool) -> IncomingTalk:  # type: ignore[no-untyped-def]
    title = str(ev.get("title") or "").strip()
    where = f"event id={ev.get('id', '?')} {title!r}"
    try:
        if ev.get("date"):
            start = local_start(str(ev["date"]), tz)
        elif day.get("date") and ev.get("start"):
            start = local_start(f"{day['date']}T{ev['start']}", None)
        else:
            start = None
    except ValueError:
        raise ImportFailed(f"{where}: impossible date {ev.get('date') or ev.get('start')!r}") from None
    subtitle = str(ev.get("subtitle") or "").strip()
    people = []
    for p in ev.get("persons") or []:
        if not isinstance(p, dict):
            continue
        name = str(p.get("name") or p.get("public_name") or p.get("full_public_name") or "").strip()
        if not name:
            continue
        key = person_key(p.get("code") or p.get("id"), p.get("guid"), name)
        incoming.people.setdefault(key, {"name": name, "bio": p.get("biography")})
        if key not in people:
            people.append(key)
    ident = ev.get("guid") or ev.get("id") or f"{day.get('date')}/{room}/{ev.get('start')}/{title}"
    return IncomingTalk(
        ref=f"frab:{acronym}:{ident}",
        where=where,
        fields=schedule_talk(
            title=title, subtitle=subtitle, abstract=ev.get("abstract"), description=ev.get("description"),
            type=ev.get("type"), track=ev.get("track"), room=ev.get("room") or room, start=start,
            duration=ev.get("duration"), language=ev.get("language"), html=html,
        ),
        people=people,
    )
