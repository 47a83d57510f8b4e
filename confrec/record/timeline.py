"""Talk times on the real time line.

A talk's start is stored as local wall-clock time of its event. Its end is
start + duration in *elapsed* time, so it is computed through UTC: a 90-minute
talk at 02:00 on the night a European clock goes back ends at 02:30, not 03:30.
An ambiguous local time (the repeated hour) is taken at its first occurrence;
a time the clocks skip (02:30 on the night summer time starts) is refused
where it is typed or imported (``skipped_to``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from confrec.record.models import Event, Talk

UTC = UTC


def zone(name: str | None) -> tzinfo:
    """An event's zone: an IANA name, a fixed offset ('+01:00'), or UTC when unset."""
    if not name or name == "UTC":
        return UTC
    if name[0] in "+-":
        hours, minutes = int(name[1:3]), int(name[4:6])
        sign = 1 if name[0] == "+" else -1
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return ZoneInfo(name)


def is_fixed(tz: tzinfo) -> bool:
    """A zone without rules (UTC or a fixed offset): calendars then need no VTIMEZONE."""
    return isinstance(tz, timezone)


def to_utc(local: datetime, tz: tzinfo) -> datetime:
    return local.replace(tzinfo=tz).astimezone(UTC)


def skipped_to(local: datetime, tz: tzinfo) -> datetime | None:
    """None for a wall-clock time that exists in ``tz``; for one the clocks
    skip, the time it would be read as (02:30 -> 03:30 in Berlin on the last
    Sunday of March)."""
    read = local.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return None if read == local else read


def span(talk: Talk, tz: tzinfo) -> tuple[datetime, datetime] | None:
    """(start, end) in UTC, or None for a talk without start or duration."""
    if talk.start is None or talk.duration is None:
        return None
    start = to_utc(talk.start, tz)
    return start, start + timedelta(minutes=talk.duration)


def local_end(talk: Talk, tz: tzinfo) -> datetime | None:
    """The end as local wall-clock time (naive, like the stored start)."""
    if talk.start is None or talk.duration is None:
        return None
    return _wall_end(talk.start, talk.duration, tz)


def _wall_end(start: datetime, minutes: int, tz: tzinfo) -> datetime:
    return (to_utc(start, tz) + timedelta(minutes=minutes)).astimezone(tz).replace(tzinfo=None)


def aware_end(talk: Talk, tz: tzinfo) -> datetime | None:
    s = span(talk, tz)
    return s[1].astimezone(tz) if s else None


# frab's: a conference day ends at 04:00, so a talk at 01:00 belongs to the
# night before (the event's own ``day_change`` when it has one)
DEFAULT_DAY_CHANGE = time(4, 0)


def day_change(event: Event) -> time:
    dc = event.day_change
    return time(int(dc[:2]), int(dc[3:5])) if dc else DEFAULT_DAY_CHANGE


def event_bounds(event: Event, tz: tzinfo) -> tuple[datetime, datetime]:
    """From midnight before the first day to the day change after the last
    (the last evening's party that runs past midnight is the event's), in UTC."""
    last: date = event.end or event.start
    return (
        to_utc(datetime.combine(event.start, time(0)), tz),
        to_utc(datetime.combine(last + timedelta(days=1), day_change(event)), tz),
    )


MOMENT = "%Y-%m-%d %H:%M"  # how confrec writes a local time for people


def clock(moment: datetime) -> str:
    """'10:30': the time of day as MOMENT writes it, by hand (strftime costs
    three times as much, and a 10,000-talk program writes two a talk)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def span_text(start: datetime | None, end: datetime | None, *, with_day: bool = True) -> str:
    """'2016-10-21 10:00–12:00'; the end's date only when it is another day."""
    if start is None:
        return ""
    text = start.strftime(MOMENT) if with_day else clock(start)
    if end is None:
        return text
    if end.date() == start.date():
        return f"{text}–{clock(end)}"
    return f"{text} – {end.strftime(MOMENT)}"


def talk_span_text(talk: Talk, tz: tzinfo, *, with_day: bool = True) -> str:
    """A talk's time as span_text writes it, '' when it has none."""
    if talk.start is None:
        return ""
    return _span_text_of(talk.start, talk.duration, tz, with_day)


@lru_cache(maxsize=4096)
def _span_text_of(start: datetime, duration: int | None, tz: tzinfo, with_day: bool) -> str:
    # Parallel tracks share their slots (a 100-room program writes each time a
    # hundred times): each slot is worked out through UTC once.
    return span_text(start, None if duration is None else _wall_end(start, duration, tz), with_day=with_day)


def start_on_its_day(value: str | None, event: Event, *, known: datetime | None = None) -> str | datetime | None:
    """A start typed as a time alone ('10.30', '14:00') on the day it can
    only mean: the day of the start the record already has (``known``: the
    talk's, or its session's), else the event's when it has one day. A date
    without its year is on the event's day it names (in_event_days). A
    value with a whole date is left for the model to read; a time alone when
    the day is not known is refused, never guessed."""
    if not value or not value.strip():
        return value
    from confrec.dates import parse_clock
    from confrec.errors import InvalidValue

    try:
        at = parse_clock("start", value)
    except InvalidValue:
        return in_event_days("start", value, event)  # a date and a time, or a mistake the model words
    if known is not None:
        return datetime.combine(known.date(), at)
    if event.end is None or event.end == event.start:
        return datetime.combine(event.start, at)
    raise InvalidValue(f"invalid start {value!r}: give the day too: {event.slug} runs {event.start.isoformat()} "
                       f"to {event.end.isoformat()}")


def in_event_days(name: str, value: str | None, event: Event) -> str | datetime | None:
    """A moment typed with a date but not its year ('12.04 10.30', '12
    апреля 10:30'), on the day of the event it names; any other value is
    left for the model to read."""
    if not value:
        return value
    from confrec.dates import moment_in_days

    last = event.end or event.start
    days = [event.start + timedelta(days=n) for n in range((last - event.start).days + 1)]
    return moment_in_days(name, value, days) or value
