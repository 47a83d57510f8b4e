"""Dates and times as people type them: every accepted string means exactly
the moment a reference reading gives, and a string with a character no form
accounts for is refused, never partly read."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, timedelta

import pytest
from conftest import fails, ok, run
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from confrec.dates import moment_in_days, parse_clock, parse_day, parse_moment
from confrec.errors import InvalidValue

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря"]
MONTHS_KK = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
             "қараша", "желтоқсан"]

moments = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9998, 12, 31, 23, 59)).map(
    lambda d: d.replace(second=0, microsecond=0))


def render_day(d: datetime, style: int, upper: bool) -> str:
    month = [MONTHS_EN, MONTHS_EN, MONTHS_RU, MONTHS_KK][style % 4][d.month - 1]
    if style % 4 == 1:
        month = month[:3]
    if upper:
        month = month.upper()
    nth = f"{d.day}{'th' if d.day in (11, 12, 13) else {1: 'st', 2: 'nd', 3: 'rd'}.get(d.day % 10, 'th')}"
    forms = [
        f"{d.year:04d}-{d.month:02d}-{d.day:02d}", f"{d.year:04d}-{d.month}-{d.day}",
        f"{d.year:04d}/{d.month:02d}/{d.day:02d}", f"{d.year:04d}.{d.month}.{d.day}",
        f"{d.day}.{d.month}.{d.year:04d}", f"{d.day:02d}.{d.month:02d}.{d.year:04d}",
        f"{d.day} {month} {d.year:04d}", f"{month} {d.day}, {d.year:04d}" if style % 4 < 2 else f"{d.day} {month} {d.year:04d}",
    ]
    if style % 4 == 2:  # Russian: the year's abbreviation
        forms += [f"{d.day} {month} {d.year:04d} г.", f"{d.day} {month} {d.year:04d} года"]
    if style % 4 == 3:  # Kazakh: the year first, as the Kazakh book writes it
        forms += [f"{d.year:04d} жылғы {d.day} {month}", f"{d.year:04d} ж. {d.day} {month}",
                  f"{d.day} {month} {d.year:04d} ж."]
    if style % 4 < 2:  # English ordinals: 21st October 2016, the 21st of October, October 21st, 2016
        forms += [f"{nth} {month} {d.year:04d}", f"{nth} of {month} {d.year:04d}", f"{month} {nth}, {d.year:04d}"]
    if d.day > 12 or d.day == d.month:  # the only slashed forms that have one reading
        forms += [f"{d.day}/{d.month}/{d.year:04d}", f"{d.month}/{d.day}/{d.year:04d}"]
    return forms[style % len(forms)]


def render_time(d: datetime, style: int) -> str:
    h12 = d.hour % 12 or 12
    ampm = ["am", "pm"][d.hour >= 12]
    forms = [f"{d.hour}:{d.minute:02d}", f"{d.hour:02d}:{d.minute:02d}", f"{d.hour}.{d.minute:02d}",
             f"{d.hour}h{d.minute:02d}", f"{h12}:{d.minute:02d}{ampm}", f"{h12}:{d.minute:02d} {ampm.upper()}",
             f"{h12}.{d.minute:02d} {ampm[0]}.m.", f"{d.hour:02d}:{d.minute:02d}:00"]
    if d.minute == 0:
        forms += [f"{h12}{ampm}", f"{h12} {ampm}", f"{d.hour}h"]
    return forms[style % len(forms)]


@settings(max_examples=400, deadline=None)
@given(moment=moments, day_style=st.integers(0, 100), time_style=st.integers(0, 100), upper=st.booleans(),
       sep=st.sampled_from([" ", "T", ", ", " at ", "  ", " в ", ", сағат ", " сағ. "]))
def test_every_written_form_means_its_moment(moment, day_style, time_style, upper, sep):
    text = render_day(moment, day_style, upper) + sep + render_time(moment, time_style)
    assert parse_moment("start", text) == moment, text


# A reference reading, independent of confrec.dates: the standard library's
# strptime over every pair of the date and time forms, English month names.
_REF_DAYS = (["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%d-%b-%Y", "%d-%B-%Y"]
             + [f"%d %{m}{dot}{comma} %Y" for m in "bB" for dot in ("", ".") for comma in ("", ",")]
             + [f"%{m}{dot} %d{comma} %Y" for m in "bB" for dot in ("", ".") for comma in ("", ",")])
_REF_TIMES = ([f"%H{sep}%M{secs}" for sep in ":.h" for secs in ("", ":00")] + ["%Hh"]
              + [f"%I{sep}%M{secs}{space}%p" for sep in ":.h" for secs in ("", ":00") for space in ("", " ")]
              + [f"%I{h}{space}%p" for h in ("", "h") for space in ("", " ")])
_REF_SEPS = [" ", "T", ", ", " at "]


def reference(text: str) -> set[datetime]:
    found = set()
    squeezed = " ".join(text.split()).replace("a.m.", "AM").replace("p.m.", "PM")
    squeezed = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", squeezed).replace(" of ", " ")  # the 21st of October
    for day, sep, clock in itertools.product(_REF_DAYS, _REF_SEPS, _REF_TIMES):
        try:
            found.add(datetime.strptime(squeezed, day + sep + clock))
        except ValueError:
            continue
    return found


ALPHABET = "0123456789-./:, hTatpmAPMJanOctober."


@pytest.mark.slow
@settings(max_examples=600, deadline=None)
@given(moment=moments, day_style=st.integers(0, 100), time_style=st.integers(0, 100),
       junk=st.text(ALPHABET, min_size=1, max_size=3), where=st.integers(0, 40))
def test_a_string_with_unread_characters_is_refused(moment, day_style, time_style, junk, where):
    text = render_day(moment, day_style, False) + " " + render_time(moment, time_style)
    assume(all(ord(c) < 128 for c in text))  # the reference reads English month names only
    at = where % (len(text) + 1)
    changed = text[:at] + junk + text[at:]
    try:
        got = parse_moment("start", changed)
    except InvalidValue:
        return
    readings = reference(changed)
    assert readings == {got}, (changed, got, readings)  # accepted: the one moment a reference reads


@pytest.mark.parametrize("text, error", [
    ("05/10/2016 10:00", "invalid start '05/10/2016 10:00': 05/10/2016 could be 5 October or 10 May 2016: "
                         "write 2016-10-05 or 2016-05-10"),
    ("2016-10-21 10:3", "invalid start '2016-10-21 10:3': use e.g. 2016-10-21 10:30, 21.10.2016 10.30 or "
                        "21 Oct 2016 10:30am (local time of the event)"),
    ("2016-10-21 10:30x", "invalid start '2016-10-21 10:30x': use e.g. 2016-10-21 10:30, 21.10.2016 10.30 or "
                          "21 Oct 2016 10:30am (local time of the event)"),
    ("2016-10-21", "invalid start '2016-10-21': give a time too, e.g. 2016-10-21 10:30, 21.10.2016 10.30 or "
                   "21 Oct 2016 10:30am"),
    ("2016-02-30 10:00", "invalid start '2016-02-30 10:00' (there is no such day): use e.g. 2016-10-21 10:30, "
                         "21.10.2016 10.30 or 21 Oct 2016 10:30am (local time of the event)"),
    ("2016-10-21 13pm", "invalid start '2016-10-21 13pm' (13 is not an hour on a 12-hour clock): use e.g. "
                        "2016-10-21 10:30, 21.10.2016 10.30 or 21 Oct 2016 10:30am (local time of the event)"),
    ("2016-10-21 10:30:15", "invalid start '2016-10-21 10:30:15' (seconds are not kept: give hours and minutes): "
                            "use e.g. 2016-10-21 10:30, 21.10.2016 10.30 or 21 Oct 2016 10:30am (local time of the event)"),
])
def test_what_is_refused_says_what_works(text, error):
    with pytest.raises(InvalidValue) as e:
        parse_moment("start", text)
    assert str(e.value) == error


def test_days_and_clocks_alone():
    assert parse_day("start", "21 Oct 2016").isoformat() == "2016-10-21"
    assert parse_day("start", "21 октября 2016 г.").isoformat() == "2016-10-21"
    assert parse_clock("start", "14.45").isoformat() == "14:45:00"
    with pytest.raises(InvalidValue, match=r"use e\.g\. 2016-10-21, 21\.10\.2016 or 21 Oct 2016"):
        parse_day("start", "21.10.16")  # a two-digit year could be any century


def test_the_typed_time_is_the_stored_time(kaznu):
    """The bug that started it: '10.30' was stored as 10:00 and '14.45' as 14:00."""
    ok("event", "edit", "kaznu-2016", "--start", "21.10.2016")
    for typed, stored in [("2016-10-21 10.30", "2016-10-21T10:30:00"), ("21.10.2016 14.45", "2016-10-21T14:45:00"),
                          ("21 Oct 2016 9.15", "2016-10-21T09:15:00"), ("October 21, 2016 4:05pm", "2016-10-21T16:05:00")]:
        ok("talk", "edit", "2", "--start", typed, "--duration", "20")
        import json

        assert json.loads(ok("talk", "show", "2", "--json").stdout)["start"] == stored, typed
    fails("talk", "edit", "2", "--start", "21/10/2016 10.3", db=kaznu,
          error="invalid start '21/10/2016 10.3': use e.g. 2016-10-21 10:30, 21.10.2016 10.30 or "
                "21 Oct 2016 10:30am (local time of the event)")


def test_a_time_the_clocks_skip_is_refused_and_the_repeated_hour_ends_where_it_does(db):
    """On the last Sunday of March Berlin's clocks go from 02:00 to 03:00:
    02:30 that night does not exist, and was stored as typed while every
    calendar and clash check read it as 03:30. In October 02:00-03:00 comes
    twice: a talk from 02:30 (the first time) for 30 minutes ends at 02:00
    the second time, which a calendar's TZID time cannot say."""
    import json

    from icalendar import Calendar

    ok("event", "add", "Night", "--slug", "n-2024", "--start", "2024-03-30", "--end", "2024-10-28",
       "--timezone", "Europe/Berlin")
    skipped = "the clocks go forward over it that night"
    fails("talk", "add", "Gap", "--start", "2024-03-31 02:30", "--duration", "30", db=db,
          error=f"talk 'Gap': start 2024-03-31 02:30 does not exist in Europe/Berlin: {skipped} (did you mean 03:30?)")
    ok("talk", "add", "Before", "--start", "2024-03-31 01:30", "--duration", "60")  # 01:30 + 60 minutes = 03:30
    fails("talk", "edit", "1", "--start", "02:00", db=db,
          error=f"talk 'Before': start 2024-03-31 02:00 does not exist in Europe/Berlin: {skipped} (did you mean 03:00?)")
    fails("session", "add", "S", "--start", "2024-03-31 01:00", "--end", "2024-03-31 02:15", db=db,
          error=f"session 'S': end 2024-03-31 02:15 does not exist in Europe/Berlin: {skipped} (did you mean 03:15?)")
    assert "│ end       2024-03-31 03:30 " in ok("talk", "show", "1").stdout

    ok("talk", "add", "Twice", "--start", "2024-10-27 02:30", "--duration", "30", "--status", "confirmed")
    cal = Calendar.from_ical(ok("export", "-f", "ics").stdout)
    (twice,) = [e for e in cal.walk("VEVENT") if e["SUMMARY"] == "Twice"]
    assert twice["DTSTART"].to_ical() == b"20241027T023000" and twice["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert twice["DTEND"].to_ical() == b"20241027T010000Z"  # 02:00 the second time is 01:00 UTC
    assert twice.decoded("DTEND") - twice.decoded("DTSTART") == timedelta(minutes=30)
    (before,) = [e for e in cal.walk("VEVENT") if e["SUMMARY"] == "Before"]
    assert before["DTEND"].to_ical() == b"20240331T033000"  # an end that exists once stays a TZID time

    # a hand-edited record may still hold one: check names it
    data = json.loads(db.read_text(encoding="utf-8"))
    data["talks"]["1"]["start"] = "2024-03-31T02:30:00"
    db.write_text(json.dumps(data), encoding="utf-8")
    found = [f for f in json.loads(run("check", "--json").stdout) if f["code"] == "no-such-time"]
    assert [f["message"] for f in found] == [
        "talk 1 'Before' starts at 2024-03-31 02:30, which the clocks skip in Europe/Berlin "
        "(it runs as 2024-03-31 03:30); change its start"]


def test_a_start_in_the_second_repeated_hour_is_said_when_imported(db, tmp_path):
    """A schedule may give 02:30+01:00 on the night Berlin's clocks go back:
    the second 02:30. The record keeps the event's wall time, which names the
    first; the import says so instead of moving the talk an hour unseen."""
    import json

    ok("event", "add", "Night", "--slug", "n-2024", "--start", "2024-10-26", "--end", "2024-10-27",
       "--timezone", "Europe/Berlin")
    ok("talk", "add", "First", "--start", "2024-10-27 02:30", "--duration", "30", "--room", "A",
       "--status", "confirmed")
    doc = json.loads(ok("export", "-f", "frab-json").stdout)
    (event,) = [e for day in doc["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]
    assert event["date"] == "2024-10-27T02:30:00+02:00"
    event["date"] = "2024-10-27T02:30:00+01:00"  # the second 02:30
    event["guid"] = "00000000-0000-4000-8000-000000000002"
    event["title"] = "Second"
    src = tmp_path / "second.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    r = ok("import", str(src), "--json")
    assert json.loads(r.stdout)["repairs"] == [{
        "talk": "event id=1 'Second'", "field": "start",
        "value": "'2024-10-27T02:30:00+01:00'",
        "action": "kept as 02:30 the first time that hour comes round, which is earlier: a time on the "
                  "event's clock names only that one"}]
    assert [(t["title"], t["start"]) for t in json.loads(ok("talk", "list", "--json").stdout)] == [
        ("First", "2024-10-27T02:30:00"), ("Second", "2024-10-27T02:30:00")]


@settings(max_examples=300, deadline=None)
@given(first=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 1)), length=st.integers(0, 60),
       pick=st.integers(0, 60), hour=st.integers(0, 23), minute=st.integers(0, 59), style=st.integers(0, 4))
def test_a_date_without_its_year_means_the_one_day_of_the_event_it_names(first, length, pick, hour, minute, style):
    days = [first + timedelta(days=n) for n in range(length + 1)]
    day = days[pick % len(days)]
    written = [f"{day.day:02d}.{day.month:02d}", f"{day.day}.{day.month}.", f"{day.day} {MONTHS_RU[day.month - 1]}",
               f"{MONTHS_EN[day.month - 1]} {day.day}", f"{day.day}/{day.month}"][style]
    typed = f"{written} {hour}:{minute:02d}"
    others = [d for d in days if d != day and style == 4 and (d.day, d.month) == (day.month, day.day)]
    if others:  # 5/4 when the event has both 5 April and 4 May
        with pytest.raises(InvalidValue, match="could be"):
            moment_in_days("start", typed, days)
    else:
        assert moment_in_days("start", typed, days) == datetime.combine(day, datetime.min.time()).replace(
            hour=hour, minute=minute)
    assert moment_in_days("start", f"{day.day}.{day.month}.{day.year} {hour}:{minute:02d}", days) is None


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)), lang=st.sampled_from(["en", "ru", "kk"]))
def test_the_books_own_dates_read_back(day, lang):
    """What the books print ('21 October 2016', '21 октября 2016 г.', '2016
    жылғы 21 қазан') is what a reader may copy into a command."""
    from confrec.exporters.book import long_date

    assert parse_day("start", long_date(day, lang)) == day
    assert parse_moment("start", f"{long_date(day, lang)} {'в' if lang == 'ru' else 'at'} 9:05") == \
        datetime.combine(day, datetime.min.time()).replace(hour=9, minute=5)


@pytest.mark.parametrize("typed", ["12.04 , 10:30", "12 апреля T 10:30", "12.04T 10:30"])
def test_a_date_without_its_year_is_split_from_its_time_as_a_whole_date_is(typed):
    """One separator between the date and the time, as parse_moment has it:
    ' ,' and 'T ' are not how dates are written, with or without a year."""
    assert moment_in_days("start", typed, [date(2026, 4, 12)]) is None
    with pytest.raises(InvalidValue):
        parse_moment("start", typed.replace("12.04", "12.04.2026").replace("апреля", "апреля 2026"))
