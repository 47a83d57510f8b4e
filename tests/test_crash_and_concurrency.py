"""Nothing lost: SIGKILL during writes, and several confrec processes at once.

These run real processes and take tens of seconds; they are marked slow so a
quick local run can skip them (-m 'not slow'); .ci/run runs them.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from confrec.record import fileio
from confrec.record.models import Speaker
from confrec.record.store import open_store, undo

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent

# The child: each loop turn is one command (lock, read, add one speaker, write).
# With a step name as its second argument it kills itself at that step of its
# first write: the dangerous moments, hit for certain rather than by chance.
WRITER = """
import os, signal, sys
from confrec.record import fileio
from confrec.record import fileio
from confrec.record.models import Speaker
from confrec.record.store import open_store, undo
path = sys.argv[1]
if len(sys.argv) > 2:
    fileio.HOOK = lambda step: os.kill(os.getpid(), signal.SIGKILL) if step == sys.argv[2] else None
print("ready", flush=True)
while True:
    with open_store(path, write=True, action="add") as s:
        # the next id names the speaker: no need to parse every record first
        n = len(s.db.table("speakers"))
        s.add_speaker(Speaker(name=f"speaker {n + 1}", bio="x" * 2000))
"""


def _consistent(path: Path, *, undone: bool = False) -> int:
    """The file parses and holds exactly the speakers of some number of whole commands."""
    data = json.loads(path.read_text(encoding="utf-8"))  # parses, or the test fails
    with open_store(path) as s:
        speakers = s.speakers()
    n = len(speakers)
    assert [sp.name for sp in speakers] == [f"speaker {i}" for i in range(1, n + 1)]
    assert [sp.id for sp in speakers] == list(range(1, n + 1))
    # after an undo, the id the undone command gave is not given again
    assert data["meta"]["1"]["next_id"]["speakers"] == n + 1 + undone
    return n


def _undo_takes_back_one_command(path: Path, n: int, scratch: Path) -> None:
    """On a copy: undo restores the state one command before the file's."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    for p in path.parent.iterdir():
        if p.name.startswith(path.name) and not p.name.endswith(".lock"):
            shutil.copy2(p, scratch / p.name)
    undo(scratch / path.name)
    assert _consistent(scratch / path.name, undone=True) == n - 1


def _kill_a_writer(path: Path, at: str | None, wait: float) -> None:
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), *([at] if at else [])],
                             stdout=subprocess.PIPE)
    assert child.stdout.readline() == b"ready\n"
    if at is None:
        time.sleep(wait)
        child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL


def test_sigkill_during_writes_never_leaves_a_broken_or_mixed_file(tmp_path):
    path = tmp_path / "db" / "crash.json"
    with open_store(path, write=True) as s:  # a file of some size, so writes take a while
        s.add_speakers([Speaker(name=f"speaker {i}", bio="x" * 2000) for i in range(1, 1501)])
    with open_store(path, write=True) as s:  # and a previous version to undo to
        s.add_speaker(Speaker(name="speaker 1501"))
    rng = random.Random(20161021)
    kills, last, mid_write = 0, 1501, 0
    steps = [None] * 100 + [step for step in fileio.WRITE_STEPS for _ in range(5)]
    rng.shuffle(steps)
    for at in steps:
        _kill_a_writer(path, at, rng.uniform(0.0, 0.15))
        kills += 1
        # a temp file left behind means this kill landed inside a write
        mid_write += any(p.name.endswith(".tmp") for p in path.parent.iterdir())
        n = _consistent(path)
        assert n >= last  # nothing that was written before is lost
        last = n
        # PATH.prev is exactly one command behind, whatever moment the kill hit
        _undo_takes_back_one_command(path, n, tmp_path / "scratch")
    assert kills == 120
    assert last > 1501  # the writers did get work done between the kills
    assert mid_write >= 20  # every kill at a step is inside a write, and some random ones too
    # temp files of killed writers are cleaned up by the next successful write
    with open_store(path, write=True) as s:
        s.add_speaker(Speaker(name=f"speaker {last + 1}"))
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
    print(f"{kills} kills survived, {mid_write} of them inside a write, {last - 1501} commands landed")


def test_four_processes_fifty_adds_each(tmp_path):
    db = tmp_path / "shared.json"
    env = {**os.environ, "CONFREC_DB": str(db)}
    exe = str(BIN / "confrec")

    def worker(w: int) -> list[int]:
        codes = []
        for i in range(50):
            r = subprocess.run([exe, "speaker", "add", f"worker {w} speaker {i}"],
                               env=env, capture_output=True, text=True)
            codes.append(r.returncode)
            assert r.stderr.startswith("Added speaker "), r.stderr
        return codes

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(worker, range(4)))
    assert all(code == 0 for codes in results for code in codes)
    data = json.loads(db.read_text(encoding="utf-8"))
    names = sorted(s["name"] for s in data["speakers"].values())
    assert len(names) == 200
    assert names == sorted(f"worker {w} speaker {i}" for w in range(4) for i in range(50))
    ids = sorted(int(k) for k in data["speakers"])
    assert ids == list(range(1, 201))  # unique, none lost, none skipped
    assert data["meta"]["1"]["next_id"]["speakers"] == 201
