"""Shared fixtures: every test gets its own database file via CONFREC_DB
(as llm's env_setup does), a fixed terminal width and no SOURCE_DATE_EPOCH."""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from typer.main import get_command as _typer_get_command
from typer.testing import CliRunner

from confrec.cli import app

ROOT = Path(__file__).resolve().parent.parent
KAZNU = ROOT / "data" / "kaznu-2016.json"
INTEROP = ROOT.parent / "shared" / "interop"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One user cache folder for the run (per xdist worker): it holds only the
    HTML template's bytecode, keyed by the template's checksum, and compiling
    it afresh in every test took 0.1 s a time. Tests of the cache use their own."""
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_cache: Path) -> Path:
    path = tmp_path / "confrec.json"
    monkeypatch.setenv("CONFREC_DB", str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return path


@pytest.fixture
def kaznu(db: Path) -> Path:
    """A copy of the shipped record as the test's database."""
    shutil.copyfile(KAZNU, db)
    return db


@dataclass
class Ran:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None
    stdout_bytes: bytes = b""  # for binary outputs (a PDF)


@functools.cache
def _built(app: Any) -> Any:
    return _typer_get_command(app)


# Typer's CliRunner builds the click command anew on every invoke (every
# parameter of every loaded command, from its signature): a third of the quick
# suite. The command keeps no state between runs (each run has its own
# context), so the tests build it once.
typer.testing._get_command = _built  # type: ignore[attr-defined]


def run(*args: str, input: str | None = None) -> Ran:
    result = CliRunner().invoke(app, list(args), input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a bug: show its traceback in the test report
    binary = result.stdout_bytes.startswith(b"%PDF")
    return Ran(result.exit_code, "" if binary else result.stdout, result.stderr, result.exception,
               result.stdout_bytes)


def ok(*args: str, input: str | None = None) -> Ran:
    r = run(*args, input=input)
    assert r.exit_code == 0, (r.stdout, r.stderr)
    return r


def fails(*args: str, error: str, db: Path, code: int = 1, input: str | None = None) -> Ran:
    """Run a command that must fail with exactly ``Error: <error>`` and change nothing."""
    before = db.read_bytes() if db.exists() else None
    r = run(*args, input=input)
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert r.stderr == f"Error: {error}\n"
    assert r.stdout == ""
    assert (db.read_bytes() if db.exists() else None) == before
    return r


@pytest.fixture(scope="session")
def _conf_built(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Path:
    """``conf`` built once per run (per xdist worker): a hundred tests start from it."""
    folder = tmp_path_factory.mktemp("conf")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONFREC_DB", str(folder / "confrec.json"))
        mp.setenv("XDG_DATA_HOME", str(folder / "xdg"))
        mp.setenv("XDG_CACHE_HOME", str(shared_cache))
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        _build_conf()
    return folder


@pytest.fixture
def conf(db: Path, _conf_built: Path) -> Path:
    """A small two-day, two-room event built through the CLI (copied with its
    backup, so that undo undoes the last step of the build as it would in place)."""
    for made in _conf_built.glob("confrec.json*"):
        if not made.name.endswith(".lock"):
            shutil.copy(made, db.parent / made.name)
    return db


def _build_conf() -> None:
    ok("event", "add", "Test Conference", "--slug", "tc-2024", "--start", "2024-05-06",
       "--end", "2024-05-07", "--timezone", "Europe/Berlin", "--city", "Berlin")
    ok("speaker", "add", "Ana Müller", "--title", "Dr.", "--affiliation", "TU Berlin",
       "--country", "Germany", "--email", "ana@example.org")
    ok("speaker", "add", "José Núñez", "--affiliation", "UNAM", "--country", "Mexico")
    ok("speaker", "add", "Anna Berg", "--country", "Sweden")
    ok("talk", "add", "Opening", "-e", "tc-2024", "-s", "1", "--type", "welcome",
       "--start", "2024-05-06 09:00", "--duration", "30", "--room", "Hall A", "--status", "confirmed")
    ok("talk", "add", "Graphs and Ledgers", "-e", "tc-2024", "-s", "Núñez", "-s", "Berg",
       "--abstract", "On ledgers.", "--start", "2024-05-06 10:00", "--duration", "45",
       "--room", "Hall B", "--track", "Data", "--tag", "graphs", "--tag", "ledgers")
    ok("talk", "add", "Unscheduled thoughts", "-e", "tc-2024", "-s", "Anna Berg")
