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

from confrec.record.models import Event, Speaker, Talk
from confrec.record.store import merge_files, open_store


def branches(tmp_path: Path) -> tuple[Path, Path, Path]:
    base, ours, theirs = (tmp_path / n for n in ("base.json", "ours.json", "theirs.json"))
    for p in (base, ours, theirs):
        shutil.copyfile(KAZNU, p)
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
    )
    return st.lists(op, max_size=8).map(lambda ops: (side, ops))


def _apply(path: Path, side: str, ops: list[tuple]) -> None:
    with open_store(path, write=True) as s:
        for n, (kind, pick, *arg) in enumerate(ops):
            speakers, talks = s.speakers(), s.talks()
            if kind == "add_speaker":
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
    out = [json.dumps(["speaker", d], sort_keys=True) for d in speakers.values()]
    for d in data.get("talks", {}).values():
        d = dict(d, speakers=[speakers[i]["name"] for i in d["speakers"]])
        out.append(json.dumps(["talk", d], sort_keys=True))
    return sorted(out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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
    for table in ("speakers", "talks"):
        assert all(int(k) < m["meta"]["1"]["next_id"][table] for k in m.get(table, {}))
    for d in m.get("talks", {}).values():
        assert all(str(i) in m["speakers"] for i in d["speakers"])
    with open_store(ours) as s:
        s.speakers(), s.talks()
    # everything either side added is there, whatever id it now has
    for side in (o, t):
        for table, key in (("speakers", "name"), ("talks", "title")):
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
