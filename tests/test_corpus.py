"""Real schedules in, faithfully: every schedule file that real conferences
published imports whole, imports again without change, and comes back out of
confrec with the same times, rooms, titles and people.

The expected slots come from ``interop.py``, a reader of the source files that
shares no code with confrec's importers.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import ok
from interop import REAL, XSD, calendar_name, corpus, exported_slots, first_day, frab_json_errors, source_slots

pytestmark = pytest.mark.skipif(not (REAL / "MANIFEST.md").exists(),
                                reason="../shared/interop/real (schedules real conferences published) "
                                       "is not beside this checkout")


def _import(path: Path, *extra: str) -> dict:
    return json.loads(ok("import", str(path), *extra, "--json").stdout)


def _into_record(path: Path) -> tuple[str, dict]:
    """Import one file as a new user would; return the event slug and the summary."""
    extra: tuple[str, ...] = ()
    named = calendar_name(path) if path.suffix == ".ics" else None
    if path.suffix == ".ics" and named is None:  # a calendar that names nothing: make the event first
        day = first_day(source_slots(path)).isoformat()
        ok("event", "add", path.stem, "--slug", "cal", "--start", day, "--end", day)
        extra = ("--event", "cal")
    s = _import(path, *extra)
    if named is not None:  # a calendar that names itself makes its event, dated by its talks
        (event,) = json.loads(ok("event", "list", "--json").stdout)
        days = sorted(slot.moment.date().isoformat() for slot in source_slots(path))
        assert event["name"] == named and event["start"] <= days[0] and event["end"] >= days[-1], event
    return s["event"], s


def _sized(paths: list) -> list:
    """The big real files (a congress: over 1,000 talks) run with the slow tests."""
    return [pytest.param(p, marks=pytest.mark.slow if p.stat().st_size > 250_000 else (), id=p.name) for p in paths]


@pytest.mark.parametrize("path", _sized(corpus()) if REAL.exists() else [])
def test_a_real_schedule_comes_back_faithfully(db, path):
    slug, first = _into_record(path)
    expected = source_slots(path)
    assert first["talks"]["added"] >= len(expected) > 0

    again = _import(path)  # a calendar finds its event again by its name, or as the only one
    assert (again["talks"]["added"], again["talks"]["updated"], again["talks"]["gone"]) == (0, 0, 0)
    assert again["speakers"]["added"] == 0

    exported = ok("export", slug, "-f", "frab-json").stdout
    found = Counter(exported_slots(exported))
    missing = [s for s in expected if found[s] == 0]
    assert not missing, f"{len(missing)} of {len(expected)} slots not found, e.g. {missing[:3]}"
    # every slot is there as often as the file has it (a talk in two slots: two entries)
    assert all(found[s] >= n for s, n in Counter(expected).items())
    assert frab_json_errors(json.loads(exported)) == []

    import xmlschema

    xmlschema.XMLSchema(str(XSD)).validate(ok("export", slug, "-f", "frab-xml").stdout)

    from icalendar import Calendar

    cal = Calendar.from_ical(ok("export", slug, "-f", "ics").stdout)
    instants = Counter(v.get("dtstart").dt.timestamp() for v in cal.walk("VEVENT"))
    wanted = Counter(s.moment.timestamp() for s in expected if s.moment.tzinfo is not None)
    assert not wanted - instants


@pytest.mark.parametrize("name", [pytest.param("frab-35c3.json", marks=pytest.mark.slow), "hub-38c3-sample.json"])
def test_our_own_exports_import_back_unchanged(db, tmp_path, name):
    """Importing confrec's export of a schedule into the same record adds and swaps nothing."""
    slug, _ = _into_record(REAL / name)
    before = {t["id"]: t for t in json.loads(ok("talk", "list", "--json").stdout)}
    for fmt in ("frab-json", "frab-xml", "ics"):
        out = tmp_path / f"own.{fmt}"
        ok("export", slug, "-f", fmt, "-o", str(out))
        s = _import(out, "--event", slug)
        assert s["talks"]["added"] == 0 and s["talks"]["updated"] == 0, s["talks"]
        assert s["speakers"]["added"] == 0
        after = {t["id"]: t for t in json.loads(ok("talk", "list", "--json").stdout)}
        assert after == before


def test_person_ids_identify_people_only_while_the_name_agrees(db):
    """35C3 merges schedules: id 0 is everyone from the wiki, and 56 ids carry several names."""
    slug, _ = _into_record(REAL / "frab-35c3.json")
    doc = json.loads((REAL / "frab-35c3.json").read_text(encoding="utf-8"))
    names_by_guid = {}
    for day in doc["schedule"]["conference"]["days"]:
        for events in day["rooms"].values():
            for ev in events:
                names_by_guid[ev["guid"]] = [(p.get("public_name") or p.get("name")).strip() for p in ev["persons"]]
    talks = json.loads(ok("talk", "list", "-e", slug, "--json").stdout)
    speakers = {s["id"]: s["name"] for s in json.loads(ok("speaker", "list", "--json").stdout)}
    for t in talks:
        assert [speakers[i] for i in t["speakers"]] == names_by_guid[t["guid"]], t["title"]
    # the busiest speaker gives the talks the file gives them, not hundreds
    busiest = Counter(i for t in talks for i in t["speakers"]).most_common(1)[0][1]
    assert busiest < 20
