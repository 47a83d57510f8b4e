"""Imports at their edges: calendars as conferences publish them (Indico,
pretalx, a hand-made .ics), what an import keeps, repairs and says; and
for calendars and confrec's own json export, the one error line for each
way a file can be broken, with the record left as it was."""

from __future__ import annotations

import json

import pytest
from conftest import fails, ok, run

CRLF = "\r\n"


def calendar(*events: str, head: str = "PRODID:-//test//EN") -> bytes:
    body = [f"BEGIN:VEVENT{CRLF}{e.strip()}{CRLF}END:VEVENT" for e in events]
    return CRLF.join(["BEGIN:VCALENDAR", "VERSION:2.0", head, *body, "END:VCALENDAR", ""]).encode("utf-8")


def talks_after_the_shipped_six() -> list[dict]:
    return [t for t in json.loads(ok("talk", "list", "--json").stdout) if t["id"] > 6]


def test_all_day_entries_and_repeats_are_kept_and_said_and_speakers_come_from_the_description(
        kaznu, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # (a short name: the summary's first line stays one line)
    f = tmp_path / "school.ics"
    f.write_bytes(calendar(
        "UID:a1\r\nSUMMARY:All day\r\nDTSTART;VALUE=DATE:20161021",
        "UID:a2\r\nSUMMARY:Weekly seminar\r\nDTSTART:20161021T100000Z\r\nDURATION:PT45M\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=3\r\nDESCRIPTION:Speaker: Ana Berg and Bo Chen\\n\\nAbout water.",
        head="PRODID:-//test//EN\r\nX-WR-CALNAME:Winter school"))
    r = ok("import", "school.ics", "--event", "kaznu-2016")
    assert r.stdout == (
        "Imported school.ics (ics) into kaznu-2016\n"
        "  events:   0 new, 1 reused\n"
        "  speakers: 2 new, 0 reused\n"
        "  talks:    2 new, 0 updated, 0 unchanged\n"
        "  repaired: 2 value(s) the record cannot hold as given\n"
        "    VEVENT a1 'All day': start '2016-10-21': left out: an all-day entry has no\n"
        "    time\n"
        "    VEVENT a2 'Weekly seminar': repeat 'FREQ=WEEKLY;COUNT=3': left out: only the\n"
        "    first occurrence is imported\n")  # (a long note wraps under itself)
    seminar, all_day = talks_after_the_shipped_six()
    # 10:00 UTC is 16:00 in Almaty, the event's zone; DURATION gives the length; the
    # 'Speaker:' line names the people and is not part of the abstract
    assert (seminar["title"], seminar["start"], seminar["duration"], seminar["abstract"]) == (
        "Weekly seminar", "2016-10-21T16:00:00", 45, "About water.")
    names = {s["id"]: s["name"] for s in json.loads(ok("speaker", "list", "--json").stdout)}
    assert [names[i] for i in seminar["speakers"]] == ["Ana Berg", "Bo Chen"]
    assert (all_day["title"], all_day["start"], all_day["speakers"]) == ("All day", None, [])


def test_an_indico_calendar_gives_affiliations_and_no_address_in_the_abstract(kaznu, tmp_path):
    """Indico writes each contribution's speakers as the description's first
    line, 'Full Name (Affiliation)', and its address as the last line (the
    URL property gives it too). A comma inside the brackets parts no names."""
    f = tmp_path / "indico.ics"
    f.write_bytes(calendar(
        "UID:indico-contribution-101@indico.example.org\r\nSUMMARY:Dark matter searches\r\n"
        "DTSTART:20161021T040000Z\r\nDTEND:20161021T044500Z\r\nLOCATION:500/1-001 (Main building)\r\n"
        "URL:https://indico.example.org/event/1/contributions/101/\r\n"
        "DESCRIPTION:Speakers: Ana Berg (KTH Royal Institute of Technology)\\, Bo Chen (Tsinghua University\\, "
        "Beijing)\\nWe search.\\nTwo lines.\\nhttps://indico.example.org/event/1/contributions/101/",
        head="PRODID:-//CERN//INDICO//EN"))
    ok("import", str(f), "--event", "kaznu-2016")
    (talk,) = talks_after_the_shipped_six()
    assert (talk["abstract"], talk["room"], talk["url"]) == (
        "We search.\nTwo lines.", "500/1-001 (Main building)", "https://indico.example.org/event/1/contributions/101/")
    people = {s["id"]: s for s in json.loads(ok("speaker", "list", "--json").stdout)}
    assert [(people[i]["name"], people[i]["affiliation"]) for i in talk["speakers"]] == [
        ("Ana Berg", "KTH Royal Institute of Technology"), ("Bo Chen", "Tsinghua University, Beijing")]


@pytest.mark.parametrize(("line", "people"), [
    ("Ana Berg and Bo Chen", [("Ana Berg", None), ("Bo Chen", None)]),
    ("A & B (C and D); E", [("A", None), ("B", "C and D"), ("E", None)]),
    ("Ana Berg ()", [("Ana Berg", None)]),
    ("(x)", [("(x)", None)]),  # (brackets and nothing else: that is the name)
    ("Ana (KTH", [("Ana (KTH", None)]),  # (a bracket left open: the name as written)
])
def test_a_speaker_line_is_read_name_by_name(line, people):
    from confrec.importers.ical import _listed

    assert _listed(line) == people


@pytest.mark.parametrize("content, error", [
    (b"\xff\xfe", "not UTF-8 text (byte 0)"),
    (b"hello", "malformed iCalendar: Content line could not be parsed into parts: 'hello': Invalid content line"),
    (b"BEGIN:VCARD\r\nEND:VCARD\r\n", "not an iCalendar file: no VCALENDAR"),
    (calendar("UID:q\r\nSUMMARY:T\r\nDTSTART:20161341T100000"), "VEVENT q 'T': impossible DTSTART"),
    (calendar("SUMMARY:T\r\nDTSTART:20161021T100000Z\r\nDTSTART:20161021T110000Z"),
     "VEVENT ? 'T': DTSTART given 2 times"),
    (calendar("UID:d\r\nSUMMARY:T\r\nDTSTART:20161021T100000Z\r\nDURATION:PT1H\r\nDURATION:PT2H"),
     "VEVENT d 'T': DURATION given 2 times"),
    (calendar("UID:z\r\nSUMMARY:T\r\nDTSTART;TZID=Europe/Berlin:20161021T100000\r\nDTEND:20161021T110000"),
     "VEVENT z 'T': DTSTART and DTEND differ in having a time zone"),
])
def test_a_broken_calendar_is_one_error_line_and_nothing_is_written(kaznu, tmp_path, content, error):
    f = tmp_path / "bad.ics"
    f.write_bytes(content)
    before = kaznu.read_bytes()
    r = run("import", str(f), "--event", "kaznu-2016")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", f"Error: {f}: {error}\n")
    assert kaznu.read_bytes() == before


def test_a_calendar_in_one_named_zone_brings_that_zone_to_a_new_event(db, tmp_path):
    ok("event", "add", "Spring school", "--slug", "school", "--start", "2024-03-30", "--end", "2024-04-01")
    f = tmp_path / "school.ics"
    f.write_bytes(calendar(
        "UID:b1\r\nSUMMARY:Before the change\r\nDTSTART;TZID=Europe/Berlin:20240330T100000\r\n"
        "DTEND;TZID=Europe/Berlin:20240330T110000",
        "UID:b2\r\nSUMMARY:After the change\r\nDTSTART;TZID=Europe/Berlin:20240331T100000\r\n"
        "DTEND;TZID=Europe/Berlin:20240331T110000"))
    ok("import", str(f), "--event", "school")
    talks = {t["title"]: t for t in json.loads(ok("talk", "list", "--json").stdout)}
    # the wall times stay 10:00 on both sides of the DST change, an hour long each
    assert [(talks[k]["start"], talks[k]["duration"]) for k in ("Before the change", "After the change")] == [
        ("2024-03-30T10:00:00", 60), ("2024-03-31T10:00:00", 60)]
    # and the calendar exported again says the same moments
    from icalendar import Calendar

    back = Calendar.from_ical(ok("export", "school", "--format", "ics").stdout)
    starts = sorted(str(v.get("dtstart").dt) for v in back.walk("VEVENT"))
    assert starts == ["2024-03-30 10:00:00+01:00", "2024-03-31 10:00:00+02:00"]


def test_a_calendars_html_is_made_text_but_our_own_plain_text_comes_back_as_it_was(db, tmp_path):
    ok("event", "add", "School", "--slug", "school", "--start", "2024-05-06", "--timezone", "Europe/Berlin")
    ok("event", "add", "Copy", "--slug", "copy", "--start", "2024-05-06", "--timezone", "Europe/Berlin")
    ok("talk", "add", "Markup, as a subject", "-e", "school", "--start", "2024-05-06 10:00", "--duration", "30",
       "--abstract", "Why <A> and <b>bold</b> are tags, and 1 < 2 > 0 is not.")
    ours = tmp_path / "ours.ics"
    ok("export", "school", "-f", "ics", "-o", str(ours))
    ok("import", str(ours), "--event", "copy")
    # a calendar confrec wrote holds plain text: nothing in it is a tag
    assert json.loads(ok("talk", "list", "-e", "copy", "--json").stdout)[0]["abstract"] == (
        "Why <A> and <b>bold</b> are tags, and 1 < 2 > 0 is not.")
    theirs = tmp_path / "theirs.ics"
    theirs.write_bytes(calendar("UID:h1\r\nSUMMARY:Markup elsewhere\r\nDTSTART:20240506T100000Z\r\n"
                                "DESCRIPTION:<p>Why <b>bold</b> matters</p><p>and more</p>"))
    ok("import", str(theirs), "--event", "copy")
    # another system's description is HTML, as Indico and pretalx write it: the words are kept
    talks = {t["title"]: t for t in json.loads(ok("talk", "list", "-e", "copy", "--json").stdout)}
    assert talks["Markup elsewhere"]["abstract"] == "Why bold matters\n\nand more"


def test_a_calendar_of_titles_and_times_moves_talks_and_keeps_the_rest(kaznu, tmp_path):
    ok("talk", "edit", "3", "--start", "21.10.2016 11:00", "--duration", "20", "--room", "Hall 301",
       "--status", "confirmed")
    before = json.loads(ok("talk", "show", "3", "--json").stdout)
    f = tmp_path / "program.ics"  # as a calendar program exports a program: no description, place or people
    f.write_bytes(calendar("UID:p3\r\nSUMMARY:" + before["title"] + "\r\n"
                           "DTSTART;TZID=Asia/Almaty:20161021T113000\r\nDTEND;TZID=Asia/Almaty:20161021T120000"))
    r = ok("import", str(f))
    assert r.stdout.splitlines()[-1] == "  talks:    0 new, 1 updated, 0 unchanged"
    after = json.loads(ok("talk", "show", "3", "--json").stdout)
    assert after == {**before, "start": "2016-10-21T11:30:00", "duration": 30}
    assert before["abstract"] and before["speakers"] and before["room"] == "Hall 301"


FRAB_JSON_WITHOUT_TEXT = """{"schedule": {"conference": {"acronym": "kaznu-2016", "title": "KazNU 2016",
  "start": "2016-10-21", "time_zone_name": "Asia/Almaty", "days": [{"index": 1, "date": "2016-10-21",
  "rooms": {"Hall 302": [{"id": 3, "title": "TITLE", "date": "2016-10-21T11:00:00+06:00",
  "duration": "00:30", "room": "Hall 302"}]}}]}}}"""
FRAB_XML_WITHOUT_TEXT = """<schedule><conference><acronym>kaznu-2016</acronym><title>KazNU 2016</title>
  <start>2016-10-21</start><time_zone_name>Asia/Almaty</time_zone_name></conference>
  <day index="1" date="2016-10-21"><room name="Hall 302"><event id="3"><title>TITLE</title>
  <date>2016-10-21T11:00:00+06:00</date><start>11:00</start><duration>00:30</duration><room>Hall 302</room>
  </event></room></day></schedule>"""


SCHEDULE_V2_WITHOUT_TEXT = """{"schedule": {"version": "1", "conference": {"acronym": "kaznu-2016",
  "title": "KazNU 2016", "start": "2016-10-21T09:00:00+06:00", "end": "2016-10-21T18:00:00+06:00",
  "time_zone_name": "Asia/Almaty", "days": [{"index": 1, "date": "2016-10-21"}]},
  "events": [{"guid": "0c16ffaa-709d-599f-959f-9a38b911361b", "title": "TITLE",
  "start": "2016-10-21T11:00:00+06:00", "end": "2016-10-21T11:30:00+06:00", "room": {"name": "Hall 302"}}]}}"""


@pytest.mark.parametrize("name, content", [("s.json", FRAB_JSON_WITHOUT_TEXT), ("s.xml", FRAB_XML_WITHOUT_TEXT),
                                           ("v2.json", SCHEDULE_V2_WITHOUT_TEXT)])
def test_a_schedule_that_leaves_a_field_out_leaves_it_as_it_is(kaznu, tmp_path, name, content):
    """Generators that write only times and rooms (no abstract, people or
    language keys at all) move talks; they do not empty them."""
    ok("talk", "edit", "3", "--start", "21.10.2016 11:00", "--duration", "20", "--room", "Hall 301",
       "--language", "en", "--status", "confirmed")
    before = json.loads(ok("talk", "show", "3", "--json").stdout)
    f = tmp_path / name
    f.write_text(content.replace("TITLE", before["title"]), encoding="utf-8")
    r = ok("import", str(f), "--event", "kaznu-2016")
    assert r.stdout.splitlines()[-1] == "  talks:    0 new, 1 updated, 0 unchanged"
    after = json.loads(ok("talk", "show", "3", "--json").stdout)
    guid = {"guid": "0c16ffaa-709d-599f-959f-9a38b911361b"} if name == "v2.json" else {}  # (this one has a guid)
    assert after == {**before, "room": "Hall 302", "duration": 30, **guid}
    assert before["abstract"] and before["speakers"] and before["language"] == "en"


# -- confrec's own json export, damaged on its way back ------------------------

def _backup(kaznu, tmp_path) -> dict:  # type: ignore[no-untyped-def]
    f = tmp_path / "backup.json"
    ok("export", "kaznu-2016", "--format", "json", "-o", str(f))
    return json.loads(f.read_text(encoding="utf-8"))


@pytest.mark.parametrize("damage, error", [
    (lambda d: d.update(version=99), "export format version 99 is newer than this confrec reads (3)"),
    (lambda d: d.update(version="1"), "export format version '1' is not one confrec knows"),
    (lambda d: d.update(event=None), "the export has no event"),
    (lambda d: d["speakers"][0].pop("id"), "a speaker in the export has no id"),
    (lambda d: d["talks"].append(5), "a talk in the export is not an object"),
    (lambda d: d["talks"][1].update(speakers=[99]),
     "talk id=2 'Multi-vector policy as a diplomatic style: the evolution of its conceptual framework': "
     "names speaker 99, who is not in the export"),
    (lambda d: d["sessions"].append({"title": "No id"}), "a session in the export has no id"),
    (lambda d: d["sessions"].append({"id": 4, "title": "S", "chairs": [99]}),
     "session id=4 'S': names chair 99, who is not in the export"),
    (lambda d: d["talks"][2].update(session=7),
     "talk id=3 'Kazakhstan in the regional context: the Russia - Kazakhstan - China axis': "
     "is in session 7, which is not in the export"),
    (lambda d: d["talks"][2].update(speakers=3),
     "talk id=3 'Kazakhstan in the regional context: the Russia - Kazakhstan - China axis': "
     "speakers is not a list"),
    (lambda d: d["talks"][0].update(roles=["chair"]),
     "talk id=1 \"The role of Kazakhstan's foreign policy in strengthening peace, harmony and sustainable "
     "development\": roles is not an object"),
])
def test_a_damaged_export_is_refused_with_what_is_wrong_and_nothing_is_written(kaznu, tmp_path, damage, error):
    doc = _backup(kaznu, tmp_path)
    damage(doc)
    f = tmp_path / "damaged.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    before = kaznu.read_bytes()
    r = run("import", str(f))
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", f"Error: {f}: {error}\n")
    assert kaznu.read_bytes() == before


# A json backup edited by hand: each value the record cannot hold is left
# out and said, the talk itself still comes in.
HAND_EDITED = [
    ("links", [{"title": "x"}], "left out (a link needs an http(s) url)"),
    ("links", ["ftp://x"], "left out (invalid url 'ftp://x': only http:// and https:// links are kept)"),
    ("roles", {"1": 5}, "left out (role must be text, not int)"),
    ("translations", {"kk": "x"}, "left out (the kk translation must map fields to text)"),
    ("translations", {"kk": {"speakers": "x"}},
     "left out (a talk has no 'speakers' to translate: title, subtitle, abstract)"),
    ("translations", "x", "left out (translations must map languages to fields)"),
    ("tags", [1, 2], "left out (tag must be text, not int)"),
    ("duration", 0, "left out (invalid duration 0: it must be more than 0 minutes)"),
    ("language", "zz-nope",
     "left out (unknown language 'zz-nope': give a tag such as ru, kk or en, or a name such as Russian)"),
    ("url", "javascript:alert(1)",
     "left out (invalid url 'javascript:alert(1)': only http:// and https:// links are kept)"),
    ("type", "seminar", "left out (invalid type 'seminar': choose one of keynote, talk, panel, welcome, workshop, "
                        "other, break, registration, ceremony)"),
    ("guid", 5, "left out (guid must be text, not int)"),
]


def _edited_backup(tmp_path, field, value):
    """The json backup of a record of one talk, with one of the talk's values changed by hand."""
    ok("event", "add", "E", "--slug", "e1", "--start", "2024-05-06")
    ok("speaker", "add", "Ana")
    ok("talk", "add", "T", "-s", "1", "--start", "2024-05-06 10:00", "--duration", "30")
    backup = json.loads(ok("export", "-f", "json").stdout)
    backup["talks"][0][field] = value
    src = tmp_path / "edited.json"
    src.write_text(json.dumps(backup), encoding="utf-8")
    return src


@pytest.mark.parametrize("field, value, action", HAND_EDITED)
def test_a_hand_edited_backup_keeps_the_talk_and_says_what_it_left_out(db, tmp_path, field, value, action):
    src = _edited_backup(tmp_path, field, value)
    db.unlink()
    r = json.loads(ok("import", str(src), "--json").stdout)
    assert r["repairs"] == [{"talk": "talk id=1 'T'", "field": field, "value": repr(value), "action": action}]
    (talk,) = json.loads(ok("talk", "list", "--json").stdout)
    assert (talk["title"], talk["start"]) == ("T", "2024-05-06T10:00:00")


@pytest.mark.parametrize("field, value, error", [
    ("roles", ["x"], "talk id=1 'T': roles is not an object"),
    ("session", "x", "talk id=1 'T': is in session x, which is not in the export"),
    ("speakers", ["a"], "talk id=1 'T': names speaker a, who is not in the export"),
    ("start", "2024-05-06", "talk id=1 'T': invalid start '2024-05-06': give a time too, e.g. 2016-10-21 10:30, "
                            "21.10.2016 10.30 or 21 Oct 2016 10:30am"),
    ("title", 5, "talk id=1 5: title must be text, not int"),
])
def test_a_hand_edited_backup_that_breaks_what_a_talk_is_is_refused(db, tmp_path, field, value, error):
    src = _edited_backup(tmp_path, field, value)
    fails("import", str(src), db=db, error=f"{src}: {error}")  # (and the record as it was)


PENTABARF = """<?xml version="1.0"?>
<schedule>{conference}
  <day date="2016-10-21" index="1">
    <room name="Hall 301">
      <event id="7" guid="0c16ffaa-709d-599f-959f-9a38b9113601">
        <date>{date}</date><start>{start}</start><duration>00:30</duration><title>Regional security</title>
        <persons><person id="3">P. Shabal</person><person id="4"> </person><person id="3">P. Shabal</person></persons>
      </event>
    </room>
  </day>
</schedule>"""
CONFERENCE = "<conference><acronym>pb16</acronym><title>PB</title><start>2016-10-21</start></conference>"


@pytest.mark.parametrize("conference, date, start, error", [
    ("", "", "10:00", "not a frab/Pentabarf schedule: no <conference> element"),
    (CONFERENCE, "2016-10-21T25:00:00+06:00", "", "<event id=7> 'Regional security': impossible date "
                                                  "'2016-10-21T25:00:00+06:00'"),
    (CONFERENCE, "", "10:61", "<event id=7> 'Regional security': impossible date '2016-10-21T10:61'"),
])
def test_a_frab_xml_that_cannot_be_read_is_one_line(db, tmp_path, conference, date, start, error):
    src = tmp_path / "pb.xml"
    src.write_text(PENTABARF.format(conference=conference, date=date, start=start), encoding="utf-8")
    fails("import", str(src), db=db, error=f"{src}: {error}")


def test_a_pentabarf_day_gives_its_date_to_a_start_of_hours_alone(db, tmp_path):
    """Older Pentabarf files give <start>10:00</start> and no <date>: the day's
    date is the talk's; a person named twice is one speaker, a blank one none."""
    src = tmp_path / "pb.xml"
    src.write_text(PENTABARF.format(conference=CONFERENCE, date="", start="10:00"), encoding="utf-8")
    ok("import", str(src))
    (talk,) = json.loads(ok("talk", "list", "--json").stdout)
    assert (talk["title"], talk["start"], talk["duration"], talk["room"]) == (
        "Regional security", "2016-10-21T10:00:00", 30, "Hall 301")
    assert [s["name"] for s in json.loads(ok("speaker", "list", "--json").stdout)] == ["P. Shabal"]
