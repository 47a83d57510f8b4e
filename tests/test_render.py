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


def test_narrow_terminal_folds_instead_of_cutting():
    title = "Kazakhstan's role in global and regional security and disarmament"
    talks = [Talk(id=1, event="e-1", title=title, speakers=[1],
                  start=datetime(2016, 10, 21, 10), room="Room 301")]
    out = text_of(render.talks_table(talks, {1: Speaker(id=1, name="K.I. Baizakova")}), width=40)
    assert max(len(line) for line in out.splitlines()) <= 40
    assert "…" not in out
    # Nothing cut: every visible character of every header and cell is still there.
    cells = ["On 2016-10-21", "id", "time", "room", "title", "speakers", "type", "status", "1",
             "10:00", "Room 301", title, "K.I. Baizakova", "talk", "submitted"]
    visible = [c for c in out if not c.isspace() and c != "─"]
    assert len(visible) == sum(len("".join(c.split())) for c in cells)


def test_event_panel_and_empty_states():
    e = Event(id=1, slug="e-1", name="A long conference name " * 4, start="2016-10-21",
              end="2016-10-22", organizers=["Faculty", "Institute"])
    out = text_of(render.event_panel(e, [], 0), width=60)
    assert "2016-10-21 – 2016-10-22" in out
    assert "Faculty" in out and "Institute" in out
    assert "…" not in out  # the long name wraps inside the panel
    assert text_of(render.talks_table([], {})) == "No talks.\n"
    assert text_of(render.events_table([])).startswith("No events yet.")
