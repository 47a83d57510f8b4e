"""An independent reader of schedule files, for the fidelity checks.

It shares no code with confrec's importers: it reads each source file the
plain way (the day/room lists of a frab file, the events of a schedule v2
file, the VEVENTs of a calendar) and says which slots it holds, so that a
test can look for each one in confrec's frab-json export.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INTEROP = ROOT.parent / "shared" / "interop"
REAL = INTEROP / "real"


@dataclass(frozen=True)
class Slot:
    moment: datetime  # aware when the file gives an offset or a zone, else wall time
    room: str
    title: str
    names: tuple[str, ...]


def _moment(raw: str) -> datetime:
    return datetime.fromisoformat(raw.replace("Z", "+00:00")).replace(microsecond=0)


def _frab_v1(doc: dict) -> list[Slot]:
    out = []
    for day in doc["schedule"]["conference"]["days"]:
        for room_key, events in day["rooms"].items():
            for ev in events:
                room = (ev.get("room") or room_key or "").strip()
                raw = ev.get("date") or f"{day['date']}T{ev['start']}"
                names = []
                for p in ev.get("persons") or []:
                    name = (p.get("public_name") or p.get("name") or p.get("full_public_name") or "").strip()
                    if name:
                        names.append(name)
                if room:
                    out.append(Slot(_moment(raw), room, ev["title"].strip(), tuple(names)))
    return out


def _schedule_v2(doc: dict) -> list[Slot]:
    out = []
    for ev in doc["schedule"].get("events") or []:
        if ev.get("state") in ("REJECTED", "WITHDRAWN", "DELETED"):
            continue
        room = (ev.get("room") or {}).get("name") or ""
        names = tuple(p["name"].strip() for p in ev.get("participants") or [] if p.get("name"))
        if room:
            out.append(Slot(_moment(ev["start"]), room, ev["title"].strip(), names))
    return out


_UNFOLD = re.compile(rb"\r?\n[ \t]")


def _ics_value(line: str) -> str:
    value = line.split(":", 1)[1]
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _ics(raw: bytes) -> list[Slot]:
    """A calendar read line by line (no iCalendar library): what the file plainly says."""
    from zoneinfo import ZoneInfo

    lines = _UNFOLD.sub(b"", raw).decode("utf-8").splitlines()
    out = []
    current: dict | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {"names": []}
        elif line == "END:VEVENT" and current is not None:
            names = current["names"]
            first = (current.get("description") or "").lstrip().split("\n", 1)[0]
            m = re.match(r"(?i)(?:speakers?|von)\s*:\s*(.+)", first)
            if not names and m:
                names = [n.strip() for n in re.split(r",| and | & ", m.group(1)) if n.strip()]
            if current.get("start") and current.get("room"):
                out.append(Slot(current["start"], current["room"], current["summary"].strip(), tuple(names)))
            current = None
        elif current is not None:
            name, _, rest = line.partition(":")
            key = name.split(";")[0].upper()
            if key == "DTSTART":
                params = dict(p.split("=", 1) for p in name.split(";")[1:])
                if len(rest) == 8:
                    continue  # an all-day entry: no time
                moment = datetime.strptime(rest.rstrip("Z"), "%Y%m%dT%H%M%S")
                if rest.endswith("Z"):
                    moment = moment.replace(tzinfo=ZoneInfo("UTC"))
                elif "TZID" in params:
                    moment = moment.replace(tzinfo=ZoneInfo(params["TZID"]))
                current["start"] = moment
            elif key == "SUMMARY":
                current["summary"] = _ics_value(line)
            elif key == "LOCATION":
                current["room"] = _ics_value(line).strip()
            elif key == "DESCRIPTION":
                current["description"] = re.sub(r"<[^>]+>", "", _ics_value(line))
            elif key in ("ATTENDEE", "ORGANIZER"):
                m = re.search(r';CN="?([^";:]+)"?', name)
                if m and (key == "ATTENDEE" or not current["names"]):
                    current["names"].append(m.group(1).strip())
    return out


def calendar_name(path: Path) -> str | None:
    """A calendar's own name, X-WR-CALNAME else X-WR-CALDESC, read plainly."""
    found: dict[str, str] = {}
    depth = 0
    for line in _UNFOLD.sub(b"", path.read_bytes()).decode("utf-8").splitlines():
        depth += line.startswith("BEGIN:") - line.startswith("END:")
        key = line.partition(":")[0].split(";")[0].upper()
        if depth == 1 and key in ("X-WR-CALNAME", "X-WR-CALDESC"):
            found.setdefault(key, _ics_value(line).strip())
    return found.get("X-WR-CALNAME") or found.get("X-WR-CALDESC") or None


def source_slots(path: Path) -> list[Slot]:
    raw = path.read_bytes()
    if raw.lstrip()[:15] == b"BEGIN:VCALENDAR":
        return _ics(raw)
    doc = json.loads(raw)
    if isinstance(doc["schedule"].get("events"), list):
        return _schedule_v2(doc)
    return _frab_v1(doc)


def exported_slots(frab_json: str) -> list[Slot]:
    """The slots of confrec's frab-json export."""
    doc = json.loads(frab_json)
    out = []
    for day in doc["schedule"]["conference"]["days"]:
        for room, events in day["rooms"].items():
            for ev in events:
                out.append(Slot(_moment(ev["date"]), room, ev["title"],
                                tuple(p["name"] for p in ev["persons"])))
    return out


def first_day(slots: list[Slot]) -> date:
    return min(s.moment.date() for s in slots)


def corpus() -> list[Path]:
    """Every real schedule file, and the two older examples beside them."""
    files = sorted(REAL.glob("*.json")) + sorted(REAL.glob("*.ics"))
    return files + [INTEROP / "frab-camp2019.json", INTEROP / "pretalx-democon.json"]


XSD = INTEROP / "schedule.xml.xsd"
JSON_SCHEMA = INTEROP / "schedule.schema.json"


def frab_json_errors(doc: dict) -> list[str]:
    """What the published schedule JSON schema finds wrong, but one rule.

    The schema lists an event's ``url`` as required, yet real frab files (the
    33C3 schedule) have talks without one, and c3voc's own converters want
    http(s) there. confrec leaves ``url`` out when no http(s) page is known,
    rather than make one up: that one finding is allowed, nothing else.
    """
    import jsonschema

    schema = json.loads(JSON_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker())
    out = []
    for error in validator.iter_errors(doc):
        missing_url = error.validator == "required" and error.message == "'url' is a required property" \
            and "url" not in error.instance and "guid" in error.instance
        if not missing_url:
            out.append(f"{list(error.absolute_path)}: {error.message}")
    return out
