"""Every export format, checked by a real parser or the published schema."""

from __future__ import annotations

import csv
import functools
import io
import json
import tempfile
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import INTEROP, fails, ok, run
from hypothesis import given, settings
from hypothesis import strategies as st

XSD = INTEROP / "schedule.xml.xsd"
JSON_SCHEMA = INTEROP / "schedule.schema.json"
needs_interop = pytest.mark.skipif(
    not XSD.exists(), reason="../shared/interop (the published c3voc schemas) is not beside this checkout"
)
FORMATS = ["md", "html", "json", "csv", "ics", "frab-xml", "frab-json"]
EVIL_TITLE = '=HYPERLINK("http://x","y")'
# A title cannot hold a line break (it is refused as typed); an abstract can,
# and must not be able to end its VEVENT or start a property.
CRLF_TITLE = "Evil ATTENDEE:mailto:attacker@example.com"


@pytest.fixture
def program(db):
    """Two days, two rooms, Europe/Berlin, with hostile text in places."""
    ok("event", "add", "Program Test", "--slug", "pt-2024", "--start", "2024-10-26", "--end", "2024-10-27",
       "--timezone", "Europe/Berlin", "--url", "https://example.org/pt")
    ok("speaker", "add", "Ana Müller", "--email", "ana@example.org", "--affiliation", "TU Berlin", "--country", "Germany")
    ok("speaker", "add", "Bob <b>Bold</b>", "--email", "bob@example.org", "--country", "UK")
    ok("speaker", "add", "Chen Wei", "--country", "China")
    talks = [
        ("Opening", "Hall A", "2024-10-26 09:00", "30", ["1"], None),
        (EVIL_TITLE, "Hall B", "2024-10-26 09:00", "45", ["2"], "<script>alert(1)</script>"),
        ("Ledgers", "Hall A", "2024-10-26 10:00", "60", ["3", "1"], "First para.\n\nSecond para."),
        (CRLF_TITLE, "Hall B", "2024-10-27 09:00", "30", ["3"], "After the DST change.\r\nEND:VEVENT"),
        ("Closing", "Hall A", "2024-10-27 17:00", "1:00", ["1"], "Bye [bold]all[/]"),
    ]
    for title, room, start, dur, speakers, abstract in talks:
        args = ["talk", "add", title, "--room", room, "--start", start, "--duration", dur, "--status", "confirmed"]
        for s in speakers:
            args += ["-s", s]
        if abstract:
            args += ["--abstract", abstract]
        ok(*args)
    ok("talk", "add", "Not yet placed", "-s", "Chen")
    ok("talk", "add", "Turned down", "-s", "Chen", "--start", "2024-10-26 11:00", "--duration", "30",
       "--room", "Hall A", "--status", "rejected")
    return db


def export(fmt, *extra, event="pt-2024"):
    r = ok("export", event, "--format", fmt, *extra)
    return r.stdout


# -- the schedule formats, against the published schemas --

@needs_interop
def test_frab_xml_validates_against_the_xsd(program):
    import xmlschema

    schema = xmlschema.XMLSchema(str(XSD))
    xml = export("frab-xml")
    schema.validate(xml)
    from xml.etree import ElementTree as ET

    root = ET.fromstring(xml)
    days = root.findall("day")
    assert [d.get("date") for d in days] == ["2024-10-26", "2024-10-27"]
    assert [r.get("name") for r in days[0].findall("room")] == ["Hall A", "Hall B"]
    events = root.findall(".//event")
    assert len(events) == 5  # unscheduled and rejected talks are not in a schedule
    by_title = {e.findtext("title"): e for e in events}
    assert by_title["Opening"].findtext("date") == "2024-10-26T09:00:00+02:00"
    # Berlin leaves summer time in the night to 2024-10-27: the offset changes
    assert by_title[CRLF_TITLE].findtext("date") == "2024-10-27T09:00:00+01:00"
    # the CR of the abstract survives, as a character reference
    assert by_title[CRLF_TITLE].findtext("abstract") == "After the DST change.\r\nEND:VEVENT"
    assert by_title["Closing"].findtext("duration") == "01:00"
    assert [p.text for p in by_title["Ledgers"].find("persons")] == ["Chen Wei", "Ana Müller"]


@needs_interop
def test_frab_xml_rejects_what_the_xsd_forbids(program):
    """The validator can fail: break one rule and it says so."""
    import xmlschema

    schema = xmlschema.XMLSchema(str(XSD))
    broken = export("frab-xml").replace("<acronym>pt_2024</acronym>", "<acronym>PT 2024</acronym>")
    assert not schema.is_valid(broken)


@needs_interop
def test_frab_json_validates_against_the_schema(program):
    import jsonschema

    schema = json.loads(JSON_SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(export("frab-json"))
    jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)
    conf = doc["schedule"]["conference"]
    assert conf["acronym"] == "pt_2024" and conf["time_zone_name"] == "Europe/Berlin"
    assert conf["daysCount"] == 2
    day1 = conf["days"][0]["rooms"]
    assert [e["title"] for e in day1["Hall A"]] == ["Opening", "Ledgers"]
    assert day1["Hall B"][0]["date"] == "2024-10-26T09:00:00+02:00"
    # the validator is live: drop a required field and it fails
    del doc["schedule"]["conference"]["days"][0]["rooms"]["Hall A"][0]["guid"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft6Validator(schema).validate(doc)


@needs_interop
def test_frab_guids_and_slugs_are_stable(program):
    a = json.loads(export("frab-json"))
    ok("talk", "edit", "1", "--title", "Opening (new title)")
    b = json.loads(export("frab-json"))
    guid = lambda d: d["schedule"]["conference"]["days"][0]["rooms"]["Hall A"][0]["guid"]  # noqa: E731
    assert guid(a) == guid(b)


def test_a_talk_and_a_person_keep_their_guid_and_uid_through_every_change(program):
    """A schedule app keeps its users' favourites by guid, a calendar its
    entries by UID: retitling, moving to another day, time and room,
    renaming a speaker, adding and removing other talks change none of them."""
    from icalendar import Calendar

    def identities() -> dict[str, tuple]:
        doc = json.loads(export("frab-json"))
        events = [e for d in doc["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r]
        uids = {str(e["UID"]): str(e["SUMMARY"]) for e in Calendar.from_ical(export("ics")).walk("VEVENT")}
        return {str(e["id"]): (e["guid"], tuple(p["guid"] for p in e["persons"]),
                               next(u for u, title in uids.items() if title == " ".join(e["title"].split())))
                for e in events}

    before = identities()
    ok("talk", "edit", "3", "--title", "Ledgers, revised", "--start", "2024-10-27 15:00", "--room", "Hall B")
    ok("speaker", "edit", "Chen Wei", "--name", "Wei Chen")
    new = str(json.loads(ok("talk", "add", "A new first talk", "--start", "2024-10-26 08:00", "--duration", "30",
                            "--room", "Hall A", "--status", "confirmed", "--json").stdout)["id"])
    ok("talk", "remove", "1", "--yes")
    after = identities()
    assert set(after) == set(before) - {"1"} | {new}
    assert {k: after[k] for k in before if k != "1"} == {k: v for k, v in before.items() if k != "1"}
    assert after[new][0] not in {g for g, _, _ in before.values()}  # a new talk, a new guid


# -- iCalendar --

def test_ics_parses_and_places_each_talk_at_local_time(program, monkeypatch, tmp_path):
    from icalendar import Calendar

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ok("export", "pt-2024", "-f", "ics", "-o", str(tmp_path / "pt.ics"))
    text = (tmp_path / "pt.ics").read_bytes().decode("utf-8")
    assert text.count("\r\n") == text.count("\n")  # CRLF line ends, as RFC 5545 says
    long_lines = [line for line in text.split("\r\n") if len(line.encode()) > 75]
    assert long_lines == []
    cal = Calendar.from_ical(text)
    events = cal.walk("VEVENT")
    assert len(events) == 5
    berlin = ZoneInfo("Europe/Berlin")
    starts = {str(e["summary"]): e.decoded("dtstart") for e in events}
    assert starts["Opening"] == datetime(2024, 10, 26, 9, 0, tzinfo=berlin)
    assert starts["Opening"].utcoffset().total_seconds() == 7200
    opening = next(e for e in events if str(e["summary"]) == "Opening")
    assert [a.params["CN"] for a in [opening["attendee"]]] == ["Ana Müller"]
    assert str(opening["attendee"]).startswith("urn:uuid:")  # no e-mail unless asked for
    assert str(opening["url"]) == "https://example.org/pt#talk-1"
    evil = next(e for e in events if str(e["summary"]).startswith("Evil"))
    assert str(evil["summary"]) == CRLF_TITLE
    assert str(evil["description"]) == "After the DST change.\nEND:VEVENT"  # text, not the end of the VEVENT
    # the CR/LF did not make a property: the one attendee is Chen Wei, by guid
    assert evil["attendee"].params["CN"] == "Chen Wei" and str(evil["attendee"]).startswith("urn:uuid:")
    assert evil.decoded("dtstart").utcoffset().total_seconds() == 3600  # after the DST change
    assert len(cal.walk("VTIMEZONE")) == 1 and str(cal.walk("VTIMEZONE")[0]["tzid"]) == "Europe/Berlin"
    assert all(e.decoded("dtstamp") == datetime.fromtimestamp(1700000000, ZoneInfo("UTC")) for e in events)
    assert {str(e["uid"]) for e in events} == {f"talk-{i}.pt-2024@confrec" for i in (1, 2, 3, 4, 5)}


# -- CSV --

def test_csv_is_spreadsheet_safe(program):
    raw = export("csv")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.removeprefix("\ufeff"))))
    assert list(rows[0]) == ["id", "start", "duration", "room", "track", "type", "status", "title",
                             "speakers", "affiliations", "abstract"]
    assert len(rows) == 7  # the working list keeps every talk
    evil = rows[1]
    assert evil["title"] == "'" + EVIL_TITLE
    assert rows[2]["speakers"] == "Chen Wei; Ana Müller"
    assert rows[2]["affiliations"] == "; TU Berlin"
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    speakers = list(csv.DictReader(io.StringIO(export("csv", "--what", "speakers").removeprefix("\ufeff"))))
    assert [s["name"] for s in speakers] == ["Bob <b>Bold</b>", "Ana Müller", "Chen Wei"]  # by family name
    assert "email" not in speakers[0]


# -- HTML and Markdown --

class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.attrs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_one_safe_self_contained_page(program):
    page = export("html")
    p = Tags()
    p.feed(page)
    assert "script" not in p.tags and "img" not in p.tags and "link" not in p.tags
    assert not [v for k, v in p.attrs if k == "src"]
    hrefs = [v for k, v in p.attrs if k == "href"]
    assert all(h.startswith("#") or h.startswith("https://") for h in hrefs)
    text = "".join(p.text)
    assert "<script>alert(1)</script>" in text  # shown as text
    assert "Bob <b>Bold</b>" in text
    assert p.tags.count("article") == 6  # every published talk, not the rejected one
    assert "break-before: page" in page


def test_every_link_inside_the_html_book_lands_on_one_place(program):
    """The contents, the program's talk numbers and the index of authors all
    link into the page: each link has its target, and each target is one.
    Sessions and a second language included."""
    ok("session", "add", "Morning", "--start", "2024-10-26 09:00", "--end", "11:00", "--chair", "Ana")
    ok("talk", "edit", "1", "--session", "Morning")
    ok("talk", "translate", "1", "kk", "--title", "Ашылу")
    for extra in ((), ("--lang", "kk"), ("--one-per-page",)):
        p = Tags()
        p.feed(export("html", *extra))
        ids = [v for k, v in p.attrs if k == "id"]
        links = {v[1:] for k, v in p.attrs if k == "href" and v.startswith("#")}
        assert len(ids) == len(set(ids)), extra
        assert links <= set(ids), (extra, links - set(ids))
        assert {f"talk-{n}" for n in (1, 2, 3, 4, 5, 6)} <= links  # each published talk is reached


def test_markdown_renders_user_text_as_text(program):
    from markdown_it import MarkdownIt

    md = export("md")
    html = MarkdownIt("commonmark").render(md)
    p = Tags()
    p.feed(html)
    assert "script" not in p.tags and "b" not in p.tags
    text = "".join(p.text)
    assert "<script>alert(1)</script>" in text
    assert "Bob <b>Bold</b>" in text
    assert EVIL_TITLE in text
    assert "## Abstracts" in md and "### 3. Ledgers" in md
    assert "Bye [bold]all[/]" in text


# -- backup, privacy, reproducibility --

def test_json_backup_is_lossless(program):
    doc = json.loads(export("json"))
    assert doc["format"] == "confrec-event"
    stored = json.loads(ok("talk", "list", "--json").stdout)
    assert doc["talks"] == sorted(stored, key=lambda t: t["id"])
    assert {s["email"] for s in doc["speakers"]} == {"ana@example.org", "bob@example.org", None}
    assert doc["event"] == json.loads(ok("event", "show", "pt-2024", "--json").stdout)


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "ics", "frab-json"])
def test_emails_only_with_include_private(program, fmt):
    assert "ana@example.org" not in export(fmt)
    assert "ana@example.org" in export(fmt, "--include-private")


def test_frab_xml_has_no_place_for_emails(program):
    # The XSD's <person> takes only id and guid attributes: e-mails never go there.
    assert "ana@example.org" not in export("frab-xml", "--include-private")


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_record_same_bytes(program, fmt):
    assert export(fmt) == export(fmt)


def test_source_date_epoch_sets_the_version(program, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert json.loads(export("frab-json"))["schedule"]["version"] == "1970-01-02 00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    fails("export", "pt-2024", "-f", "ics", db=program,
          error="SOURCE_DATE_EPOCH must be whole seconds since 1970, not 'soon'")


def test_output_file_and_errors(program, tmp_path):
    out = tmp_path / "book.html"
    r = ok("export", "pt-2024", "-f", "html", "-o", str(out))
    assert r.stdout == "" and r.stderr == f"Wrote html of pt-2024 to {out}\n"
    assert out.read_text(encoding="utf-8") == export("html")
    fails("export", "pt-2024", "-f", "docx", db=program,
          error="unknown format 'docx': choose one of md, html, json, csv, ics, frab-xml, frab-json, pdf, bibtex, "
                "csl-json")
    fails("export", "nope", "-f", "md", db=program, error="no event 'nope' (events: pt-2024)")
    r = run("export", "pt-2024", "-f", "md", "-o", str(tmp_path / "missing" / "dir" / "x.md"))
    assert r.exit_code == 0  # the folder is made, as for the database


# -- the terminal report --

def test_report_shows_every_talk_and_speaker(program, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    out = ok("report", "pt-2024").stdout
    for title in ("Opening", "Ledgers", "Closing", "Not yet placed", "Turned down", "HYPERLINK"):
        assert title in out
    for name in ("Ana Müller", "Bob <b>Bold</b>", "Chen Wei"):
        assert name in out
    assert "7 talks (6 scheduled), 3 speakers" in out
    assert "\x1b" not in out


def test_report_of_an_event_without_talks(db):
    ok("event", "add", "Empty", "--slug", "empty", "--start", "2024-01-01")
    out = ok("report", "empty").stdout
    assert "This event has no talks yet." in out
    assert "0 talks (0 scheduled), 0 speakers" in out
    for fmt in FORMATS:
        ok("export", "empty", "-f", fmt)


@needs_interop
def test_empty_event_schedule_is_still_valid(db):
    import jsonschema
    import xmlschema

    ok("event", "add", "Empty", "--slug", "e1", "--start", "2024-01-01")
    xmlschema.XMLSchema(str(XSD)).validate(export("frab-xml", event="e1"))
    schema = json.loads(JSON_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft6Validator(schema).validate(json.loads(export("frab-json", event="e1")))


def test_stats_json(program):
    s = json.loads(ok("stats", "pt-2024", "--json").stdout)
    assert s["talks"] == 7 and s["speakers"] == 3
    assert s["talks_by_status"] == {"confirmed": 5, "rejected": 1, "submitted": 1}
    assert s["speakers_by_country"] == {"China": 1, "Germany": 1, "UK": 1}
    assert [x["event"] for x in json.loads(ok("stats", "--json").stdout)] == ["pt-2024"]


def test_export_never_overwrites_the_database(program, tmp_path, monkeypatch):
    monkeypatch.chdir(program.parent)
    for target in (str(program), program.name, str(program) + ".prev"):
        fails("export", "pt-2024", "-f", "json", "-o", target, db=program,
              error=f"{target} is the database itself (or one of its side files): choose another -o file")
    link = tmp_path / "alias.json"
    link.symlink_to(program)
    fails("export", "pt-2024", "-f", "json", "-o", str(link), db=program,
          error=f"{link} is the database itself (or one of its side files): choose another -o file")


# Any record: text of any script and punctuation, zones east and west of UTC,
# fixed offsets and none, day changes, talks past midnight and up to 33 hours,
# every type, languages with regions and scripts.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=BIDI), max_size=30)
ONE_LINE = ANY_TEXT.map(lambda s: " ".join(s.split()))


@functools.cache
def _xsd():
    import xmlschema

    return xmlschema.XMLSchema(str(XSD))


@needs_interop
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_any_record_makes_schedules_the_published_schemas_accept(data):
    from interop import frab_json_errors

    from confrec.bundle import load_bundle
    from confrec.exporters import Options
    from confrec.exporters import export as export_as
    from confrec.record.models import TALK_TYPES, Event, Speaker, Talk
    from confrec.record.store import open_store

    draw = data.draw
    first = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 365)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.json"
        with open_store(path, write=True) as s:
            s.add_event(Event(
                slug=draw(st.sampled_from(["e", "ab", "a-b-c", "x2024", "evolyutsiya-2016"])),
                name=draw(ONE_LINE) or "E", start=first, end=first + timedelta(days=draw(st.integers(0, 3))),
                timezone=draw(st.sampled_from(["Europe/Berlin", "America/Argentina/Buenos_Aires", "Asia/Almaty",
                                               "America/Port-au-Prince", "Etc/GMT+3", "+05:45", "UTC", None])),
                url=draw(st.sampled_from([None, "https://example.org/x", "http://a.b/c%20d?x=1&y=2"])),
                description=draw(st.none() | ANY_TEXT), day_change=draw(st.sampled_from([None, "00:00", "06:30"]))))
            n = draw(st.integers(1, 3))
            for i in range(n):
                s.add_speaker(Speaker(name=f"{draw(ONE_LINE)} {i}", bio=draw(st.none() | ANY_TEXT)))
            slug = s.events()[0].slug
            for i in range(draw(st.integers(1, 5))):
                s.add_talk(Talk(
                    event=slug, title=f"{draw(ONE_LINE)} {i}", abstract=draw(st.none() | ANY_TEXT),
                    speakers=draw(st.lists(st.integers(1, n), unique=True, max_size=2)),
                    room=draw(ONE_LINE) or "R", duration=draw(st.integers(1, 2000)),
                    start=datetime.combine(first, time()) + timedelta(minutes=5 * draw(st.integers(0, 4 * 24 * 12))),
                    status=draw(st.sampled_from(["confirmed", "accepted"])), type=draw(st.sampled_from(TALK_TYPES)),
                    track=draw(st.none() | ONE_LINE), subtitle=draw(st.none() | ONE_LINE),
                    language=draw(st.sampled_from([None, "en", "ru", "kk", "de-AT", "zh-Hant"]))))
        with open_store(path) as s:
            bundle = load_bundle(s, None)
    options = Options(generated=datetime(2024, 1, 1))
    _xsd().validate(export_as("frab-xml", bundle, options))
    assert frab_json_errors(json.loads(export_as("frab-json", bundle, options))) == []


@pytest.mark.parametrize("name, fmt, starts", [
    ("book.pdf", "pdf", b"%PDF-"), ("program.html", "html", b"<!DOCTYPE html>"),
    ("Program.HTM", "html", b"<!DOCTYPE html>"), ("program.md", "md", b"# Program Test"),
    ("calendar.ics", "ics", b"BEGIN:VCALENDAR"), ("talks.csv", "csv", b"\xef\xbb\xbfid,"),
    ("schedule.xml", "frab-xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>"),
    ("cite.bib", "bibtex", b"@inproceedings{"),
])
def test_the_output_files_extension_names_the_format(program, tmp_path, name, fmt, starts):
    """'confrec export -o book.pdf', as one names the file one wants."""
    out = tmp_path / name
    r = ok("export", "pt-2024", "-o", str(out))
    assert r.stderr.splitlines()[-1] == f"Wrote {fmt} of pt-2024 to {out}"
    assert out.read_bytes().startswith(starts)


@pytest.mark.parametrize("args, error", [
    (["-o", "{tmp}/out.json"], "out.json could be csl-json, frab-json, json (the lossless backup): say which with "
                               "--format"),
    (["-o", "{tmp}/notes.txt"], "notes.txt: its extension names no format; give --format (md, html, json, csv, ics, "
                                "frab-xml, frab-json, pdf, bibtex, csl-json)"),
    ([], "give the format with --format (md, html, pdf, ...), or -o FILE with its extension"),
    (["-o", "-"], "give the format with --format (md, html, pdf, ...), or -o FILE with its extension"),
])
def test_an_output_file_that_does_not_say_its_format_is_refused(program, tmp_path, args, error):
    fails("export", "pt-2024", *[a.format(tmp=tmp_path) for a in args], db=program, error=error)
    assert list(tmp_path.glob("out.*")) == [] and list(tmp_path.glob("notes.*")) == []


def test_a_big_export_is_made_in_pieces_that_make_the_whole_and_stdout_and_a_file_agree(db, tmp_path):
    """The html book, the calendar and the frab-xml schedule are written as
    they are made (at 10,000 talks one whole string held 60 MB more): for a
    big event each comes in several pieces, the pieces are the whole export,
    and -o writes exactly what stdout gets, in every format."""
    from confrec.bundle import load_bundle
    from confrec.exporters import FORMATS, Options, export, generation_time, pieces
    from confrec.record.models import Event, Speaker, Talk
    from confrec.record.store import open_store

    with open_store(db, write=True) as s:
        s.add_event(Event(slug="big", name="Big «Event»", start="2024-10-26", end="2024-10-27",
                          timezone="Europe/Berlin"))
        s.add_speakers([Speaker(name=f"Спикер {i}", country="Kazakhstan") for i in range(40)])
        s.add_talks([Talk(event="big", title=f"Talk {i} & <more>", abstract="Аннотация\n\nsecond " * 3,
                          speakers=[1 + i % 40], room=f"Room {i % 3}", duration=20,
                          start=f"2024-10-{26 + i % 2} {8 + (i // 6) % 12:02d}:{(i // 72) % 3 * 20:02d}")
                     for i in range(300)])
    options = Options(generated=generation_time(db))  # (as the command makes it: the record's mtime)
    with open_store(db) as s:
        bundle = load_bundle(s, "big")
    for fmt in ("html", "ics", "frab-xml"):
        made = list(pieces(fmt, bundle, options))
        assert len(made) > 1, fmt
        assert "".join(made) == export(fmt, bundle, options)
    for fmt in FORMATS:
        if fmt == "pdf":
            continue
        out = tmp_path / f"big.{fmt}"
        stdout = ok("export", "big", "-f", fmt).stdout_bytes
        ok("export", "big", "-f", fmt, "-o", str(out))
        assert out.read_bytes() == stdout, fmt
        assert stdout.decode("utf-8") == export(fmt, bundle, options), fmt
