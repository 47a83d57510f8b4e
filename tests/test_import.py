"""Import: real schedules, hand-made quirky files, all-or-nothing, idempotence
(round trips with arbitrary text are in test_round_trips)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import INTEROP, fails, ok

FIXTURES = Path(__file__).parent / "fixtures"
needs_interop = pytest.mark.skipif(
    not (INTEROP / "frab-camp2019.json").exists(),
    reason="../shared/interop (the example frab and pretalx schedules) is not beside this checkout")


def summary(*args):
    return json.loads(ok("import", *args, "--json").stdout)


def stored(db):  # the file as written
    return json.loads(db.read_text(encoding="utf-8"))


def _source_events(path):
    conf = json.loads(path.read_text(encoding="utf-8"))["schedule"]["conference"]
    return conf, [e for d in conf["days"] for r in d["rooms"].values() for e in r]


@needs_interop
@pytest.mark.parametrize("name, slug, people, zone", [("frab-camp2019.json", "camp2019", 90, "Europe/Berlin"),
                                                       ("pretalx-democon.json", "democon", 27, "+01:00")])
def test_real_schedules_import_completely(db, name, slug, people, zone):
    """Every talk at the same moment, in a zone that gives the file's own offsets.

    DemoCon's file says 'UTC' but its times carry +01:00: the instants are
    kept, and the event's zone is the offset the times have."""
    path = INTEROP / name
    conf, events = _source_events(path)
    r = ok("import", str(path), "--json")
    s = json.loads(r.stdout)
    assert s["format"] == "frab-json" and s["event"] == slug and s["timezone"] == zone
    assert s["talks"] == {"added": len(events), "updated": 0, "unchanged": 0, "gone": 0, "withdrawn": 0}
    assert s["speakers"] == {"added": people, "reused": 0, "updated": 0, "unchanged": 0}
    if zone != conf["time_zone_name"]:
        assert r.stderr == ("Note: the file names the zone UTC but its times carry +01:00: the event's timezone "
                            "is the fixed offset +01:00 (import with --timezone NAME to name its zone)\n")
    talks = {t["title"]: t for t in json.loads(ok("talk", "list", "--json").stdout)}
    tz = ZoneInfo(zone) if "/" in zone else datetime.fromisoformat("2020-01-01T00:00" + zone).tzinfo
    for ev in events:
        t = talks[ev["title"].strip()]
        assert t["subtitle"] == ((ev.get("subtitle") or "").strip() or None)
        local = datetime.fromisoformat(ev["date"]).astimezone(tz)
        assert local.utcoffset() == datetime.fromisoformat(ev["date"]).utcoffset()  # the file's own offset
        assert t["start"] == local.replace(tzinfo=None).isoformat(), ev["title"]
        h, m = ev["duration"].split(":")[:2]
        assert t["duration"] == int(h) * 60 + int(m), ev["title"]
        assert t["room"] == ev["room"] and t["guid"] == ev["guid"]
        assert len(t["speakers"]) == len({p.get("code") or p.get("id") for p in ev["persons"]})
    event = json.loads(ok("event", "show", slug, "--json").stdout)
    assert event["timezone"] == zone and event["start"] == conf["start"]


@needs_interop
def test_importing_twice_changes_nothing(db):
    path = str(INTEROP / "frab-camp2019.json")
    summary(path)
    before = db.read_bytes()
    s = summary(path)
    assert s["talks"] == {"added": 0, "updated": 0, "unchanged": 79, "gone": 0, "withdrawn": 0}
    assert s["speakers"] == {"added": 0, "reused": 90, "updated": 0, "unchanged": 0}
    assert s["events"] == {"added": 0, "reused": 1}
    assert db.read_bytes() == before
    r = ok("import", path)
    assert "  talks:    0 new, 0 updated, 79 unchanged\n" in r.stdout


@needs_interop
def test_html_in_frab_abstracts_becomes_text(db):
    summary(str(INTEROP / "frab-camp2019.json"))
    talks = json.loads(ok("talk", "list", "--json").stdout)
    assert not any("<p>" in (t["abstract"] or "") or "<a href" in (t["abstract"] or "") for t in talks)
    assert any((t["abstract"] or "").startswith("spispy is an open source") for t in talks)


def test_pentabarf_xml(db):
    s = summary(str(FIXTURES / "pentabarf-fosdem.xml"))
    assert s["format"] == "frab-xml" and s["event"] == "free-software-days"
    assert s["talks"]["added"] == 4 and s["speakers"]["added"] == 3
    talks = {t["id"]: t for t in json.loads(ok("talk", "list", "--json").stdout)}
    assert talks[1]["start"] == "2025-02-01T09:30:00" and talks[1]["duration"] == 25
    assert talks[1]["type"] == "keynote" and talks[1]["track"] == "Keynotes" and talks[1]["type_label"] is None
    assert talks[1]["abstract"] == "Opening words & practicalities."  # HTML made text
    assert talks[1]["guid"] == "not-a-uuid-1001"  # kept as the file has it
    assert (talks[2]["title"], talks[2]["subtitle"]) == ("Packaging at scale", "Lessons from ten years")
    assert talks[2]["duration"] == 90 and (talks[2]["type"], talks[2]["type_label"]) == ("talk", "lecture")
    assert talks[2]["abstract"] == "How we package thousands of programs."
    assert talks[2]["description"] == "A longer description with details."
    assert talks[3]["room"] == "H.1302 (Depage)" and talks[3]["type"] == "workshop"
    assert talks[4]["start"] == "2025-02-02T17:00:00" and talks[4]["abstract"] is None
    names = {s["id"]: s["name"] for s in json.loads(ok("speaker", "list", "--json").stdout)}
    assert talks[1]["speakers"] == [k for k, v in names.items() if v in ("Ana Müller", "Jürgen Schmidt")]
    event = json.loads(ok("event", "show", "1", "--json").stdout)
    assert (event["city"], event["venue"], event["timezone"]) == ("Brussels", "ULB Solbosch", "Europe/Brussels")
    assert event["day_change"] == "09:00"
    assert summary(str(FIXTURES / "pentabarf-fosdem.xml"))["talks"]["unchanged"] == 4


def test_spreadsheet_csv(db):
    ok("event", "add", "KazNU", "--slug", "kaznu-2016", "--start", "2016-10-21")
    ok("speaker", "add", "Dana Ray")  # already in the record: reused, not duplicated
    s = summary(str(FIXTURES / "spreadsheet.csv"), "--event", "kaznu-2016")
    assert s["format"] == "csv"
    assert s["speakers"] == {"added": 3, "reused": 1, "updated": 0, "unchanged": 0}
    assert s["talks"]["added"] == 4
    talks = json.loads(ok("talk", "list", "--json").stdout)
    by_title = {t["title"]: t for t in talks}
    t = by_title["Multi-vector policy, revisited"]
    assert (t["start"], t["duration"], t["type"], t["status"], t["track"]) == (
        "2016-10-21T10:30:00", 90, "talk", "accepted", "Policy")
    assert t["abstract"] == "Two lines\nof abstract."
    assert t["speakers"] == [2, 1]  # Erlan (new, id 2), then Dana (existing, id 1)
    assert by_title['=HYPERLINK("http://x","y")']["abstract"] == "Formula in the title: kept as text."
    assert by_title["Opening of the conference"]["type"] == "welcome"
    assert by_title["A row without a room"]["start"] is None
    speakers = {s["name"]: s for s in json.loads(ok("speaker", "list", "--json").stdout)}
    assert speakers["Erlan Sadykov"]["affiliation"] == "KazNU"
    assert speakers["Dana Ray"]["email"] is None  # an existing speaker is not rewritten


def test_csv_needs_an_event_when_there_are_several(db):
    for slug in ("a-1", "b-2"):
        ok("event", "add", slug, "--slug", slug, "--start", "2024-01-01")
    fails("import", str(FIXTURES / "spreadsheet.csv"), db=db,
          error=f"{FIXTURES / 'spreadsheet.csv'}: this file names no event: say which one with --event SLUG "
                "(events: a-1, b-2)")


def test_our_own_csv_reads_back(db, tmp_path):
    ok("event", "add", "E", "--slug", "e-1", "--start", "2024-05-06")
    ok("talk", "add", "=1+1", "--abstract", "-minus")
    out = tmp_path / "talks.csv"
    ok("export", "e-1", "-f", "csv", "-o", str(out))
    ok("event", "add", "F", "--slug", "f-1", "--start", "2024-05-06")
    s = summary(str(out), "--event", "f-1")
    assert s["talks"]["added"] == 1
    t = json.loads(ok("talk", "list", "-e", "f-1", "--json").stdout)[0]
    assert (t["title"], t["abstract"]) == ("=1+1", "-minus")  # the formula guard is undone


# -- all or nothing --

BROKEN = {
    "broken.xml": ("<schedule><conference><title>X</title></conference>\n<day index='1' date='2024-01-01'>\n<room name='A'><event id='1'>",
                   "malformed XML at line 3, column 30: no element found"),
    "entity.xml": ("<schedule><conference><title>&nbsp;</title></conference></schedule>",
                   "malformed XML at line 1, column 30: undefined entity"),
    "bad-date.csv": ("title,start,duration\nOk,2024-05-06 10:00,30\nBad,2024-02-30 10:00,30\n",
                     "line 3: invalid start '2024-02-30 10:00' (there is no such day): "
                     "use e.g. 2016-10-21 10:30, 21.10.2016 10.30 or 21 Oct 2016 10:30am (local time of the event)"),
    "no-title.csv": ("name,abstract\nAna,x\n", "line 1: no 'title' column (columns found: name, abstract)"),
    "ragged.csv": ("title,room\nA,B,C\n", "line 2: 3 cells but only 2 columns"),
    "bad-frab.json": ('{"schedule": {"conference": {"acronym": "x1x1", "title": "X", "start": "2024-01-01", "days": '
                      '[{"date": "2024-01-01", "rooms": {"A": [{"id": 7, "title": "T", "date": "yesterday"}]}}]}}}',
                      "event id=7 'T': impossible date 'yesterday'"),
    "truncated.json": ('{"schedule": {"conference": ', "malformed JSON at line 1, column 29: unexpected end of data"),
    "unterminated.json": ('{"schedule": {"conference": "abc', "malformed JSON at line 1, column 33: unexpected end of data"),
    "other.json": ('{"users": []}', "this JSON is neither a confrec export nor a frab/pretalx schedule"),
    "not-ours.xml": ("<html><body/></html>", "not a frab/Pentabarf schedule: the root element is <html>, not <schedule>"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_import_nothing(kaznu, tmp_path, name):
    content, error = BROKEN[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    fails("import", str(path), "--event", "kaznu-2016", db=kaznu, error=f"{path}: {error}")


def test_missing_and_undetectable_files(kaznu, tmp_path):
    fails("import", str(tmp_path / "nope.csv"), db=kaznu, error=f"{tmp_path / 'nope.csv'}: no such file")
    odd = tmp_path / "notes.txt"
    odd.write_text("just some notes\n", encoding="utf-8")
    fails("import", str(odd), db=kaznu,
          error=f"{odd}: cannot tell the format: give --format json, csv, frab-xml, frab-json, schedule-v2, ics")
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"title\n\x00\xff\xfe\n")
    fails("import", str(binary), db=kaznu,
          error=f"{binary}: not UTF-8 text (byte 7): save the sheet as UTF-8 (in Excel: 'CSV UTF-8')")


def test_format_is_guessed_from_content_not_name(db, tmp_path):
    path = tmp_path / "schedule.dat"
    path.write_text((FIXTURES / "pentabarf-fosdem.xml").read_text(encoding="utf-8"), encoding="utf-8")
    assert summary(str(path))["format"] == "frab-xml"


def test_dry_run_writes_nothing(kaznu):
    before = kaznu.read_bytes()
    s = summary(str(FIXTURES / "pentabarf-fosdem.xml"), "--dry-run")
    assert s["dry_run"] is True and s["talks"]["added"] == 4
    assert kaznu.read_bytes() == before
    r = ok("import", str(FIXTURES / "pentabarf-fosdem.xml"), "--dry-run")
    assert r.stdout.startswith("Would import ")


def test_updated_source_updates_talks(db, tmp_path):
    src = (FIXTURES / "pentabarf-fosdem.xml").read_text(encoding="utf-8")
    path = tmp_path / "s.xml"
    path.write_text(src, encoding="utf-8")
    summary(str(path))
    path.write_text(src.replace("<start>17:00</start>", "<start>16:30</start>"), encoding="utf-8")
    s = summary(str(path))
    assert s["talks"] == {"added": 0, "updated": 1, "unchanged": 3, "gone": 0, "withdrawn": 0}
    assert json.loads(ok("talk", "show", "4", "--json").stdout)["start"] == "2025-02-02T16:30:00"


def test_an_older_backup_restores_edited_talks_instead_of_duplicating(kaznu, tmp_path):
    backup = tmp_path / "backup.json"
    ok("export", "kaznu-2016", "-f", "json", "-o", str(backup))
    ok("talk", "edit", "2", "--start", "2016-10-21 10:30", "--duration", "20", "--room", "301")
    s = summary(str(backup))
    assert s["talks"] == {"added": 0, "updated": 1, "unchanged": 5, "gone": 0, "withdrawn": 0}
    assert json.loads(ok("talk", "show", "2", "--json").stdout)["start"] is None  # the backup's state
    assert len(json.loads(ok("talk", "list", "--json").stdout)) == 6


def test_a_removed_talk_comes_back_once(db):
    path = str(FIXTURES / "pentabarf-fosdem.xml")
    summary(path)
    ok("talk", "remove", "4", "--yes")
    assert summary(path)["talks"]["added"] == 1  # the removed talk is imported again...
    for _ in range(3):  # ...once: later imports find it by its kept reference
        assert summary(path)["talks"] == {"added": 0, "updated": 0, "unchanged": 4, "gone": 0, "withdrawn": 0}
    assert len(json.loads(ok("talk", "list", "--json").stdout)) == 4
    keys = [r["key"] for r in stored(db)["refs"].values()]
    assert len(keys) == len(set(keys)) == 7  # one row per reference: 4 talks, 3 people


@pytest.mark.parametrize("fmt", ["auto", "frab-json"])
def test_a_json_schedule_is_read_from_its_bytes_and_what_is_wrong_is_said_as_before(kaznu, tmp_path, fmt):
    """JSON files are parsed once, from their bytes (msgspec), whatever tells
    the format: a byte that is not UTF-8 inside a string, or a number no float
    holds, are still refused with the line that says what is wrong."""
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"schedule": {"conference": {"title": "caf\xe9", "acronym": "x"}}}')
    fails("import", str(latin), "-f", fmt, db=kaznu, error=f"{latin}: not UTF-8 text (byte 42)")
    huge = tmp_path / "huge.json"
    huge.write_bytes(b'{"schedule": {"conference": {"title": "T", "acronym": 1e999}}}')
    fails("import", str(huge), "-f", fmt, db=kaznu,
          error=f"{huge}: malformed JSON at line 1, column 55: number is infinity when parsed as double")
    bom = tmp_path / "bom.json"
    bom.write_bytes(b'\xef\xbb\xbf{"schedule": {"conference": {"title": "T", "acronym": "bom", "start": "2024-01-01", '
                    b'"days": [{"date": "2024-01-01", "rooms": {"A": [{"id": 1, "title": "Hello", '
                    b'"date": "2024-01-01T10:00:00+06:00", "duration": "00:30"}]}}]}}}')
    assert summary(str(bom), "-f", fmt)["format"] == "frab-json"
    assert [t["title"] for t in json.loads(ok("talk", "list", "--event", "bom", "--json").stdout)] == ["Hello"]


def test_a_json_file_is_parsed_once_to_tell_its_format_and_to_read_it(db, tmp_path, monkeypatch):
    """Telling a JSON file's format parses it, and its reader takes that
    document: a big schedule is not parsed twice nor held as text."""
    import msgspec

    calls = []
    real = msgspec.json.decode
    monkeypatch.setattr(msgspec.json, "decode", lambda data, *a, **k: calls.append(len(data)) or real(data, *a, **k))
    schedule = tmp_path / "once.json"
    schedule.write_bytes(b'{"schedule": {"conference": {"title": "Once", "acronym": "once", "start": "2024-01-01", '
                         b'"days": [{"date": "2024-01-01", "rooms": {"A": [{"id": 1, "title": "Hi", '
                         b'"date": "2024-01-01T10:00:00+06:00", "duration": "00:30"}]}}]}}}')
    assert summary(str(schedule))["talks"]["added"] == 1
    assert calls.count(schedule.stat().st_size) == 1
