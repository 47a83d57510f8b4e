"""One person entered twice, merged: what `check` finds (a program typed
with initials, a registration form with the names in full) and how
`speaker merge` puts it right in one step that undo takes back."""

from __future__ import annotations

import json

import pytest
from conftest import fails, ok, run


def stored(db) -> dict:
    return json.loads(db.read_text(encoding="utf-8"))


@pytest.fixture
def twice(db):
    """Kukeeva typed with initials (1) and in full from a form (2), with a co-author (3)."""
    ok("event", "add", "E", "--slug", "e", "--start", "2024-05-06")
    ok("speaker", "add", "Ф.Т. Кукеева", "--country", "Kazakhstan")
    ok("speaker", "add", "Фарида Тураровна Кукеева", "--position", "декан", "--email", "f@kaznu.kz",
       "--country", "KZ")
    ok("speaker", "add", "Ana Berg")
    ok("talk", "add", "One", "-s", "1", "-s", "3")
    ok("talk", "add", "Two", "-s", "2", "-s", "1")  # both on one talk: once after the merge
    ok("talk", "add", "Three", "-s", "3", "-s", "2")  # in the merged one's place
    ok("session", "add", "Plenary", "--chair", "2")
    return db


def test_merging_moves_talks_and_chairs_fills_details_and_undo_takes_it_back(twice):
    before = twice.read_bytes()
    r = ok("speaker", "merge", "1", "Фарида", "--yes")
    assert r.stdout == ""
    assert r.stderr == ("Merged speaker 2 (Фарида Тураровна Кукеева) into speaker 1: Ф.Т. Кукеева (2 talk(s); "
                        "1 chaired session(s); took email, position)\n")
    data = stored(twice)
    assert sorted(data["speakers"]) == ["1", "3"]
    assert {k: data["speakers"]["1"].get(k) for k in ("name", "country", "position", "email")} == {
        "name": "Ф.Т. Кукеева", "country": "Kazakhstan", "position": "декан", "email": "f@kaznu.kz"}
    assert [data["talks"][i]["speakers"] for i in ("1", "2", "3")] == [[1, 3], [1], [3, 1]]
    assert data["sessions"]["1"]["chairs"] == [1]
    assert not [f for f in json.loads(run("check", "--json").stdout) if f["code"] == "same-initials"]
    r = ok("undo", "--yes")
    assert r.stderr == "Undone: speaker merge 2 Фарида Тураровна Кукеева into 1 Ф.Т. Кукеева\n"
    assert twice.read_bytes() == before


def test_check_names_the_merge_to_run(twice):
    (found,) = [f for f in json.loads(run("check", "--json").stdout) if f["code"] == "same-initials"]
    assert found["message"].endswith("if so, merge them with 'confrec speaker merge 1 2'")
    ok("speaker", "merge", "1", "2", "--yes")


def test_the_question_says_what_will_change_and_no_leaves_the_file(twice):
    before = twice.read_bytes()
    r = run("speaker", "merge", "1", "2", input="n\n")
    assert r.exit_code == 1
    assert r.stderr == ("Merge speaker 2 (Фарида Тураровна Кукеева) into speaker 1 (Ф.Т. Кукеева), moving 2 "
                        "talk(s): 2 'Two'; 3 'Three' and 1 chaired session(s): 1 'Plenary', taking email "
                        "'f@kaznu.kz', position 'декан', and remove the other? [y/N]:\nAborted!\n")
    assert twice.read_bytes() == before


def test_several_at_once_with_json(twice):
    r = ok("speaker", "merge", "3", "1", "2", "--yes", "--json")
    kept = json.loads(r.stdout)
    assert (kept["id"], kept["name"], kept["country"], kept["email"]) == (3, "Ana Berg", "Kazakhstan", "f@kaznu.kz")
    data = stored(twice)
    assert list(data["speakers"]) == ["3"]
    assert [data["talks"][i]["speakers"] for i in ("1", "2", "3")] == [[3], [3], [3]]


@pytest.mark.parametrize(("args", "error"), [
    (["1", "1"], "name each speaker once: the one to keep, then the ones merged into them"),
    (["1", "2", "2"], "name each speaker once: the one to keep, then the ones merged into them"),
    (["1", "9"], "no speaker with id 9"),
    (["1"], None),  # (no one to merge: a usage error)
])
def test_a_merge_that_cannot_be_is_refused_and_changes_nothing(twice, args, error):
    if error is None:
        before = twice.read_bytes()
        r = run("speaker", "merge", *args, "--yes")
        assert r.exit_code == 2 and "Missing argument 'OTHER...'" in r.stderr
        assert twice.read_bytes() == before
    else:
        fails("speaker", "merge", *args, "--yes", error=error, db=twice)


def test_a_role_on_a_talk_goes_with_the_person(twice):
    data = stored(twice)
    data["talks"]["3"]["roles"] = {"2": "moderator"}
    twice.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ok("speaker", "merge", "1", "2", "--yes")
    assert stored(twice)["talks"]["3"]["roles"] == {"1": "moderator"}


def test_an_import_finds_the_kept_speaker_again(db, tmp_path):
    """The form imported, merged into the speaker typed by hand, imported
    again: the import's memory of the person points at the one kept."""
    ok("event", "add", "E", "--slug", "e", "--start", "2016-10-21")
    ok("speaker", "add", "D. Ray")
    sheet = tmp_path / "form.csv"
    sheet.write_text("Title,Speakers,Date,Time\nOpening,Dana Ray,2016-10-21,10:00\n", encoding="utf-8")
    ok("import", str(sheet))
    ok("speaker", "merge", "D. Ray", "Dana", "--yes")
    r = ok("import", str(sheet))
    assert r.stdout.splitlines()[-2:] == ["  speakers: 0 new, 1 reused", "  talks:    0 new, 0 updated, 1 unchanged"]
    assert [s["name"] for s in json.loads(ok("speaker", "list", "--json").stdout)] == ["D. Ray"]
