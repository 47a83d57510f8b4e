"""Field validation: every bad value is refused with a message that says what to type."""

from datetime import date, datetime
from zoneinfo import available_timezones

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from confrec.errors import InvalidValue
from confrec.record.models import Event, Speaker, Talk, parse_duration


def event(**kw):
    return Event(**{"slug": "e-1", "name": "E", "start": "2024-05-06", **kw})


def test_event_end_defaults_to_start_and_round_trips():
    e = event()
    assert e.end == date(2024, 5, 6)
    assert Event.from_dict(e.to_dict()) == e
    assert e.to_dict()["start"] == "2024-05-06"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"start": "2024-13-01"}, "invalid start date '2024-13-01' (there is no such day): use e.g. 2016-10-21, 21.10.2016 or 21 Oct 2016"),
        ({"start": ""}, "an event needs a start date (YYYY-MM-DD)"),
        ({"end": "2024-05-01"}, "the end date 2024-05-01 is before the start date 2024-05-06"),
        ({"timezone": "Mars/Olympus"}, "unknown timezone 'Mars/Olympus': use an IANA name such as Asia/Almaty or Europe/Berlin, or a fixed offset such as +06:00"),
        ({"timezone": "../etc/passwd"}, "unknown timezone '../etc/passwd': use an IANA name such as Asia/Almaty or Europe/Berlin, or a fixed offset such as +06:00"),
        ({"url": "javascript:alert(1)"}, "invalid url 'javascript:alert(1)': only http:// and https:// links are kept"),
        ({"slug": "Bad Slug"}, "invalid slug 'Bad Slug': use lower-case letters, digits and '-', starting with a letter or digit and not all digits (e.g. kaznu-2016)"),
        ({"slug": "2016"}, "invalid slug '2016': use lower-case letters, digits and '-', starting with a letter or digit and not all digits (e.g. kaznu-2016)"),
        ({"name": "  "}, "name must not be empty"),
        ({"name": "bad \udcff byte"}, "name contains bytes that are not valid Unicode text"),
    ],
)
def test_event_rejects(fields, message):
    with pytest.raises(InvalidValue) as e:
        event(**fields)
    assert str(e.value) == message


def test_speaker_email_shape_and_stripping():
    s = Speaker(name="  Ana  ", email="ana@example.org", title="")
    assert (s.name, s.title, s.email) == ("Ana", None, "ana@example.org")
    for bad in ("ana", "ana@", "a b@c.de", "ana@example"):
        with pytest.raises(InvalidValue, match=r"expected name@domain\.tld"):
            Speaker(name="Ana", email=bad)


@pytest.mark.parametrize("typed, zone", [
    ("Asia/Almaty", "Asia/Almaty"), ("asia/almaty", "Asia/Almaty"), ("Almaty", "Asia/Almaty"),
    ("berlin", "Europe/Berlin"), ("America/New York", "America/New_York"), ("New York", "America/New_York"),
    ("utc", "UTC"), ("Etc/UTC", "Etc/UTC"), ("UTC+6", "+06:00"), ("+5:30", "+05:30"), ("GMT", "GMT"),
])
def test_a_timezone_as_typed_is_kept_as_its_iana_name(typed, zone):
    """In its own spelling: a name in other case would work on a Mac's disk and on no Linux one."""
    assert event(timezone=typed).timezone == zone


@pytest.mark.parametrize("raw, minutes", [
    ("90", 90), (45, 45), ("1:30", 90), ("0:05", 5), ("PT1H30M", 90), ("01:30:00", 90),
    # as people and programs write them, in English, Russian and Kazakh
    ("90 min", 90), ("90min", 90), ("90 minutes", 90), ("90m", 90), ("45'", 45), ("1 minute", 1),
    ("1h30", 90), ("1h 30m", 90), ("1 h 30 min", 90), ("1H30M", 90), ("1 hour 15 minutes", 75),
    ("2 hours", 120), ("1h", 60), ("1 h.", 60), ("1.5h", 90), ("1,5 h", 90), ("0.25 hrs", 15),
    ("90 мин", 90), ("1 ч 30 мин", 90), ("1,5 часа", 90), ("2 часов", 120), ("1 сағ 30 мин", 90),
    ("1 сағат", 60),
])
def test_duration_forms(raw, minutes):
    assert parse_duration(raw) == minutes


@pytest.mark.parametrize("raw", [
    "0", "-5", "ten", "1:75", "1.5", "30.5", "h", "min", "1h30h", "1h 75", "1.h", ".5h", "1h-30", "0 min",
    "90 sec", "1 day", "1½ h", "1h30 min 5",
])
def test_duration_rejects(raw):
    with pytest.raises(InvalidValue, match="invalid duration"):
        parse_duration(raw)


@given(st.integers(0, 99), st.integers(0, 59), st.sampled_from(["h", " h ", "hours ", "ч ", " сағ "]),
       st.sampled_from(["", "m", " min", " minutes", " мин"]))
def test_hours_and_minutes_in_words_are_the_minutes_the_clock_form_gives(hours, minutes, h, m):
    """'1h30', '1 h 30 min' and '1 ч 30 мин' mean what '1:30' means, or are refused as it is."""
    clock = f"{hours}:{minutes:02d}"
    words = f"{hours}{h}{minutes}{m}"
    try:
        expected = parse_duration(clock)
    except InvalidValue:  # (0:00, or more than 99:59)
        with pytest.raises(InvalidValue, match="invalid duration"):
            parse_duration(words)
        return
    assert parse_duration(words) == expected


def test_talk_start_is_local_and_needs_a_time():
    t = Talk(event="e-1", title="T", start="2024-05-06 09:30", duration="30")
    assert t.start == datetime(2024, 5, 6, 9, 30)
    assert t.duration == 30
    with pytest.raises(InvalidValue, match="give a time too"):
        Talk(event="e-1", title="T", start="2024-05-06")
    with pytest.raises(InvalidValue, match="without an offset"):
        Talk(event="e-1", title="T", start="2024-05-06T09:30+02:00")


def test_talk_choices_and_speaker_order():
    t = Talk(event="e-1", title="T", speakers=[3, 1, 2], type="Keynote", status="ACCEPTED")
    assert (t.type, t.status, t.speakers) == ("keynote", "accepted", [3, 1, 2])
    with pytest.raises(InvalidValue) as e:
        Talk(event="e-1", title="T", type="lecture")
    assert str(e.value) == "invalid type 'lecture': choose one of keynote, talk, panel, welcome, workshop, other, break, registration, ceremony"
    with pytest.raises(InvalidValue, match="named twice"):
        Talk(event="e-1", title="T", speakers=[1, 1])


@settings(max_examples=50)
@given(st.sampled_from(sorted(available_timezones())), st.data())
def test_every_zone_this_machine_has_is_read_in_any_case_as_itself(zone, data):
    """(and its city alone, where no other zone has that city). 'GMT+0' and
    the like are read as the fixed offsets they spell."""
    from confrec.record.models import fixed_offset

    assume(fixed_offset(zone) is None)
    typed = data.draw(st.sampled_from([zone, zone.lower(), zone.upper(), zone.replace("_", " ")]))
    assert event(timezone=typed).timezone == zone
    city = zone.rsplit("/", 1)[-1]
    others = [z for z in available_timezones()
              if z != zone and city.casefold() in (z.casefold(), z.rsplit("/", 1)[-1].casefold())]
    if "/" in zone and not others and not any(c.isdigit() for c in city):  # ('GMT+1' alone is an offset: UTC+1)
        assert event(timezone=city.lower()).timezone == zone
