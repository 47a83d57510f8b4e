"""Two exporters write their formats by hand, for speed: the ics VEVENTs and
the frab XML. The libraries they replaced are the reference: icalendar's own
components and ElementTree must give the same bytes for the same talks."""

from __future__ import annotations

from datetime import date, datetime
from xml.etree import ElementTree as ET

import pytest
from conftest import ok
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar, vText
from icalendar import Event as VEvent
from test_exports import program  # noqa: F401  (the Berlin two-day program, hostile text included)

from confrec import __version__
from confrec.bundle import EventBundle, load_bundle
from confrec.exporters import Options, frab
from confrec.exporters.common import published
from confrec.exporters.ical import fold, render, uid
from confrec.identity import speaker_guid, talk_url
from confrec.record.models import Event, Speaker, Talk
from confrec.record.store import open_store
from confrec.record.timeline import UTC, aware_end, is_fixed
from confrec.textutil import for_terminal, for_xml, one_line, xml_char_refs

GENERATED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def reference(bundle: EventBundle, options: Options) -> str:
    """The same calendar built the slow way, through icalendar's components."""
    e = bundle.event
    cal = Calendar()
    cal.add("prodid", f"-//confrec//confrec {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", vText(for_terminal(e.name)))
    named = e.timezone is not None and not is_fixed(bundle.tz)
    if named:
        cal.add("x-wr-timezone", e.timezone)
    for t in published(bundle):
        if t.start is None:
            continue
        v = VEvent()
        v.add("uid", uid(bundle, t.id))
        v.add("dtstamp", options.generated)
        start, end = bundle.aware(t.start), aware_end(t, bundle.tz)
        v.add("dtstart", start if named else start.astimezone(UTC))
        if end is not None:
            v.add("dtend", end if named else end.astimezone(UTC))
        v.add("summary", one_line(t.title))
        if t.room:
            v.add("location", one_line(t.room))
        if t.abstract:
            v.add("description", for_terminal(t.abstract))
        if t.track:
            v.add("categories", [one_line(t.track)])
        url = talk_url(e, t)
        if url:
            v.add("url", one_line(url).replace(" ", "%20"))
        v.add("status", {"cancelled": "CANCELLED", "confirmed": "CONFIRMED"}.get(t.status, "TENTATIVE"))
        for s in bundle.speakers_of(t):
            address = f"mailto:{one_line(s.email).replace(' ', '')}" if options.include_private and s.email else \
                f"urn:uuid:{speaker_guid(e.slug, s)}"
            role = "CHAIR" if t.roles.get(str(s.id)) in ("moderator", "chair", "host") else "REQ-PARTICIPANT"
            v.add("attendee", address, parameters={"CN": one_line(s.name), "ROLE": role})
        cal.add_component(v)
    if named:
        cal.add_missing_timezones()
    return cal.to_ical().decode("utf-8")


def test_the_program_fixture_comes_out_as_icalendar_writes_it(program):  # noqa: F811 - the fixture imported from test_exports
    with open_store(program) as store:
        bundle = load_bundle(store, "pt-2024")
    for private in (False, True):
        options = Options(generated=GENERATED, include_private=private)
        assert render(bundle, options) == reference(bundle, options)


# Text that trips escaping and folding: the TEXT and parameter specials, the
# RFC 6868 caret, quotes, multi-byte characters at every offset, line breaks.
# (Not a backslash before an N: icalendar takes it for an escaped line break,
# confrec for text; the test below.)
TRICKY = (st.lists(st.sampled_from(list("ab ,;:\\^\"'’\nÄжЖ🎉語N") + ["\r\n"]), min_size=1, max_size=200)
          .map("".join).filter(lambda s: "\\N" not in s))
ONE_LINE = TRICKY.map(lambda s: s.replace("\r", "").replace("\n", " ").strip() or "x")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ONE_LINE, abstract=TRICKY, track=ONE_LINE, room=ONE_LINE, names=st.lists(ONE_LINE, max_size=3),
       zone=st.sampled_from([None, "Europe/Berlin", "Asia/Almaty", "+05:00"]),
       status=st.sampled_from(["submitted", "confirmed", "cancelled", "accepted"]),
       url=st.sampled_from([None, "https://example.org/a,b;c"]), email=st.booleans())
def test_any_talk_comes_out_as_icalendar_writes_it(title, abstract, track, room, names, zone, status, url, email):
    event = Event(id=1, slug="ev", name="Ev, " + title, start=date(2024, 10, 27), timezone=zone, url=url)
    speakers = {i + 1: Speaker(id=i + 1, name=n, email="a@b.example" if email else None) for i, n in enumerate(names)}
    talks = [Talk(id=7, event="ev", title=title, abstract=abstract, track=track, room=room, status=status,
                  start=datetime(2024, 10, 27, 2, 30), duration=90, speakers=list(speakers),
                  roles={"1": "moderator"} if speakers else {}),
             Talk(id=8, event="ev", title=title, status=status, start=datetime(2024, 10, 27, 9, 0))]
    bundle = EventBundle(event, talks, speakers)
    options = Options(generated=GENERATED, include_private=email)
    assert render(bundle, options) == reference(bundle, options)


def test_a_backslash_before_an_n_is_text_not_a_line_break(conf):
    ok("talk", "edit", "1", "--title", "C:\\New folder", "--track", "\\N", "--room", "Room \\n")
    out = ok("export", "tc-2024", "-f", "ics").stdout_bytes.decode("utf-8")
    assert "SUMMARY:C:\\\\New folder\r\n" in out and "CATEGORIES:\\\\N\r\n" in out
    v = next(v for v in Calendar.from_ical(out).walk("VEVENT") if str(v["summary"]).startswith("C:"))
    assert (str(v["summary"]), str(v["location"])) == ("C:\\New folder", "Room \\n")
    assert [str(c) for c in v["categories"].cats] == ["\\N"]


@pytest.mark.parametrize("line", ["", "a" * 74, "a" * 75, "ж" * 37 + "a", "ж" * 38, "🎉" * 40,
                                  "a" * 73 + "\\n" + "b" * 80, "a" * 73 + "^^" + "b", "x" * 500])
def test_fold_keeps_lines_short_characters_whole_and_unfolds_to_the_same_text(line):
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    parts = folded.split("\r\n ")
    assert all(len(p.encode()) <= 74 for p in parts)  # 75 octets with the leading space
    assert all(not (p.endswith("\\") or p.endswith("^")) or len(p) == 1 for p in parts[:-1])


# -- frab XML --

def reference_xml(bundle: EventBundle, options: Options) -> str:
    """The frab XML built the slow way, as an ElementTree, indented and serialised."""
    def text(parent, tag, value, **attrs):
        el = ET.SubElement(parent, tag, {k: for_xml(v) for k, v in attrs.items()})
        el.text = for_xml("" if value is None else str(value))
        return el

    sched = frab.schedule(bundle, options)["schedule"]
    conf = sched["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", {"name": "confrec", "version": __version__})
    text(root, "version", sched["version"])
    c = ET.SubElement(root, "conference")
    for tag, key in (("title", "title"), ("acronym", "acronym"), ("start", "start"), ("end", "end"),
                     ("days", "daysCount"), ("timeslot_duration", "timeslot_duration")):
        text(c, tag, conf[key])
    for key in ("url", "time_zone_name"):
        if key in conf:
            text(c, key, conf[key])
    for track in conf.get("tracks", []):
        text(c, "track", track["name"], name=track["name"])
    room_guids = {r["name"]: r["guid"] for r in conf["rooms"]}
    for day in conf["days"]:
        d = ET.SubElement(root, "day", {"index": str(day["index"]), "date": day["date"],
                                        "start": day["day_start"], "end": day["day_end"]})
        for room, events in day["rooms"].items():
            r = ET.SubElement(d, "room", {"name": for_xml(room), "guid": room_guids[room]})
            for ev in events:
                x = ET.SubElement(r, "event", {"guid": ev["guid"], "id": str(ev["id"])})
                for tag in ("room", "title", "subtitle", "type", "date", "start", "duration",
                            "abstract", "slug", "track", "language", "description"):
                    text(x, tag, ev[tag])
                if "url" in ev:
                    text(x, "url", ev["url"])
                persons = ET.SubElement(x, "persons")
                for p in ev["persons"]:
                    text(persons, "person", p["name"], guid=p["guid"])
                links = ET.SubElement(x, "links")
                for link in ev["links"]:
                    text(links, "link", link.get("title") or "", href=link["url"])
                ET.SubElement(x, "attachments")
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_char_refs(ET.tostring(root, encoding="unicode")) + "\n"


def test_the_program_fixture_comes_out_as_elementtree_writes_it(program):  # noqa: F811 - the fixture imported from test_exports
    with open_store(program) as store:
        bundle = load_bundle(store, "pt-2024")
    options = Options(generated=GENERATED)
    assert frab.to_xml(bundle, options) == reference_xml(bundle, options)


XML_TEXT = st.lists(st.sampled_from(list("ab <>&\"'\t\r\n\x7f\x85\u202e\x01жÄ🎉") + ["]]>", "&amp;"]),
                    max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=XML_TEXT.map(lambda s: s.replace("\x01", "") or "t"), abstract=XML_TEXT, room=XML_TEXT,
       names=st.lists(XML_TEXT.map(lambda s: s.strip() or "n"), max_size=3), track=st.none() | XML_TEXT,
       link=st.none() | XML_TEXT, empty_day=st.booleans())
def test_any_program_comes_out_as_elementtree_writes_it(title, abstract, room, names, track, link, empty_day):
    # Read as a hand-edited file would be (from_stored takes text as it is): the
    # controls that typing refuses must still come out as valid XML.
    event = Event.from_stored({"slug": "ev", "name": "Ev <&>", "start": "2024-10-26", "timezone": "Europe/Berlin",
                               "end": "2024-10-28" if empty_day else "2024-10-27", "url": "https://example.org/ev"}, 1)
    speakers = {i + 1: Speaker.from_stored({"name": n, "bio": abstract or None}, i + 1) for i, n in enumerate(names)}
    links = [{"url": "https://example.org/x?a=1&b=2", "title": link}] if link is not None else []
    talks = [Talk.from_stored({"event": "ev", "title": title, "abstract": abstract, "track": track or None,
                               "room": room.strip() or "R", "status": "confirmed", "start": "2024-10-26T10:00:00",
                               "duration": 30, "speakers": list(speakers), "links": links}, 7),
             Talk.from_stored({"event": "ev", "title": title, "room": "Hall", "status": "confirmed",
                               "start": "2024-10-27T01:00:00"}, 8)]
    bundle = EventBundle(event, talks, speakers)
    options = Options(generated=GENERATED)
    assert frab.to_xml(bundle, options) == reference_xml(bundle, options)


# any text, and text drawn from the characters the quick look decides on:
# ASCII with DEL, C0 (escaped in JSON), C1 and bidi beside Cyrillic
LOOKED_FOR = st.text(st.sampled_from(list("a ж\\r\x7f\x85\x9f\u202a\u2066\x00\x1b\r\t\n")))


@given(st.recursive(st.text(st.characters(blacklist_categories=("Cs",))) | LOOKED_FOR | st.integers() | st.none(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=12))
def test_the_books_quick_look_for_controls_never_skips_a_value_that_needs_cleaning(value):
    """plain() looks at the serialised book once and walks it only when
    something may need cleaning: the result must be the walk's, always."""
    from confrec.exporters.book import _cleaned, plain

    assert plain(value) == _cleaned(value)


@given(st.text(st.sampled_from(list("ab ж\n\r\t\xa0\u2009\u2028.")), max_size=30))
def test_paragraphs_of_clean_text_are_the_text_itself_and_the_rest_is_folded(text):
    """The book's paragraphs: a clean one-line text passes as it is; anything
    else is split at blank lines and its white space folded, as before."""
    import re

    from confrec.exporters.book import paragraphs

    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if text.strip() else []
    folded = [" ".join(b.split()) for b in blocks if b.strip()]
    if "\n" not in text:
        folded = [" ".join(text.split())] if text.split() else []
    assert paragraphs(text) == folded


@given(st.text(st.characters(max_codepoint=127)) | st.text(st.sampled_from(list("Aa Üü\u0301ﬁ\t\n.")), max_size=20))
def test_folding_a_name_for_comparison_takes_the_plain_ascii_path_only_where_it_gives_the_same_key(text):
    """normalise() skips the Unicode decomposition for ASCII (every name typed
    in Latin letters): it must give what the full path gives, for any text."""
    import unicodedata

    from confrec.textutil import normalise

    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    assert normalise(text) == " ".join(stripped.casefold().split())
    assert normalise("  Ana\tMÜLLER ") == normalise("ana müller") == "ana muller"


@given(st.lists(st.tuples(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), st.booleans()),
                max_size=6),
       st.integers(1, 5))
def test_text_in_pieces_is_written_as_its_utf8_whatever_the_slices(made, slice_size):
    """Exports are written as they are made (fileio.utf8_chunks): a long str is
    encoded a slice at a time, which never cuts a character (slices are of
    code points), and bytes pieces (the JSON formats) are already UTF-8."""
    from unittest import mock

    from confrec.record import fileio

    pieces = [text.encode() if as_bytes else text for text, as_bytes in made]
    with mock.patch.object(fileio, "_MB", slice_size):
        chunks = list(fileio.utf8_chunks(pieces))
    assert b"".join(chunks) == "".join(text for text, _ in made).encode("utf-8")
    for chunk in chunks:
        chunk.decode("utf-8")  # each chunk is whole characters: none was cut
    # a str is encoded a slice at a time (never whole), bytes are passed as they are
    assert len(chunks) == sum(1 if as_bytes else -(-len(text) // slice_size) for text, as_bytes in made)
