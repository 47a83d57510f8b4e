"""The record's tables, decoded when first used (confrec/record/tables.py).

A write copies the tables a command never read as the bytes it read them as:
these tests hold that the file written is still exactly the whole record as
confrec writes it, that nothing damaged is copied as if it were sound, and
that a command which needs few tables does not decode the others.
"""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import pytest
from conftest import fails, ok
from hypothesis import given, settings
from hypothesis import strategies as st
from test_store import json_values

from confrec.record import tables as tables_module
from confrec.record.models import Event, Speaker, Talk
from confrec.record.store import _open_tables, dump_bytes, dump_text, open_store

TABLES = ["events", "speakers", "talks", "sessions", "refs"]
documents = st.dictionaries(st.text(max_size=6), json_values, max_size=4)
ids = st.integers(1, 10**6).map(str)
tables = st.dictionaries(ids, documents, max_size=4)
refs = st.dictionaries(ids, st.fixed_dictionaries({"key": st.text(max_size=8), "id": st.integers(1, 99)}), max_size=4)
records = st.fixed_dictionaries(
    {"meta": st.just({"1": {"schema": 2, "next_id": {}}})},
    optional={name: refs if name == "refs" else tables for name in TABLES},
)


def _tables(tmp_path: Path, content: bytes):  # type: ignore[no-untyped-def]
    path = tmp_path / "r.json"
    path.write_bytes(content)
    return _open_tables(path)


@settings(max_examples=60)
@given(records, st.sets(st.sampled_from(TABLES)), st.booleans())
def test_a_write_is_the_whole_record_as_confrec_writes_it(tmp_path_factory, data, read, minified):
    """Whichever tables a command decoded, the file it writes is the whole
    record sorted and indented, its terminal-steering characters escaped; a
    file laid out otherwise (minified, as another tool writes JSON) is laid
    out anew."""
    content = json.dumps(data, ensure_ascii=False).encode() if minified else dump_bytes(data)
    t = _tables(tmp_path_factory.mktemp("t"), content)
    for name in read:
        t.get(name)
    assert b"".join(t.dump()) == dump_bytes(data)
    assert b"".join(t.dump(as_written=True)) == dump_bytes(data)  # (what a file confrec wrote is spared)
    with mock.patch.object(tables_module, "_CHUNK", 2):  # a big table is dumped a thousand documents at a time
        assert b"".join(t.dump()) == dump_bytes(data)
    assert t.whole() == data


def _big_record(tmp_path: Path) -> Path:
    path = tmp_path / "big.json"
    with open_store(path, write=True) as s:
        s.add_event(Event(slug="ev", name="Ev", start="2024-05-06", end="2024-05-07"))
        s.add_speakers([Speaker(name=f"Speaker {i}") for i in range(5)])
        s.add_talks([Talk(event="ev", title=f"Talk «{i}»", abstract="Текст " * 20, speakers=[1 + i % 5])
                     for i in range(40)])
        s.set_refs({f"talk:ev|{i}": i for i in range(1, 41)})
    return path


def test_speaker_add_decodes_only_the_speakers_and_copies_the_rest_exactly(tmp_path):
    path = _big_record(tmp_path)
    before = json.loads(path.read_text(encoding="utf-8"))
    assert before["talks"] and before["refs"]
    with open_store(path, write=True) as s:
        s.add_speaker(Speaker(name="Ana Müller"))
        assert s._storage.data.pending() == ["events", "refs", "talks"]
    after = json.loads(path.read_text(encoding="utf-8"))
    assert after["talks"] == before["talks"] and after["refs"] == before["refs"]
    assert [sp["name"] for sp in after["speakers"].values()][-1] == "Ana Müller"
    assert path.read_text(encoding="utf-8") == dump_text(after)


@pytest.mark.parametrize("decoded_first", [False, True])
def test_an_id_a_talk_still_names_is_not_given_again(tmp_path, decoded_first):
    """A hand-edited file whose counter is behind: the talks name speaker 7,
    which is gone. The new speaker gets 8, read from the talks' speakers alone
    when the command has not decoded the talks, from the talks when it has."""
    path = tmp_path / "r.json"
    path.write_bytes(dump_bytes({
        "meta": {"1": {"schema": 2, "next_id": {"speakers": 1}}},
        "talks": {"1": {"title": "T", "event": "e", "speakers": [7], "abstract": "x" * 100},
                  "2": {"title": "U", "event": "e", "speakers": [], "abstract": None}},
    }))
    with open_store(path, write=True) as s:
        if decoded_first:
            assert [t.title for t in s.talks()] == ["T", "U"]
        assert s.add_speaker(Speaker(name="Ana")).id == 8
        assert s._storage.data.pending() == ([] if decoded_first else ["talks"])


def test_a_lone_surrogate_in_the_record_is_one_line_naming_where(db):
    """msgspec refuses the whole file; orjson, asked for the place, refuses it too."""
    db.write_bytes(b'{\n  "meta": {"1": {"schema": 2}},\n  "talks": {"1": {"title": "\\ud800"}}\n}\n')
    for cmd in (["talk", "list"], ["speaker", "add", "X"], ["event", "list"]):
        fails(*cmd, db=db, error=f"{db} is not valid JSON (line 3, column 29): truncated or damaged; "
                                  "'confrec undo' may restore the previous version")


def test_a_table_that_is_not_utf8_is_refused_by_a_write_that_does_not_read_it(db):
    """msgspec skips a table's text without checking its UTF-8: the write
    checks it before it copies the table. A record in Cyrillic is UTF-8, and
    passes."""
    good = dump_bytes({"meta": {"1": {"schema": 2}}, "talks": {"1": {"title": "Көпвекторлы саясат", "event": "e"}}})
    db.write_bytes(good)
    ok("speaker", "add", "Кукеева Ф.Т.")
    assert json.loads(db.read_text(encoding="utf-8"))["talks"]["1"]["title"] == "Көпвекторлы саясат"
    db.write_bytes(good.replace("саясат".encode(), b"\xff\xfe"))
    for cmd in (["speaker", "add", "X"], ["talk", "list"]):
        fails(*cmd, db=db, error=f"{db} is not UTF-8 text, not a confrec database")


def test_a_number_no_float_holds_in_a_table_names_its_line(db):
    db.write_bytes(b'{\n  "meta": {"1": {"schema": 2}},\n  "talks": {"1": {"duration": 1e999}}\n}\n')
    fails("talk", "list", db=db, error=f"{db} is not valid JSON (line 3, column 31): truncated or damaged; "
                                       "'confrec undo' may restore the previous version")


def test_a_file_as_confrec_wrote_it_is_not_checked_again_and_one_changed_since_is(db, monkeypatch):
    """The names index keeps the file's stamp after each write: while it is
    still the file's, a write copies the undecoded tables unchecked and takes
    its counters as past every id the talks name. A change behind confrec's
    back (here the same bytes written again) makes it check both."""
    from confrec.record.tables import Tables

    looked = []
    for name in ("fields", "verify"):
        real = getattr(Tables, name)
        monkeypatch.setattr(Tables, name, lambda self, *a, _real=real, _n=name: looked.append(_n) or _real(self, *a))
    ok("event", "add", "Ev", "--start", "2024-05-06")
    ok("speaker", "add", "Ana")
    ok("talk", "add", "T", "--speaker", "Ana", "--abstract", "A")
    looked.clear()
    ok("speaker", "add", "Bob")
    assert looked == []
    db.write_bytes(db.read_bytes())
    ok("speaker", "add", "Cem")
    assert looked == ["fields", "fields", "verify"]  # the ids the talks and the sessions name; the tables
    assert [s["name"] for s in json.loads(ok("speaker", "list", "--json").stdout)] == ["Ana", "Bob", "Cem"]


def test_a_write_to_a_file_not_as_confrec_wrote_it_moves_the_counters_past_every_named_id(db):
    """A talk names speaker 7 and session 9, which are gone, and the counters
    are behind them. Any write, here one that adds an event, puts them past."""
    db.write_bytes(dump_bytes({
        "meta": {"1": {"schema": 2, "next_id": {"events": 1, "speakers": 1, "sessions": 1, "talks": 2}}},
        "talks": {"1": {"title": "T", "event": "e", "speakers": [7, 2], "session": 9}},
        "sessions": {},
    }))
    ok("event", "add", "Ev", "--start", "2024-05-06")
    counters = json.loads(db.read_text(encoding="utf-8"))["meta"]["1"]["next_id"]
    assert counters == {"events": 2, "speakers": 8, "sessions": 10, "talks": 2}


def test_a_record_another_tool_wrote_minified_is_laid_out_anew_by_a_write_and_keeps_everything(db, tmp_path):
    _big_record(tmp_path)
    data = json.loads((tmp_path / "big.json").read_text(encoding="utf-8"))
    db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # one line, as json.dump writes
    ok("speaker", "add", "Ana Müller")
    after = json.loads(db.read_text(encoding="utf-8"))
    assert db.read_text(encoding="utf-8") == dump_text(after)  # sorted and indented again
    assert {k: v for k, v in after.items() if k not in ("meta", "speakers")} == \
        {k: v for k, v in data.items() if k not in ("meta", "speakers")}
    assert after["speakers"] == {**data["speakers"], "6": {**after["speakers"]["6"], "name": "Ana Müller"}}
