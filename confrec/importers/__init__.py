"""Reading what people already have: one module per format, each a pure
function from the file's content to an ``Incoming`` (plain field dicts,
nothing stored). ``merge.py`` then matches it against the record and adds it
in one write.

Strict on syntax, lenient on values: a file that is not well-formed (or a date
that does not exist) imports nothing and names the line or element; a value
the record cannot hold (a zero duration, an empty room, a link that is not
http) is left out of its talk and listed as a ``Repair``.
"""

from __future__ import annotations

import contextlib
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confrec.errors import ConfrecError, InvalidValue

if TYPE_CHECKING:
    from confrec.importers.common import Parsed

# format name -> module
_MODULES = {
    "json": "backup",
    "csv": "csv_",
    "frab-xml": "frab_xml",
    "frab-json": "frab_json",
    "schedule-v2": "schedule_v2",
    "ics": "ical",
}
FORMATS = tuple(_MODULES)
_BINARY = {"ics"}  # parsers that take the raw bytes (iCalendar unfolds before decoding)
_JSON = {"json", "frab-json", "schedule-v2"}  # parsers that take the file parsed (json_document)


class ImportFailed(ConfrecError):
    """The file cannot be imported; nothing was written."""


@dataclass
class Repair:
    """A value the file gave that the record could not hold as it was."""

    where: str  # "event id=7 'Title'", 'line 4'
    field: str
    value: str  # what the file said, shortened
    action: str  # what was done instead

    def to_dict(self) -> dict[str, str]:
        return {"talk": self.where, "field": self.field, "value": self.value, "action": self.action}

    def __str__(self) -> str:
        return f"{self.where}: {self.field} {self.value}: {self.action}"


def shown(value: object, limit: int = 60) -> str:
    """A value for a repair note: repr, cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


@dataclass
class IncomingTalk:
    ref: str  # stable external reference (source guid or id), for de-duplication
    where: str  # 'line 12' or "event id=7 'Title'", for messages
    # Talk fields except event and speakers. "start" is an aware datetime (an
    # instant, converted to the event's zone on merge) or a naive one (wall
    # time as written, for files that give no offset or zone).
    fields: dict[str, Any]
    people: list[str] = field(default_factory=list)  # keys into Incoming.people, in order
    # False when the file has no place for speakers (a sheet without such a
    # column): a talk's speakers in the record then stay as they are
    people_given: bool = True
    # person key -> role other than speaker; None: the format has no roles (a
    # talk's roles in the record then stay as they are)
    roles: dict[str, str] | None = None
    # fields a new talk gets that the file only implies (a published schedule
    # means confirmed): they do not overwrite what the record already says
    defaults: dict[str, Any] = field(default_factory=dict)


@dataclass
class IncomingSession:
    """A session of confrec's own json export, or a sheet's section; its talks name it by ``key``."""

    key: str  # as talks name it, after 'id:' (the export's id, 'id:3'; a sheet's title, normalised)
    where: str  # for messages
    fields: dict[str, Any]  # Session fields but event and chairs
    chairs: list[str] = field(default_factory=list)  # keys into Incoming.people
    times_from_talks: bool = False  # a sheet's section: it runs from its first talk's start to its last's end


@dataclass
class IncomingSpeaker:
    """A row of a sheet of speakers (what 'export --what speakers' writes):
    the record's speaker it names by id (or, without one, by name), and the
    fields its columns give (None: an empty cell, which empties the field)."""

    where: str  # 'line 4'
    id: int | None
    fields: dict[str, str | None]


@dataclass
class Incoming:
    event: dict[str, Any] | None  # Event fields, or None when the file names no event
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> Speaker fields
    talks: list[IncomingTalk] = field(default_factory=list)
    sessions: list[IncomingSession] = field(default_factory=list)  # confrec's own export's, a sheet's sections
    source: str = ""  # format name
    scope: str = ""  # where references come from, e.g. 'frab:Camp2019'; set by parse
    zone: str | None = None  # the zone name the file declares, if any
    repairs: list[Repair] = field(default_factory=list)
    whole: bool = True  # the file is a whole program: talks it no longer has are gone
    # The event is only a name (a calendar's): the record's event of that name,
    # a new one in an empty record dated by the talks, else the only event.
    event_named_only: bool = False
    # A sheet of speakers: their details, to update the record's speakers
    # with; such a file has no event or talks.
    speakers: list[IncomingSpeaker] | None = None
    notes: list[str] = field(default_factory=list)  # what reading the file assumed, said after the import

    def repair(self, where: str, name: str, value: object, action: str) -> None:
        self.repairs.append(Repair(where, name, shown(value), action))


def occurrence_refs(idents: list[str]) -> list[str]:
    """Talks scheduled more than once keep one reference per slot: 'g', 'g#2', ..."""
    seen: dict[str, int] = {}
    out = []
    for ident in idents:
        seen[ident] = seen.get(ident, 0) + 1
        out.append(ident if seen[ident] == 1 else f"{ident}#{seen[ident]}")
    return out


def read_bytes(path: Path) -> bytes:
    from confrec.record.fileio import read_given

    return read_given(path, error=ImportFailed)


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFailed(f"not UTF-8 text (byte {e.start})") from None


CP1251_NOTE = ("read as Windows-1251, the Cyrillic code page Excel saves 'CSV' in on a Russian system; it has no "
               "Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ): save the sheet as 'CSV UTF-8' to keep them")
_WORD = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_sheet(raw: bytes) -> tuple[str, str | None]:
    """A spreadsheet's text, and what was assumed when it is not UTF-8.

    Excel saves 'CSV' on a Russian or Kazakh Windows in Windows-1251: a file
    that is not UTF-8, holds no control character, and whose every word
    beyond ASCII reads in that code page as Cyrillic ('Кукеева') is read so.
    Any other (a Western code page reads there as 'Mьller', a word of two
    scripts) is refused: guessed, it would be read otherwise than written.
    """
    try:
        return decode(raw), None
    except ImportFailed as e:
        refused = ImportFailed(f"{e}: save the sheet as UTF-8 (in Excel: 'CSV UTF-8')")
        try:
            text = raw.decode("cp1251")
        except UnicodeDecodeError:
            raise refused from None
        words = [w for w in _WORD.findall(text) if not w.isascii()]
        if _CONTROL.search(text) or not words or not all(
                all("\u0400" <= c <= "\u04ff" for c in w) for w in words):
            raise refused from None
        return text.removeprefix("\ufeff"), CP1251_NOTE


_LEAD = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*")  # a BOM and white space before the content


def _json_file(raw: bytes) -> Parsed:
    """A JSON file parsed from its bytes (no 12 MB str of it is made)."""
    from confrec.importers.common import Parsed, json_document

    try:
        return Parsed(json_document(memoryview(raw)[3:] if raw.startswith(b"\xef\xbb\xbf") else raw))
    except ImportFailed:
        decode(raw)  # a file that is not UTF-8 is told so first, as every text file is
        raise


def detect(raw: bytes, name: str = "") -> tuple[str, Parsed | None]:
    """The format, from the content first and the file name only as a
    tie-breaker; and a JSON file as parsed to tell it, for its reader."""
    blank = _LEAD.match(raw)  # (the pattern matches anything, the empty string included)
    start = blank.end() if blank else 0
    lead = raw[start:start + 4096]
    if lead[:15].upper() == b"BEGIN:VCALENDAR":
        return "ics", None  # before decoding: a calendar may fold lines inside a UTF-8 sequence
    if lead.startswith((b"{", b"[")):
        try:
            parsed = _json_file(raw)
        except ImportFailed:  # its reader says what is wrong with it
            return ("json" if b'"confrec-event"' in lead else "frab-json"), None
        doc = parsed.doc
        if isinstance(doc, dict) and doc.get("format") == "confrec-event":
            return "json", parsed
        schedule = doc.get("schedule") if isinstance(doc, dict) else None
        if isinstance(schedule, dict):
            return ("schedule-v2" if isinstance(schedule.get("events"), list) else "frab-json"), parsed
        raise ImportFailed("this JSON is neither a confrec export nor a frab/pretalx schedule")
    try:
        head = decode(raw).lstrip()[:4096]
    except ImportFailed:
        if name.lower().endswith(".csv"):  # (a sheet Excel saved in its code page: the sheet's reader decides)
            return "csv", None
        raise
    if head.startswith("<"):
        return "frab-xml", None
    first = head.splitlines()[0] if head else ""
    if re.search(r"(?i)\btitle\b", first) and any(sep in first for sep in ",;\t"):
        return "csv", None
    if name.lower().endswith(".csv"):
        return "csv", None
    if name.lower().endswith(".ics"):
        return "ics", None
    raise ImportFailed("cannot tell the format: give --format " + ", ".join(FORMATS))


def parse(fmt: str, raw: bytes | str, parsed: Parsed | None = None) -> Incoming:
    if fmt not in FORMATS:
        raise InvalidValue(f"unknown format {fmt!r}: choose auto, {', '.join(FORMATS)}")
    module = importlib.import_module(f"confrec.importers.{_MODULES[fmt]}")
    content: bytes | str | Parsed
    assumed = None  # what reading the file had to assume (a sheet's code page)
    if fmt in _BINARY:
        content = raw if isinstance(raw, bytes) else raw.encode("utf-8")
    elif fmt in _JSON:
        content = parsed or (_json_file(raw) if isinstance(raw, bytes) else raw)
    elif fmt == "csv" and isinstance(raw, bytes):
        content, assumed = decode_sheet(raw)
    else:
        content = decode(raw) if isinstance(raw, bytes) else raw
    incoming: Incoming = module.parse(content)
    if assumed:
        incoming.notes.append(assumed)
    incoming.source = fmt
    if not incoming.scope:
        incoming.scope = fmt
    return incoming


@contextlib.contextmanager
def about(path: Path) -> Iterator[None]:
    """Every import error inside names the file it is about."""
    try:
        yield
    except ImportFailed as e:
        message = str(e)
        raise ImportFailed(message if message.startswith(str(path)) else f"{path}: {message}") from None


def load(path: Path, fmt: str = "auto") -> Incoming:
    """Read and parse a file."""
    with about(path):
        raw = read_bytes(path)
        parsed = None
        if fmt == "auto":
            fmt, parsed = detect(raw, path.name)
        if parsed is not None:
            raw = b""  # not held while the talks are read from what was parsed
        return parse(fmt, raw, parsed)
