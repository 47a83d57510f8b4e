"""Lenient field readers shared by the importers."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from html.parser import HTMLParser
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from confrec.textutil import slugify

# What other systems call their talk types, in our words.
_TYPES = {
    "talk": "talk", "lecture": "talk", "presentation": "talk", "paper": "talk", "lightning": "talk",
    "lightning talk": "talk", "vortrag": "talk", "keynote": "keynote", "plenary": "keynote",
    "panel": "panel", "discussion": "panel", "podium": "panel", "workshop": "workshop",
    "hands-on": "workshop", "tutorial": "workshop", "welcome": "welcome", "opening": "welcome",
    "welcome speech": "welcome",
}
_STATUSES = {
    "submitted": "submitted", "accepted": "accepted", "confirmed": "confirmed",
    "scheduled": "confirmed", "rejected": "rejected", "withdrawn": "withdrawn",
    "cancelled": "cancelled", "canceled": "cancelled",
}


def talk_type(value: str | None) -> str:
    if not value or not value.strip():
        return "talk"
    return _TYPES.get(value.strip().lower(), "other")


def talk_status(value: str | None) -> str | None:
    """None for unknown words: the caller decides whether that is an error."""
    if not value or not value.strip():
        return "submitted"
    return _STATUSES.get(value.strip().lower())


def duration_minutes(value: object) -> object:
    """'00:45', '1:30', '01:30:00', '45' -> minutes; anything else unchanged (the model rejects it)."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,3}):([0-5]\d)(?::([0-5]\d))?\s*", value)
        if m:
            return int(m.group(1)) * 60 + int(m.group(2))
    return value


def zone_or_none(name: object) -> tzinfo | None:
    if not isinstance(name, str) or not name.strip():
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_start(moment: str, tz: tzinfo | None) -> datetime:
    """An ISO date-time from a schedule as local wall-clock time of the event.

    With an offset it is an instant, shown in the event's zone (pretalx writes
    offsets of its server, not of the event). Without one it is taken as written.
    """
    dt = datetime.fromisoformat(moment.strip().replace("Z", "+00:00"))
    if dt.tzinfo is not None and tz is not None:
        dt = dt.astimezone(tz)
    return dt.replace(tzinfo=None)


def event_slug(acronym: object, title: object) -> str:
    raw = str(acronym or "").strip().lower().replace("_", "-")
    slug = slugify(raw) if raw else ""
    if not slug or slug.isdigit():
        slug = slugify(str(title or "")) or "imported"
    return slug[:60].strip("-")


class _Text(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr", "blockquote", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag in self.BLOCK:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.parts.append(data)


_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def plain_text(value: object) -> str | None:
    """Abstracts from frab may be HTML: keep the words, drop the tags."""
    if value is None:
        return None
    text = str(value)
    if not _TAG.search(text):
        return text
    p = _Text()
    p.feed(text)
    p.close()
    joined = "".join(p.parts)
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", joined)).strip()


def join_text(*parts: object, html: bool = True) -> str | None:
    """Abstract and description together, without repeating one inside the other.

    ``html=False`` for files confrec wrote: their text is plain already, and an
    abstract that talks about ``<b>`` tags must come back as it was.
    """
    out: list[str] = []
    for p in parts:
        text = plain_text(p) if html else (None if p is None else str(p))
        if text and text.strip() and not any(text.strip() in o for o in out):
            out.append(text.strip())
    return "\n\n".join(out) or None


def schedule_talk(*, title: str, subtitle: str | None, abstract: object, description: object,
                  type: str | None, track: str | None, room: str | None, start: object,
                  duration: object, language: str | None, html: bool) -> dict:
    """A talk's fields from a frab/Pentabarf schedule event, in JSON or XML."""
    return {
        "title": f"{title} — {subtitle}" if subtitle else title,
        "abstract": join_text(abstract, description, html=html),
        "type": talk_type(type),
        "track": track,
        "room": room,
        "start": start,
        "duration": duration_minutes(duration),
        "language": language,
        "status": "confirmed",  # it is in a published schedule
    }


def person_key(pid: object, guid: object, name: str) -> str:
    if guid:
        return f"guid:{guid}"
    if pid not in (None, ""):
        return f"id:{pid}"
    return "name:" + " ".join(name.casefold().split())
