"""frab schedule XML, and Pentabarf XML as wafer and FOSDEM write it."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from confrec.importers import ImportFailed, Incoming, IncomingTalk
from confrec.importers.common import event_slug, local_start, person_key, schedule_talk, zone_or_none


def _text(el: ET.Element | None, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(tag)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def parse(text: str) -> Incoming:
    try:
        # expat refuses external entities and limits entity expansion, so a
        # hostile file cannot read local files or blow up memory.
        root = ET.fromstring(text)
    except ET.ParseError as e:
        line, col = e.position
        raise ImportFailed(f"malformed XML at line {line}, column {col + 1}") from None
    if root.tag != "schedule":
        raise ImportFailed(f"not a frab/Pentabarf schedule: the root element is <{root.tag}>, not <schedule>")
    conf = root.find("conference")
    if conf is None:
        raise ImportFailed("not a frab/Pentabarf schedule: no <conference> element")
    tz_name = _text(conf, "time_zone_name")
    tz = zone_or_none(tz_name)
    acronym = _text(conf, "acronym") or ""
    days = root.findall("day")
    event = {
        "slug": event_slug(acronym, _text(conf, "title")),
        "name": _text(conf, "title") or acronym or "Imported schedule",
        "start": (_text(conf, "start") or (days[0].get("date") if days else "") or "")[:10],
        "end": (_text(conf, "end") or "")[:10] or None,
        "timezone": tz_name if tz else None,
        "venue": _text(conf, "venue"),
        "city": _text(conf, "city"),
        "url": _text(conf, "url"),
    }
    incoming = Incoming(event=event, scope=f"frab:{acronym}")
    generator = root.find("generator")
    html = generator is None or generator.get("name") != "confrec"
    for day in days:
        for room in day.findall("room"):
            for ev in room.findall("event"):
                incoming.talks.append(_talk(incoming, ev, day, room.get("name") or "", tz, acronym, html))
    return incoming


def _talk(incoming: Incoming, ev: ET.Element, day: ET.Element, room: str, tz, acronym: str, html: bool) -> IncomingTalk:  # type: ignore[no-untyped-def]
    title = _text(ev, "title") or ""
    where = f"<event id={ev.get('id', '?')}> {title!r}"
    date, start_hm = _text(ev, "date"), _text(ev, "start")
    try:
        if date and "T" in date:
            start = local_start(date, tz)
        elif day.get("date") and start_hm:
            start = local_start(f"{day.get('date')}T{start_hm}", None)
        else:
            start = None
    except ValueError:
        raise ImportFailed(f"{where}: impossible date {date or start_hm!r}") from None
    people = []
    persons = ev.find("persons")
    for p in persons.findall("person") if persons is not None else []:
        name = (p.text or "").strip()
        if not name:
            continue
        key = person_key(p.get("id"), p.get("guid"), name)
        incoming.people.setdefault(key, {"name": name})
        if key not in people:
            people.append(key)
    subtitle = _text(ev, "subtitle")
    ident = ev.get("guid") or ev.get("id") or f"{day.get('date')}/{room}/{start_hm}/{title}"
    return IncomingTalk(
        ref=f"frab:{acronym}:{ident}",
        where=where,
        fields=schedule_talk(
            title=title, subtitle=subtitle, abstract=_text(ev, "abstract"), description=_text(ev, "description"),
            type=_text(ev, "type"), track=_text(ev, "track"), room=_text(ev, "room") or room, start=start,
            duration=_text(ev, "duration"), language=_text(ev, "language"), html=html,
        ),
        people=people,
    )
