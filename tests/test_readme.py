"""Every confrec command README.md shows runs, in the order shown, against a
scratch record, and exits 0 (as sqlite-utils' docs tests do): a renamed
option or a changed default breaks this test before it misleads a reader.

The commands are read from the README's ```sh blocks: continuation lines
joined, comments dropped by shlex. Files the tour imports but does not make
(a calendar, a spreadsheet, a second schedule) are made from confrec's own
exports of the tour's record just before they are needed."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess

import pytest
from conftest import ROOT, run

README = ROOT / "README.md"

# Commands whose documented exit status is not 0, with the reason.
NOT_ZERO = {
    # the interactive form: with no terminal it asks nothing and says what is missing
    "confrec speaker add": 2,
    # it asks first; with no one to answer, the answer is no
    "confrec talk remove 3": 1,
}


def readme_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            # 'a && b' in the Quick start: the confrec part of each
            while "&&" in words:
                at = words.index("&&")
                if words[0] == "confrec":
                    commands.append(words[:at])
                words = words[at + 1:]
            if words and words[0] == "confrec":
                commands.append(words)
    return commands


def test_the_readme_shows_the_commands_this_test_runs():
    commands = readme_commands()
    assert len(commands) > 60
    # continuation lines joined, comments gone, each part of 'a && b' apart
    assert ["confrec", "talk", "add", "Multi-vector policy as a diplomatic style", "-e", "kaznu-2016", "-s", "Kukeeva",
            "--abstract-file", "abstract.txt", "--type", "talk", "--status", "confirmed"] in commands
    assert ["confrec", "undo", "--yes"] in commands
    assert ["confrec", "--db", "data/kaznu-2016.json", "talk", "list"] in commands


def _prepare(words: list[str], folder) -> None:  # type: ignore[no-untyped-def]
    """Make the input files the tour imports from what it exported before."""
    if "--abstract-file" in words:
        (folder / words[words.index("--abstract-file") + 1]).write_text(
            "How Kazakhstan balances its partners.\n", encoding="utf-8")
    if words[1] != "import":
        return
    name = words[2]
    made = {"talks.ics": "kaznu.ics", "schedule-v2.json": "schedule.json"}
    if name in made and not (folder / name).exists():
        shutil.copyfile(folder / made[name], folder / name)
    if name == "talks.csv" and not (folder / name).exists():
        (folder / name).write_text(run("export", "kaznu-2016", "--format", "csv").stdout, encoding="utf-8")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (git-setup needs a repository)")
def test_every_readme_command_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    failed = []
    for words in readme_commands():
        _prepare(words, tmp_path)
        r = run(*words[1:], input="")
        expected = NOT_ZERO.get(" ".join(words), 0)
        if r.exit_code != expected:
            failed.append(f"{shlex.join(words)} -> exit {r.exit_code}: {r.stderr.strip()[:200]}")
    assert failed == []
