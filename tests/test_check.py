"""confrec check: every finding it can make, worded as the user reads it,
the same findings as JSON, and its exit code (1 only when there is an error)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import ok, run
from hypothesis import given, settings
from hypothesis import strategies as st

from confrec.checks import check
from confrec.record.models import NOT_TAKING_PLACE, TALK_STATUSES, Event, Speaker, Talk


@pytest.fixture
def troubled(db):
    """A record with one of each trouble that typing can make."""
    ok("event", "add", "Test Conference", "--slug", "tc-2024", "--start", "2024-05-06", "--end", "2024-05-07",
       "--timezone", "Europe/Berlin")
    for name in ("Ana Müller", "José Núñez", "Anna Berg"):
        ok("speaker", "add", name)
    ok("talk", "add", "A", "-s", "1", "--start", "2024-05-06 09:00", "--duration", "60", "--room", "Hall A",
       "--abstract", "x")
    ok("talk", "add", "B", "-s", "1", "--start", "2024-05-06 09:30", "--duration", "30", "--room", "Hall A",
       "--abstract", "x")
    ok("talk", "add", "C", "-s", "2", "--start", "2024-05-09 09:30", "--duration", "30", "--room", "Hall B",
       "--abstract", "x")
    ok("talk", "add", "D", "--start", "2024-05-06 14:00")
    ok("session", "add", "S1", "--start", "2024-05-06 09:00", "--end", "10:00", "--chair", "2")
    ok("session", "add", "Empty", "--start", "2024-05-06 15:00", "--end", "16:00")
    ok("talk", "add", "E", "-s", "2", "--session", "S1", "--start", "2024-05-06 09:30", "--duration", "60",
       "--room", "Hall C", "--abstract", "x")
    ok("speaker", "add", "ANA MULLER")
    return db


def test_every_finding_as_the_user_reads_it(troubled):
    r = run("check")
    assert r.exit_code == 1
    assert r.stderr == "4 error(s), 7 warning(s)\n"
    assert r.stdout == """\
Errors (4)
  • outside-event-days: talk 3 'C' runs 2024-05-09 09:30 to 2024-05-09 10:00,
    outside the event's days (2024-05-06 to 2024-05-07); change its start or the
    event's dates
  • outside-session: talk 5 'E' runs 2024-05-06 09:30 to 2024-05-06 10:30,
    outside its session 1 'S1' (2024-05-06 09:00 to 2024-05-06 10:00)
  • room-double-booked: room 'Hall A' holds two talks at once: talk 1 'A' at
    2024-05-06 09:00 and talk 2 'B' at 2024-05-06 09:30; move one to another
    room or time
  • speaker-double-booked: speaker 1 Ana Müller is in two talks at once: talk 1
    'A' at 2024-05-06 09:00 and talk 2 'B' at 2024-05-06 09:30; move one of them

Warnings (7)
  • duplicate-speaker: speakers 1 Ana Müller, 4 ANA MULLER have the same name:
    if they are one person, merge them with 'confrec speaker merge 1 4'
  • empty-session: session 2 'Empty' has no talks; add them with 'talk edit ID
    --session 2'
  • no-abstract: talk 4 'D' has no abstract; add one with --abstract or
    --abstract-file
  • no-duration: talk 4 'D' has a start but no duration, so its conflicts cannot
    be checked; give --duration
  • no-speaker: talk 4 'D' has no speaker; add one with --speaker
  • speaker-without-talks: speaker 3 Anna Berg has no talks; add one or remove
    the speaker
  • speaker-without-talks: speaker 4 ANA MULLER has no talks; add one or remove
    the speaker

"""


def test_the_findings_as_json(troubled):
    r = run("check", "--json")
    assert r.exit_code == 1 and r.stderr == ""  # errors: exit 1, and only JSON is printed
    found = json.loads(r.stdout)
    assert [(f["severity"], f["code"], f["talks"], f["speakers"]) for f in found] == [
        ("error", "outside-event-days", [3], []),
        ("error", "outside-session", [5], []),
        ("error", "room-double-booked", [1, 2], []),
        ("error", "speaker-double-booked", [1, 2], [1]),
        ("warning", "duplicate-speaker", [], [1, 4]),
        ("warning", "empty-session", [], []),
        ("warning", "no-abstract", [4], []),
        ("warning", "no-duration", [4], []),
        ("warning", "no-speaker", [4], []),
        ("warning", "speaker-without-talks", [], [3]),
        ("warning", "speaker-without-talks", [], [4]),
    ]
    assert found[0]["message"].startswith("talk 3 'C' runs 2024-05-09 09:30 to 2024-05-09 10:00")


def test_a_clean_record_exits_0_and_warnings_alone_do_not_fail(db):
    ok("event", "add", "E", "--slug", "e-1", "--start", "2024-05-06")
    ok("speaker", "add", "Ana")
    ok("talk", "add", "T", "-s", "Ana", "--abstract", "x", "--start", "2024-05-06 10:00", "--duration", "20")
    r = run("check")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "No problems found.\n", "0 error(s), 0 warning(s)\n")
    ok("talk", "add", "Without an abstract", "-s", "Ana")
    r = run("check")
    assert r.exit_code == 0 and r.stderr == "0 error(s), 1 warning(s)\n"


def test_one_event_is_checked_alone(troubled):
    ok("event", "add", "Other", "--slug", "other", "--start", "2024-06-01")
    ok("talk", "add", "Elsewhere", "-e", "other", "-s", "Anna Berg", "--abstract", "x")
    found = json.loads(ok("check", "other", "--json").stdout)
    assert found == []  # tc-2024's troubles are not other's
    # and in the whole record Anna Berg has a talk now
    assert "speaker 3 Anna Berg has no talks" not in run("check", "--json").stdout


def test_a_hand_edited_record_naming_what_is_not_there(troubled):
    data = json.loads(troubled.read_text(encoding="utf-8"))
    data["talks"]["4"]["event"] = "gone-2023"
    data["talks"]["1"]["speakers"] = [1, 42]
    data["talks"]["2"]["session"] = 77
    troubled.write_text(json.dumps(data), encoding="utf-8")
    found = {f["code"]: f for f in json.loads(run("check", "--json").stdout)}
    assert found["missing-event"]["message"] == (
        "talk 4 'D' belongs to event 'gone-2023', which no longer exists; move it with --event")
    assert found["missing-speaker"]["message"] == (
        "talk 1 'A' names speaker id(s) 42 that no longer exist; edit its --speaker list")
    assert found["missing-session"]["message"] == (
        "talk 2 'B' is in session 77, which no longer exists; give it another with --session, or --session ''")


def test_a_namesake_is_added_with_a_warning(db):
    ok("speaker", "add", "Ana Müller")
    r = ok("speaker", "add", "ANA MULLER")
    assert r.stderr == ("Added speaker 2: ANA MULLER\n"
                        "Warning: speaker 1 Ana Müller has the same name as speaker 2: if they are one person, "
                        "'confrec undo' this and use id 1\n")
    ok("undo", "--yes")  # what the warning advises takes the second record away
    assert [s["name"] for s in json.loads(ok("speaker", "list", "--json").stdout)] == ["Ana Müller"]
    ok("speaker", "add", "ANA MULLER")
    ok("speaker", "add", "Anna Berg")
    r = ok("speaker", "edit", "Anna Berg", "--name", "Ana  Muller")  # (id 2 went with the undo: Berg is 4)
    assert r.stderr.splitlines() == [
        "Changed speaker 4: Ana  Muller",
        "Warning: speaker 1 Ana Müller has the same name as speaker 4: if they are one person, "
        "'confrec undo' this and use id 1",
        "Warning: speaker 3 ANA MULLER has the same name as speaker 4: if they are one person, "
        "'confrec undo' this and use id 3",
    ]
    # an edit that leaves the name alone says nothing more
    assert ok("speaker", "edit", "4", "--country", "Sweden").stderr == "Changed speaker 4: Ana  Muller\n"


# Two events on the same summer days in zones five hours apart (no clock
# change falls in them): a speaker can be double-booked across them.
EVENTS = [Event(id=1, slug="berlin", name="B", start=date(2024, 6, 3), end=date(2024, 6, 4), timezone="Europe/Berlin"),
          Event(id=2, slug="almaty", name="A", start=date(2024, 6, 3), end=date(2024, 6, 4), timezone="Asia/Almaty")]
ROOMS = ["Hall A", "hall a", "HALL  A", "Hall B", None]  # one room as three people type it, another, none

TALKS = st.lists(st.fixed_dictionaries({
    "event": st.sampled_from(["berlin", "almaty"]),
    "start": st.none() | st.builds(lambda d, q: datetime(2024, 6, 3 + d, 8) + timedelta(minutes=15 * q),
                                   st.integers(0, 1), st.integers(0, 8)),
    "duration": st.none() | st.sampled_from([5, 15, 30, 45, 90]),
    "room": st.sampled_from(ROOMS),
    "speakers": st.lists(st.integers(1, 3), max_size=2, unique=True),
    "status": st.sampled_from(TALK_STATUSES),
}), max_size=12)


@settings(max_examples=100, deadline=None)
@given(TALKS)
def test_double_bookings_are_every_overlapping_pair_and_no_other(drawn):
    """The check's sweep against every pair of talks: a speaker is double-booked
    when two of their talks share a moment (in UTC, across events and zones), a
    room when two talks of one event share it (as search folds its name); a
    talk ending as another starts shares none, and talks that will not take
    place hold no slot."""
    talks = [Talk(id=i, title=f"T{i}", abstract="x", **d) for i, d in enumerate(drawn, 1)]
    speakers = [Speaker(id=i, name=f"Person {i}") for i in (1, 2, 3)]
    zones = {"berlin": ZoneInfo("Europe/Berlin"), "almaty": ZoneInfo("Asia/Almaty")}

    def utc_span(t):
        start = t.start.replace(tzinfo=zones[t.event]).astimezone(UTC)
        return start, start + timedelta(minutes=t.duration)

    held = [t for t in talks if t.start and t.duration is not None and t.status not in NOT_TAKING_PLACE]
    pairs = [(a, b) for i, a in enumerate(held) for b in held[i + 1:]
             if utc_span(a)[0] < utc_span(b)[1] and utc_span(b)[0] < utc_span(a)[1]]
    same_room = {(min(a.id, b.id), max(a.id, b.id)) for a, b in pairs
                 if a.event == b.event and a.room and b.room and " ".join(a.room.lower().split()) ==
                 " ".join(b.room.lower().split())}
    same_speaker = {(min(a.id, b.id), max(a.id, b.id), sid) for a, b in pairs for sid in set(a.speakers) & set(b.speakers)}

    found = check(EVENTS, speakers, talks)
    assert {tuple(sorted(f.talks)) for f in found if f.code == "room-double-booked"} == same_room
    assert len([f for f in found if f.code == "room-double-booked"]) == len(same_room)
    assert {(*sorted(f.talks), *f.speakers) for f in found if f.code == "speaker-double-booked"} == same_speaker
    assert len([f for f in found if f.code == "speaker-double-booked"]) == len(same_speaker)
    # one event's check names the same clashes, those that touch its talks
    berlin = {t.id for t in talks if t.event == "berlin"}
    assert {tuple(sorted(f.talks)) for f in check(EVENTS, speakers, talks, event="berlin")
            if f.code == "room-double-booked"} == {p for p in same_room if set(p) & berlin}


def test_one_person_entered_twice_in_two_scripts_or_orders_is_named(db):
    """A record built from a Russian program and an English one holds
    'Кукеева Ф. Т.' and 'F.T. Kukeeva': the same family name and initials.
    'Farida Kukeeva' may be another Kukeeva: an initial does not say."""
    ok("event", "add", "E", "--start", "2024-05-06")
    for name in ("Кукеева Ф. Т.", "F.T. Kukeeva", "Prof. Kukeeva, F.T.", "Farida Kukeeva", "Müller Ana",
                 "Ana Müller"):
        ok("speaker", "add", name)
    found = [f for f in json.loads(run("check", "--json").stdout) if f["code"] == "same-person"]
    assert found == [{
        "severity": "warning", "code": "same-person", "talks": [], "speakers": [1, 2, 3],
        "message": "speakers 1 Кукеева Ф. Т., 2 F.T. Kukeeva, 3 Prof. Kukeeva, F.T. may be one person (the same "
                   "family and given names, in another script, order or with a title): if so, merge them with "
                   "'confrec speaker merge 1 2 3'"}]


def test_initials_and_the_names_they_fit_are_named(db):
    """A program typed by hand gives 'Ф.Т. Кукеева'; the registration form
    imported beside it 'Фарида Тураровна Кукеева'. Names in full with no
    initials among them ('Farida Kukeeva', 'Fatima Kukeeva') are two people,
    and initials that do not fit ('A.T. Kukeeva') another."""
    ok("event", "add", "E", "--start", "2024-05-06")
    for name in ("Ф.Т. Кукеева", "Фарида Тураровна Кукеева", "A.T. Kukeeva", "Farida Berg", "Fatima Berg",
                 "Zh. Abenova", "Жанар Абенова", "Kukeeva F.T."):
        ok("speaker", "add", name)
    r = run("check", "--json")
    assert r.exit_code == 0  # (a warning)
    found = [f for f in json.loads(r.stdout) if f["code"] == "same-initials"]
    assert found == [
        {"severity": "warning", "code": "same-initials", "talks": [], "speakers": [1, 2, 8],
         "message": "speakers 1 Ф.Т. Кукеева, 2 Фарида Тураровна Кукеева, 8 Kukeeva F.T. may be one person (one "
                    "family name, and initials that fit the given names): if so, merge them with 'confrec speaker "
                    "merge 1 2 8'"},
        {"severity": "warning", "code": "same-initials", "talks": [], "speakers": [6, 7],
         "message": "speakers 6 Zh. Abenova, 7 Жанар Абенова may be one person (one family name, and initials "
                    "that fit the given names): if so, merge them with 'confrec speaker merge 6 7'"},
    ]
    assert "  • same-initials: speakers 6 Zh. Abenova, 7 Жанар Абенова may be one person" in run("check").stdout


@settings(max_examples=200)
@given(st.sampled_from(["Кукеева Ф.Т.", "F.T. Kukeeva", "Kukeeva F. T.", "Kukeeva, F.T.", "Prof. F.T. Kukeeva",
                        "Кукеева Ф. Т., профессор", "KUKEEVA F.T."]),
       st.sampled_from(["Farida Kukeeva", "F.T. Kukeev", "A.T. Kukeeva", "F. Kukeeva", "Kukeeva Farida"]))
def test_the_same_person_key_holds_for_every_way_of_writing_one_name_and_no_other(one, other):
    from confrec.names import person_key

    assert person_key(one) == person_key("F.T. Kukeeva")
    assert person_key(other) != person_key("F.T. Kukeeva")


def test_one_events_check_names_the_people_of_that_event_only(db):
    ok("event", "add", "A", "--slug", "a-2024", "--start", "2024-05-06")
    ok("event", "add", "B", "--slug", "b-2024", "--start", "2024-06-06")
    for name in ("Кукеева Ф. Т.", "F.T. Kukeeva", "Kukeeva F.T."):
        ok("speaker", "add", name)
    ok("talk", "add", "In A", "-e", "a-2024", "-s", "1", "-s", "2")
    ok("talk", "add", "In B", "-e", "b-2024", "-s", "3")
    same = lambda *a: [f["speakers"] for f in json.loads(run("check", *a, "--json").stdout)  # noqa: E731
                       if f["code"] == "same-person"]
    assert same() == [[1, 2, 3]]
    assert same("a-2024") == [[1, 2]]
    assert same("b-2024") == []  # (one Kukeeva there)


@settings(max_examples=60, deadline=None)
@given(TALKS, st.lists(st.fixed_dictionaries({
    "start": st.none() | st.builds(lambda q: datetime(2024, 6, 3, 8) + timedelta(minutes=15 * q), st.integers(0, 8)),
    "chairs": st.lists(st.integers(1, 4), max_size=2, unique=True),  # (4: a chair who no longer exists)
    "room": st.sampled_from(ROOMS)}), max_size=3), st.data())
def test_check_reads_any_record_and_names_only_what_is_there(drawn, sessions, data):
    """Talks, sessions with chairs, a speaker or session gone: every finding
    names talks and speakers by ids the record has, or the missing one it is about."""
    from confrec.record.models import Session

    speakers = [Speaker(id=i, name=n) for i, n in ((1, "Ana Berg"), (2, "ANA BERG"), (3, "Кукеева Ф.Т."))]
    made = [Session(id=i, event="berlin", title=f"S{i}", room=x["room"], chairs=x["chairs"], start=x["start"],
                    end=x["start"] + timedelta(hours=1) if x["start"] else None) for i, x in enumerate(sessions, 1)]
    talks = [Talk(id=i, title=f"T{i}", abstract="x", **d, session=data.draw(st.none() | st.integers(1, 4))
                  if d["event"] == "berlin" else None) for i, d in enumerate(drawn, 1)]
    found = check(EVENTS, speakers, talks, sessions=made)
    talk_ids, speaker_ids = {t.id for t in talks}, {s.id for s in speakers}
    for f in found:
        assert set(f.talks) <= talk_ids, f
        assert set(f.speakers) <= speaker_ids or f.code == "missing-speaker", f
        assert f.severity in ("error", "warning") and f.message
    severities = [f.severity for f in found]
    assert severities == sorted(severities, key=["error", "warning"].index)  # errors first, as check prints them
