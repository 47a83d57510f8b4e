"""Hostile input: markup, escape sequences, controls, formulas, huge text, and
arbitrary sequences of changes. Nothing may crash, leak to the terminal, break a
format, or be lost."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree as ET

import pypdf
import pytest
from conftest import ok, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from confrec.errors import ConfrecError
from confrec.record.models import Event, Speaker, Talk
from confrec.record.store import open_store

# What must never reach a terminal: C0 controls but TAB and LF, DEL, C1, bidi overrides.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

HOSTILE = [
    "[bold]x[/]", "[/]", "[link=http://evil.example]click[/link]", "\x1b[31mred\x1b[0m",
    "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07", "\x9b2J", "nul\x00byte", "bell\x07",
    "\u202eevil\u202c", "مرحبا بالعالم", "e\u0301\u0301\u0301", "🎉👩‍🔬", "=1+1", "+SUM(A1)", "-2+3",
    "@cmd", "\tTabbed", "line\r\nbreak", "<script>alert(1)</script>", "a & b < c", "]]>", "--",
    "\\", "\"quoted\"", "'single'", "{{ jinja }}", "{% raw %}", "*emph* _x_ `code` # head",
    "#set page(width: 1cm)", "$x^2$", "<label> @ref", "} \\end{document} %",
]
TERMINAL_COMMANDS = [
    ["event", "list"], ["event", "show", "h-1"], ["speaker", "list"], ["speaker", "show", "1"],
    ["talk", "list"], ["talk", "show", "1"], ["report", "h-1"], ["stats"], ["schedule", "h-1"], ["check"],
]
# what _add_everything adds beside: a session with a chair, and a translation
SESSION_COMMANDS = [["session", "list"], ["session", "show", "1"], ["talk", "show", "1", "--lang", "ru"]]
FORMATS = ["md", "html", "json", "csv", "ics", "frab-xml", "frab-json", "pdf", "bibtex", "csl-json"]


# What a value typed on the command line may not hold (long text may have TAB, LF, CR).
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _add_everything(value: str) -> None:
    # '--' ends the options, as on any command line, for names that start with '-'
    ok("event", "add", "--slug", "h-1", "--start", "2024-05-06", "--", "Hostile " + value)
    ok("event", "edit", "h-1",
       "--venue", value, "--city", value, "--country", value, "--organizer", value, "--description", value,
       "--timezone", "Europe/Berlin")
    ok("speaker", "add", "--title", value, "--affiliation", value, "--country", value,
       "--position", value, "--bio", value, "--", value + " name")
    ok("talk", "add", "-s", "1", "--abstract", value, "--track", value, "--room", value,
       "--start", "2024-05-06 10:00", "--duration", "30", "--language", "kk", "--tag", value,
       "--status", "confirmed", "--", value + " title")
    ok("session", "add", "--start", "2024-05-06 10:00", "--end", "11:00", "--room", value, "--chair", "1",
       "--description", value, "--", value + " session")
    ok("talk", "edit", "1", "--session", "1")
    ok("talk", "translate", "1", "ru", "--title", value + " перевод", "--abstract", value)


TEXT_FIELDS = {
    "events": ["name", "venue", "city", "country", "description"],
    "speakers": ["name", "title", "affiliation", "country", "position", "bio", "email"],
    "talks": ["title", "abstract", "track", "room", "language", "subtitle", "description"],
    "sessions": ["title", "room", "description"],
}


def _edit_in_by_hand(db, value: str) -> None:
    """A record edited by hand (or written by an older confrec) with the value in every text field."""
    _add_everything("plain")
    data = json.loads(db.read_text(encoding="utf-8"))
    for table, names in TEXT_FIELDS.items():
        for doc in data[table].values():
            for name in names:
                doc[name] = value + (f" {name}" if name in ("name", "title") else "")
            if table == "events":
                doc["organizers"] = [value]
            if table == "talks":
                doc["tags"] = [value]
    db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _check_pdf() -> str:
    """The PDF book: no markup ran, nothing that steers a terminal; its text."""
    r = ok("export", "h-1", "-f", "pdf", "--include-private")
    reader = pypdf.PdfReader(io.BytesIO(r.stdout_bytes))
    assert round(float(reader.pages[0].mediabox.width)) == 595  # no markup ran
    text = "".join(p.extract_text() for p in reader.pages)
    # (a glyph the fonts lack, an emoji, extracts as a NUL: that is the reader, not a control
    # that came through; what could steer a terminal must not be there)
    assert not re.search("[\x1b\x07\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    return text


def _check_formats(pdf: bool = True) -> None:
    from icalendar import Calendar

    for fmt in FORMATS:
        if fmt == "pdf":
            if pdf:
                _check_pdf()
            continue
        out = ok("export", "h-1", "-f", fmt, "--include-private").stdout
        if fmt == "bibtex":
            from pybtex.database import parse_string

            parse_string(out, "bibtex")
        elif fmt in ("json", "frab-json", "csl-json"):
            json.loads(out)
        elif fmt == "frab-xml":
            ET.fromstring(out.encode("utf-8"))
        elif fmt == "ics":
            Calendar.from_ical(out)
        elif fmt == "csv":
            csv.field_size_limit(64 * 1024 * 1024)
            rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
            assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for c in r)
        elif fmt == "html":
            assert "<script>" not in out and not UNSAFE.search(out)
        elif fmt == "md":
            assert "\x1b" not in out and "\x00" not in out


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_everywhere(db, value):
    if CONTROL.search(value):
        # typed, it is refused with one line and nothing written...
        before = db.read_bytes() if db.exists() else None
        r = run("event", "add", "--slug", "h-1", "--start", "2024-05-06", "--", "Hostile " + value)
        assert r.exit_code == 1 and r.stdout == ""
        assert re.fullmatch(r"Error: name contains a control character \(U\+[0-9A-F]{4}\): give plain text\n", r.stderr)
        assert (db.read_bytes() if db.exists() else None) == before
        # ...and a file that holds it anyway shows it nowhere raw
        _edit_in_by_hand(db, value)
        kept = str  # as the file has it
    else:
        _add_everything(value)
        kept = str.strip  # typed values are only trimmed
    for cmd in TERMINAL_COMMANDS + SESSION_COMMANDS:
        r = run(*cmd)
        assert r.exit_code == 0, (cmd, r.stderr)
        assert not UNSAFE.search(r.stdout), cmd
        assert not UNSAFE.search(r.stderr), cmd
    _check_formats(pdf=False)  # the PDF takes every value at once, below
    talk = json.loads(ok("talk", "show", "1", "--json").stdout)
    assert talk["abstract"] == kept(value)  # stored as given
    assert talk["title"] == kept(value + " title")
    speaker = json.loads(ok("speaker", "show", "1", "--json").stdout)
    assert speaker["name"] == kept(value + " name")


def test_every_hostile_value_in_one_pdf_book(db):
    """Typesetting is the slow part, so the book gets all the values in one
    record: each in every text field of its own talk and speaker."""
    _add_everything("plain")
    data = json.loads(db.read_text(encoding="utf-8"))
    talk, speaker = data["talks"]["1"], data["speakers"]["1"]
    for n, value in enumerate(HOSTILE, start=2):
        data["speakers"][str(n)] = {**speaker, **{f: value for f in TEXT_FIELDS["speakers"]}, "name": f"{value} name"}
        data["talks"][str(n)] = {**talk, **{f: value for f in TEXT_FIELDS["talks"]}, "title": f"{value} title{n}",
                                 "language": "kk", "speakers": [n], "tags": [value], "session": None, "guid": None,
                                 "start": f"2024-05-06T{8 + n // 4:02d}:{n % 4 * 15:02d}:00"}
    data["meta"]["1"]["next_id"].update(speakers=len(HOSTILE) + 2, talks=len(HOSTILE) + 2)
    db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert len(json.loads(ok("talk", "list", "--json").stdout)) == len(HOSTILE) + 1
    text = _check_pdf()
    # the typeset values came through as text (extraction may run letters apart: compare them bare)
    letters = re.sub(r"\s", "", text)
    for value in ("[bold]x[/]", "<script>alert(1)</script>", "#setpage(width:1cm)", "$x^2$", "{{jinja}}"):
        assert re.sub(r"\s", "", value) in letters, value


def test_lone_surrogates_are_refused_cleanly(db):
    r = run("speaker", "add", "bad \udcff byte")
    assert r.exit_code == 1
    assert r.stderr == "Error: name contains bytes that are not valid Unicode text\n"
    assert not db.exists()


@pytest.mark.slow
def test_one_megabyte_abstract(db, tmp_path):
    big = ("Kazakhstan's multi-vector foreign policy. " * 25000)[:1_000_000]
    f = tmp_path / "big.txt"
    f.write_text(big, encoding="utf-8")
    ok("event", "add", "Big", "--slug", "h-1", "--start", "2024-05-06")
    ok("speaker", "add", "Ana")
    ok("talk", "add", "Big one", "-s", "1", "--abstract-file", str(f), "--start", "2024-05-06 10:00",
       "--duration", "30", "--room", "A")
    assert json.loads(ok("talk", "show", "1", "--json").stdout)["abstract"] == big.strip()
    for cmd in TERMINAL_COMMANDS:
        assert run(*cmd).exit_code == 0, cmd
    _check_formats()


text = st.text(max_size=30)  # any code point, surrogates and controls included


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=text, abstract=text, room=text)
def test_arbitrary_text_through_every_command(tmp_path_factory, monkeypatch, name, abstract, room):
    db = tmp_path_factory.mktemp("prop") / "db.json"
    monkeypatch.setenv("CONFREC_DB", str(db))
    ok("event", "add", "E", "--slug", "h-1", "--start", "2024-05-06", "--timezone", "Europe/Berlin")
    r = run("speaker", "add", "--", name + "x")
    if re.search("[\ud800-\udfff]", name):
        assert r.exit_code == 1 and r.stderr == "Error: name contains bytes that are not valid Unicode text\n"
        return
    if CONTROL.search(name):
        assert r.exit_code == 1 and "name contains a control character" in r.stderr
        return
    assert r.exit_code == 0, r.stderr
    r = run("talk", "add", "T" + name, "-s", "1", "--abstract", abstract, "--room", room + "r",
            "--start", "2024-05-06 10:00", "--duration", "30")  # starts with T: never an option
    if re.search("[\ud800-\udfff]", abstract + room):
        assert r.exit_code == 1 and "not valid Unicode text" in r.stderr
        return
    if CONTROL.search(room) or re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", abstract):
        assert r.exit_code == 1 and "contains a control character" in r.stderr
        return
    assert r.exit_code == 0, r.stderr
    for cmd in TERMINAL_COMMANDS:
        out = run(*cmd)
        assert out.exit_code == 0, (cmd, out.stderr)
        assert not UNSAFE.search(out.stdout + out.stderr), cmd
    _check_formats()
    stored = json.loads(ok("talk", "show", "1", "--json").stdout)
    assert stored["abstract"] == (abstract.strip() or None)
    assert stored["room"] == (room + "r").strip()
    assert json.loads(ok("speaker", "show", "1", "--json").stdout)["name"] == (name + "x").strip()


# -- referential integrity under any sequence of changes --

class Record(RuleBasedStateMachine):
    """Commands as the CLI runs them: each a locked read-modify-write that
    either completes or (on a ConfrecError) writes nothing."""

    @initialize()
    def start(self):
        import tempfile
        from pathlib import Path

        self.path = Path(tempfile.mkdtemp()) / "db.json"
        self.n = 0

    def _do(self, change):
        self.n += 1
        try:
            with open_store(self.path, write=True, action=f"step {self.n}") as s:
                change(s)
        except ConfrecError:
            pass

    @rule(force=st.booleans())
    def add_event(self, force):
        self._do(lambda s: s.add_event(Event(slug=f"e-{self.n}", name="E", start="2024-05-06")))

    @rule()
    def add_speaker(self):
        self._do(lambda s: s.add_speaker(Speaker(name=f"S{self.n}")))

    @rule(pick=st.integers(0, 50), speakers=st.lists(st.integers(1, 20), max_size=3, unique=True))
    def add_talk(self, pick, speakers):
        def change(s):
            events = s.events()
            if events:
                s.add_talk(Talk(event=events[pick % len(events)].slug, title="T", speakers=speakers))
        self._do(change)

    @rule(pick=st.integers(0, 50), speakers=st.lists(st.integers(1, 20), max_size=3, unique=True))
    def edit_talk_speakers(self, pick, speakers):
        def change(s):
            talks = s.talks()
            if talks:
                import dataclasses

                s.update_talk(dataclasses.replace(talks[pick % len(talks)], speakers=speakers))
        self._do(change)

    @rule(pick=st.integers(1, 20), force=st.booleans())
    def remove_speaker(self, pick, force):
        self._do(lambda s: s.remove_speaker(s.speaker_by_id(pick), force=force))

    @rule(pick=st.integers(0, 50), force=st.booleans())
    def remove_event(self, pick, force):
        def change(s):
            events = s.events()
            if events:
                s.remove_event(events[pick % len(events)], force=force)
        self._do(change)

    @rule(pick=st.integers(0, 50))
    def rename_event(self, pick):
        def change(s):
            import dataclasses

            events = s.events()
            if events:
                old = events[pick % len(events)]
                s.update_event(dataclasses.replace(old, slug=f"r-{self.n}"), old_slug=old.slug)
        self._do(change)

    @rule(pick=st.integers(1, 30))
    def remove_talk(self, pick):
        self._do(lambda s: s.remove_talk(s.talk(pick)))

    @invariant()
    def no_dangling_references(self):
        if not self.path.exists():
            return
        with open_store(self.path) as s:
            slugs = {e.slug for e in s.events()}
            ids = {sp.id for sp in s.speakers()}
            for t in s.talks():
                assert t.event in slugs
                assert set(t.speakers) <= ids


TestReferentialIntegrity = pytest.mark.slow(Record.TestCase)
Record.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)
