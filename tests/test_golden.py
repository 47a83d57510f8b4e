"""What a user of the shipped KazNU record reads, whole: each view compared
with the file in tests/golden/ that holds it exactly (80 columns, no colour).

A change that alters a view on purpose rewrites these with
``CONFREC_GOLDEN=write pytest tests/test_golden.py``; the diff is then read
in review like any other change of behaviour.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ok

GOLDEN = Path(__file__).parent / "golden"

VIEWS = {
    "report.txt": ["report"],
    "talk-list.txt": ["talk", "list"],
    "speaker-list.txt": ["speaker", "list"],
    "event-show.txt": ["event", "show"],
    "talk-show-2.txt": ["talk", "show", "2"],
    "schedule.txt": ["schedule"],
    "stats.txt": ["stats"],
    "export.md": ["export", "-f", "md"],
    "export-ru.md": ["export", "-f", "md", "--lang", "ru"],
    "export.bib": ["export", "-f", "bibtex"],
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_the_shipped_record_reads_as_it_always_has(kaznu, name):
    out = ok(*VIEWS[name]).stdout
    path = GOLDEN / name
    if os.environ.get("CONFREC_GOLDEN") == "write":
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
