"""README behaviours that had no test of their own: what the frab export says
about talks it leaves out, the lock-timeout error, CSV name columns, the
json round trip's ids, and the exact output of `event list` and `stats`."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from conftest import ok, run

EVENT_LIST = """\
id   slug         name                          dates        city     country
────────────────────────────────────────────────────────────────────────────────
1    kaznu-2016   Evolution of the conceptual   2016-10-21   Almaty   Kazakhstan
                  foundations and practices
                  of multi-vector foreign
                  policy of Kazakhstan
"""

STATS = """\
╭─ kaznu-2016 ─────────────────────────────────────────────────────────────────╮
│ 6 talks (0 scheduled), 6 speakers                                            │
│                                                                              │
│ Talks by status                                                              │
│ confirmed ████████████████████████ 6                                         │
│                                                                              │
│ Talks by type                                                                │
│ talk    ████████████████████████ 5                                           │
│ welcome █████                    1                                           │
│                                                                              │
│ Speakers by country                                                          │
│ (none) ████████████████████████ 3                                            │
│ France ████████                 1                                            │
│ UK     ████████                 1                                            │
│ USA    ████████                 1                                            │
│                                                                              │
│ Speakers by affiliation                                                      │
│ (none)                 ████████████████████████ 4                            │
│ University of Le Havre ██████                   1                            │
│ University of Scranton ██████                   1                            │
╰──────────────────────────────────────────────────────────────────────────────╯
"""


def test_event_list_and_stats_exactly(kaznu):
    assert ok("event", "list").stdout == EVENT_LIST
    assert ok("stats").stdout == STATS


def test_the_frab_export_says_how_many_talks_it_leaves_out(kaznu):
    ok("talk", "edit", "2", "--start", "2016-10-21 10:00", "--duration", "20", "--room", "301")
    r = ok("export", "kaznu-2016", "--format", "frab-json")
    assert r.stderr == ("Note: 5 talk(s) without a start and a room (or rejected/withdrawn) "
                        "are not in the schedule\n")
    rooms = json.loads(r.stdout)["schedule"]["conference"]["days"][0]["rooms"]
    assert [e["id"] for talks in rooms.values() for e in talks] == [2]
    ok("talk", "edit", "3", "--status", "rejected", "--start", "2016-10-21 11:00", "--duration", "20",
       "--room", "301")
    assert "Note: 5 talk(s)" in ok("export", "kaznu-2016", "--format", "frab-xml").stderr


def test_a_record_locked_for_longer_than_the_timeout_is_one_error_and_untouched(kaznu, monkeypatch):
    from confrec.record import store

    monkeypatch.setattr(store, "LOCK_TIMEOUT", 1.0)
    before = kaznu.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from filelock import FileLock; "
         "l = FileLock(sys.argv[1]); l.acquire(); print('held', flush=True); time.sleep(30)",
         str(kaznu) + ".lock"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        started = time.monotonic()
        r = run("speaker", "add", "Ana Berg")
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == f"Error: {kaznu} is locked by another confrec command (waited 1 s)\n"
    assert 0.9 < waited < 10
    assert kaznu.read_bytes() == before


def test_csv_first_and_last_name_columns_make_one_speaker(kaznu, tmp_path):
    sheet = tmp_path / "talks.csv"
    sheet.write_text("Title;First_Name;Last_Name;Country\n"
                     "Water diplomacy;Ana;Berg;Sweden\n"
                     "Silk road logistics;Bo;Chen;\n", encoding="utf-8-sig")
    ok("import", str(sheet), "--event", "kaznu-2016")
    talks = {t["title"]: t for t in json.loads(ok("talk", "list", "--json").stdout)}
    names = {s["id"]: s for s in json.loads(ok("speaker", "list", "--json").stdout)}
    assert [names[i]["name"] for i in talks["Water diplomacy"]["speakers"]] == ["Ana Berg"]
    assert [names[i]["country"] for i in talks["Water diplomacy"]["speakers"]] == ["Sweden"]
    assert [names[i]["name"] for i in talks["Silk road logistics"]["speakers"]] == ["Bo Chen"]


def _records(path) -> dict:  # type: ignore[no-untyped-def]
    # (refs: what the import remembers of its source, not records)
    return {t: d for t, d in json.loads(path.read_text(encoding="utf-8")).items() if t not in ("meta", "refs")}


def test_a_json_export_comes_back_with_the_same_ids_when_they_had_no_gaps(kaznu, tmp_path, monkeypatch):
    backup = tmp_path / "backup.json"
    ok("export", "kaznu-2016", "--format", "json", "-o", str(backup))
    fresh = tmp_path / "fresh.json"
    monkeypatch.setenv("CONFREC_DB", str(fresh))
    ok("import", str(backup))
    assert _records(fresh) == _records(kaznu)  # ids 1..6 had no gaps: the very same records


def test_with_gaps_the_records_come_back_renumbered_in_order(kaznu, tmp_path, monkeypatch):
    ok("talk", "remove", "3", "--yes")
    backup = tmp_path / "backup.json"
    ok("export", "kaznu-2016", "--format", "json", "-o", str(backup))
    before = {t["title"]: t for t in json.loads(ok("talk", "list", "--json").stdout)}
    monkeypatch.setenv("CONFREC_DB", str(tmp_path / "fresh.json"))
    ok("import", str(backup))
    after = json.loads(ok("talk", "list", "--json").stdout)
    assert sorted(t["id"] for t in after) == [1, 2, 3, 4, 5]
    assert [t["title"] for t in sorted(after, key=lambda t: t["id"])] == [
        t["title"] for t in sorted(before.values(), key=lambda t: t["id"])]
