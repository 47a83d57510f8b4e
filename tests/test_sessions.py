"""Sessions from the command line, as an organiser types them: every verb's
exact output, translations, removal with and without --force, undo, and
every mistake refused with one line and the file unchanged."""

from __future__ import annotations

import json

import pytest
from conftest import fails, ok, run
from hypothesis import given, settings
from hypothesis import strategies as st


def j(*args: str) -> dict:
    return json.loads(ok(*args, "--json").stdout)


@pytest.fixture
def plenary(conf):
    """The test conference with one session, 'Plenary', 10:00-11:00 on its first day."""
    ok("session", "add", "Plenary", "--start", "2024-05-06 10:00", "--end", "11:00")
    return conf


def test_a_new_session_is_listed_and_shown(plenary):
    assert ok("session", "list").stdout == (
        "On 2024-05-06\n"
        "id   time          title     talks\n"
        "──────────────────────────────────\n"
        "1    10:00–11:00   Plenary   0\n"
    )
    assert ok("session", "show", "1").stdout == (
        "╭─ Session ────────────────────────────────────────────────────────────────────╮\n"
        "│ Plenary                                                                      │\n"
        "│ id     1                                                                     │\n"
        "│ event  tc-2024                                                               │\n"
        "│ when   2024-05-06 10:00–11:00                                                │\n"
        "│ No talks in this session yet: add them with 'talk add/edit --session'.       │\n"
        "╰──────────────────────────────────────────────────────────────────────────────╯\n"
    )


@pytest.mark.parametrize("typed, end", [
    ("12.30", "2024-05-06T12:30:00"), ("12:30", "2024-05-06T12:30:00"), ("2pm", "2024-05-06T14:00:00"),
    ("12h", "2024-05-06T12:00:00"), ("7.5.2024 9.00", "2024-05-07T09:00:00"),
])
def test_an_end_as_typed_is_on_the_starts_day_when_it_is_a_time_alone(plenary, typed, end):
    """'--end 12.30' as Almaty types it was refused: only '12:30' was read as a time alone."""
    assert json.loads(ok("session", "edit", "1", "--end", typed, "--json").stdout)["end"] == end


def test_editing_a_session_changes_only_what_is_given(plenary):
    r = ok("session", "edit", "Plenary", "--room", "Hall 301", "--chair", "Müller", "--description", "Opening words.")
    assert (r.stdout, r.stderr) == ("", "Changed session 1: Plenary\n")
    assert j("session", "show", "1") == {
        "id": 1, "event": "tc-2024", "title": "Plenary", "start": "2024-05-06T10:00:00",
        "end": "2024-05-06T11:00:00", "room": "Hall 301", "chairs": [1], "description": "Opening words.",
        "translations": {},
    }
    # "" clears a field; --chair replaces the whole list
    s = j("session", "edit", "1", "--description", "", "--chair", "Berg", "--chair", "Núñez")
    assert (s["description"], s["chairs"], s["room"]) == (None, [3, 2], "Hall 301")
    shown = ok("session", "show", "1").stdout
    assert "│ chairs  Anna Berg, José Núñez" in shown and "description" not in shown


def test_talks_in_a_session_are_shown_in_time_order(plenary):
    ok("talk", "add", "Second", "-e", "tc-2024", "-s", "1", "--session", "1", "--duration", "20")
    ok("talk", "add", "Third", "-e", "tc-2024", "-s", "Berg", "--session", "1", "--duration", "15")
    ok("talk", "edit", "Unscheduled", "--session", "Plenary", "--start", "2024-05-06 10:00", "--duration", "10")
    shown = ok("session", "show", "Plenary").stdout
    rows = [line for line in shown.splitlines() if "2024-05-06 10:" in line and "│ when" not in line]
    assert [row.split()[1:4] for row in rows] == [
        ["3", "2024-05-06", "10:00"], ["4", "2024-05-06", "10:00"], ["5", "2024-05-06", "10:20"]]
    assert ok("session", "list").stdout.splitlines()[-1] == "1    10:00–11:00   Plenary   3"


def test_a_session_title_in_another_language(plenary):
    r = ok("session", "translate", "1", "kk", "--title", "Пленарлық отырыс", "--description", "Ашылу сөзі.")
    assert r.stderr == "Translated session 1 into kk (title, description)\n"
    assert j("session", "show", "1")["translations"] == {
        "kk": {"title": "Пленарлық отырыс", "description": "Ашылу сөзі."}}
    assert "│ translations  Kazakh" in ok("session", "show", "1").stdout
    # a language given by name is stored by its tag, and "" takes one field away
    ok("session", "translate", "1", "Russian", "--title", "Пленарное заседание")
    ok("session", "translate", "1", "kk", "--description", "")
    assert j("session", "show", "1")["translations"] == {
        "kk": {"title": "Пленарлық отырыс"}, "ru": {"title": "Пленарное заседание"}}
    assert "│ translations  Kazakh, Russian" in ok("session", "show", "1").stdout
    # the language as typed is said as its tag; '' takes a field away, and says so
    r = ok("session", "translate", "1", "қазақша", "--title", "Пленарлық", "--description", "")
    assert r.stderr == "Translated session 1 into kk (title); removed the kk description of session 1\n"
    assert ok("session", "translate", "1", "Kazakh", "--title", "").stderr == "Removed the kk title of session 1\n"
    assert j("session", "show", "1")["translations"] == {"ru": {"title": "Пленарное заседание"}}


def test_a_session_that_holds_talks_is_removed_only_with_force(plenary):
    ok("talk", "edit", "Opening", "--session", "1")
    ok("talk", "edit", "Graphs", "--session", "1")
    fails("session", "remove", "1", "--yes", db=plenary,
          error="session 1 (Plenary) holds 2 talk(s) (1, 2): move them first or use --force (they stay, in no "
                "session)")
    r = ok("session", "remove", "1", "--yes", "--force")
    assert (r.stdout, r.stderr) == ("", "Removed session 1: Plenary (2 talk(s) now in no session)\n")
    talk = j("talk", "show", "1")
    assert (talk["session"], talk["start"], talk["room"]) == (None, "2024-05-06T09:00:00", "Hall A")  # kept
    assert ok("session", "list").stdout == (
        "No sessions. Add one with: confrec session add TITLE --start ... --chair NAME\n")


def test_removing_a_session_asks_first(plenary):
    before = plenary.read_bytes()
    r = run("session", "remove", "1", input="n\n")
    assert r.exit_code == 1 and "Remove session 1 (Plenary)?" in r.stderr
    assert plenary.read_bytes() == before
    r = run("session", "remove", "1", input="y\n")
    assert r.exit_code == 0 and r.stderr.endswith("Removed session 1: Plenary\n")


def test_a_session_change_can_be_undone(plenary):
    before = plenary.read_bytes()
    ok("session", "edit", "1", "--title", "Opening plenary")
    r = ok("undo", "--yes")
    assert "session edit 1 Plenary" in r.stderr
    assert plenary.read_bytes() == before


def test_markup_in_a_session_title_is_shown_as_typed(conf):
    title = "[bold red]Plenary[/] \\[x] $x$ *y*"
    ok("session", "add", title, "--start", "2024-05-06 10:00", "--end", "11:00")
    assert f"│ {title}" in ok("session", "show", "1").stdout
    assert title in ok("session", "list").stdout


@pytest.mark.parametrize(
    "args, error",
    [
        (["session", "add", "X", "--start", "2024-05-06 10:00", "--end", "09:00"],
         "the end 2024-05-06 09:00 is not after the start 2024-05-06 10:00"),
        (["session", "add", "X", "--chair", "Nobody"],
         "no speaker matches 'Nobody' (add them first with: confrec speaker add Nobody)"),
        (["session", "add", "", "--start", "2024-05-06 10:00"], "title must not be empty"),
        (["session", "add", "X", "-e", "nope"], "no event 'nope' (events: tc-2024)"),
        (["session", "edit", "9", "--title", "Y"], "no session with id 9"),
        (["session", "edit", "Plenary"], "nothing to change: give at least one option (see --help)"),
        (["session", "edit", "1", "--title", ""], "title must not be empty"),
        (["session", "edit", "1", "--end", "09:00"],
         "the end 2024-05-06 09:00 is not after the start 2024-05-06 10:00"),
        (["session", "show", "Nope"], "no session matches 'Nope'"),
        (["session", "remove", "9", "--yes"], "no session with id 9"),
        (["session", "translate", "1", "xx-nope", "--title", "T"],
         "unknown language 'xx-nope': give a tag such as ru, kk or en, or a name such as Russian"),
        (["session", "translate", "1", "kk"], "nothing to translate: give --title or --description"),
        (["talk", "edit", "1", "--session", "9"], "no session with id 9"),
        (["talk", "add", "X", "--session", "Nope"], "no session matches 'Nope'"),
    ],
)
def test_session_mistakes(plenary, args, error):
    fails(*args, db=plenary, error=error)


def test_a_title_that_names_two_sessions_asks_for_the_id(plenary):
    ok("session", "add", "Section 1: Security", "--start", "2024-05-06 11:30", "--end", "13:00")
    ok("session", "add", "Section 2: Energy", "--start", "2024-05-06 11:30", "--end", "13:00")
    r = run("session", "show", "section")
    assert r.exit_code == 1 and r.stderr.startswith("Error: 'section' matches 2 sessions")
    assert j("session", "show", "energy")["id"] == 3


def test_show_in_another_language_and_as_stored(plenary):
    ok("session", "translate", "1", "kk", "--title", "Пленарлық отырыс")
    ok("talk", "edit", "Opening", "--session", "1")
    ok("talk", "translate", "1", "kk", "--title", "Ашылу", "--abstract", "Құттықтау сөзі.")
    ok("event", "translate", "kk", "--name", "Сынақ конференциясы")
    shown = ok("session", "show", "1", "--lang", "kk").stdout
    assert shown.splitlines()[1] == "│ Пленарлық отырыс" + " " * 61 + "│"
    assert "Ашылу" in shown and "Opening" not in shown  # its talks in Kazakh too
    talk = ok("talk", "show", "1", "--lang", "Kazakh").stdout  # a language by its name
    assert talk.splitlines()[1].startswith("│ Ашылу ") and talk.endswith("Abstract\nҚұттықтау сөзі.\n")
    assert ok("event", "show", "--lang", "kk").stdout.splitlines()[1].startswith("│ Сынақ конференциясы ")
    # where there is no translation, the original; --json is the record as stored
    assert ok("talk", "show", "2", "--lang", "kk").stdout.splitlines()[1].startswith("│ Graphs and Ledgers ")
    assert j("talk", "show", "1", "--lang", "kk")["title"] == "Opening"
    fails("talk", "show", "1", "--lang", "xx-nope", db=plenary,
          error="unknown language 'xx-nope': give a tag such as ru, kk or en, or a name such as Russian")


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 22), st.integers(0, 59), st.data())
def test_any_end_typed_as_a_time_alone_is_that_time_on_the_starts_day(hour, minute, data):
    """'--end 12.30', '12:30', '12h30', '12:30pm' as the clock reader takes them,
    after the start: the end is that time on the start's day, or refused when not after it."""
    from datetime import datetime, time

    from confrec.errors import InvalidValue
    from confrec.record.models import Session

    start = datetime(2024, 5, 6, hour, minute)
    end = data.draw(st.times(min_value=time(0, 0), max_value=time(23, 59)).map(lambda t: t.replace(second=0,
                                                                                                  microsecond=0)))
    h12, ampm = end.hour % 12 or 12, ["am", "pm"][end.hour >= 12]
    typed = data.draw(st.sampled_from([f"{end.hour}.{end.minute:02d}", f"{end.hour:02d}:{end.minute:02d}",
                                       f"{end.hour}h{end.minute:02d}", f"{h12}:{end.minute:02d}{ampm}"]))
    if end <= start.time():
        with pytest.raises(InvalidValue, match="is not after the start"):
            Session(event="e", title="S", start=start, end=typed)
    else:
        assert Session(event="e", title="S", start=start, end=typed).end == datetime.combine(start.date(), end)


def test_an_end_typed_as_a_time_alone_before_the_start_is_refused_by_name(plenary):
    """'--end 9.30' for a session from 10:00: the same day's 09:30, which is
    before the start, and so refused, not moved to the next day."""
    fails("session", "add", "Late", "--start", "2024-05-06 10:00", "--end", "9.30", db=plenary,
          error="the end 2024-05-06 09:30 is not after the start 2024-05-06 10:00")
    fails("session", "edit", "Plenary", "--end", "10.00", db=plenary,
          error="the end 2024-05-06 10:00 is not after the start 2024-05-06 10:00")
