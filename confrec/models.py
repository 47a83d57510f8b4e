"""The three record types and the validation of their fields.

Every record is a plain dataclass. ``__post_init__`` turns raw values (strings
from the command line, or values read back from the file) into checked, typed
values, so a record that exists is a valid record: ``dataclasses.replace``
re-validates an edit the same way.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from confrec.errors import InvalidValue
from confrec.textutil import has_lone_surrogate

TALK_TYPES = ("keynote", "talk", "panel", "welcome", "workshop", "other")
TALK_STATUSES = ("submitted", "accepted", "confirmed", "rejected", "withdrawn", "cancelled")

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_DURATION_HM = re.compile(r"(\d{1,2}):([0-5]\d)")


# -- field parsers: each takes what a user typed and returns the stored value --

def text(name: str, value: Any, *, required: bool = False) -> str | None:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(f"{name} must be text, not {type(value).__name__}")
    if has_lone_surrogate(value):
        raise InvalidValue(f"{name} contains bytes that are not valid Unicode text")
    value = value.strip()
    if not value:
        if required:
            raise InvalidValue(f"{name} must not be empty")
        return None
    return value


def text_list(name: str, values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out = [text(name, v) for v in values]
    return [v for v in out if v is not None]


def parse_date(name: str, value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidValue(f"invalid {name} date {value!r}: use YYYY-MM-DD") from None


def parse_datetime(name: str, value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, datetime):
        raw = str(value).strip()
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            raise InvalidValue(
                f"invalid {name} {raw!r}: use YYYY-MM-DD HH:MM (local time of the event)"
            ) from None
        if len(raw) <= 10:  # a bare date is not a start time
            raise InvalidValue(f"invalid {name} {raw!r}: give a time too, YYYY-MM-DD HH:MM")
    if value.tzinfo is not None:
        raise InvalidValue(
            f"invalid {name} {value.isoformat()!r}: give the event's local time without an offset"
        )
    return value.replace(microsecond=0)


def parse_duration(value: Any) -> int | None:
    """Minutes, as '90', 90 or '1:30'."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidValue(f"invalid duration {value!r}: give minutes, e.g. 30 or 1:30")
    if isinstance(value, int):
        minutes = value
    else:
        raw = str(value).strip()
        hm = _DURATION_HM.fullmatch(raw)
        if hm:
            minutes = int(hm.group(1)) * 60 + int(hm.group(2))
        elif raw.isdigit():
            minutes = int(raw)
        else:
            raise InvalidValue(f"invalid duration {raw!r}: give minutes, e.g. 30 or 1:30")
    if minutes <= 0:
        raise InvalidValue(f"invalid duration {value!r}: it must be more than 0 minutes")
    if minutes > 24 * 60:
        raise InvalidValue(f"invalid duration {value!r}: more than a day (split it into sessions)")
    return minutes


def parse_choice(name: str, value: Any, choices: tuple[str, ...], default: str) -> str:
    if value is None or value == "":
        return default
    v = str(value).strip().lower()
    if v not in choices:
        raise InvalidValue(f"invalid {name} {value!r}: choose one of {', '.join(choices)}")
    return v


def parse_timezone(value: Any) -> str | None:
    v = text("timezone", value)
    if v is None:
        return None
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(
            f"unknown timezone {v!r}: use an IANA name such as Asia/Almaty or Europe/Berlin"
        ) from None
    return v


def parse_email(value: Any) -> str | None:
    v = text("email", value)
    if v is not None and not _EMAIL.fullmatch(v):
        raise InvalidValue(f"invalid email {v!r}: expected name@domain.tld")
    return v


def parse_url(value: Any) -> str | None:
    v = text("url", value)
    # No quotes, angle brackets or backslashes: a url is pasted into HTML,
    # Markdown autolinks and XML, and must not be able to end them early.
    if v is not None and not re.fullmatch(r"https?://[^\s/<>\"'\\]+[^\s<>\"'\\]*", v, re.IGNORECASE):
        raise InvalidValue(f"invalid url {v!r}: only http:// and https:// links are kept")
    return v


def parse_slug(value: Any) -> str:
    v = text("slug", value, required=True)
    if not _SLUG.fullmatch(v) or v.isdigit():
        raise InvalidValue(
            f"invalid slug {v!r}: use lower-case letters, digits and '-', "
            "starting with a letter or digit and not all digits (e.g. kaznu-2016)"
        )
    return v


def parse_id_list(values: Any) -> list[int]:
    out: list[int] = []
    for v in values or []:
        if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
            raise InvalidValue(f"invalid speaker id {v!r}")
        if v in out:
            raise InvalidValue(f"speaker {v} is named twice for one talk")
        out.append(v)
    return out


# -- records --

class Record:
    """Shared conversion to and from the stored/JSON form."""

    kind: ClassVar[str]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            v = getattr(self, f.name)
            if isinstance(v, (date, datetime)):
                v = v.isoformat()
            elif isinstance(v, list):
                v = list(v)
            out[f.name] = v
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})

    def label(self) -> str:
        raise NotImplementedError


@dataclass(kw_only=True)
class Event(Record):
    kind: ClassVar[str] = "event"
    id: int | None = None
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

    def __post_init__(self) -> None:
        self.slug = parse_slug(self.slug)
        self.name = text("name", self.name, required=True)
        start = parse_date("start", self.start)
        if start is None:
            raise InvalidValue("an event needs a start date (YYYY-MM-DD)")
        self.start = start
        self.end = parse_date("end", self.end) or start
        if self.end < self.start:
            raise InvalidValue(
                f"the end date {self.end.isoformat()} is before the start date {self.start.isoformat()}"
            )
        for name in ("venue", "city", "country", "description"):
            setattr(self, name, text(name, getattr(self, name)))
        self.timezone = parse_timezone(self.timezone)
        self.organizers = text_list("organizer", self.organizers)
        self.url = parse_url(self.url)

    def label(self) -> str:
        return f"{self.slug} ({self.name})"


@dataclass(kw_only=True)
class Speaker(Record):
    kind: ClassVar[str] = "speaker"
    id: int | None = None
    name: str
    title: str | None = None
    affiliation: str | None = None
    country: str | None = None
    position: str | None = None
    email: str | None = None
    bio: str | None = None

    def __post_init__(self) -> None:
        self.name = text("name", self.name, required=True)
        for name in ("title", "affiliation", "country", "position", "bio"):
            setattr(self, name, text(name, getattr(self, name)))
        self.email = parse_email(self.email)

    @property
    def display_name(self) -> str:
        return f"{self.title} {self.name}" if self.title else self.name

    def label(self) -> str:
        return f"{self.id} {self.name}"


@dataclass(kw_only=True)
class Talk(Record):
    kind: ClassVar[str] = "talk"
    id: int | None = None
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

    def __post_init__(self) -> None:
        self.event = parse_slug(self.event)
        self.title = text("title", self.title, required=True)
        self.speakers = parse_id_list(self.speakers)
        for name in ("abstract", "track", "room", "language"):
            setattr(self, name, text(name, getattr(self, name)))
        self.type = parse_choice("type", self.type, TALK_TYPES, "talk")
        self.status = parse_choice("status", self.status, TALK_STATUSES, "submitted")
        self.start = parse_datetime("start", self.start)
        self.duration = parse_duration(self.duration)
        self.tags = text_list("tag", self.tags)

    def label(self) -> str:
        return f"{self.id} {self.title!r}"


RECORD_TYPES: dict[str, type[Record]] = {"events": Event, "speakers": Speaker, "talks": Talk}
