"""Ends are elapsed time: right across DST changes and midnight."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from confrec.record.models import Event, Talk
from confrec.record.timeline import event_bounds, local_end, span, talk_span_text

BERLIN = ZoneInfo("Europe/Berlin")


def talk(start, minutes):
    return Talk(event="e-1", title="T", start=start, duration=minutes)


def test_end_across_the_autumn_change():
    # 2024-10-27: 03:00 CEST becomes 02:00 CET. 01:30 + 120 min elapsed = 02:30 CET.
    assert local_end(talk("2024-10-27 01:30", 120), BERLIN) == datetime(2024, 10, 27, 2, 30)
    start, end = span(talk("2024-10-27 01:30", 120), BERLIN)
    assert (end - start).total_seconds() == 7200
    assert start == datetime(2024, 10, 26, 23, 30, tzinfo=UTC)


def test_end_across_the_spring_change():
    # 2024-03-31: 02:00 CET becomes 03:00 CEST. 01:30 + 60 min elapsed = 03:30 CEST.
    assert local_end(talk("2024-03-31 01:30", 60), BERLIN) == datetime(2024, 3, 31, 3, 30)


def test_end_past_midnight():
    assert local_end(talk("2024-05-06 23:30", 90), BERLIN) == datetime(2024, 5, 7, 1, 0)


def test_event_bounds_cover_whole_local_days():
    e = Event(slug="e-1", name="E", start="2024-10-26", end="2024-10-27", timezone="Europe/Berlin")
    first, last = event_bounds(e, BERLIN)
    assert first == datetime(2024, 10, 25, 22, 0, tzinfo=UTC)  # 00:00 CEST
    assert last == datetime(2024, 10, 28, 3, 0, tzinfo=UTC)  # the day change, 04:00 CET on the 28th
    e.day_change = "00:00"
    assert event_bounds(e, BERLIN)[1] == datetime(2024, 10, 27, 23, 0, tzinfo=UTC)  # 00:00 CET on the 28th


def test_a_talks_time_as_people_read_it():
    assert talk_span_text(talk("2024-05-06 10:30", 20), BERLIN) == "2024-05-06 10:30–10:50"
    assert talk_span_text(talk("2024-05-06 10:30", 20), BERLIN, with_day=False) == "10:30–10:50"
    # elapsed time across the autumn change, and an end on the next day says its date
    assert talk_span_text(talk("2024-10-27 01:30", 120), BERLIN) == "2024-10-27 01:30–02:30"
    assert talk_span_text(talk("2024-05-06 23:30", 90), BERLIN) == "2024-05-06 23:30 – 2024-05-07 01:00"
    assert talk_span_text(talk("2024-05-06 23:30", None), BERLIN) == "2024-05-06 23:30"
    assert talk_span_text(Talk(event="e-1", title="T"), BERLIN) == ""


def test_the_same_slot_in_two_zones_is_not_mixed_up():
    # the slot text is cached by (start, duration, zone): a zone must be part of the key
    almaty = ZoneInfo("Asia/Almaty")
    assert talk_span_text(talk("2024-10-27 01:30", 120), BERLIN) == "2024-10-27 01:30–02:30"
    assert talk_span_text(talk("2024-10-27 01:30", 120), almaty) == "2024-10-27 01:30–03:30"
