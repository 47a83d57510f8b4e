"""Structurally random files, fed to the CLI as imports and as the database.

Whatever they hold, confrec answers with exit 0, or with exit 1 and exactly
one ``Error:`` line, and the record is left as it was: never a traceback.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import KAZNU, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Words schedules use, so random documents reach deep into the readers.
KEYS = ["schedule", "conference", "days", "rooms", "events", "persons", "participants", "title", "acronym",
        "date", "start", "end", "duration", "guid", "id", "code", "name", "public_name", "room", "track",
        "type", "abstract", "links", "url", "time_zone_name", "version", "format", "event", "speakers",
        "talks", "meta", "1", "schema", "next_id", "key", "slug", "refs"]
SCALARS = (st.none() | st.booleans() | st.integers(-10, 10**12) | st.floats(allow_nan=False)
           | st.sampled_from(["", "0:00", "25:00", "2024-02-30T10:00:00+01:00", "0001-01-01T00:30:00+01:00",
                              "9999-12-31T23:30:00-05:00", "Europe/Berlin", "UTC", "confrec-event", "\x1b[2J",
                              "2024-05-06T10:00:00", "00:30", "Saal 1", "kaznu-2016", "<p>x</p>"])
           | st.text(max_size=12))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5), max_leaves=30)


def _outcome(args: list[str], db: Path) -> None:
    before = db.read_bytes()
    r = run(*args)  # a bug raises here, with its traceback
    if r.exit_code == 0:
        return
    assert r.exit_code == 1, (args, r.stderr)
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.stderr
    assert db.read_bytes() == before


@pytest.fixture
def record(tmp_path_factory, monkeypatch):
    def make() -> Path:
        db = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp())) / "db.json"
        shutil.copyfile(KAZNU, db)
        monkeypatch.setenv("CONFREC_DB", str(db))
        return db
    return make


def _import(record, content: bytes, name: str, *extra: str) -> None:
    db = record()
    path = db.parent / name
    path.write_bytes(content)
    _outcome(["import", str(path), "--event", "kaznu-2016", *extra], db)


@SETTINGS
@given(doc=JSON, wrap=st.booleans())
def test_random_json_imports(record, doc, wrap):
    if wrap:  # most random documents fail at the top: give half of them the schedule's frame
        doc = {"schedule": {"conference": doc, "events": doc}}
    _import(record, json.dumps(doc).encode(), "x.json")


TAGS = ["schedule", "conference", "day", "room", "event", "title", "start", "date", "duration", "persons",
        "person", "acronym", "time_zone_name", "links", "link", "abstract", "type", "generator"]


def _xml(tree: object) -> str:
    if isinstance(tree, str):
        return tree.replace("&", "&amp;").replace("<", "&lt;")
    tag, attrs, children = tree  # type: ignore[misc]
    attr = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f"<{tag}{attr}>" + "".join(_xml(c) for c in children) + f"</{tag}>"


XML = st.recursive(
    st.sampled_from(["", "10:00", "00:30", "2024-05-06", "2024-05-06T10:00:00+02:00", "Ana", "x"]),
    lambda inner: st.tuples(st.sampled_from(TAGS),
                            st.dictionaries(st.sampled_from(["id", "guid", "name", "date", "index", "href"]),
                                            st.sampled_from(["1", "0", "", "a", "2024-05-06"]), max_size=3),
                            st.lists(inner, max_size=4)),
    max_leaves=25,
)


@SETTINGS
@given(tree=XML, broken=st.booleans())
def test_random_xml_imports(record, tree, broken):
    text = _xml(("schedule", {}, [tree]))
    _import(record, (text[: len(text) // 2] if broken else text).encode(), "x.xml")


@SETTINGS
@given(header=st.lists(st.sampled_from(["title", "start", "date", "time", "duration", "speakers", "room",
                                        "status", "type", "email", "name", "first_name", "tags", "x"]),
                       min_size=1, max_size=6),
       rows=st.lists(st.lists(st.sampled_from(["", "T", "2024-05-06 10:00", "10.30", "30", "0", "Ana; Bo",
                                               "a@b", "maybe", '"q""', "=1+1", "\x00"]), max_size=7), max_size=5),
       sep=st.sampled_from([",", ";", "\t"]))
def test_random_csv_imports(record, header, rows, sep):
    text = "\n".join(sep.join(r) for r in [header, *rows])
    _import(record, text.encode(), "x.csv")


ICS_LINES = ["BEGIN:VEVENT", "END:VEVENT", "DTSTART:20161021T100000Z", "DTSTART;TZID=Asia/Almaty:20161021T100000",
             "DTSTART;TZID=Mars/Base:20161021T100000", "DTSTART;VALUE=DATE:20161021", "DTSTART:99991231T233000Z",
             "DTSTART:2016", "DTEND:20161021T090000Z", "DURATION:PT30M", "DURATION:bogus", "SUMMARY:Talk",
             "SUMMARY:", "LOCATION:Hall", "UID:1@x", "UID:1@x", "ATTENDEE;CN=Ana:mailto:a@b.org",
             "ATTENDEE;CN=:x", "DESCRIPTION:Speaker: Ana\\nText", "RRULE:FREQ=DAILY;COUNT=2", "STATUS:CANCELLED",
             "CATEGORIES:A,B", " folded", "garbage", "BEGIN:VTIMEZONE", "END:VTIMEZONE"]


@SETTINGS
@given(lines=st.lists(st.sampled_from(ICS_LINES), max_size=12), close=st.booleans())
def test_random_calendars_import(record, lines, close):
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", *lines] + (["END:VCALENDAR"] if close else [])
    _import(record, "\r\n".join(body).encode(), "x.ics")


@SETTINGS
@given(tables=st.dictionaries(st.sampled_from(["events", "speakers", "talks", "refs"]),
                              st.dictionaries(st.sampled_from(["1", "2", "x", "07"]), JSON, max_size=3), max_size=3),
       next_id=JSON)
def test_random_databases(record, tables, next_id):
    db = record()
    db.write_text(json.dumps({"meta": {"1": {"schema": 2, "next_id": next_id}}, **tables}), encoding="utf-8")
    for args in (["talk", "list"], ["talk", "list", "--json"], ["speaker", "add", "Ana"], ["check"],
                 ["schedule", "1"], ["report", "1"], ["export", "1", "-f", "frab-xml"], ["export", "1", "-f", "ics"],
                 ["talk", "show", "1"], ["event", "show", "1"]):
        _outcome(args, db)
