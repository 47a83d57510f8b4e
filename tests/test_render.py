"""Render functions return renderables; tests print them into a fixed-width console."""

from __future__ import annotations

import io
from datetime import datetime

from rich.console import Console

from confrec.record.models import Event, Speaker, Talk
from confrec.views import render


def text_of(renderable, width=80) -> str:
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, highlight=False).print(renderable)
    return buf.getvalue()


def test_markup_in_user_text_is_literal_and_escapes_are_stripped():
    # (as a hand-edited file could hold it: typed, the escapes would be refused)
    s = Speaker.from_stored({"name": "[red]Evil[/red] [/] \x1b[2J\x1b]0;title\x07 \x9b1m", "affiliation": "[b]"}, 1)
    out = text_of(render.speakers_table([s]))
    assert "[red]Evil[/red] [/]" in out
    assert "[b]" in out
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in out


def test_talks_table_drops_empty_columns_and_shows_missing_speakers():
    talks = [Talk(id=1, event="e-1", title="Alpha", speakers=[1, 9])]
    out = text_of(render.talks_table(talks, {1: Speaker(id=1, name="Ana")}))
    assert out.splitlines() == [
        "id   title   speakers   type   status",
        "────────────────────────────────────────",
        "1    Alpha   Ana, #9?   talk   submitted",
    ]


def test_narrow_terminal_stacks_instead_of_cutting():
    title = "Kazakhstan's role in global and regional security and disarmament"
    talks = [Talk(id=1, event="e-1", title=title, speakers=[1],
                  start=datetime(2016, 10, 21, 10), room="Room 301")]
    out = text_of(render.talks_table(talks, {1: Speaker(id=1, name="K.I. Baizakova")}), width=40)
    # six columns cannot share 40 cells without breaking words: each talk is a block
    assert out == ("On 2016-10-21\n"
                   "1  Kazakhstan's role in global and\n"
                   "   regional security and disarmament\n"
                   "   time      10:00\n"
                   "   room      Room 301\n"
                   "   speakers  K.I. Baizakova\n"
                   "   type      talk\n"
                   "   status    submitted\n")


def test_event_panel_and_empty_states():
    e = Event(id=1, slug="e-1", name="A long conference name " * 4, start="2016-10-21",
              end="2016-10-22", organizers=["Faculty", "Institute"])
    out = text_of(render.event_panel(e, [], 0), width=60)
    assert "2016-10-21 – 2016-10-22" in out
    assert "Faculty" in out and "Institute" in out
    assert "…" not in out  # the long name wraps inside the panel
    assert text_of(render.talks_table([], {})) == "No talks.\n"
    assert text_of(render.events_table([])).startswith("No events yet.")


def _talks_at(*starts: str | None) -> list[Talk]:
    return [Talk(id=n, event="e-1", title=f"T{n}", start=s, status="confirmed") for n, s in enumerate(starts, 1)]


def test_a_talk_list_says_when_with_no_more_than_it_must():
    # one day: the date once above, the time in each row
    lines = text_of(render.talks_table(_talks_at("2024-05-06 09:00", "2024-05-06 14:30"), {})).splitlines()
    assert lines[0] == "On 2024-05-06; all confirmed" and lines[1].split()[:2] == ["id", "time"]
    assert lines[3].split()[:3] == ["1", "09:00", "T1"]
    # within a week: the span above, the weekday in each row
    lines = text_of(render.talks_table(_talks_at("2024-05-06 09:00", "2024-05-09 14:30", None), {})).splitlines()
    assert lines[0] == "From 2024-05-06 to 2024-05-09; all confirmed"
    assert [line.split()[:3] for line in lines[3:]] == [["1", "Mon", "09:00"], ["2", "Thu", "14:30"], ["3", "T3", "talk"]]
    # within a year: day and month; across years: the whole date
    lines = text_of(render.talks_table(_talks_at("2024-05-06 09:00", "2024-11-20 10:00"), {})).splitlines()
    assert [line.split()[1:4] for line in lines[-2:]] == [["06", "May", "09:00"], ["20", "Nov", "10:00"]]
    lines = text_of(render.talks_table(_talks_at("2023-11-20 23:00", "2024-02-01 10:00"), {})).splitlines()
    assert [line.split()[1:3] for line in lines[-2:]] == [["2023-11-20", "23:00"], ["2024-02-01", "10:00"]]
    # across New Year but within a week, the weekday still says it
    lines = text_of(render.talks_table(_talks_at("2023-12-31 23:00", "2024-01-01 10:00"), {})).splitlines()
    assert lines[0] == "From 2023-12-31 to 2024-01-01; all confirmed"


def test_a_long_text_is_wrapped_by_line_without_rich_s_text_machinery():
    text = "Первый абзац, довольно длинный, чтобы перенестись.\nВторой."
    out = text_of(render.LongText(text), width=20).splitlines()
    assert out == ["Первый абзац,", "довольно длинный,", "чтобы перенестись.", "Второй."]
    assert render.LongText("a\x1b[2Jb").text == "a[2Jb"  # the escape is taken out, the rest kept


def test_bars_leave_a_narrow_terminal_room_for_their_labels():
    from confrec.views.report import bars

    stats = {"talks": 5, "scheduled": 5, "speakers": 3,
             "speakers_by_affiliation": [("University of Le Havre", 4), ("UNAM", 1)]}
    assert [line.rstrip() for line in text_of(bars(stats), width=30).splitlines()] == [
        "5 talks (5 scheduled), 3",
        "speakers",
        "",
        "Speakers by affiliation",
        "University of   ████████████ 4",
        "Le Havre",
        "UNAM            ███          1"]
    wide = text_of(bars(stats), width=80).splitlines()
    assert wide[-2:] == ["University of Le Havre " + "█" * 24 + " 4", "UNAM                   " + "█" * 6 + "                   1"]
