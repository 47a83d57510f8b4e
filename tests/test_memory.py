"""What a command holds in memory, as the machine sees it, not timed.

confrec turns the cyclic garbage collector off for a command (a short
process that allocates a million objects it keeps), so any reference cycle
made per record is kept until the process ends: a recursive closure that
cleaned each imported value held 29 MB for 10,000 talks. These tests run
commands with the collector off, as main() does, and count what it would
have freed: that must not grow with the record.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from conftest import ok, run

from confrec.record.models import Event, Speaker, Talk
from confrec.record.store import open_store


def _record(path: Path, n: int) -> None:
    with open_store(path, write=True) as s:
        s.add_event(Event(slug="ev", name="Ev", start="2024-10-26", end="2024-10-27", timezone="Asia/Almaty"))
        s.add_speakers([Speaker(name=f"Спикер {i}", country="Kazakhstan") for i in range(n)])
        s.add_talks([Talk(event="ev", title=f"Talk {i}", abstract="Аннотация " * 5, speakers=[1 + i],
                          room=f"Room {i}", start=f"2024-10-{26 + i % 2} {8 + i % 10}:00", duration=30,
                          links=[{"url": f"https://example.org/{i}", "title": "slides"}])
                     for i in range(n)])


def _garbage(*args: str) -> int:
    """How many objects only the cyclic collector could free, after a command
    run with it off."""
    gc.collect()
    gc.disable()
    try:
        r = run(*args)
        assert r.exit_code == 0, r.stderr
        return gc.collect()
    finally:
        gc.enable()


@pytest.mark.parametrize("command", [
    ["import", "{schedule}", "--db", "{fresh}"],
    ["talk", "list"],
    ["talk", "edit", "1", "--room", "Hall"],
    ["check"],
    ["export", "-f", "html"],
    ["export", "-f", "ics"],
    ["report"],
])
def test_a_command_leaves_no_cycles_per_record(tmp_path, command):
    found = {}
    for n in (20, 400):
        db = tmp_path / f"r{n}.json"
        _record(db, n)
        schedule = tmp_path / f"s{n}.json"
        ok("--db", str(db), "export", "-f", "frab-json", "-o", str(schedule))
        args = [a.format(schedule=schedule, fresh=tmp_path / f"fresh{n}.json") for a in command]
        if "--db" in args:  # (a global option: before the command)
            at = args.index("--db")
            args = args[at:at + 2] + args[:at] + args[at + 2:]
        else:
            args = ["--db", str(db), *args]
        found[n] = _garbage(*args)
    assert found[400] - found[20] < 200, found
