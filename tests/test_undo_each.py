"""Every command that changes the record can be undone: undo names the change
it takes back and puts every record back as it was (only the id counters
stay ahead, so an id handed out is never handed out again)."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, fails, ok

SHEET = str(ROOT / "tests" / "fixtures" / "spreadsheet.csv")

# (the command, what undo says it undoes)
CHANGES = [
    (["event", "add", "Winter school", "--slug", "ws-2017", "--start", "2017-01-30"], "event add ws-2017"),
    (["event", "edit", "--city", "Astana"], "event edit kaznu-2016"),
    (["event", "translate", "kk", "--name", "Көпвекторлы саясат"], "event translate kaznu-2016 kk"),
    (["event", "remove", "kaznu-2016", "--yes", "--force"], "event remove kaznu-2016"),
    (["speaker", "add", "Ana Berg", "--country", "Sweden"], "speaker add Ana Berg"),
    (["speaker", "edit", "Kukeeva", "--affiliation", "KazNU"], "speaker edit 2 F.T. Kukeeva"),
    (["speaker", "remove", "Kukeeva", "--yes", "--force"], "speaker remove 2 F.T. Kukeeva"),
    (["speaker", "merge", "Kukeeva", "6", "--yes"], "speaker merge 6 K.I. Baizakova into 2 F.T. Kukeeva"),
    (["talk", "add", "Closing words", "-s", "Kukeeva", "--start", "17:00"], "talk add Closing words"),
    (["talk", "edit", "2", "--start", "10.30", "--duration", "20", "--room", "301"],
     "talk edit 2 Multi-vector policy as a diplomatic style: the evolution of its conceptual framework"),
    (["talk", "translate", "2", "ru", "--title", "Многовекторная политика"], "talk translate 2 ru"),
    (["talk", "remove", "5", "--yes"], "talk remove 5 Debatable issues on the future of the multi-vector policy"),
    (["session", "add", "Plenary", "--start", "10:00", "--end", "12:00"], "session add Plenary"),
    (["import", SHEET], "import spreadsheet.csv"),
]


def tables(path) -> dict:
    """The records, without the id counters (which undo leaves ahead on purpose)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data.pop("meta")["1"]
    return {"tables": data, "conflicts": meta.get("conflicts")}


@pytest.mark.parametrize("command, said", CHANGES, ids=[" ".join(c[:2]) for c, _ in CHANGES])
def test_each_change_is_undone_whole(kaznu, command, said):
    before = tables(kaznu)
    ok(*command)
    assert tables(kaznu) != before  # (the command did change something)
    r = ok("undo", "--yes")
    assert r.stderr == f"Undone: {said}\n"
    assert tables(kaznu) == before
    # and only once: the version before that is not kept
    fails("undo", "--yes", db=kaznu, error=f"nothing to undo: no previous version of {kaznu} is kept")


def test_session_changes_are_undone_whole(kaznu):
    ok("session", "add", "Plenary", "--start", "10:00", "--end", "12:00")
    ok("talk", "edit", "2", "--session", "Plenary")
    for command, said in (
        (["session", "edit", "1", "--room", "301", "--chair", "Kukeeva"], "session edit 1 Plenary"),
        (["session", "translate", "1", "kk", "--title", "Пленарлық отырыс"], "session translate 1 kk"),
        (["session", "remove", "1", "--yes", "--force"], "session remove 1 Plenary"),
    ):
        before = tables(kaznu)
        ok(*command)
        assert ok("undo", "--yes").stderr == f"Undone: {said}\n"
        assert tables(kaznu) == before, said


def test_an_id_handed_out_by_an_undone_change_is_not_handed_out_again(kaznu):
    first = json.loads(ok("speaker", "add", "Ana Berg", "--json").stdout)["id"]
    ok("undo", "--yes")
    again = json.loads(ok("speaker", "add", "Ana Berg", "--json").stdout)["id"]
    assert again == first + 1  # a script that kept the first id cannot reach the wrong speaker
