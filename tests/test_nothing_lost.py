"""Nothing lost, round two: undo from any state, no tracebacks, no raw control
characters, private data stays private, outputs written where the user said.

Each test is one break found from outside; they failed before the fixes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import fails, ok, run

from confrec.record import fileio
from confrec.record.models import Speaker
from confrec.record.store import open_store

BIN = Path(sys.executable).parent


def stored(db: Path) -> dict:
    return json.loads(db.read_text(encoding="utf-8"))


def prev_of(db: Path) -> Path:
    return db.with_name(db.name + ".prev")


# -- 1, 2: undo from any state --

def test_undo_restores_a_damaged_file(kaznu):
    ok("speaker", "add", "Ana Berg")
    before = prev_of(kaznu).read_bytes()
    kaznu.write_bytes(kaznu.read_bytes()[:100])  # truncated behind confrec's back
    fails("speaker", "list", db=kaznu, error=f"{kaznu} is not valid JSON (line 6, column 19): truncated or "
                                             "damaged; 'confrec undo' may restore the previous version")
    r = ok("undo", "--yes")
    assert r.stderr.startswith(f"Undone: {kaznu} could not be read; restored the version before its last change")
    assert kaznu.read_bytes() == before
    assert not prev_of(kaznu).exists()


def test_undo_restores_a_missing_file(kaznu):
    ok("speaker", "add", "Ana Berg")
    kaznu.unlink()
    ok("undo", "--yes")
    assert len(json.loads(ok("speaker", "list", "--json").stdout)) == 6


class Killed(BaseException):
    """Stands for SIGKILL at one point of a write."""


@pytest.mark.parametrize("point", fileio.WRITE_STEPS)
def test_a_write_killed_at_any_step_leaves_a_file_and_prev_one_write_apart(tmp_path, monkeypatch, point):
    path = tmp_path / "db.json"
    for name in ("one", "two"):
        with open_store(path, write=True, action=f"speaker add {name}") as s:
            s.add_speaker(Speaker(name=name))

    def hook(step: str) -> None:
        if step == point:
            raise Killed

    monkeypatch.setattr(fileio, "HOOK", hook)
    with pytest.raises(Killed), open_store(path, write=True, action="speaker add three") as s:
        s.add_speaker(Speaker(name="three"))
    monkeypatch.setattr(fileio, "HOOK", None)
    names = lambda p: [sp["name"] for sp in json.loads(p.read_text(encoding="utf-8"))["speakers"].values()]  # noqa: E731
    now = names(path)
    assert now in (["one", "two"], ["one", "two", "three"])  # the command happened, or did not
    monkeypatch.setenv("CONFREC_DB", str(path))
    r = ok("undo", "--yes")
    # undo takes back exactly one command: the interrupted one if it landed, else the one before
    assert names(path) == now[:-1]
    expected = "speaker add three" if now[-1] == "three" else "speaker add two"
    assert r.stderr == f"Undone: {expected}\n"


# -- 3: one Error line, never a traceback --

@pytest.mark.parametrize("content, error, reader", [
    (b"[" * 100_000, "{p} is not valid JSON (line 1, column 1026): depth limit exceeded", ["talk", "list"]),
    (b'{"meta": {"1": {"schema": 2, "next_id": {"talks": "x"}}}}',
     "{p} is damaged: meta.next_id.talks is not a whole number", ["event", "list"]),
    (b'{"meta": {"1": {"schema": 2}}, "talks": {"x": {"title": "T", "event": "e"}}}',
     "{p} is damaged: talks has a record under 'x', which is not an id", ["talk", "list"]),
    (b'{"meta": {"1": {"schema": 2}}, "talks": {"1": ["T"]}}',
     "{p} is damaged: talks 1 is not an object", ["talk", "list"]),
    (b'{"meta": {"1": {"schema": 2}}, "refs": {"1": {"id": 3}}}',
     "{p} is damaged: refs 1 has no key", ["check"]),
    (b'{"meta": {"1": {"schema": 2}}, "refs": {"1": {"key": "k", "id": true}}}',
     "{p} is damaged: refs 1 has no record id", ["check"]),
    (b'{"meta": {"1": {"schema": 2}}, "speakers": {"1": "Ana"}}',
     "{p} is damaged: speakers 1 is not an object", ["speaker", "list"]),
])
def test_a_damaged_database_gives_one_error_line(db, content, error, reader):
    """Every write and `check` refuse a damaged record, and so does any
    command that reads the damaged table: tables are decoded when first used
    (record/tables.py), and a write checks the shape of the ones it copies."""
    db.write_bytes(content)
    for cmd in (["speaker", "add", "X"], ["event", "add", "E", "--start", "2024-01-01"], ["check"],
                reader):
        fails(*cmd, db=db, error=error.format(p=db))


def test_a_damaged_table_a_command_does_not_read_is_no_error_to_it(db):
    """Damaged refs (what imports remember) do not stop the talks being listed;
    `check` and every write still name them."""
    db.write_bytes(b'{"meta": {"1": {"schema": 2}}, "refs": {"1": {"id": 3}}}')
    assert ok("talk", "list", "--json").stdout == "[]\n"
    fails("speaker", "add", "X", db=db, error=f"{db} is damaged: refs 1 has no key")


def test_dates_at_the_edges_of_the_calendar(conf, tmp_path):
    fails("talk", "add", "Late", "-e", "tc-2024", "--start", "9999-12-31 23:30", "--duration", "60", db=conf,
          error="invalid start '9999-12-31 23:30': the year must be between 1000 and 9998")
    fails("talk", "edit", "1", "--start", "0001-01-01 00:30", db=conf,
          error="invalid start '0001-01-01 00:30': the year must be between 1000 and 9998")
    fails("event", "edit", "tc-2024", "--end", "9999-12-31", db=conf,
          error="invalid end date '9999-12-31': the year must be between 1000 and 9998")
    doc = {"schedule": {"conference": {"acronym": "edge", "title": "E", "start": "0001-01-01",
                                       "time_zone_name": "Europe/Berlin", "days": [{"date": "0001-01-01", "rooms": {
                                           "A": [{"id": 1, "title": "T", "date": "0001-01-01T00:30:00+01:00",
                                                  "duration": "00:30"}]}}]}}}
    path = tmp_path / "edge.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    fails("import", str(path), db=conf, error=f"{path}: the event: invalid start date '0001-01-01': "
                                              "the year must be between 1000 and 9998")


def test_a_schedule_of_the_wrong_shape(conf, tmp_path):
    path = tmp_path / "shape.json"
    path.write_text('{"schedule": {"conference": {"acronym": "x1x1", "title": "X", "start": "2024-01-01", '
                    '"days": [{"date": "2024-01-01", "rooms": {"A": 5}}]}}}', encoding="utf-8")
    fails("import", str(path), db=conf, error=f"{path}: not a schedule: the events of room 'A' is not a list")


# -- 4: control characters --

@pytest.mark.parametrize("args, error", [
    (["speaker", "add", "Ana\x1b[2J"], "name contains a control character (U+001B): give plain text"),
    (["speaker", "add", "Ana", "--email", "a\x1b[2J@x.org"], "invalid email 'a\\x1b[2J@x.org': expected name@domain.tld"),
    (["speaker", "add", "Ana", "--email", "a@b"], "invalid email 'a@b': expected name@domain.tld"),
    (["speaker", "add", "Ana", "--email", "a b@x.org"], "invalid email 'a b@x.org': expected name@domain.tld"),
    (["talk", "add", "T\x9b2J", "-e", "tc-2024"], "title contains a control character (U+009B): give plain text"),
    (["talk", "add", "T\u202eevil", "-e", "tc-2024"],
     "title contains a control character (U+202E): give plain text"),
    (["talk", "add", "Two\nlines", "-e", "tc-2024"], "title contains a control character (U+000A): give plain text"),
    (["talk", "edit", "1", "--abstract", "bell\x07"], "abstract contains a control character (U+0007): give plain text"),
])
def test_control_characters_typed_are_refused(conf, args, error):
    fails(*args, db=conf, error=error)


def test_line_breaks_and_tabs_are_fine_in_long_text(conf):
    ok("talk", "edit", "1", "--abstract", "First\tpoint.\r\n\r\nSecond.")
    assert json.loads(ok("talk", "show", "1", "--json").stdout)["abstract"] == "First\tpoint.\r\n\r\nSecond."
    ok("speaker", "add", "Ana Berg", "--email", "ana.berg+conf@uni-lund.example.se")


def test_control_characters_in_a_file_are_removed_and_counted(db, tmp_path):
    doc = {"schedule": {"conference": {"acronym": "ctl1", "title": "C\x1b[31m", "start": "2024-01-01",
                                       "time_zone_name": "Europe/Berlin", "days": [{"date": "2024-01-01", "rooms": {
                                           "A": [{"id": 1, "title": "Evil\x1b]8;;http://x\x07 \u202etitle",
                                                  "date": "2024-01-01T10:00:00+01:00", "duration": "00:30",
                                                  "abstract": "Line one.\nBell\x07 \x9b2J end.",
                                                  "persons": [{"id": 2, "public_name": "Ana\x00"}]}]}}]}}}
    path = tmp_path / "ctl.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    s = json.loads(ok("import", str(path), "--json").stdout)
    talk = json.loads(ok("talk", "show", "1", "--json").stdout)
    assert talk["title"] == "Evil]8;;http://x title"
    assert talk["abstract"] == "Line one.\nBell 2J end."
    assert json.loads(ok("speaker", "show", "1", "--json").stdout)["name"] == "Ana"
    assert json.loads(ok("event", "show", "ctl1", "--json").stdout)["name"] == "C[31m"
    removed = {(r["talk"], r["field"]): r["action"] for r in s["repairs"]}
    assert removed[("event id=1 'Evil\\x1b]8;;http://x\\x07 \\u202etitle'", "title")] == \
        "3 control character(s) removed"
    assert removed[("event id=1 'Evil\\x1b]8;;http://x\\x07 \\u202etitle'", "abstract")] == \
        "2 control character(s) removed"


UNSAFE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def test_no_output_carries_a_raw_control_character(kaznu):
    """A record edited by hand (or by an older confrec) with controls in it."""
    import re

    data = stored(kaznu)
    data["talks"]["2"]["title"] = "Multi\x1b[2J\x9b2J\u202evector \x1b]8;;http://evil\x07link"
    data["speakers"]["2"]["email"] = "a\x1b[2J@x.org"
    data["speakers"]["2"]["name"] = "Kukeeva\x9d"
    kaznu.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for fmt in ("csv", "json", "frab-json", "frab-xml", "ics", "md", "html"):
        out = ok("export", "kaznu-2016", "-f", fmt, "--include-private").stdout
        assert not re.search(UNSAFE, out), fmt
    out = ok("export", "kaznu-2016", "-f", "json").stdout
    assert "Multi\\u001b[2J\\u009b2J\\u202evector" in out and json.loads(out)["talks"][1]["title"].startswith("Multi\x1b")
    for cmd in (["talk", "list", "--json"], ["speaker", "list", "--json"], ["talk", "list"], ["report", "kaznu-2016"]):
        assert not re.search(UNSAFE, ok(*cmd).stdout), cmd


# -- 5: private data stays private --

def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_files_holding_emails_are_private(kaznu, tmp_path):
    os.umask(0o022)
    pub = tmp_path / "pub.json"
    ok("export", "kaznu-2016", "-f", "json", "-o", str(pub))
    assert _mode(pub) == 0o600  # the json backup always holds e-mails
    csv = tmp_path / "talks.csv"
    csv.write_text("old", encoding="utf-8")
    csv.chmod(0o644)
    ok("export", "kaznu-2016", "-f", "csv", "--include-private", "-o", str(csv))
    assert _mode(csv) == 0o600
    ok("export", "kaznu-2016", "-f", "csv", "-o", str(tmp_path / "public.csv"))
    assert _mode(tmp_path / "public.csv") == 0o644
    # a format named by the file's extension follows the same rule
    ok("export", "kaznu-2016", "--include-private", "-o", str(tmp_path / "private.ics"))
    ok("export", "kaznu-2016", "-o", str(tmp_path / "public.ics"))
    assert (_mode(tmp_path / "private.ics"), _mode(tmp_path / "public.ics")) == (0o600, 0o644)


def test_prev_has_the_database_mode_without_hard_links(kaznu, monkeypatch):
    import errno

    kaznu.chmod(0o600)

    def no_links(*a: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    ok("speaker", "add", "Ana Berg")
    assert _mode(prev_of(kaznu)) == 0o600


def test_new_folders_are_private(tmp_path):
    db = tmp_path / "new" / "sub" / "db.json"
    r = run("--db", str(db), "speaker", "add", "Ana")
    assert r.exit_code == 0
    assert _mode(tmp_path / "new") == 0o700 and _mode(tmp_path / "new" / "sub") == 0o700


# -- 6: -o writes into what the user named --

def _confrec(*args: str, **kw: object) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "confrec"), *args], capture_output=True, **kw)  # type: ignore[call-overload]


def test_output_to_a_full_device_fails(kaznu):
    r = _confrec("--db", str(kaznu), "export", "kaznu-2016", "-f", "md", "-o", "/dev/full")
    assert (r.returncode, r.stdout, r.stderr) == (1, b"", b"Error: cannot write /dev/full: No space left on device\n")
    assert Path("/dev/full").exists() and stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_output_to_dev_stdout_reaches_stdout(kaznu):
    r = _confrec("--db", str(kaznu), "export", "kaznu-2016", "-f", "md", "-o", "/dev/stdout")
    assert r.returncode == 0 and r.stdout.startswith(b"# Evolution of the conceptual foundations")
    assert r.stderr == b"Wrote md of kaznu-2016 to /dev/stdout\n"


def test_output_into_a_fifo(kaznu, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    r = _confrec("--db", str(kaznu), "export", "kaznu-2016", "-f", "csv", "-o", str(fifo))
    out, _ = reader.communicate(timeout=30)
    assert r.returncode == 0 and out.startswith("\ufeffid,start".encode())
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe, not a file put in its place


def test_output_through_a_symlink_replaces_the_target(kaznu, tmp_path):
    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    ok("export", "kaznu-2016", "-f", "md", "-o", str(link))
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("# Evolution")


# -- 8: a question does not hold the lock --

@pytest.mark.slow
def test_a_waiting_question_does_not_block_other_commands(kaznu):
    env = {**os.environ, "CONFREC_DB": str(kaznu)}
    asking = subprocess.Popen([str(BIN / "confrec"), "speaker", "remove", "3", "--force"], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # the question is on screen before anything else happens
        assert asking.stderr.read(len("Remove speaker 3")) == b"Remove speaker 3"
        other = subprocess.run([str(BIN / "confrec"), "speaker", "add", "Ana Berg"], env=env,
                               capture_output=True, timeout=10)
        assert other.returncode == 0, other.stderr
        _, err = asking.communicate(b"y\n", timeout=30)
    finally:
        asking.kill()
    assert asking.returncode == 0, err
    names = [s["name"] for s in stored(kaznu)["speakers"].values()]
    assert "P. Shabal" not in names and "Ana Berg" in names


def test_a_record_changed_while_asked_is_not_removed(kaznu, monkeypatch):
    """Asked first, then locked and read again: what was asked about must still be so."""
    import typer

    def answer_after_a_change(*args: object, **kw: object) -> bool:
        with open_store(kaznu, write=True, action="speaker edit") as s:
            s.update_speaker(s.speaker_by_id(3).__class__(**{**s.speaker_by_id(3).to_dict(), "country": "Spain"}))
        return True

    monkeypatch.setattr(typer, "confirm", answer_after_a_change)
    before = kaznu.read_bytes()
    r = run("speaker", "remove", "3", "--force")
    assert r.exit_code == 1
    assert r.stderr.endswith("Error: speaker 3 changed while you were asked: nothing removed; run the command again\n")
    assert kaznu.read_bytes() != before and "P. Shabal" in kaznu.read_text(encoding="utf-8")


# -- 9: ids --

def test_a_new_speaker_never_takes_an_id_a_talk_still_names(kaznu):
    data = stored(kaznu)
    data["talks"]["6"]["speakers"] = [8]  # a hand-edited file: talk 6 names a speaker 8 that is not there
    kaznu.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = ok("speaker", "add", "Ana Berg", "--json")
    assert json.loads(r.stdout)["id"] == 9


def test_ids_given_before_an_undo_are_not_given_again(kaznu):
    assert json.loads(ok("speaker", "add", "Ana Berg", "--json").stdout)["id"] == 7
    ok("undo", "--yes")
    assert json.loads(ok("speaker", "add", "Bo Lind", "--json").stdout)["id"] == 8


# -- a disk that fills up while the record is written --

def test_a_full_disk_while_writing_leaves_the_record_its_backup_and_undo_as_they_were(kaznu, monkeypatch):
    import errno

    ok("speaker", "add", "Ana Berg")  # (so that there is a backup, and something to undo)
    folder = kaznu.parent
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.endswith(".lock")}
    real_fsync = os.fsync

    def full(fd: int) -> None:  # the data did not fit: fsync is where a full disk shows
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    fails("speaker", "add", "Bo Chen", db=kaznu, error=f"cannot write {kaznu}: No space left on device")
    monkeypatch.setattr(os, "fsync", real_fsync)
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.endswith(".lock")}
    assert after == before  # the record, its backup: byte for byte, and no half-written file beside them
    # and once there is room again, everything goes on as if the failed command had not been typed
    assert ok("undo", "--yes").stderr == "Undone: speaker add Ana Berg\n"
    assert [s["name"] for s in json.loads(ok("speaker", "list", "--json").stdout)
            if s["name"] in ("Ana Berg", "Bo Chen")] == []
