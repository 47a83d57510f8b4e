"""Nothing lost: SIGKILL during writes, and several confrec processes at once.

These run real processes and take tens of seconds; they are marked slow so a
quick local run can skip them (-m 'not slow'); .ci/run runs them.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from confrec.models import Speaker
from confrec.store import open_store

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent

# The child: each loop turn is one command (lock, read, add one speaker, write).
WRITER = """
import sys
from confrec.models import Speaker
from confrec.store import open_store
path = sys.argv[1]
print("ready", flush=True)
while True:
    with open_store(path, write=True, action="add") as s:
        # the next id names the speaker: no need to parse every record first
        n = len(s.db.table("speakers"))
        s.add_speaker(Speaker(name=f"speaker {n + 1}", bio="x" * 2000))
"""


def _consistent(path: Path) -> int:
    """The file parses and holds exactly the speakers of some number of whole commands."""
    data = json.loads(path.read_text(encoding="utf-8"))  # parses, or the test fails
    with open_store(path) as s:
        speakers = s.speakers()
    n = len(speakers)
    assert [sp.name for sp in speakers] == [f"speaker {i}" for i in range(1, n + 1)]
    assert [sp.id for sp in speakers] == list(range(1, n + 1))
    assert data["meta"]["1"]["next_id"]["speakers"] == n + 1
    return n


def test_sigkill_during_writes_never_leaves_a_broken_or_mixed_file(tmp_path):
    path = tmp_path / "crash.json"
    with open_store(path, write=True) as s:  # a file of some size, so writes take a while
        s.add_speakers([Speaker(name=f"speaker {i}", bio="x" * 2000) for i in range(1, 1501)])
    rng = random.Random(20161021)
    kills, last, mid_write = 0, 1500, 0
    while kills < 120:
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE)
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
        # a temp file left behind means this kill landed inside a write
        mid_write += any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
        n = _consistent(path)
        assert n >= last  # nothing that was written before is lost
        last = n
        prev = path.with_name(path.name + ".prev")
        if prev.exists():
            json.loads(prev.read_text(encoding="utf-8"))  # the undo copy is whole too
    assert kills == 120
    assert last > 1500  # the writers did get work done between the kills
    assert mid_write >= 10  # and the kills did hit the dangerous moment, often
    # temp files of killed writers are cleaned up by the next successful write
    with open_store(path, write=True) as s:
        s.add_speaker(Speaker(name=f"speaker {last + 1}"))
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    print(f"{kills} kills survived, {mid_write} of them inside a write, {last - 1500} commands landed")


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
