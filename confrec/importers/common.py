"""Lenient field readers shared by the importers."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

from confrec.importers import ImportFailed, Incoming
from confrec.record.models import duration_minutes
from confrec.textutil import slugify

# A title that says what a calendar entry is when the file gives no type:
# calendars are full of breaks ('Morning Tea', 'Buffet', 'Accueil').
_BY_TITLE = [
    ("break", re.compile(r"(?i)\b(?:coffee|tea|lunch|dinner|buffet|break|pause|kaffee(?:pause)?|mittag(?:essen)?"
                         r"|déjeuner|кофе-?брейк|перерыв|обед|үзіліс)\b")),
    ("registration", re.compile(r"(?i)\b(?:registration|check-?in|accueil|anmeldung|регистрация|тіркеу)\b")),
    ("ceremony", re.compile(r"(?i)\b(?:opening|closing)\s+ceremony\b|церемония")),
]


def elapsed_minutes(start: datetime, end: datetime) -> int:
    """Minutes from start to end as clocks run: through UTC when the times
    carry a zone. (Python subtracts two times of one zone as wall-clock
    times: across the night the clocks go back, an hour short.)"""
    if start.tzinfo is not None and end.tzinfo is not None:
        start, end = start.astimezone(UTC), end.astimezone(UTC)
    return round((end - start).total_seconds() / 60)


def type_from_title(title: str) -> str | None:
    """The program item a title names, for files that give no type; None for a talk."""
    for kind, pattern in _BY_TITLE:
        if pattern.search(title):
            return kind
    return None


def duration_value(value: object) -> object:
    """What a schedule gives as a duration, in the form the model reads.

    '00:45', '1:30', '25:00', '01:30:00' and 'PT1H30M' become minutes; seconds
    round to the nearest minute. Anything else is passed on unchanged, for the
    model to refuse (and the merge to list as a repair).
    """
    if isinstance(value, str):
        minutes = duration_minutes(value)
        if minutes is not None:
            return minutes
    return value


def instant(value: str) -> datetime:
    """An ISO date-time from a schedule: aware when it carries an offset, else wall time.

    Raises ValueError for a date that does not exist.
    """
    raw = value.strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    return datetime.fromisoformat(raw).replace(microsecond=0)


def event_slug(acronym: object, title: object) -> str:
    raw = str(acronym or "").strip().lower().replace("_", "-")
    slug = slugify(raw) if raw else ""
    if not slug or slug.isdigit():
        slug = slugify(str(title or "")) or "imported"
    return slug[:60].strip("-")


def day_part(value: object) -> str:
    """The date of a conference start/end that may be a date or a date-time."""
    return str(value or "")[:10]


class _Text(HTMLParser):
    BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr", "blockquote", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def plain_text(value: object, *, html: bool = True) -> str | None:
    """Abstracts from frab or calendars may be HTML: keep the words, drop the tags.

    ``html=False`` for files confrec wrote: their text is plain already, and an
    abstract that talks about ``<b>`` tags must come back as it was.
    """
    if value is None:
        return None
    text = str(value)
    if not html or not _TAG.search(text):
        return text.strip() or None
    p = _Text()
    p.feed(text)
    p.close()
    joined = "".join(p.parts)
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", joined)).strip() or None


def person_key(ident: object, name: str) -> str:
    """Who a person in a schedule is: their source id together with their name.

    Merged schedules reuse ids (every wiki person is id 0; one id can carry
    four names), so an id identifies a person only while the name agrees.
    """
    name = " ".join(name.split())
    if ident in (None, "", 0, "0"):
        return f"name:{name}"
    return f"id:{ident}|{name}"


def add_person(incoming: Incoming, key: str, fields: dict[str, Any]) -> None:
    """Keep a person's fields; a later mention fills what an earlier one left empty."""
    known = incoming.people.get(key)
    if known is None:
        incoming.people[key] = {k: v for k, v in fields.items() if v not in (None, "")}
        return
    for k, v in fields.items():
        if v not in (None, "") and not known.get(k):
            known[k] = v


_HTTP = re.compile(r"(?i)https?://[^\s<>\"'\\]+$")
# 'www.coreboot.org', 'nsu-watch.info/x': an address without its scheme
_BARE_DOMAIN = re.compile(r"(?i)(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s<>\"'\\]*)?$")


def links(incoming: Incoming, where: str, values: object) -> list[dict[str, str]]:
    """A schedule's links: http(s) ones kept, others listed as repairs."""
    out: list[dict[str, str]] = []
    for v in values if isinstance(values, list) else []:
        url = v.get("url") or v.get("href") if isinstance(v, dict) else v
        title = v.get("title") if isinstance(v, dict) else None
        url = url.strip() if isinstance(url, str) else url
        if isinstance(url, str) and _BARE_DOMAIN.match(url):
            incoming.repair(where, "link", url, f"kept as http://{url}")
            url = f"http://{url}"
        if not isinstance(url, str) or not _HTTP.match(url):
            incoming.repair(where, "link", url, "left out: only http(s) links are kept")
            continue
        out.append({"url": url, **({"title": str(title).strip()} if title else {})})
    return out


def room(incoming: Incoming, where: str, *names: object) -> str | None:
    """The first room name given; a slot with none is imported without a room, and said so."""
    for name in names:
        text = string(name)
        if text:
            return text
    incoming.repair(where, "room", "", "left out: the schedule gives the slot no room")
    return None


@dataclass(frozen=True)
class Parsed:
    """A JSON file already parsed (to tell its format), handed on to its
    reader so that a file is parsed once."""

    doc: Any


def json_document(content: str | bytes | memoryview | Parsed) -> Any:
    """Parse JSON, keeping the parser's own reason in the error.

    msgspec builds the objects straight from the bytes: a 12 MB schedule
    peaked at 187 MB through orjson, which first builds a tree of the whole
    document. orjson reads a file msgspec refused, for its message (msgspec
    names no line), or in case it reads what msgspec would not."""
    if isinstance(content, Parsed):
        return content.doc
    import msgspec

    from confrec.record.tables import DECODE_ERRORS

    try:
        return msgspec.json.decode(content)
    except DECODE_ERRORS:
        pass
    import orjson

    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError as e:
        raise ImportFailed(f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None


def obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ImportFailed(f"not a schedule: {what} is not an object")
    return value


def items(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportFailed(f"not a schedule: {what} is not a list")
    return value


def string(value: Any) -> str | None:
    """A scalar from a schedule as text (numbers and booleans included), or None."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


# A frab (or schedule v2) event gives what it has: a key an event leaves out (some generators
# write no abstract, language or people at all) leaves the talk's value as it
# is, where an empty one empties it. Field -> the key that gives it.
FRAB_OPTIONAL = {"subtitle": "subtitle", "abstract": "abstract", "description": "description", "type": "type",
                 "type_label": "type", "track": "track", "duration": "duration", "language": "language",
                 "url": "url", "links": "links", "guid": "guid"}


def given_fields(fields: dict[str, Any], present: Container[str]) -> dict[str, Any]:
    """The talk fields an event gives: those FRAB_OPTIONAL names a key for
    only when that key is ``present`` (in a JSON event, or a set of XML tags)."""
    return {k: v for k, v in fields.items() if k not in FRAB_OPTIONAL or FRAB_OPTIONAL[k] in present}
