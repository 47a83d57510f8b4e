"""The storage seam: ids, file format, safety and the errors for bad files.

Like tinydb's own conftest, the record-level tests run against a store that
lives only in memory and against one written to and re-read from a file.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import ok
from hypothesis import given
from hypothesis import strategies as st

from confrec.errors import Ambiguous, Conflict, DatabaseError, NotFound
from confrec.record.models import Event, Speaker, Talk
from confrec.record.store import SCHEMA_VERSION, Store, _new_data, dump_text, open_store, undo
from confrec.record.tables import Tables


class FileBacked:
    """Each ``write()`` block is one command: lock, read, change, write."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self):
        return open_store(self.path, write=True, action="test")

    def read(self):
        return open_store(self.path)


class InMemory:
    def __init__(self) -> None:
        self.store = Store(Path("memory"), Tables.decoded(_new_data()))

    def write(self):
        import contextlib

        return contextlib.nullcontext(self.store)

    read = write


@pytest.fixture(params=["memory", "file"])
def backend(request, tmp_path):
    return InMemory() if request.param == "memory" else FileBacked(tmp_path / "db.json")


def seed(backend):
    with backend.write() as s:
        s.add_event(Event(slug="ev", name="Ev", start="2024-01-01"))
        for name in ("Fatima Kukeeva", "Fatma Kükeeva-Ali", "Karl Baizakov"):
            s.add_speaker(Speaker(name=name))
        s.add_talk(Talk(event="ev", title="T1", speakers=[1, 3]))


def test_ids_are_never_reused(backend):
    seed(backend)
    with backend.write() as s:
        s.remove_speaker(s.speaker_by_id(2))
    with backend.write() as s:
        assert s.add_speaker(Speaker(name="New")).id == 4
        t2 = s.add_talk(Talk(event="ev", title="T2"))
        s.remove_talk(t2)
    with backend.write() as s:
        assert s.add_talk(Talk(event="ev", title="T3")).id == 3
    with backend.read() as s:
        assert [sp.id for sp in s.speakers()] == [1, 3, 4]


def test_speaker_lookup(backend):
    seed(backend)
    with backend.read() as s:
        assert s.speaker("baizak").id == 3
        assert s.speaker("KUKEEVA-ali").id == 2  # accents and case do not matter
        assert s.speaker("3").name == "Karl Baizakov"
        with pytest.raises(Ambiguous) as e:
            s.speaker("kukeeva")
        assert str(e.value) == (
            "'kukeeva' matches 2 speakers (1 Fatima Kukeeva; 2 Fatma Kükeeva-Ali): give the id"
        )
        with pytest.raises(NotFound, match="no speaker matches 'Smith'"):
            s.speaker("Smith")
        with pytest.raises(NotFound, match="no speaker with id 9"):
            s.speaker("9")


def test_exact_name_wins_over_longer_matches(backend):
    with backend.write() as s:
        s.add_speaker(Speaker(name="Anna Berg"))
        s.add_speaker(Speaker(name="Anna Bergström"))
    with backend.read() as s:
        assert s.speaker("anna berg").id == 1


def test_referenced_speaker_and_event_are_protected(backend):
    seed(backend)
    with backend.write() as s:
        with pytest.raises(Conflict) as e:
            s.remove_speaker(s.speaker_by_id(1))
        assert str(e.value) == (
            "speaker 1 (Fatima Kukeeva) is named on 1 talk(s) (1): "
            "take them off first or use --force"
        )
        with pytest.raises(Conflict, match="event ev still has 1 talk"):
            s.remove_event(s.event("ev"))
        s.remove_speaker(s.speaker_by_id(1), force=True)
    with backend.read() as s:
        assert s.talk(1).speakers == [3]


def test_slug_rename_carries_talks(backend):
    seed(backend)
    with backend.write() as s:
        old = s.event("ev")
        import dataclasses

        s.update_event(dataclasses.replace(old, slug="ev-2024"), old_slug="ev")
        with pytest.raises(Conflict, match="already exists"):
            s.add_event(Event(slug="ev-2024", name="Again", start="2024-01-01"))
    with backend.read() as s:
        assert s.talk(1).event == "ev-2024"
        assert s.event("1").slug == "ev-2024"


def test_talk_refs_checked(backend):
    seed(backend)
    with backend.write() as s:
        with pytest.raises(NotFound, match="no event 'nope'"):
            s.add_talk(Talk(event="nope", title="x"))
        with pytest.raises(NotFound, match="no speaker with id 42"):
            s.add_talk(Talk(event="ev", title="x", speakers=[42]))


# -- the file itself --

def test_file_is_utf8_sorted_and_private(tmp_path):
    path = tmp_path / "new" / "db.json"
    with open_store(path, write=True) as s:
        s.add_speaker(Speaker(name="Жакенов Ä 日本"))
    text = path.read_text(encoding="utf-8")
    assert "Жакенов Ä 日本" in text  # stored as-is, not \u escapes
    assert text == dump_text(json.loads(text))  # sorted, indented: diff-friendly
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert json.loads(text)["meta"]["1"]["schema"] == SCHEMA_VERSION


def test_existing_mode_is_kept(tmp_path):
    path = tmp_path / "db.json"
    with open_store(path, write=True) as s:
        s.add_speaker(Speaker(name="A"))
    path.chmod(0o640)
    with open_store(path, write=True) as s:
        s.add_speaker(Speaker(name="B"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_error_inside_a_command_writes_nothing(tmp_path):
    path = tmp_path / "db.json"
    with open_store(path, write=True) as s:
        s.add_speaker(Speaker(name="A"))
    before = path.read_bytes()
    with pytest.raises(RuntimeError), open_store(path, write=True) as s:
        s.add_speaker(Speaker(name="B"))
        raise RuntimeError("boom")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_reading_a_missing_file_creates_nothing(tmp_path):
    path = tmp_path / "none.json"
    with open_store(path) as s:
        assert s.events() == []
    assert not path.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "{p} is empty, not a confrec database"),
        (b'{"meta": {"1": {"schema": 1', "{p} is not valid JSON (line 1, column 28): truncated or damaged; 'confrec undo' may restore the previous version"),
        (b"[1, 2]", "{p} is JSON but not a confrec database"),
        (b'{"users": {}}', "{p} is JSON but not a confrec database"),
        (b'{"meta": {"1": {}}}', "{p} is JSON but not a confrec database (no schema version)"),
        (b'{"meta": {"1": {"schema": 99}}}', "{p} was written by a newer confrec (schema 99; this version reads up to 2): upgrade confrec"),
        (b"\xff\xfe{}", "{p} is not UTF-8 text, not a confrec database"),
        (b'{"meta": {"1": {"schema": 1}}, "talks": {"1": {"title": 5, "event": "e-1"}}}',
         "{p}: talk 1 is damaged: title is not text"),
        (b'{"meta": {"1": {"schema": 1}}, "talks": {"1": {"title": "x", "event": "e-1", "start": "noon"}}}',
         "{p}: talk 1 is damaged: start 'noon' is not a date"),
    ],
)
def test_bad_files_are_refused_and_left_alone(tmp_path, content, message):
    path = tmp_path / "db.json"
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as e, open_store(path, write=True) as s:
        s.add_speaker(Speaker(name="A"))
        s.talks()
    assert str(e.value) == message.format(p=path)
    assert path.read_bytes() == content


def test_folder_and_symlinks(tmp_path):
    folder = tmp_path / "dir.json"
    folder.mkdir()
    with pytest.raises(DatabaseError, match="is a folder, not a confrec database file"), open_store(folder):
        pass
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "missing" / "x.json")
    with pytest.raises(DatabaseError, match="is a symbolic link to a missing file"), \
            open_store(dangling, write=True):
        pass
    # A link to a real file is followed: the target changes, the link stays a link.
    real = tmp_path / "real.json"
    with open_store(real, write=True) as s:
        s.add_speaker(Speaker(name="A"))
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with open_store(link, write=True) as s:
        s.add_speaker(Speaker(name="B"))
    assert link.is_symlink()
    with open_store(real) as s:
        assert [x.name for x in s.speakers()] == ["A", "B"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path):
    path = tmp_path / "db.json"
    with open_store(path, write=True) as s:
        s.add_speaker(Speaker(name="A"))
    path.chmod(0)
    with pytest.raises(DatabaseError, match="permission denied"), open_store(path):
        pass


def test_undo_restores_the_previous_version_once(tmp_path):
    path = tmp_path / "db.json"
    with open_store(path, write=True, action="speaker add A") as s:
        s.add_speaker(Speaker(name="A"))
    before = path.read_bytes()
    with open_store(path, write=True, action="speaker remove 1") as s:
        s.remove_speaker(s.speaker_by_id(1))
    assert undo(path) == "speaker remove 1"
    assert path.read_bytes() == before
    with pytest.raises(NotFound, match="nothing to undo"):
        undo(path)


def test_write_after_a_kill_between_keep_and_replace(tmp_path):
    """An older confrec killed after linking PATH.prev to PATH, before its
    replace, left them one file; the next write must not leave its link."""
    import os

    path = tmp_path / "db.json"
    with open_store(path, write=True) as s:
        s.add_speaker(Speaker(name="A"))
    os.link(path, tmp_path / "db.json.prev.tmp")
    os.replace(tmp_path / "db.json.prev.tmp", tmp_path / "db.json.prev")  # the killed write got this far
    with open_store(path, write=True) as s:
        s.add_speaker(Speaker(name="B"))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("db")) == ["db.json", "db.json.lock", "db.json.prev"]
    with open_store(tmp_path / "db.json.prev") as s:
        assert [x.name for x in s.speakers()] == ["A"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1)
    | st.text(st.characters(blacklist_categories=("Cs",))),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(json_values, st.booleans())
def test_fast_json_writes_the_same_bytes_as_the_standard_library(value, sort_keys):
    """orjson writes the file; the standard library's output is the reference."""
    from confrec.record.jsoncodec import plain_bytes, pretty_bytes

    expected = (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys) + "\n").encode("utf-8")
    assert plain_bytes(value, sort_keys=sort_keys) == expected
    # what confrec writes is that, with the characters that steer terminals escaped: the same value
    assert json.loads(pretty_bytes(value, sort_keys=sort_keys)) == value


def test_names_index_is_used_only_while_current(tmp_path):
    from confrec.record.store import completion_names, names_path

    path = tmp_path / "db.json"
    with open_store(path, write=True) as s:
        s.add_event(Event(slug="ev", name="Ev", start="2024-01-01"))
        s.add_speaker(Speaker(name="Ana Müller"))
    assert stat.S_IMODE(names_path(path).stat().st_mode) == 0o600
    # a cache, in the user's cache folder: nothing beside the record for git to carry
    assert names_path(path).is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("db")) == ["db.json", "db.json.lock"]
    assert completion_names(path) == (["ev"], ["Ana Müller"])
    # plant a different index with the current stamp: it is believed...
    index = json.loads(names_path(path).read_text(encoding="utf-8"))
    index["speakers"] = ["From the index"]
    names_path(path).write_text(json.dumps(index), encoding="utf-8")
    assert completion_names(path) == (["ev"], ["From the index"])
    # ...until the database changes behind confrec's back: then it is not
    data = json.loads(path.read_text(encoding="utf-8"))
    data["speakers"]["1"]["name"] = "Edited by hand"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert completion_names(path) == (["ev"], ["Edited by hand"])
    names_path(path).write_text("not json", encoding="utf-8")
    assert completion_names(path) == (["ev"], ["Edited by hand"])


def test_a_version_1_file_opens_and_is_upgraded_on_its_first_write(db):
    """The record as the first release wrote it (tests/fixtures/kaznu-2016-v1.json)."""
    v1 = (Path(__file__).parent / "fixtures" / "kaznu-2016-v1.json").read_bytes()
    db.write_bytes(v1)
    talks = json.loads(ok("talk", "list", "--json").stdout)
    assert [t["title"][:20] for t in talks][:2] == ["The role of Kazakhst", "Multi-vector policy "]
    assert talks[0]["subtitle"] is None and talks[0]["links"] == []  # new fields read as their defaults
    assert db.read_bytes() == v1  # reading changes nothing
    ok("speaker", "edit", "Kukeeva", "--affiliation", "Al-Farabi KazNU")
    assert json.loads(db.read_text(encoding="utf-8"))["meta"]["1"]["schema"] == 2
    assert (db.parent / (db.name + ".prev")).read_bytes() == v1  # the version-1 bytes are kept
    ok("undo", "--yes")
    assert db.read_bytes() == v1


def test_reading_a_record_does_not_run_the_field_validators(kaznu, monkeypatch):
    """Records were checked when written: reading them back only checks their shape."""
    from confrec.record import models

    calls = []
    for name in ("text", "parse_slug", "parse_datetime", "parse_date", "parse_email", "parse_url"):
        real = getattr(models, name)
        monkeypatch.setattr(models, name, lambda *a, _real=real, _n=name, **k: calls.append(_n) or _real(*a, **k))
    with open_store(kaznu) as s:
        talks, speakers, events = s.talks(), s.speakers(), s.events()
    assert (len(talks), len(speakers), len(events)) == (6, 6, 1)
    assert calls == []
    Speaker(name="Ana")  # while writing them does
    assert "text" in calls
