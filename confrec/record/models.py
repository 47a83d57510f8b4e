"""The three record types and the validation of their fields.

Every record is a plain dataclass. ``__post_init__`` turns raw values (strings
from the command line, or values read back from the file) into checked, typed
values, so a record that exists is a valid record: ``dataclasses.replace``
re-validates an edit the same way.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Self, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from confrec.dates import parse_day, parse_moment
from confrec.errors import InvalidValue
from confrec.textutil import has_lone_surrogate

# On the program, but not talks: no speaker or abstract is missing, no
# abstract page in the book, not counted as talks.
PROGRAM_ITEMS = ("break", "registration", "ceremony")
TALK_TYPES = ("keynote", "talk", "panel", "welcome", "workshop", "other", *PROGRAM_ITEMS)
TALK_STATUSES = ("submitted", "accepted", "confirmed", "rejected", "withdrawn", "cancelled")
# What a status means, in one place. A talk that will not take place holds no
# slot (no clash, not on the grid, nothing missing); a rejected or withdrawn
# one is not published either (a cancelled talk stays on the published
# program, marked cancelled, so people learn it will not happen); an
# accepted or confirmed one is expected to have a time and a room.
NOT_TAKING_PLACE = frozenset({"rejected", "withdrawn", "cancelled"})
NOT_PUBLISHED = frozenset({"rejected", "withdrawn"})
EXPECTED_ON_PROGRAM = frozenset({"accepted", "confirmed"})

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
# A dot-atom local part (letters of any script allowed, as RFC 6531 does) and a
# domain of letter-or-digit labels with a top level of letters.
_EMAIL = re.compile(r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
                    r"@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}")
# A duration as people and schedules write one: H:MM or H:MM:SS (hours may
# pass a day: frab's '25:00'), or ISO 8601 ('PT1H30M', pretalx and calendars).
_DURATION_CLOCK = re.compile(r"(\d{1,4}):([0-5]\d)(?::([0-5]\d))?")
_DURATION_ISO = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?", re.IGNORECASE)
# Hours and minutes in words, as programs and people write them in English,
# Russian and Kazakh: '90 min', '1h30', '1 h 30 min', '1.5h', '2 hours',
# '45\'', '1 ч 30 мин', '1 сағ 30 мин'. Minutes after hours may go without a
# unit ('1h30'); a number alone with a decimal point says no unit, and is refused.
_HOUR_WORDS = r"h|hrs?|hours?|ч|час|часа|часов|сағ|сағат"
_MINUTE_WORDS = r"m|mins?|minutes?|мин|минут|минуты|минута|'"
_DURATION_WORDS = re.compile(
    rf"(?:(?P<hours>\d+(?:[.,]\d+)?)\s*(?:{_HOUR_WORDS})\.?\s*)?"
    rf"(?:(?P<minutes>\d+)\s*(?:(?P<unit>{_MINUTE_WORDS})\.?)?)?",
    re.IGNORECASE)


# -- field parsers: each takes what a user typed and returns the stored value --

# What a typed value may not hold: the C0 controls (escape sequences start
# with ESC), DEL, the C1 controls (8-bit CSI, OSC) and the bidi embeddings,
# overrides and isolates, which can reorder what a terminal shows. Long text
# (abstracts, descriptions, biographies) may have TAB, LF and CR.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_LONG_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LONG_TEXT = frozenset({"abstract", "description", "bio"})


def text(name: str, value: Any, *, required: bool = False, long: bool = False) -> str | None:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(f"{name} must be text, not {type(value).__name__}")
    if has_lone_surrogate(value):
        raise InvalidValue(f"{name} contains bytes that are not valid Unicode text")
    bad = (_CONTROL_IN_LONG_TEXT if long else _CONTROL).search(value)
    if bad:
        raise InvalidValue(f"{name} contains a control character (U+{ord(bad.group()):04X}): give plain text")
    cleaned: str = value.strip()
    if not cleaned:
        if required:
            raise InvalidValue(f"{name} must not be empty")
        return None
    return cleaned


def required_text(name: str, value: Any) -> str:
    """As ``text``, for a value that must be there: never None."""
    cleaned = text(name, value, required=True)
    if cleaned is None:  # (text raises first: this only tells the type checker)
        raise InvalidValue(f"{name} must not be empty")
    return cleaned


def text_list(name: str, values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out = [text(name, v) for v in values]
    return [v for v in out if v is not None]


# Years a record may hold: the time arithmetic (a talk's end, a zone's offset)
# must not run off the calendar, which ends in 9999.
MIN_YEAR, MAX_YEAR = 1000, 9998


def parse_date(name: str, value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    day: date = value if isinstance(value, date) else parse_day(name, str(value))
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidValue(f"invalid {name} date {day.isoformat()!r}: the year must be between "
                           f"{MIN_YEAR} and {MAX_YEAR}")
    return day


def parse_datetime(name: str, value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    moment: datetime = value if isinstance(value, datetime) else parse_moment(name, str(value))
    if moment.tzinfo is not None:
        raise InvalidValue(
            f"invalid {name} {moment.isoformat()!r}: give the event's local time without an offset"
        )
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise InvalidValue(f"invalid {name} {moment.isoformat(' ', 'minutes')!r}: the year must be between "
                           f"{MIN_YEAR} and {MAX_YEAR}")
    return moment.replace(microsecond=0)


# A talk may run for days (a camp's project, a hackathon: real schedules have
# 25:00 and 55:23). 99:59 is the most the frab schedule formats can write.
MAX_DURATION = 99 * 60 + 59


def duration_minutes(text: str) -> int | None:
    """The minutes a duration written as text says, or None if it is not one:
    '90', '1:30', '25:00', '01:30:00', 'PT1H30M' (seconds round to the
    nearest minute), '90 min', '1h30', '1.5 h', '1 ч 30 мин'. The one reader
    of durations, typed or imported."""
    raw = text.strip()
    if raw.isdigit() and len(raw) <= 9:
        return int(raw)
    clock = _DURATION_CLOCK.fullmatch(raw)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2)) + (1 if int(clock.group(3) or 0) >= 30 else 0)
    iso = _DURATION_ISO.fullmatch(raw)
    if iso and raw.upper() not in ("P", "PT"):
        days, hours, minutes, seconds = (float(g or 0) for g in iso.groups())
        return round(days * 1440 + hours * 60 + minutes + seconds / 60)
    words = _DURATION_WORDS.fullmatch(raw)
    if words and (words["hours"] is not None or words["unit"] is not None):
        if words["hours"] is not None and int(words["minutes"] or 0) >= 60:
            return None  # '1h 75' is a slip, as '1:75' is
        return round(float((words["hours"] or "0").replace(",", ".")) * 60) + int(words["minutes"] or 0)
    return None


def parse_duration(value: Any) -> int | None:
    """Minutes, from a whole number or any form ``duration_minutes`` reads."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidValue(f"invalid duration {value!r}: give minutes, e.g. 30, 1:30 or 1h30", field="duration")
    if isinstance(value, int):
        minutes = value
    else:
        raw = str(value).strip()
        read = duration_minutes(raw)
        if read is None:
            raise InvalidValue(f"invalid duration {raw!r}: give minutes, e.g. 30, 1:30 or 1h30", field="duration")
        minutes = read
    if minutes <= 0:
        raise InvalidValue(f"invalid duration {value!r}: it must be more than 0 minutes", field="duration")
    if minutes > MAX_DURATION:
        raise InvalidValue(f"invalid duration {value!r}: more than 99:59 hours", field="duration")
    return minutes


def parse_choice(name: str, value: Any, choices: tuple[str, ...], default: str) -> str:
    if value is None or value == "":
        return default
    v = str(value).strip().lower()
    if v not in choices:
        raise InvalidValue(f"invalid {name} {value!r}: choose one of {', '.join(choices)}")
    return v


# A fixed offset, for schedules that give offsets but no zone name: '+01:00',
# 'UTC+1', 'GMT-05:30'. Stored as '+01:00'.
_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?([0-5]\d))?", re.IGNORECASE)


def fixed_offset(value: str) -> str | None:
    """'+01:00' for a fixed-offset spelling, None for anything else."""
    m = _OFFSET.fullmatch(value.strip())
    if not m:
        return None
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or (hours == 14 and minutes):
        return None
    return f"{m.group(1)}{hours:02d}:{minutes:02d}"


def offset_name(minutes: int) -> str:
    """The stored name of a fixed offset of so many minutes east of UTC."""
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def parse_timezone(value: Any) -> str | None:
    v = text("timezone", value)
    if v is None:
        return None
    offset = fixed_offset(v)
    if offset is not None:
        return "UTC" if offset in ("+00:00", "-00:00") else offset
    zones = _zone_names()
    if v in zones or (not zones and _is_zone(v)):
        return v
    # as typed by hand: 'asia/almaty', 'utc', 'America/New York', or the city alone ('Almaty', 'Berlin')
    key = "_".join(v.split()).casefold()
    found = sorted({name for name in zones if key in (name.casefold(), name.rsplit("/", 1)[-1].casefold())})
    whole = [name for name in found if name.casefold() == key]  # the whole name, in other case: that one
    if whole or len(found) == 1:
        return (whole or found)[0]
    if found:
        raise InvalidValue(f"timezone {v!r} could be {' or '.join(found[:4])}: give the one meant", field="timezone")
    raise InvalidValue(
        f"unknown timezone {v!r}: use an IANA name such as Asia/Almaty or Europe/Berlin, "
        "or a fixed offset such as +06:00",
        field="timezone",
    )


@functools.cache
def _zone_names() -> frozenset[str]:
    """The IANA names this machine has, in their own spelling (a zone looked
    up by a name in other case works on a Mac's disk, and on no Linux one)."""
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def parse_email(value: Any) -> str | None:
    raw = value.strip() if isinstance(value, str) else value
    if isinstance(raw, str) and raw and (len(raw) > 254 or not _EMAIL.fullmatch(raw)):
        raise InvalidValue(f"invalid email {raw!r}: expected name@domain.tld")
    return text("email", value)


def parse_url(value: Any) -> str | None:
    v = text("url", value)
    # No quotes, angle brackets or backslashes: a url is pasted into HTML,
    # Markdown autolinks and XML, and must not be able to end them early.
    if v is not None and not re.fullmatch(r"https?://[^\s/<>\"'\\]+[^\s<>\"'\\]*", v, re.IGNORECASE):
        raise InvalidValue(f"invalid url {v!r}: only http:// and https:// links are kept")
    return v


def parse_slug(value: Any) -> str:
    v = required_text("slug", value)
    if not _SLUG.fullmatch(v) or v.isdigit():
        raise InvalidValue(
            f"invalid slug {v!r}: use lower-case letters, digits and '-', "
            "starting with a letter or digit and not all digits (e.g. kaznu-2016)"
        )
    return v


def parse_language_field(value: Any) -> str | None:
    """A language tag ('ru'), from a tag or a name ('Russian', 'русский')."""
    v = text("language", value)
    if v is None:
        return None
    from confrec.languages import parse_language

    return parse_language(v)


# What can be translated, per kind of record.
TRANSLATABLE = {
    "event": ("name", "kind", "description"),
    "talk": ("title", "subtitle", "abstract"),
    "session": ("title", "description"),
}


def parse_translations(values: Any, kind: str) -> dict[str, dict[str, str]]:
    """{language tag: {field: text}}: a record's title and text in other languages."""
    if not values:
        return {}
    if not isinstance(values, dict):
        raise InvalidValue("translations must map languages to fields", field="translations")
    from confrec.languages import parse_language

    out: dict[str, dict[str, str]] = {}
    for lang, entry in values.items():
        tag = parse_language(str(lang), "translation language")
        if not isinstance(entry, dict):
            raise InvalidValue(f"the {tag} translation must map fields to text", field="translations")
        kept = {}
        for name, value in entry.items():
            if name not in TRANSLATABLE[kind]:
                raise InvalidValue(f"a {kind} has no {name!r} to translate: "
                                   f"{', '.join(TRANSLATABLE[kind])}", field="translations")
            v = text(f"{name} ({tag})", value, long=name in LONG_TEXT)
            if v:
                kept[name] = v
        if kept:
            out[tag] = {**out.get(tag, {}), **kept}
    return dict(sorted(out.items()))


def slug_for(name: str) -> str:
    """A slug made from a name in any script: 'Эволюция 2016' -> 'evolyutsiya-2016'."""
    from confrec.textutil import slugify

    base = slugify(name)
    return base if base and not base.isdigit() else f"event-{base}".strip("-")


def parse_id_list(values: Any, what: str = "speaker") -> list[int]:
    out: list[int] = []
    for v in values or []:
        if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
            raise InvalidValue(f"invalid {what} id {v!r}")
        if v in out:
            raise InvalidValue(f"{what} {v} is named twice")
        out.append(v)
    return out


def parse_optional_id(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidValue(f"invalid id {value!r}")
    return value


def parse_links(values: Any) -> list[dict[str, str]]:
    """Links as ``{"url": ..., "title": ...}``: http(s) only, each url once."""
    out: list[dict[str, str]] = []
    for v in values or []:
        if isinstance(v, str):
            v = {"url": v}
        if not isinstance(v, dict):
            raise InvalidValue(f"invalid link {v!r}: give an http(s) url", field="links")
        url = parse_url(v.get("url"))
        if url is None:
            raise InvalidValue("a link needs an http(s) url", field="links")
        link = {"url": url}
        title = text("link title", v.get("title"))
        if title and title != url:  # a title that only repeats the address says nothing
            link["title"] = title
        if all(other["url"] != url for other in out):
            out.append(link)
    return out


def parse_roles(values: Any, speakers: list[int]) -> dict[str, str]:
    """A speaker's role on a talk when it is not 'speaker': moderator, host..."""
    if not values:
        return {}
    if not isinstance(values, dict):
        raise InvalidValue("roles must map speaker ids to roles", field="roles")
    out = {}
    for sid, role in values.items():
        name = text("role", role)
        if name and str(sid).isdigit() and int(sid) in speakers and name.lower() != "speaker":
            out[str(int(sid))] = name.lower()
    return dict(sorted(out.items(), key=lambda kv: int(kv[0])))


# -- records --

class Record:
    """Shared conversion to and from the stored/JSON form.

    ``__post_init__`` runs ``_fields()``: (field, parser) pairs, each parser
    taking the raw value and returning the stored one. A failing parser's
    error names its field, so an importer can leave out just that value.
    """

    noun: ClassVar[str]
    id: int  # each record type declares it as its first field: 0 until stored

    def __post_init__(self) -> None:
        for name, parse in self._fields():
            try:
                setattr(self, name, parse(getattr(self, name)))
            except InvalidValue as e:
                if e.field is None:
                    e.field = name
                raise

    def _fields(self) -> list[tuple[str, Callable[[Any], Any]]]:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        values = self.__dict__
        for name, kind in _kinds(type(self)):  # runs once per record on every export: no dataclasses.fields()
            v = values[name]
            if v is not None:
                if kind == "date" or kind == "datetime":
                    v = v.isoformat()
                elif kind == "list":
                    v = [dict(x) if isinstance(x, dict) else x for x in v]
                elif kind == "dict":
                    v = dict(v)
            out[name] = v
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """A record from what a user or a file gives: every field is checked."""
        names = {f.name for f in dataclasses.fields(cast(Any, cls))}  # (every record type is a dataclass)
        return cls(**{k: v for k, v in data.items() if k in names})

    @classmethod
    def from_stored(cls, doc: dict[str, Any], record_id: int) -> Self:
        """A record as the database keeps it: checked when it was written, so
        only its shape is checked here (a hand-edited file must still give a
        clean error, not a traceback), and text is taken as it is."""
        reader = _READERS.get(cls)
        if reader is None:
            reader = _READERS[cls] = _reader(cls)
        return cast(Self, reader(doc, record_id))  # the reader is generated: mypy cannot see it makes a cls

    def label(self) -> str:
        raise NotImplementedError


_MISSING = object()
_READERS: dict[type, Callable[[dict[str, Any], int], Any]] = {}


def _reader(cls: type) -> Callable[[dict[str, Any], int], Any]:
    """from_stored for one record type, written out field by field (as
    dataclasses writes __init__): reading 10,000 talks runs it 10,000 times,
    and a loop over the fields cost three times as much. Values of the usual
    type pass one class test; anything else goes to _stored_value, which
    fills defaults, converts dates and refuses what has the wrong shape."""
    lines = ["def read(doc, record_id):", "    record = new(cls)", "    values = record.__dict__",
             "    values['id'] = record_id", "    get = doc.get"]
    for i, (name, kind, nullable, _default) in enumerate(_specs(cls)):
        usual = "str" if kind in ("date", "datetime") else kind
        test = f"v.__class__ is {usual}" + (" or v is None" if nullable and kind not in ("date", "datetime") else "")
        lines.append(f"    v = get({name!r}, MISSING)")
        if kind in ("date", "datetime"):
            lines.append("    if v.__class__ is str:")
            lines.append("        try:")
            lines.append(f"            v = {kind}.fromisoformat(v)")
            lines.append("        except ValueError:")
            lines.append(f"            v = slow(specs[{i}], v)")
            lines.append(f"    elif v is not None or not {nullable}:")
        else:
            lines.append(f"    if not ({test}):")
        lines.append(f"        v = slow(specs[{i}], v)")
        lines.append(f"    values[{name!r}] = v")
    lines.append("    return record")
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls, "MISSING": _MISSING, "slow": _stored_value,
                             "specs": _specs(cls), "str": str, "int": int, "list": list, "dict": dict,
                             "date": date, "datetime": datetime}
    exec("\n".join(lines), scope)
    read: Callable[[dict[str, Any], int], Any] = scope["read"]
    return read


def _stored_value(spec: tuple[str, str, bool, Any], value: Any) -> Any:
    """A stored value that is not of the usual type: a default, a date, or a clean error."""
    name, kind, nullable, default = spec
    if value is _MISSING:
        if default is _MISSING:
            raise InvalidValue(f"{name} is missing", field=name)
        return default() if callable(default) else default
    if value is None:
        if not nullable:
            raise InvalidValue(f"{name} is missing", field=name)
        return None
    if kind == "date" or kind == "datetime":
        if not isinstance(value, str):
            raise InvalidValue(f"{name} is not a date", field=name)
        try:
            return (datetime if kind == "datetime" else date).fromisoformat(value)
        except ValueError:
            raise InvalidValue(f"{name} {value!r} is not a date", field=name) from None
    if not isinstance(value, _PYTHON[kind]) or (kind == "int" and isinstance(value, bool)):
        raise InvalidValue(f"{name} is not {_SAID[kind]}", field=name)
    return value


_PYTHON: dict[str, type | tuple[type, ...]] = {"str": str, "int": int, "list": list, "dict": dict}
_SAID = {"str": "text", "int": "a whole number", "list": "a list", "dict": "an object"}
_SPECS: dict[type, list[tuple[str, str, bool, Any]]] = {}


def _specs(cls: type) -> list[tuple[str, str, bool, Any]]:
    """(name, kind, may be None, default) of each stored field, from the annotations."""
    if cls not in _SPECS:
        out = []
        for f in dataclasses.fields(cls):
            if f.name == "id":
                continue
            t = str(f.type)
            kind = next(k for k in ("datetime", "date", "list", "dict", "int", "str") if t.startswith(k))
            default = f.default_factory if f.default_factory is not dataclasses.MISSING else (
                _MISSING if f.default is dataclasses.MISSING else f.default)
            out.append((f.name, kind, "None" in t, default))
        _SPECS[cls] = out
    return _SPECS[cls]


def _kinds(cls: type) -> list[tuple[str, str]]:
    """(name, kind) of every field, id first, in the order to_dict() writes them."""
    if cls not in _KINDS:
        _KINDS[cls] = [("id", "int")] + [(name, kind) for name, kind, _, _ in _specs(cls)]
    return _KINDS[cls]


_KINDS: dict[type, list[tuple[str, str]]] = {}


def _text(name: str) -> Callable[[Any], str | None]:
    return lambda v: text(name, v)


def _long(name: str) -> Callable[[Any], str | None]:
    """Long text: line breaks and tabs allowed."""
    return lambda v: text(name, v, long=True)


_HHMM = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def parse_day_change(value: Any) -> str | None:
    """When one conference day ends and the next begins, 'HH:MM' (frab's day_change)."""
    v = text("day change", value)
    if v is None:
        return None
    m = _HHMM.fullmatch(v[:5] if len(v) == 8 and v.endswith(":00") else v)
    if not m:
        raise InvalidValue(f"invalid day change {v!r}: give a time such as 04:00", field="day_change")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


@dataclass(kw_only=True)
class Event(Record):
    noun: ClassVar[str] = "event"
    id: int = 0  # 0 until the store gives it one (ids start at 1)
    slug: str
    name: str
    start: date
    end: date | None = None
    venue: str | None = None
    city: str | None = None
    country: str | None = None
    timezone: str | None = None
    organizers: list[str] = field(default_factory=list)
    description: str | None = None
    url: str | None = None
    day_change: str | None = None
    host: str | None = None  # the host institution, beside the organising units
    kind: str | None = None  # 'International scientific-practical conference'
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    def _fields(self) -> list[tuple[str, Callable[[Any], Any]]]:
        return [
            ("slug", parse_slug),
            ("name", lambda v: required_text("name", v)),
            ("start", self._start),
            ("end", lambda v: parse_date("end", v) or self.start),
            ("venue", _text("venue")), ("city", _text("city")), ("country", _text("country")),
            ("description", _long("description")),
            ("timezone", parse_timezone),
            ("organizers", lambda v: text_list("organizer", v)),
            ("url", parse_url),
            ("day_change", parse_day_change),
            ("host", _text("host")), ("kind", _text("kind")),
            ("translations", lambda v: parse_translations(v, "event")),
        ]

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.end is not None and self.end < self.start:
            raise InvalidValue(
                f"the end date {self.end.isoformat()} is before the start date {self.start.isoformat()}",
                field="end",
            )

    @property
    def dates(self) -> str:
        """'2016-10-20 – 2016-10-21', or the one day: how every view and export writes them."""
        if self.end and self.end != self.start:
            return f"{self.start.isoformat()} – {self.end.isoformat()}"
        return self.start.isoformat()

    @staticmethod
    def _start(value: Any) -> date:
        start = parse_date("start", value)
        if start is None:
            raise InvalidValue("an event needs a start date (YYYY-MM-DD)")
        return start

    def label(self) -> str:
        return f"{self.slug} ({self.name})"


@dataclass(kw_only=True)
class Speaker(Record):
    noun: ClassVar[str] = "speaker"
    id: int = 0  # 0 until the store gives it one (ids start at 1)
    name: str
    title: str | None = None
    affiliation: str | None = None
    country: str | None = None
    position: str | None = None
    email: str | None = None
    bio: str | None = None
    guid: str | None = None  # the person's guid in the schedule they came from

    def _fields(self) -> list[tuple[str, Callable[[Any], Any]]]:
        return [
            ("name", lambda v: required_text("name", v)),
            ("title", _text("title")), ("affiliation", _text("affiliation")),
            ("country", _text("country")), ("position", _text("position")), ("bio", _long("bio")),
            ("email", parse_email),
            ("guid", _text("guid")),
        ]

    @property
    def display_name(self) -> str:
        return f"{self.title} {self.name}" if self.title else self.name

    @property
    def standing(self) -> str:
        """Position, affiliation and country, as a program names a speaker after the name."""
        return ", ".join(x for x in (self.position, self.affiliation, self.country) if x)

    def label(self) -> str:
        return f"{self.id} {self.name}"


@dataclass(kw_only=True)
class Talk(Record):
    noun: ClassVar[str] = "talk"
    id: int = 0  # 0 until the store gives it one (ids start at 1)
    event: str
    title: str
    speakers: list[int] = field(default_factory=list)
    abstract: str | None = None
    type: str = "talk"
    track: str | None = None
    room: str | None = None
    start: datetime | None = None
    duration: int | None = None
    status: str = "submitted"
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    # What the schedule it came from said, kept and written back by the exports:
    subtitle: str | None = None
    description: str | None = None
    type_label: str | None = None  # the type in the source's own word ('lecture', 'Doppelslot')
    roles: dict[str, str] = field(default_factory=dict)  # speaker id -> role other than speaker
    url: str | None = None
    links: list[dict[str, str]] = field(default_factory=list)
    guid: str | None = None  # the schedule's guid, re-used by the frab exports
    session: int | None = None
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    def _fields(self) -> list[tuple[str, Callable[[Any], Any]]]:
        return [
            ("event", parse_slug),
            ("title", lambda v: required_text("title", v)),
            ("speakers", parse_id_list),
            ("roles", lambda v: parse_roles(v, self.speakers)),
            ("subtitle", _text("subtitle")), ("abstract", _long("abstract")),
            ("description", _long("description")), ("track", _text("track")),
            ("room", _text("room")), ("language", parse_language_field),
            ("type", lambda v: parse_choice("type", v, TALK_TYPES, "talk")),
            ("type_label", _text("type")),
            ("status", lambda v: parse_choice("status", v, TALK_STATUSES, "submitted")),
            ("start", lambda v: parse_datetime("start", v)),
            ("duration", parse_duration),
            ("tags", lambda v: text_list("tag", v)),
            ("url", parse_url),
            ("links", parse_links),
            ("guid", _text("guid")),
            ("session", parse_optional_id),
            ("translations", lambda v: parse_translations(v, "talk")),
        ]

    def label(self) -> str:
        return f"{self.id} {self.title!r}"

    @property
    def is_program_item(self) -> bool:
        """A break, registration or ceremony: on the program, but not a talk."""
        return self.type in PROGRAM_ITEMS


@dataclass(kw_only=True)
class Session(Record):
    """A part of the program with its chairs: the plenary, a section, a panel."""

    noun: ClassVar[str] = "session"
    id: int = 0  # 0 until the store gives it one (ids start at 1)
    event: str
    title: str
    start: datetime | None = None
    end: datetime | None = None
    room: str | None = None
    chairs: list[int] = field(default_factory=list)  # speaker ids, in order
    description: str | None = None
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    def _fields(self) -> list[tuple[str, Callable[[Any], Any]]]:
        return [
            ("event", parse_slug),
            ("title", lambda v: required_text("title", v)),
            ("start", lambda v: parse_datetime("start", v)),
            ("end", self._end),
            ("room", _text("room")),
            ("chairs", lambda v: parse_id_list(v, "chair")),
            ("description", _long("description")),
            ("translations", lambda v: parse_translations(v, "session")),
        ]

    def _end(self, value: Any) -> datetime | None:
        """The end; a time alone ('12:30', '12.30', '12:30pm') is on the start's day."""
        if isinstance(value, str) and self.start is not None:
            from confrec.dates import parse_clock

            with contextlib.suppress(InvalidValue):  # (else a date and a time, or a mistake parse_datetime words)
                value = datetime.combine(self.start.date(), parse_clock("end", value))
        end = parse_datetime("end", value)
        if end is not None and self.start is not None and end <= self.start:
            raise InvalidValue(f"the end {end.isoformat(' ', 'minutes')} is not after the start "
                               f"{self.start.isoformat(' ', 'minutes')}", field="end")
        return end

    def label(self) -> str:
        return f"{self.id} {self.title!r}"


RECORD_TYPES: dict[str, type[Record]] = {"events": Event, "speakers": Speaker, "talks": Talk, "sessions": Session}
