"""frab schedule XML, and Pentabarf XML as wafer and FOSDEM write it."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from confrec.importers import ImportFailed, Incoming, IncomingTalk, occurrence_refs
from confrec.importers.common import (
    FRAB_OPTIONAL,
    add_person,
    day_part,
    duration_value,
    event_slug,
    given_fields,
    instant,
    links,
    person_key,
    plain_text,
)
from confrec.importers.common import (
    room as room_of,
)
from confrec.words import talk_type


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
        reason = str(e).rsplit(": line ", 1)[0]
        raise ImportFailed(f"malformed XML at line {line}, column {col + 1}: {reason}") from None
    if root.tag != "schedule":
        raise ImportFailed(f"not a frab/Pentabarf schedule: the root element is <{root.tag}>, not <schedule>")
    conf = root.find("conference")
    if conf is None:
        raise ImportFailed("not a frab/Pentabarf schedule: no <conference> element")
    acronym = _text(conf, "acronym") or ""
    days = root.findall("day")
    event = {
        "slug": event_slug(acronym, _text(conf, "title")),
        "name": _text(conf, "title") or acronym or "Imported schedule",
        "start": day_part(_text(conf, "start") or (days[0].get("date") if days else "")),
        "end": day_part(_text(conf, "end")) or None,
        "venue": _text(conf, "venue"),
        "city": _text(conf, "city"),
        "url": _text(conf, "url") or _text(conf, "base_url"),
        "day_change": _text(conf, "day_change"),
    }
    generator = root.find("generator")
    ours = generator is not None and generator.get("name") == "confrec"
    html = not ours  # confrec writes plain text
    # confrec's own export of a schedule is another source than the schedule itself
    scope = f"{'confrec-' if ours else ''}frab:{acronym}"
    incoming = Incoming(event=event, scope=scope, zone=_text(conf, "time_zone_name"))
    found = [(ev, day, room.get("name") or "") for day in days for room in day.findall("room")
             for ev in room.findall("event")]
    idents = [ev.get("guid") or ev.get("id") or f"{day.get('date')}/{room}/{_text(ev, 'start')}/{_text(ev, 'title')}"
              for ev, day, room in found]
    for (ev, day, room), ref in zip(found, occurrence_refs(idents), strict=True):
        incoming.talks.append(_talk(incoming, ev, day, room, f"{scope}:{ref}", html))
    return incoming


def _talk(incoming: Incoming, ev: ET.Element, day: ET.Element, room: str, ref: str, html: bool) -> IncomingTalk:
    title = _text(ev, "title") or ""
    where = f"<event id={ev.get('id', '?')}> {title!r}"
    date, start_hm = _text(ev, "date"), _text(ev, "start")
    raw = date if date and "T" in date else (f"{day.get('date')}T{start_hm}" if day.get("date") and start_hm else None)
    try:
        start = instant(raw) if raw else None
    except (ValueError, OverflowError):
        raise ImportFailed(f"{where}: impossible date {raw!r}") from None
    people: list[str] = []
    persons = ev.find("persons")
    for p in persons.findall("person") if persons is not None else []:
        name = (p.text or "").strip()
        if not name:
            continue
        key = person_key(p.get("guid") or p.get("id"), name)
        add_person(incoming, key, {"name": name, "guid": p.get("guid")})
        if key not in people:
            people.append(key)
    link_list = ev.find("links")
    found_links = [{"url": a.get("href"), "title": (a.text or "").strip()}
                   for a in (link_list.findall("link") if link_list is not None else [])]
    for link in found_links:
        if link["title"] in ("", link["url"]):  # Pentabarf writes the address as the text
            del link["title"]
    kind, label = talk_type(_text(ev, "type"))
    # The text of an element keeps its CR only when the file wrote it as &#13;
    # (XML turns a literal CR LF into LF): read the raw text, not _text's strip.
    fields = {
        "title": title,
        "subtitle": _text(ev, "subtitle"),
        "abstract": plain_text(_raw(ev, "abstract"), html=html),
        "description": plain_text(_raw(ev, "description"), html=html),
        "type": kind,
        "type_label": label,
        "track": _text(ev, "track"),
        "room": room_of(incoming, where, _text(ev, "room"), room),
        "start": start,
        "duration": duration_value(_text(ev, "duration")),
        "language": _text(ev, "language"),
        "url": _text(ev, "url"),
        "links": links(incoming, where, found_links),
        "guid": ev.get("guid"),
    }
    # An element the event leaves out leaves the talk's value as it is (see
    # common.FRAB_OPTIONAL); an empty one empties it.
    given = {tag for tag in FRAB_OPTIONAL.values() if ev.find(tag) is not None}
    if ev.get("guid") is not None:
        given.add("guid")
    return IncomingTalk(
        ref=ref,
        where=where,
        fields=given_fields(fields, given),
        people=people,
        people_given=persons is not None,
        defaults={"status": "confirmed"},  # it is in a published schedule
    )


def _raw(el: ET.Element, tag: str) -> str | None:
    child = el.find(tag)
    return child.text if child is not None else None
