"""The program: schedule grid, conflict warnings on add/edit, and `check`."""

from __future__ import annotations

import json

import pytest
from conftest import fails, ok, run

from confrec.checks import check
from confrec.record.models import Event, Speaker, Talk


@pytest.fixture
def clean(db):
    """Two days, three rooms, no problems."""
    ok("event", "add", "Clean Conf", "--slug", "cc-2024", "--start", "2024-05-06", "--end", "2024-05-07",
       "--timezone", "Europe/Berlin")
    for name in ("Ana Müller", "Bob Stone", "Chen Wei", "Dana Ray"):
        ok("speaker", "add", name)
    rows = [
        ("Keynote", "Hall A", "2024-05-06 09:00", "60", ["1"]),
        ("Graphs", "Hall B", "2024-05-06 10:00", "30", ["2"]),
        ("Ledgers", "Hall C", "2024-05-06 10:00", "45", ["3", "4"]),
        ("Touching", "Hall A", "2024-05-06 10:00", "30", ["1"]),  # starts as Keynote ends
        ("Day two", "Hall A", "2024-05-07 09:00", "90", ["2"]),
        ("Workshop", "Hall B", "2024-05-07 09:30", "120", ["3"]),
    ]
    for title, room, start, dur, speakers in rows:
        args = ["talk", "add", title, "--room", room, "--start", start, "--duration", dur,
                "--abstract", "About " + title, "--status", "confirmed"]
        for s in speakers:
            args += ["-s", s]
        r = ok(*args)
        assert "Warning" not in r.stderr
    return db


def findings(*args):
    r = run("check", *args, "--json")
    return r.exit_code, json.loads(r.stdout)


def test_clean_program_has_no_findings(clean):
    r = ok("check")
    assert r.stdout == "No problems found.\n"
    assert r.stderr == "0 error(s), 0 warning(s)\n"
    assert findings("cc-2024") == (0, [])


def test_check_finds_planted_errors(clean):
    ok("talk", "add", "Double", "-s", "Chen", "--start", "2024-05-06 10:15", "--duration", "30",
       "--room", "Hall D", "--abstract", "x")  # Chen is in Ledgers 10:00-10:45
    ok("talk", "add", "Same room", "-s", "Dana", "--start", "2024-05-07 10:00", "--duration", "30",
       "--room", "hall b", "--abstract", "x")  # Workshop is in Hall B 09:30-11:30 (room names fold case)
    ok("talk", "add", "Too late", "-s", "Dana", "--start", "2024-05-08 09:00", "--duration", "30",
       "--room", "Hall A", "--abstract", "x")
    code, found = findings()
    assert code == 1
    assert [(f["severity"], f["code"], f["talks"], f["speakers"]) for f in found] == [
        ("error", "outside-event-days", [9], []),
        ("error", "room-double-booked", [6, 8], []),
        ("error", "speaker-double-booked", [3, 7], [3]),
    ]
    assert found[2]["message"] == (
        "speaker 3 Chen Wei is in two talks at once: talk 3 'Ledgers' at 2024-05-06 10:00 and "
        "talk 7 'Double' at 2024-05-06 10:15; move one of them")
    assert found[0]["message"] == (
        "talk 9 'Too late' runs 2024-05-08 09:00 to 2024-05-08 09:30, outside the event's days "
        "(2024-05-06 to 2024-05-07); change its start or the event's dates")
    r = run("check")
    assert r.exit_code == 1
    assert r.stdout.startswith("Errors (3)\n")
    assert r.stderr == "3 error(s), 0 warning(s)\n"


def test_edit_into_a_conflict_warns_and_strict_refuses(clean):
    r = ok("talk", "edit", "2", "--start", "2024-05-06 09:30")  # Bob free, Hall B free -> fine
    assert "Warning" not in r.stderr
    r = ok("talk", "edit", "2", "--room", "Hall A")  # Keynote is in Hall A until 10:00
    assert r.stderr == (
        "Changed talk 2: Graphs\n"
        "Warning: room 'Hall A' holds two talks at once: talk 1 'Keynote' at 2024-05-06 09:00 and "
        "talk 2 'Graphs' at 2024-05-06 09:30; move one to another room or time\n")
    fails("talk", "edit", "4", "--start", "2024-05-06 09:45", "--strict", db=clean, error=(
        "speaker 1 Ana Müller is in two talks at once: talk 1 'Keynote' at 2024-05-06 09:00 and "
        "talk 4 'Touching' at 2024-05-06 09:45; move one of them (and 2 more conflict(s)); nothing saved (--strict)"))


def test_strict_add_saves_nothing(clean):
    before = clean.read_bytes()
    r = run("talk", "add", "Clash", "-s", "Müller", "--start", "2024-05-06 09:00", "--duration", "60",
            "--room", "Hall Z", "--strict")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: speaker 1 Ana Müller is in two talks at once")
    assert clean.read_bytes() == before


# -- boundary cases, on the pure function --

def _check(*talks, tz="Europe/Berlin", start="2024-03-30", end="2024-10-28", day_change=None):
    events = [Event(slug="e-1", name="E", start=start, end=end, timezone=tz, day_change=day_change)]
    speakers = [Speaker(id=i, name=n) for i, n in ((1, "Ana"), (2, "Bob"), (3, "Cy"))]
    ts = [Talk(id=i, event="e-1", title=f"T{i}", abstract="x", **kw) for i, kw in enumerate(talks, 1)]
    return [(f.code, f.talks) for f in check(events, speakers, ts) if f.severity == "error"]


def test_touching_slots_do_not_conflict():
    assert _check(dict(speakers=[1], room="A", start="2024-05-06 10:00", duration=30),
                  dict(speakers=[1], room="A", start="2024-05-06 10:30", duration=30)) == []


def test_identical_slots_conflict():
    assert _check(dict(speakers=[1], room="A", start="2024-05-06 10:00", duration=30),
                  dict(speakers=[1], room="A", start="2024-05-06 10:00", duration=30)) == [
        ("room-double-booked", [1, 2]), ("speaker-double-booked", [1, 2])]


def test_co_speaker_conflicts():
    assert _check(dict(speakers=[1, 2], room="A", start="2024-05-06 10:00", duration=60),
                  dict(speakers=[3, 2], room="B", start="2024-05-06 10:30", duration=30)) == [
        ("speaker-double-booked", [1, 2])]


def test_cancelled_talks_hold_no_slot():
    assert _check(dict(speakers=[1], room="A", start="2024-05-06 10:00", duration=30, status="cancelled"),
                  dict(speakers=[1], room="A", start="2024-05-06 10:00", duration=30)) == []


def test_autumn_dst_change_uses_elapsed_time():
    # 01:30 CEST + 120 min = 02:30 CET; a talk at 03:00 CET does not overlap
    # (wall-clock arithmetic would say it ends 03:30 and conflicts).
    assert _check(dict(room="A", start="2024-10-27 01:30", duration=120),
                  dict(room="A", start="2024-10-27 03:00", duration=30)) == []


def test_spring_dst_change_uses_elapsed_time():
    # 01:30 CET + 60 min = 03:30 CEST, so a talk at 03:15 does overlap.
    assert _check(dict(room="A", start="2024-03-31 01:30", duration=60),
                  dict(room="A", start="2024-03-31 03:15", duration=30)) == [("room-double-booked", [1, 2])]


def test_midnight():
    assert _check(dict(room="A", start="2024-05-06 23:30", duration=60),
                  dict(room="A", start="2024-05-07 00:15", duration=30)) == [("room-double-booked", [1, 2])]
    # the last day ends at the day change, 04:00 as in the schedule exports: the
    # last evening's party past midnight is the event's; a minute more is not
    one_day = dict(start="2024-05-06", end="2024-05-06")
    assert _check(dict(room="A", start="2024-05-06 23:00", duration=300), **one_day) == []
    assert _check(dict(room="A", start="2024-05-07 01:00", duration=180), **one_day) == []
    assert _check(dict(room="A", start="2024-05-06 23:00", duration=301), **one_day) == [("outside-event-days", [1])]
    assert _check(dict(room="A", start="2024-05-05 23:59", duration=30), **one_day) == [("outside-event-days", [1])]
    # an event's own day change: at midnight, ending exactly then is inside; a minute later is not
    assert _check(dict(room="A", start="2024-05-06 23:30", duration=30), **one_day, day_change="00:00") == []
    assert _check(dict(room="A", start="2024-05-06 23:30", duration=31), **one_day, day_change="00:00") == [
        ("outside-event-days", [1])]


def test_warnings():
    events = [Event(slug="e-1", name="E", start="2024-05-06")]
    speakers = [Speaker(id=1, name="Ana Müller"), Speaker(id=2, name="ana muller"), Speaker(id=3, name="Idle")]
    talks = [Talk(id=1, event="e-1", title="A", speakers=[1, 2, 9], status="confirmed"),
             Talk(id=2, event="e-1", title="B", start="2024-05-06 10:00")]
    codes = [(f.severity, f.code, f.talks, f.speakers) for f in check(events, speakers, talks)]
    assert codes == [
        ("error", "missing-speaker", [1], [9]),
        ("warning", "duplicate-speaker", [], [1, 2]),
        ("warning", "no-abstract", [1], []),
        ("warning", "no-abstract", [2], []),
        ("warning", "no-duration", [2], []),
        ("warning", "no-speaker", [2], []),
        ("warning", "speaker-without-talks", [], [3]),
        ("warning", "unscheduled", [1], []),
    ]


# -- the schedule view --

def test_schedule_json(clean):
    data = json.loads(ok("schedule", "cc-2024", "--json").stdout)
    assert data["timezone"] == "Europe/Berlin"
    day1 = data["days"][0]
    assert day1["date"] == "2024-05-06" and day1["rooms"] == ["Hall A", "Hall B", "Hall C"]
    assert day1["slots"] == [
        {"start": "2024-05-06T09:00:00", "end": "2024-05-06T10:00:00", "talks": {"Hall A": [1]}},
        {"start": "2024-05-06T10:00:00", "end": "2024-05-06T10:30:00", "talks": {"Hall A": [4], "Hall B": [2], "Hall C": [3]}},
        {"start": "2024-05-06T10:30:00", "end": "2024-05-06T10:45:00", "talks": {"Hall C": [3]}},
    ]
    assert [d["date"] for d in json.loads(ok("schedule", "cc-2024", "--day", "2024-05-07", "--json").stdout)["days"]] == ["2024-05-07"]


def test_schedule_grid_at_100_columns(clean, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    out = ok("schedule", "cc-2024").stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100
    header = next(line for line in lines if "Hall A" in line)
    assert header.index("Hall A") < header.index("Hall B") < header.index("Hall C")  # rooms are columns
    assert "Monday 2024-05-06" in out and "Tuesday 2024-05-07" in out
    row = next(line for line in lines if line.startswith("│ 10:30–10:45"))
    assert row.count("┆") == 1  # Ledgers continues in Hall C


def test_schedule_falls_back_to_agenda_with_many_rooms(clean, monkeypatch):
    for i in range(8):
        ok("talk", "add", f"Side {i}", "--room", f"Room {i}", "--start", "2024-05-06 14:00", "--duration", "30")
    out = ok("schedule", "cc-2024", "--day", "2024-05-06").stdout
    assert "time" in out and "room" in out and "Room 7" in out
    assert "┏" not in out  # no grid


def test_schedule_of_an_unscheduled_event(kaznu):
    out = ok("schedule", "kaznu-2016").stdout
    assert out.startswith("Nothing is scheduled yet.")
    assert "Not scheduled" in out and "Baizakova" in out


def test_schedule_shows_a_room_clash(clean, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    ok("talk", "add", "Intruder", "-s", "Dana", "--room", "Hall A", "--start", "2024-05-06 09:30",
       "--duration", "15", "--abstract", "x")
    data = json.loads(ok("schedule", "cc-2024", "--day", "2024-05-06", "--json").stdout)
    assert data["days"][0]["slots"][1] == {
        "start": "2024-05-06T09:30:00", "end": "2024-05-06T09:45:00", "talks": {"Hall A": [1, 7]}}
    out = ok("schedule", "cc-2024", "--day", "2024-05-06").stdout
    assert "⚠ clash" in out and "Intruder" in out and "Keynote" in out


def test_the_agenda_writes_each_slot_and_a_next_day_end(clean):
    for i in range(8):  # more rooms than a grid holds: the agenda
        ok("talk", "add", f"Late {i}", "--room", f"Room {i}", "--start", "2024-05-06 23:30", "--duration", "60")
    out = ok("schedule", "cc-2024", "--day", "2024-05-06").stdout
    late = [line.split() for line in out.splitlines() if "Late" in line]
    assert len(late) == 8 and {row[0] for row in late} == {"23:30–00:30+1"}
    assert [row[1:3] for row in late] == [["Room", str(i)] for i in range(8)]
