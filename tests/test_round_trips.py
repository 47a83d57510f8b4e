"""Round trips with arbitrary text: a random record exported in each format
that confrec also reads, imported into an empty file, must come back with
everything that format carries. What a format cannot carry is named where
the comparison leaves it out."""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from confrec.bundle import load_bundle
from confrec.exporters import Options, export
from confrec.importers import load
from confrec.importers.merge import merge
from confrec.record.models import Event, Session, Speaker, Talk
from confrec.record.store import open_store

# What can be typed into a record: no surrogates, controls or bidi controls.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=BIDI), max_size=40)


def _record(tmp_path: Path, draw_text, data) -> Path:
    path = tmp_path / "a.json"
    with open_store(path, write=True) as s:
        s.add_event(Event(slug="rt-2024", name=(draw_text().strip() or "E"), start="2024-05-06", end="2024-05-07",
                          timezone="Europe/Berlin", description=draw_text(), organizers=[draw_text()]))
        n_speakers = data.draw(st.integers(1, 4))
        for i in range(n_speakers):
            s.add_speaker(Speaker(name=(draw_text() or "") + f" #{i}", affiliation=draw_text(),
                                  country=draw_text(), bio=draw_text(), title=draw_text()))
        for i in range(data.draw(st.integers(1, 5))):
            speakers = data.draw(st.lists(st.integers(1, n_speakers), unique=True, max_size=3))
            s.add_talk(Talk(event="rt-2024", title=(draw_text() or "") + f" #{i}", abstract=draw_text(),
                            speakers=speakers, room=(draw_text() or "") + " room",
                            start=f"2024-05-0{6 + i % 2} {10 + i}:00", duration=30 + i,
                            track=draw_text(), language=data.draw(st.sampled_from([None, "en", "ru", "kk", "de-AT"])),
                            type=data.draw(st.sampled_from(["talk", "keynote", "panel", "workshop", "other"]))))
        if data.draw(st.booleans()):  # a session with chairs, holding the first talks
            chairs = data.draw(st.lists(st.integers(1, n_speakers), unique=True, max_size=2))
            session = s.add_session(Session(event="rt-2024", title=draw_text().strip() or "S", chairs=chairs,
                                            start="2024-05-06 09:00", end="2024-05-06 13:00",
                                            room=draw_text(), description=draw_text()))
            for t in s.talks()[:2]:
                s.update_talk(dataclasses.replace(t, session=session.id))
    return path


def _bundle(path):
    with open_store(path) as s:
        return load_bundle(s, "rt-2024")


def _import(tmp_path, fmt, content, name):
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    dest = tmp_path / ("b-" + name + ".db")
    with open_store(dest, write=True) as s:
        merge(s, load(src, fmt))
    return dest


def _canon(bundle, fields):
    names = {s.id: s.name for s in bundle.speakers.values()}
    return sorted(
        (tuple(getattr(t, f) for f in fields) + (tuple(names[s] for s in t.speakers),) for t in bundle.talks),
        key=repr,
    )


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_json_round_trip_keeps_everything(data):
    with tempfile.TemporaryDirectory() as tmp:
        _json_round_trip(Path(tmp), data)


def _round_trip(tmp_path, data, fmt: str, suffix: str):
    """A random record (a) and what exporting it as fmt and importing that into an empty file gives (b)."""
    a = _bundle(_record(tmp_path, lambda: data.draw(text), data))
    exported = export(fmt, a, Options(generated=datetime(2024, 1, 1)))
    return a, _bundle(_import(tmp_path, fmt, exported, f"rt{id(a)}{suffix}"))


def _translated(path: Path, data) -> None:
    """Titles, abstracts and names in other languages, drawn (the backup must keep them all)."""
    words = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=BIDI), min_size=1,
                    max_size=20).filter(str.strip)
    with open_store(path, write=True) as s:
        for t in s.talks():
            if data.draw(st.booleans()):
                lang = data.draw(st.sampled_from(["kk", "ru", "en-GB"]))
                s.update_talk(dataclasses.replace(t, translations={lang: {"title": data.draw(words).strip(),
                                                                          "abstract": data.draw(words)}}))
        (event,) = s.events()
        s.update_event(dataclasses.replace(event, translations={"kk": {"name": data.draw(words).strip()}}), event.slug)
        for x in s.sessions():
            s.update_session(dataclasses.replace(x, translations={"ru": {"title": data.draw(words).strip()}}))


def _json_round_trip(tmp_path, data):
    path = _record(tmp_path, lambda: data.draw(text), data)
    _translated(path, data)
    a = _bundle(path)
    exported = export("json", a, Options(generated=datetime(2024, 1, 1)))
    b = _bundle(_import(tmp_path, "json", exported, f"rt{id(a)}.json"))
    assert sorted(t.translations.items().__repr__() for t in b.talks) == sorted(
        t.translations.items().__repr__() for t in a.talks)
    assert b.event.translations == a.event.translations
    assert sorted(repr(x.translations) for x in b.sessions) == sorted(repr(x.translations) for x in a.sessions)
    drop = lambda d: {k: v for k, v in d.items() if k != "id"}  # noqa: E731
    assert drop(b.event.to_dict()) == drop(a.event.to_dict())
    assert sorted(drop(s.to_dict()).items() for s in b.speakers.values()) == sorted(
        drop(s.to_dict()).items() for s in a.speakers.values())
    fields = ["title", "abstract", "type", "track", "room", "start", "duration", "status", "language", "tags"]
    assert _canon(b, fields) == _canon(a, fields)
    assert _sessions(b) == _sessions(a)


def _as_frab_tracks(bundle):
    """frab has no sessions: a talk in one, without a track of its own, has the session's title as its track."""
    titles = {x.id: x.title for x in bundle.sessions}
    return dataclasses.replace(bundle, talks=[dataclasses.replace(t, track=t.track or titles.get(t.session))
                                              for t in bundle.talks])


def _sessions(bundle) -> list:
    """Each session as its fields, its chairs' names and its talks' titles."""
    names = {s.id: s.name for s in bundle.speakers.values()}
    return sorted((repr({k: v for k, v in x.to_dict().items() if k not in ("id", "chairs")}),
                   [names[c] for c in x.chairs], sorted(t.title for t in bundle.talks if t.session == x.id))
                  for x in bundle.sessions)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_frab_xml_round_trip_keeps_what_it_carries(data):
    with tempfile.TemporaryDirectory() as tmp:
        _frab_round_trip(Path(tmp), data)


def _frab_round_trip(tmp_path, data):
    a, b = _round_trip(tmp_path, data, "frab-xml", ".xml")
    fields = ["title", "abstract", "type", "track", "room", "start", "duration", "language"]
    assert _canon(b, fields) == _canon(_as_frab_tracks(a), fields)
    assert (b.event.slug, b.event.name, b.event.timezone) == (a.event.slug, a.event.name, a.event.timezone)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_frab_json_round_trip_keeps_what_it_carries(data):
    with tempfile.TemporaryDirectory() as tmp:
        a, b = _round_trip(Path(tmp), data, "frab-json", ".json")
    fields = ["title", "abstract", "type", "track", "room", "start", "duration", "language"]
    assert _canon(b, fields) == _canon(_as_frab_tracks(a), fields)
    event = lambda x: (x.slug, x.name, x.timezone, x.start, x.end, x.description or None)  # noqa: E731
    assert event(b.event) == event(a.event)


def _into_the_event(tmp_path: Path, data, fmt: str, suffix: str):
    """For a format that names no conference (CSV, a calendar): imported into
    the same event, made beforehand as the user would with 'event add'."""
    a = _bundle(_record(tmp_path, lambda: data.draw(text), data))
    src = tmp_path / f"rt{suffix}"
    src.write_text(export(fmt, a, Options(generated=datetime(2024, 1, 1))), encoding="utf-8")
    dest = tmp_path / "b.json"
    with open_store(dest, write=True) as s:
        s.add_event(Event(slug="rt-2024", name="E", start="2024-05-06", end="2024-05-07", timezone="Europe/Berlin"))
        merge(s, load(src, fmt), target_event="rt-2024")
    return a, _bundle(dest)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_csv_round_trip_keeps_what_it_carries(data):
    with tempfile.TemporaryDirectory() as tmp:
        a, b = _into_the_event(Path(tmp), data, "csv", ".csv")
    # The speakers and their affiliations share a cell, '; '-separated, as
    # spreadsheets are typed: a ';' inside a name, or inside one of several
    # speakers' affiliations, cannot be told from the separator (the import
    # says what it left out: test_spreadsheets).
    assume(not any(";" in s.name or ";" in (s.affiliation or "") for s in a.speakers.values()))
    fields = ["title", "abstract", "type", "track", "room", "start", "duration", "status"]
    assert _canon(b, fields) == _canon(a, fields)
    # (the speakers of talks: a session's chair who gives no talk has no row)
    affiliations = lambda x: sorted((x.speakers[i].name, x.speakers[i].affiliation)  # noqa: E731
                                    for i in {i for t in x.talks for i in t.speakers})
    assert affiliations(b) == affiliations(a)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_ics_round_trip_keeps_what_it_carries(data):
    # a calendar has no place for the type, the language or a 'submitted' status
    with tempfile.TemporaryDirectory() as tmp:
        a, b = _into_the_event(Path(tmp), data, "ics", ".ics")
    # A name is a parameter (CN), which RFC 5545 gives no escapes but RFC 6868's
    # carets, and we write it so; icalendar reads a backslash before ',' or ';'
    # there as an escape all the same.
    assume(not any(re.search(r"\\[,;]", s.name) for s in a.speakers.values()))
    fields = ["title", "abstract", "track", "room", "start", "duration"]
    assert _canon(b, fields) == _canon(a, fields)


LOOKS_LIKE_HTML = "Why <A> and <b>bold</b> are tags, &amp; is an entity, and 1 < 2 > 0 is not."


@pytest.mark.parametrize("fmt, suffix", [("json", ".json"), ("frab-json", ".json"), ("frab-xml", ".xml"),
                                         ("ics", ".ics"), ("csv", ".csv")])
def test_text_that_looks_like_html_comes_back_as_it_was(tmp_path, fmt, suffix):
    """Other systems' schedules hold HTML, made text on import; confrec's own
    exports hold plain text, and an abstract about tags is not stripped of them."""
    path = tmp_path / "a.json"
    with open_store(path, write=True) as s:
        s.add_event(Event(slug="rt-2024", name="E", start="2024-05-06", timezone="Europe/Berlin",
                          description=LOOKS_LIKE_HTML))
        s.add_speaker(Speaker(name="Ana <Müller>", bio=LOOKS_LIKE_HTML))
        s.add_talk(Talk(event="rt-2024", title="On <markup>", abstract=LOOKS_LIKE_HTML, speakers=[1],
                        start="2024-05-06 10:00", duration=30, room="<Hall> A"))
    src = tmp_path / f"out{suffix}"
    src.write_text(export(fmt, _bundle(path), Options(generated=datetime(2024, 1, 1))), encoding="utf-8")
    dest = tmp_path / "b.json"
    with open_store(dest, write=True) as s:
        if fmt in ("ics", "csv"):  # (they name no conference)
            s.add_event(Event(slug="rt-2024", name="E", start="2024-05-06", timezone="Europe/Berlin"))
        merge(s, load(src, fmt), target_event="rt-2024" if fmt in ("ics", "csv") else None)
    b = _bundle(dest)
    (talk,) = b.talks
    assert (talk.title, talk.abstract, talk.room) == ("On <markup>", LOOKS_LIKE_HTML, "<Hall> A")
    assert [s.name for s in b.speakers.values()] == ["Ana <Müller>"]
    if fmt in ("json", "frab-json"):  # (the formats that carry these)
        assert b.event.description == LOOKS_LIKE_HTML
        assert [s.bio for s in b.speakers.values()] == [LOOKS_LIKE_HTML]


@settings(max_examples=15, deadline=None)
@given(data=st.data(), fmt=st.sampled_from(["json", "frab-json", "frab-xml", "ics", "csv"]))
def test_an_export_imported_into_its_own_record_changes_nothing(data, fmt):
    """The first thing a new user tries: export, then import the file back.
    Every talk and speaker is found again; nothing is added, updated or lost."""
    with tempfile.TemporaryDirectory() as tmp:
        path = _record(Path(tmp), lambda: data.draw(text), data)
        with open_store(path, write=True) as s:  # (published formats carry confirmed talks)
            for t in s.talks():
                s.update_talk(dataclasses.replace(t, status="confirmed"))
        if fmt == "csv":  # (a ';' in a name or an affiliation splits it there: see the CSV round trip above)
            with open_store(path) as s:
                assume(not any(";" in sp.name or ";" in (sp.affiliation or "") for sp in s.speakers()))
        records = lambda: {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items()  # noqa: E731
                           if k not in ("meta", "refs")}  # (the refs it remembers may be new)
        before = records()
        src = Path(tmp) / f"out.{fmt}"
        src.write_text(export(fmt, _bundle(path), Options(generated=datetime(2024, 1, 1))), encoding="utf-8")
        with open_store(path, write=True) as s:
            summary = merge(s, load(src, fmt), target_event="rt-2024")
            n_talks, n_speakers = len(s.talks()), len(s.speakers())
        assert summary.talks == {"added": 0, "updated": 0, "unchanged": n_talks, "gone": 0, "withdrawn": 0}
        assert summary.speakers["added"] == 0 and summary.repairs == []
        with open_store(path) as s:
            assert (len(s.talks()), len(s.speakers())) == (n_talks, n_speakers)
        assert records() == before


ZONES = ["Europe/Berlin", "America/New_York", "Asia/Almaty", "Asia/Kolkata", "Etc/GMT+3", "+05:45", "-03:30", "UTC"]
# each zone's autumn clock change, or any three days where it has none
NIGHTS = {"Europe/Berlin": "2024-10-26", "America/New_York": "2024-11-02"}


@settings(max_examples=40, deadline=None)
@given(data=st.data(), zone=st.sampled_from(ZONES), fmt=st.sampled_from(["json", "frab-json", "frab-xml", "ics", "csv"]))
def test_every_time_comes_back_to_the_minute_in_every_format(data, zone, fmt):
    """Times round the clock, on the night the clocks go back (the repeated
    hour included), past midnight and before the day change, in named zones,
    half-hour and fixed-offset ones: each comes back as it was from each format."""
    from confrec.record.timeline import skipped_to
    from confrec.record.timeline import zone as tz_of

    first = datetime.fromisoformat(NIGHTS.get(zone, "2024-06-01"))
    night = st.integers(24 * 12, 28 * 12)  # the second night, midnight to 04:00: where the clocks change
    starts = data.draw(st.lists((night | st.integers(0, 3 * 24 * 12 - 1)).map(lambda n: first + timedelta(minutes=5 * n)),
                                min_size=1, max_size=6, unique=True))
    assume(all(skipped_to(s, tz_of(zone)) is None for s in starts))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.json"
        event = Event(slug="rt-2024", name="E", start=first.date(), end=(first + timedelta(days=2)).date(),
                      timezone=zone)
        with open_store(path, write=True) as s:
            s.add_event(event)
            for i, start in enumerate(starts):
                s.add_talk(Talk(event="rt-2024", title=f"T{i}", start=start, room=f"R{i}", status="confirmed",
                                duration=data.draw(st.integers(1, 36).map(lambda n: 5 * n) | st.integers(1, 600))))
        a = _bundle(path)
        src = Path(tmp) / f"out.{fmt}"
        src.write_text(export(fmt, a, Options(generated=datetime(2024, 1, 1))), encoding="utf-8")
        dest = Path(tmp) / "b.json"
        with open_store(dest, write=True) as s:
            if fmt in ("ics", "csv"):  # (they name no conference)
                s.add_event(dataclasses.replace(event, id=0))
            merge(s, load(src, fmt), target_event="rt-2024" if fmt in ("ics", "csv") else None)
        fields = ["title", "start", "duration"]
        assert _canon(_bundle(dest), fields) == _canon(a, fields)
