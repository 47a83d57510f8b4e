"""The installed program, run as a real process, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KAZNU, ROOT

from confrec import __version__

BIN = Path(sys.executable).parent


def confrec(*args: str, env: dict | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    exe = BIN / "confrec"
    cmd = [str(exe), *args] if exe.exists() else [sys.executable, "-m", "confrec", *args]
    return subprocess.run(cmd, capture_output=True, text=True, input=input,
                          env={**os.environ, **(env or {})}, timeout=60)


def test_version_from_script_and_module():
    assert confrec("--version").stdout == f"confrec {__version__}\n"
    r = subprocess.run([sys.executable, "-m", "confrec", "--version"], capture_output=True, text=True)
    assert r.stdout == f"confrec {__version__}\n"


def test_lists_the_shipped_record():
    r = confrec("--db", str(KAZNU), "talk", "list", "--speaker", "Kukeeva", "--json")
    assert r.returncode == 0, r.stderr
    import json

    talks = json.loads(r.stdout)
    assert [t["title"] for t in talks] == [
        "Multi-vector policy as a diplomatic style: the evolution of its conceptual framework"]


def test_user_mistake_shows_no_traceback(db):
    db.write_text('{"meta": {"1": {"schema": 1}}, "tal', encoding="utf-8")
    r = confrec("talk", "list")
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("Error: ")
    assert "Traceback" not in r.stderr
    r = confrec("event", "add", "X", "--start", "yesterday")
    assert "Traceback" not in r.stderr


def test_default_path_follows_xdg(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CONFREC_DB"}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg-cache")
    cmd = [str(BIN / "confrec"), "speaker", "add", "Ana"]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "xdg" / "confrec" / "confrec.json").exists()


def test_shell_completion_of_speakers_and_events(kaznu):
    env = {"_CONFREC_COMPLETE": "complete_bash", "COMP_WORDS": "confrec talk list --speaker kuk",
           "COMP_CWORD": "4"}
    r = confrec(env=env)
    assert r.stdout == "kukeeva\n"
    env["COMP_WORDS"] = "confrec talk list --speaker F.T"
    assert confrec(env=env).stdout == "F.T. Kukeeva\n"
    # the rest of the name as search spells it ('Bay' of 'Baizakova'), or as
    # it is written where the typed text stops inside a folded pair ('Z' of 'Zhakenov')
    env["COMP_WORDS"] = "confrec talk list --speaker Bay"
    assert confrec(env=env).stdout == "Bayzakova\n"
    env["COMP_WORDS"] = "confrec talk list --speaker Z"  # (and any part: the z of Baizakova)
    assert confrec(env=env).stdout == "Zhakenov\nZakova\n"
    env = {"_CONFREC_COMPLETE": "complete_bash", "COMP_WORDS": "confrec event show kaz",
           "COMP_CWORD": "3"}
    assert "kaznu-2016" in confrec(env=env).stdout


@pytest.mark.slow
def test_rebuild_script_reproduces_the_shipped_file(tmp_path):
    out = tmp_path / "rebuilt.json"
    env = {**os.environ, "CONFREC": str(BIN / "confrec")}
    r = subprocess.run(["sh", str(ROOT / "data" / "build-kaznu-2016.sh"), str(out)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == KAZNU.read_bytes()
