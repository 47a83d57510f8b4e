"""Several organisers, one record: `confrec merge BASE OURS THEIRS` (git's
merge driver), `confrec git-setup` and `confrec resolve`.

In layers: the CLI on hand-made branches (exact messages, exit codes, the
file read back, nothing written on bad input); a property test over random
edits on two copies; and git itself, with the driver installed, merging two
branches."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KAZNU, ok, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confrec.record.models import Event, Session, Speaker, Talk
from confrec.record.store import merge_files, open_store


def branches(tmp_path: Path, *first: str) -> tuple[Path, Path, Path]:
    """BASE, OURS and THEIRS: the shipped record, after the command ``first`` when given."""
    base, ours, theirs = (tmp_path / n for n in ("base.json", "ours.json", "theirs.json"))
    shutil.copyfile(KAZNU, base)
    if first:
        ok("--db", str(base), *first)
    for p in (ours, theirs):
        shutil.copyfile(base, p)
    return base, ours, theirs


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_additions_on_both_sides_are_kept_and_their_clashing_ids_renumbered(tmp_path):
    base, ours, theirs = branches(tmp_path)
    ok("--db", str(ours), "speaker", "add", "Aigerim Sadykova")
    ok("--db", str(theirs), "speaker", "add", "Bolat Nurov", "--country", "Kazakhstan")
    ok("--db", str(theirs), "talk", "add", "Water diplomacy in Central Asia", "--speaker", "Bolat")
    ok("--db", str(theirs), "talk", "edit", "3", "--room", "Hall B")
    r = run("merge", str(base), str(ours), str(theirs))
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr == ("Renumbered speaker 7 -> 8 (added on both sides under the same id)\n"
                        f"Merged {ours}\n")
    data = read(ours)
    assert data["speakers"]["7"]["name"] == "Aigerim Sadykova"
    assert data["speakers"]["8"]["name"] == "Bolat Nurov"
    assert data["talks"]["7"]["title"] == "Water diplomacy in Central Asia"
    assert data["talks"]["7"]["speakers"] == [8]  # the reference followed the renumbering
    assert data["talks"]["3"]["room"] == "Hall B"
    assert data["meta"]["1"]["next_id"] == {"events": 2, "sessions": 1, "speakers": 9, "talks": 8}
    assert "conflicts" not in data["meta"]["1"]
    # the result is a record: the next speaker gets a fresh id, check finds no error
    assert ok("--db", str(ours), "speaker", "add", "Third").stderr == "Added speaker 9: Third\n"
    assert ok("--db", str(ours), "check").stderr.startswith("0 error(s), ")


def test_the_same_field_changed_differently_keeps_ours_lists_both_and_exits_1(tmp_path):
    base, ours, theirs = branches(tmp_path)
    ok("--db", str(ours), "talk", "edit", "2", "--title", "Our title")
    ok("--db", str(theirs), "talk", "edit", "2", "--title", "Their title")
    ok("--db", str(ours), "talk", "edit", "4", "--room", "Room 1")
    ok("--db", str(theirs), "talk", "edit", "4", "--room", "Room 1")  # the same change: no conflict
    r = run("merge", str(base), str(ours), str(theirs))
    assert r.exit_code == 1
    assert r.stderr == ("Conflict: talk 2 title: ours 'Our title', theirs 'Their title'; kept ours\n"
                        f"Merged {ours} with 1 conflict(s): OURS kept; 'confrec check' lists them until an edit "
                        "settles each\n")
    data = read(ours)
    assert data["talks"]["2"]["title"] == "Our title"
    assert data["talks"]["4"]["room"] == "Room 1"
    assert data["meta"]["1"]["conflicts"] == [
        {"table": "talks", "id": 2, "field": "title", "ours": "Our title", "theirs": "Their title"}]

    found = run("--db", str(ours), "check", "--json")
    assert found.exit_code == 1
    conflict = [f for f in json.loads(found.stdout) if f["code"] == "merge-conflict"]
    assert conflict == [{
        "severity": "error", "code": "merge-conflict", "talks": [2], "speakers": [],
        "message": "talk 2 title was changed differently on both sides of a merge: kept 'Our title', the other "
                   "side had 'Their title'; edit talk 2 (or 'confrec resolve') to settle it"}]
    # an ordinary edit of that talk settles it
    ok("--db", str(ours), "talk", "edit", "2", "--title", "Agreed title")
    assert "conflicts" not in read(ours)["meta"]["1"]
    assert ok("--db", str(ours), "check").stderr == "0 error(s), 6 warning(s)\n"


def test_edited_on_one_side_removed_on_the_other_is_a_conflict(tmp_path):
    base, ours, theirs = branches(tmp_path)
    ok("--db", str(ours), "talk", "remove", "5", "--yes")
    ok("--db", str(theirs), "talk", "edit", "5", "--room", "Hall A")
    ok("--db", str(theirs), "talk", "remove", "6", "--yes")  # removed, not edited on ours: removal stands
    r = run("merge", str(base), str(ours), str(theirs))
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == "Conflict: talk 5: removed in ours, edited in the other; kept as removed"
    data = read(ours)
    assert sorted(data["talks"]) == ["1", "2", "3", "4"]
    message = json.loads(run("--db", str(ours), "check", "--json").stdout)[0]["message"]
    assert message == ("talk 5 was removed on one side of a merge and edited on the other; left removed: "
                       "add it again if it is wanted, then 'confrec resolve'")
    assert ok("--db", str(ours), "resolve").stderr == "Settled 1 merge conflict(s)\n"
    assert ok("--db", str(ours), "resolve").stderr == "No merge conflicts to settle\n"
    assert ok("--db", str(ours), "check").stderr == "0 error(s), 6 warning(s)\n"
    # resolve is a change like any other: undo brings the conflict back
    ok("--db", str(ours), "resolve")
    ok("--db", str(ours), "undo", "--yes")


def test_a_speaker_removed_while_the_other_side_gave_them_a_talk_leaves_no_dangling_reference(tmp_path):
    base, ours, theirs = branches(tmp_path)
    ok("--db", str(ours), "speaker", "remove", "6", "--force", "--yes")
    ok("--db", str(theirs), "talk", "add", "A second talk", "--speaker", "6")
    r = run("merge", str(base), str(ours), str(theirs))
    assert r.exit_code == 1
    data = read(ours)
    assert "6" not in data["speakers"]
    assert data["talks"]["7"]["title"] == "A second talk"
    assert data["talks"]["7"]["speakers"] == []
    assert "Conflict: talk 7 speakers: ours [6], theirs []; kept ours" in r.stderr.splitlines()


def test_an_empty_base_means_both_sides_added_the_file(tmp_path):
    base, ours, theirs = branches(tmp_path)
    base.write_bytes(b"")
    ok("--db", str(theirs), "speaker", "add", "Bolat Nurov")
    r = run("merge", str(base), str(ours), str(theirs))
    assert r.exit_code == 0, r.stderr
    assert read(ours)["speakers"]["7"]["name"] == "Bolat Nurov"


@pytest.mark.parametrize("bad, message", [
    ("missing", "Error: {theirs} does not exist\n"),
    ("not json", "Error: {theirs} is not valid JSON (line 1, column 1): truncated or damaged; "
                 "'confrec undo' may restore the previous version\n"),
    ('{"a": 1}', "Error: {theirs} is JSON but not a confrec database\n"),
    ('{"meta": {"1": {"schema": 2}}, "talks": {"1": {"title": 5}}}',
     "Error: {theirs}: talk 1 is damaged: event is missing\n"),
])
def test_bad_input_is_one_error_line_and_ours_is_left_as_it_was(tmp_path, bad, message):
    base, ours, theirs = branches(tmp_path)
    ok("--db", str(ours), "speaker", "add", "Aigerim Sadykova")
    before = ours.read_bytes()
    if bad == "missing":
        theirs.unlink()
    else:
        theirs.write_text(bad, encoding="utf-8")
    r = run("merge", str(base), str(ours), str(theirs))
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", message.format(theirs=theirs, ours=ours))
    assert ours.read_bytes() == before


# -- the property: random edits on two copies of a random record --------------

def _ops(side: str) -> st.SearchStrategy:
    op = st.one_of(
        st.tuples(st.just("add_speaker"), st.integers(0, 9)),
        st.tuples(st.just("edit_speaker"), st.integers(0, 9), st.sampled_from(["KazNU", "ENU", "MSU"])),
        st.tuples(st.just("remove_speaker"), st.integers(0, 9)),
        st.tuples(st.just("add_talk"), st.integers(0, 9)),
        st.tuples(st.just("edit_talk"), st.integers(0, 9), st.sampled_from(["Hall A", "Hall B", "Room 3"])),
        st.tuples(st.just("retitle_talk"), st.integers(0, 9)),
        st.tuples(st.just("remove_talk"), st.integers(0, 9)),
        st.tuples(st.just("add_session"), st.integers(0, 9)),
        st.tuples(st.just("into_session"), st.integers(0, 9), st.integers(0, 9)),
        st.tuples(st.just("remove_session"), st.integers(0, 9)),
    )
    return st.lists(op, max_size=8).map(lambda ops: (side, ops))


def _apply(path: Path, side: str, ops: list[tuple]) -> None:
    with open_store(path, write=True) as s:
        for n, (kind, pick, *arg) in enumerate(ops):
            speakers, talks, sessions = s.speakers(), s.talks(), s.sessions()
            if kind == "add_session":  # chaired by a speaker, when there is one
                chairs = [speakers[pick % len(speakers)].id] if speakers else []
                s.add_session(Session(event="ev", title=f"{side} session {n}", chairs=chairs))
            elif kind == "into_session":
                if talks and sessions:
                    t = talks[pick % len(talks)]
                    t.session = sessions[arg[0] % len(sessions)].id
                    s.update_talk(t)
            elif kind == "remove_session":
                if sessions:
                    s.remove_session(sessions[pick % len(sessions)], force=True)
            elif kind == "add_speaker":
                s.add_speaker(Speaker(name=f"{side} Speaker {n}"))
            elif kind == "add_talk":
                who = [speakers[pick % len(speakers)].id] if speakers else []
                s.add_talk(Talk(event="ev", title=f"{side} talk {n}", speakers=who))  # type: ignore[list-item]
            elif kind.endswith("speaker") and speakers:
                sp = speakers[pick % len(speakers)]
                if kind == "edit_speaker":
                    sp.affiliation = arg[0]
                    s.update_speaker(sp)
                else:
                    s.remove_speaker(sp, force=True)
            elif talks:
                t = talks[pick % len(talks)]
                if kind == "edit_talk":
                    t.room = arg[0]
                    s.update_talk(t)
                elif kind == "retitle_talk":
                    t.title = f"{side} title {n}"
                    s.update_talk(t)
                else:
                    s.remove_talk(t)


def _canonical(data: dict) -> list[str]:
    """The records with every id replaced by what it names: equal up to renumbering."""
    speakers = {int(k): {f: v for f, v in d.items()} for k, d in data.get("speakers", {}).items()}
    sessions = {int(k): d for k, d in data.get("sessions", {}).items()}
    out = [json.dumps(["speaker", d], sort_keys=True) for d in speakers.values()]
    for d in sessions.values():
        out.append(json.dumps(["session", dict(d, chairs=[speakers[i]["name"] for i in d["chairs"]])],
                              sort_keys=True))
    for d in data.get("talks", {}).values():
        d = dict(d, speakers=[speakers[i]["name"] for i in d["speakers"]],
                 session=sessions[d["session"]]["title"] if d.get("session") is not None else None)
        out.append(json.dumps(["talk", d], sort_keys=True))
    return sorted(out)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 3), st.integers(0, 3), _ops("A"), _ops("B"))
def test_merging_random_edits_keeps_every_change_that_does_not_conflict(tmp_path, n_speakers, n_talks, a, b):
    folder = Path(tmp_path) / f"x{os.urandom(4).hex()}"
    folder.mkdir()
    base = folder / "base.json"
    with open_store(base, write=True) as s:
        s.add_event(Event(slug="ev", name="Ev", start="2024-05-01"))
        for i in range(n_speakers):
            s.add_speaker(Speaker(name=f"Base Speaker {i}"))
        for i in range(n_talks):
            s.add_talk(Talk(event="ev", title=f"Base talk {i}", speakers=[1 + i % n_speakers] if n_speakers else []))
    ours, theirs = folder / "ours.json", folder / "theirs.json"
    for path, (side, ops) in ((ours, a), (theirs, b)):
        shutil.copyfile(base, path)
        _apply(path, side, ops)
    o, t, bs = read(ours), read(theirs), read(base)
    reverse, ours_before = folder / "reverse.json", folder / "ours-before.json"
    shutil.copyfile(theirs, reverse)
    shutil.copyfile(ours, ours_before)

    merged = merge_files(base, ours, theirs)
    swapped = merge_files(base, reverse, ours_before)
    m = read(ours)

    # a record: ids below the counters, every reference there, every record readable
    for table in ("speakers", "talks", "sessions"):
        assert all(int(k) < m["meta"]["1"]["next_id"][table] for k in m.get(table, {}))
    for d in m.get("talks", {}).values():
        assert all(str(i) in m["speakers"] for i in d["speakers"])
        assert d.get("session") is None or str(d["session"]) in m["sessions"]
    for d in m.get("sessions", {}).values():
        assert all(str(i) in m["speakers"] for i in d["chairs"])
    with open_store(ours) as s:
        s.speakers(), s.talks(), s.sessions()
    # everything either side added is there, whatever id it now has
    for side in (o, t):
        for table, key in (("speakers", "name"), ("talks", "title"), ("sessions", "title")):
            added = {d[key] for k, d in side.get(table, {}).items() if k not in bs.get(table, {})}
            assert added <= {d[key] for d in m.get(table, {}).values()}
    # a field of a base record changed on one side only is changed in the merge
    conflicted = {(c.table, c.id) for c in merged.conflicts}
    for table, fields in (("speakers", ("affiliation",)), ("talks", ("room", "title"))):
        for k, was in bs.get(table, {}).items():
            mine, other = o.get(table, {}).get(k), t.get(table, {}).get(k)
            if mine is None or other is None or (table, int(k)) in conflicted:
                continue
            for f in fields:
                expected = mine[f] if mine[f] != was[f] else other[f]
                assert m[table][k][f] == expected
    # the other way round: the same records, up to renumbering
    if not merged.conflicts and not swapped.conflicts:
        assert _canonical(m) == _canonical(read(reverse))


# -- git itself ------------------------------------------------------------------

def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False)


def _confrec(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CONFREC_DB": str(repo / "record.json")}
    return subprocess.run([sys.executable, "-m", "confrec", *args], cwd=repo, env=env, capture_output=True,
                          text=True, check=False)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_two_branches_merge_through_git_without_a_conflict(tmp_path):
    repo = tmp_path / "conf"
    repo.mkdir()
    assert _git(repo, "init", "-q", "-b", "main").returncode == 0
    shutil.copyfile(KAZNU, repo / "record.json")
    setup = _confrec(repo, "git-setup")
    assert setup.returncode == 0, setup.stderr
    assert (repo / ".gitattributes").read_text() == "/record.json merge=confrec\n"
    assert (repo / ".gitignore").read_text() == (
        "/record.json.lock\n/record.json.prev\n/record.json.prev.tmp\n/record.json.names\n/.record.json.*.tmp\n")
    assert _git(repo, "config", "merge.confrec.driver").stdout.strip().endswith("-m confrec merge %O %A %B")
    again = _confrec(repo, "git-setup")  # a second run changes nothing
    assert "Already in" in again.stderr and (repo / ".gitattributes").read_text().count("merge=confrec") == 1
    _git(repo, "add", "-A")
    assert _git(repo, "commit", "-qm", "the record").returncode == 0

    _git(repo, "checkout", "-qb", "ana")
    assert _confrec(repo, "speaker", "add", "Ana Lee").returncode == 0
    assert _confrec(repo, "talk", "add", "Talk by Ana", "--speaker", "Ana").returncode == 0
    _git(repo, "commit", "-qam", "Ana's talk")
    _git(repo, "checkout", "-q", "main")
    assert _confrec(repo, "speaker", "add", "Bo Chen").returncode == 0
    assert _confrec(repo, "talk", "add", "Talk by Bo", "--speaker", "Bo").returncode == 0
    assert _confrec(repo, "talk", "edit", "2", "--room", "Hall A").returncode == 0
    _git(repo, "commit", "-qam", "Bo's talk")
    assert _git(repo, "status", "--porcelain").stdout == ""  # lock and backup are ignored

    merged = _git(repo, "merge", "--no-edit", "ana")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    data = read(repo / "record.json")
    talks = {d["title"]: d for d in data["talks"].values()}
    names = {int(k): d["name"] for k, d in data["speakers"].items()}
    assert [names[i] for i in talks["Talk by Ana"]["speakers"]] == ["Ana Lee"]
    assert [names[i] for i in talks["Talk by Bo"]["speakers"]] == ["Bo Chen"]
    assert talks[read_base_title(data)]["room"] == "Hall A"
    check = _confrec(repo, "check", "--json")
    assert check.returncode == 0, check.stdout
    assert [f for f in json.loads(check.stdout) if f["severity"] == "error"] == []


def read_base_title(data: dict) -> str:
    return data["talks"]["2"]["title"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_setup_outside_a_repository_says_so(tmp_path):
    shutil.copyfile(KAZNU, tmp_path / "record.json")
    r = _confrec(tmp_path, "git-setup")
    assert r.returncode == 1
    assert r.stderr.startswith(f"Error: {tmp_path} is not in a git repository (")
    assert r.stderr.endswith("); run 'git init' first\n")
    assert not (tmp_path / ".gitattributes").exists()


# -- the rarer cases, each as a user would meet it ----------------------------

def test_the_same_event_slug_added_on_both_sides_keeps_both_events_and_says_so(tmp_path):
    base, ours, theirs = branches(tmp_path)
    ok("--db", str(ours), "event", "add", "Spring school (ours)", "--slug", "school-2017", "--start", "2017-04-03")
    ok("--db", str(theirs), "event", "add", "Spring school (theirs)", "--slug", "school-2017", "--start", "2017-04-10")
    ok("--db", str(theirs), "talk", "add", "Opening lecture", "--event", "school-2017")
    r = run("merge", str(base), str(ours), str(theirs))
    assert r.exit_code == 1
    assert r.stderr.splitlines()[:2] == [
        "Renumbered event 2 -> 3 (added on both sides under the same id)",
        "Conflict: event 3: both sides added an event with slug 'school-2017'; theirs is kept as 'school-2017-2'"]
    data = read(ours)
    assert {d["slug"]: d["name"] for d in data["events"].values()} == {
        "kaznu-2016": data["events"]["1"]["name"], "school-2017": "Spring school (ours)",
        "school-2017-2": "Spring school (theirs)"}
    assert data["talks"]["7"]["event"] == "school-2017-2"  # their talk went with their event
    finding = [f for f in json.loads(run("--db", str(ours), "check", "--json").stdout) if f["code"] == "merge-conflict"]
    assert [f["message"] for f in finding] == [
        "event 3: both sides of a merge added an event with slug 'school-2017'; the other side's is kept as "
        "'school-2017-2': edit or remove one (or 'confrec resolve') to settle it"]
    ok("--db", str(ours), "event", "edit", "school-2017-2", "--slug", "school-2017-b")
    assert "conflicts" not in read(ours)["meta"]["1"]


def test_an_event_removed_on_one_side_comes_back_when_the_other_gave_it_a_talk(tmp_path):
    base, ours, theirs = branches(tmp_path, "event", "add", "Workshop", "--slug", "ws", "--start", "2016-11-01")
    ok("--db", str(ours), "event", "remove", "ws", "--yes")
    ok("--db", str(theirs), "talk", "add", "Hands-on session", "--event", "ws")
    r = run("merge", str(base), str(ours), str(theirs))
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        "Conflict: event 2: removed in one side, but the other gave it talks or sessions; kept")
    data = read(ours)
    assert [d["slug"] for d in data["events"].values()] == ["kaznu-2016", "ws"]  # back: a talk names it
    assert data["talks"]["7"]["event"] == "ws"
    with open_store(ours) as s:  # a whole record
        assert [t.title for t in s.talks(event="ws")] == ["Hands-on session"]


def test_a_session_removed_on_one_side_leaves_the_other_sides_talk_in_no_session(tmp_path):
    base, ours, theirs = branches(tmp_path, "session", "add", "Plenary", "--start", "21.10.2016 10:00",
                                  "--end", "12:00")
    ok("--db", str(ours), "session", "remove", "1", "--yes")
    ok("--db", str(theirs), "talk", "edit", "2", "--session", "1")
    r = run("merge", str(base), str(ours), str(theirs))
    assert r.exit_code == 1
    assert "Conflict: talk 2 session: ours 1, theirs None; kept ours" in r.stderr.splitlines()
    data = read(ours)
    assert data.get("sessions", {}) == {}
    assert data["talks"]["2"]["session"] is None  # no reference to a session that is gone
    codes = [f["code"] for f in json.loads(run("--db", str(ours), "check", "--json").stdout)]
    assert "missing-session" not in codes and codes.count("merge-conflict") == 1


def test_import_refs_of_both_sides_follow_the_renumbering(tmp_path):
    base, ours, theirs = branches(tmp_path)
    schedule = tmp_path / "schedule.json"
    ok("--db", str(base), "export", "kaznu-2016", "--format", "frab-json", "-o", str(schedule))
    ok("--db", str(ours), "speaker", "add", "Aigerim Sadykova")
    sheet = tmp_path / "more.csv"
    sheet.write_text("title,speakers\nWater diplomacy,Bolat Nurov\n", encoding="utf-8")
    ok("--db", str(theirs), "import", str(sheet), "--event", "kaznu-2016")
    assert run("merge", str(base), str(ours), str(theirs)).exit_code == 0
    data = read(ours)
    refs = {d["key"]: d["id"] for d in data["refs"].values()}
    names = {int(k): d["name"] for k, d in data["speakers"].items()}
    speaker_refs = [rid for key, rid in refs.items() if key.startswith("speaker:")]
    assert [names[i] for i in speaker_refs] == ["Bolat Nurov"]  # 7 in theirs, 8 after the merge
    # importing the same sheet again into the merged record finds what is there
    again = ok("--db", str(ours), "import", str(sheet), "--event", "kaznu-2016", "--json")
    assert json.loads(again.stdout)["talks"]["added"] == 0


def test_merge_json_and_the_same_result_every_time(tmp_path):
    base, ours, theirs = branches(tmp_path)
    ok("--db", str(ours), "speaker", "add", "Aigerim Sadykova")
    ok("--db", str(theirs), "speaker", "add", "Bolat Nurov")
    ok("--db", str(ours), "talk", "edit", "4", "--title", "Ours")
    ok("--db", str(theirs), "talk", "edit", "4", "--title", "Theirs")
    again = tmp_path / "again.json"
    shutil.copyfile(ours, again)
    r = run("merge", str(base), str(ours), str(theirs), "--json")
    assert r.exit_code == 1
    assert json.loads(r.stdout) == {
        "conflicts": [{"table": "talks", "id": 4, "field": "title", "ours": "Ours", "theirs": "Theirs"}],
        "renumbered": {"speakers": {"7": 8}}}
    assert run("merge", str(base), str(again), str(theirs)).exit_code == 1
    assert again.read_bytes() == ours.read_bytes()  # deterministic: the same three inputs, the same bytes


def test_a_conflict_line_cuts_a_long_value_and_shows_no_control_character(tmp_path):
    base, ours, theirs = branches(tmp_path)
    ok("--db", str(ours), "talk", "edit", "3", "--abstract", "A" * 300)
    data = read(theirs)  # a hand edit: typed, a control character is refused
    data["talks"]["3"]["abstract"] = "B\x1b[2J" * 10
    theirs.write_text(json.dumps(data), encoding="utf-8")
    r = run("merge", str(base), str(ours), str(theirs))
    line = next(x for x in r.stderr.splitlines() if x.startswith("Conflict: talk 3 abstract"))
    assert len(line) < 200 and "..." in line
    assert "\x1b" not in r.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_setup_refuses_a_record_outside_the_repository_or_one_a_pattern_cannot_name(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    assert _git(repo, "init", "-q").returncode == 0
    outside = tmp_path / "elsewhere" / "record.json"
    outside.parent.mkdir()
    shutil.copyfile(KAZNU, outside)
    env = {**os.environ, "CONFREC_DB": str(outside)}
    r = subprocess.run([sys.executable, "-m", "confrec", "git-setup"], cwd=repo, env=env, capture_output=True,
                       text=True, check=False)
    assert r.returncode == 1
    assert r.stderr.startswith(f"Error: {outside.parent} is not in a git repository (")
    assert r.stderr.endswith("); run 'git init' first\n")
    spaced = repo / "my record.json"
    shutil.copyfile(KAZNU, spaced)
    r = subprocess.run([sys.executable, "-m", "confrec", "--db", str(spaced), "git-setup"], cwd=repo,
                       capture_output=True, text=True, check=False)
    assert (r.returncode, r.stderr) == (
        1, "Error: 'my record.json' has characters a .gitattributes line cannot name: rename the file\n")
    assert not (repo / ".gitattributes").exists() and not (repo / ".gitignore").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_setup_adds_to_the_files_a_repository_already_has(tmp_path, monkeypatch):
    repo = tmp_path / "conf"
    (repo / "records").mkdir(parents=True)
    assert _git(repo, "init", "-q").returncode == 0
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    record = repo / "records" / "2016.json"
    shutil.copyfile(KAZNU, record)
    (repo / ".gitattributes").write_text("*.png binary", encoding="utf-8")  # no line end at its end
    (repo / ".gitignore").write_text("/build/\n/records/2016.json.lock\n", encoding="utf-8")
    monkeypatch.chdir(repo / "records")
    r = ok("--db", "2016.json", "git-setup")
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "*.png binary\n/records/2016.json merge=confrec\n"
    assert (repo / ".gitignore").read_text(encoding="utf-8") == (  # what it had, and only what it lacked
        "/build/\n/records/2016.json.lock\n/records/2016.json.prev\n/records/2016.json.prev.tmp\n"
        "/records/2016.json.names\n/records/.2016.json.*.tmp\n")
    assert r.stderr.splitlines()[1:] == [
        f"Added {repo / '.gitattributes'}: /records/2016.json merge=confrec",
        f"Added {repo / '.gitignore'}: /records/2016.json.lock, /records/2016.json.prev, "
        "/records/2016.json.prev.tmp, /records/2016.json.names, /records/.2016.json.*.tmp"]


def test_git_setup_without_git_says_so(kaznu, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    before = kaznu.read_bytes()
    r = run("git-setup")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", "Error: git is not installed (or not on PATH)\n")
    assert kaznu.read_bytes() == before


def test_translations_into_two_languages_merge_and_one_field_translated_twice_conflicts(tmp_path):
    base, ours, theirs = branches(tmp_path)
    ok("--db", str(ours), "talk", "translate", "2", "kk", "--title", "Көпвекторлы саясат")
    ok("--db", str(theirs), "talk", "translate", "2", "ru", "--title", "Многовекторная политика")
    assert run("merge", str(base), str(ours), str(theirs)).exit_code == 0
    assert read(ours)["talks"]["2"]["translations"] == {"kk": {"title": "Көпвекторлы саясат"},
                                                        "ru": {"title": "Многовекторная политика"}}
    again = tmp_path / "again"
    again.mkdir()
    base, ours, theirs = branches(again)
    ok("--db", str(ours), "talk", "translate", "2", "kk", "--title", "Біреуі")
    ok("--db", str(theirs), "talk", "translate", "2", "kk", "--title", "Екіншісі", "--abstract", "Тезис")
    r = run("merge", str(base), str(ours), str(theirs))
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == "Conflict: talk 2 translations.kk.title: ours 'Біреуі', theirs 'Екіншісі'; kept ours"
    assert read(ours)["talks"]["2"]["translations"] == {"kk": {"title": "Біреуі", "abstract": "Тезис"}}


def test_a_merge_by_hand_into_a_kept_record_can_be_undone(tmp_path):
    base, ours, theirs = branches(tmp_path)
    ok("--db", str(ours), "speaker", "add", "Aigerim Sadykova")  # a command's write: ours now has ours.prev
    before = ours.read_bytes()
    ok("--db", str(theirs), "speaker", "add", "Bolat Nurov")
    assert run("merge", str(base), str(ours), str(theirs)).exit_code == 0
    assert read(ours)["speakers"]["8"]["name"] == "Bolat Nurov"
    assert ok("--db", str(ours), "undo", "--yes").stderr == "Undone: merge\n"
    assert json.loads(ours.read_text(encoding="utf-8"))["speakers"] == json.loads(before)["speakers"]
    # git's OURS, a bare temporary file, gets nothing beside it
    bare = tmp_path / ".merge_file_x"
    shutil.copyfile(ours, bare)
    assert run("merge", str(base), str(bare), str(theirs)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".merge_file_x")) == [".merge_file_x"]
