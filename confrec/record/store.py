"""The one module that knows TinyDB: open, read, write, lock, ids, schema.

A command opens the store once. The whole file is read once into memory (each
table decoded when the command first uses it: ``tables.py``), the command works
on it through TinyDB, and (for writing commands) the result is written once at
the end: to a temp file in the same folder, fsynced, then
``os.replace``d over the old file, so a crash leaves either the old or the new
file, never half of one. A sidecar lock file is held across the whole
read-modify-write, so concurrent commands queue instead of losing each other's
changes. The version before each write is kept as ``PATH.prev`` (see
``fileio``: a kill at any moment leaves it exactly one write behind), which
is what ``undo`` restores.

Where this goes around TinyDB, on purpose (figures: 10,000 talks, this machine):

- The file is not a TinyDB ``Storage``. TinyDB writes its storage after every
  table operation; confrec's unit is the command: the lock must span the
  read, every change and the one write, the write must be atomic and keep
  ``PATH.prev``, and a failed command must write nothing. ``_MemoryStorage``
  is TinyDB's storage for the command, and ``open_store`` does the file's
  part once, at the end (an import of 10,000 talks: one 15 MB write, not
  thousands).
- Reads build records from the storage's dict, not from ``Table.all()``,
  which copies every row into a Document first: 39-72 ms against 15 ms, on
  every command that lists or exports.
- New records go straight into the table TinyDB reads (``_put``), not
  through ``insert_multiple``, which copies each document and rebuilds the
  table twice: 8 MB more at the peak of an import of 10,000 talks.
- ``_replace_many`` and ``set_refs`` hand TinyDB's ``update`` the new
  contents in the order of the doc_ids given, which is the order TinyDB
  applies them in; one ``update`` call per record would rebuild the table
  each time (quadratic).
- ``merge_files`` works on the parsed files (``record/merge.py``), below any
  store: a merge has three records and none of them is open.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import msgspec
import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from confrec.errors import Ambiguous, Conflict, DatabaseError, InvalidValue, NotFound
from confrec.record.fileio import fsync_dir, make_folders, prev_path, read_given, recover, write_atomically
from confrec.record.jsoncodec import pretty_bytes
from confrec.record.models import RECORD_TYPES, Event, Record, Session, Speaker, Talk
from confrec.record.tables import DECODE_ERRORS, TOP, Tables, gc_paused, table_problem
from confrec.suggest import closest, did_you_mean
from confrec.textutil import search_finds, search_keys

if TYPE_CHECKING:
    from confrec.record.merge import Merged

# 1: the first release. 2: talks keep what their source said (subtitle,
# description, links, guid, the type's own name, roles), events their day
# change, fixed-offset zones. A version-1 file reads as is (the new fields
# take their defaults) and is written back as version 2 on its first change.
SCHEMA_VERSION = 2
META_TABLE = "meta"
# Tables a confrec file may hold; anything else means it is not ours.
KNOWN_TABLES = {META_TABLE, "events", "speakers", "talks", "sessions", "refs"}
LOCK_TIMEOUT = 15.0
R = TypeVar("R", bound=Record)
TABLE_OF: dict[type[Record], str] = {cls: table for table, cls in RECORD_TYPES.items()}
# The fields that name other records' ids: table -> (field, the table it names).
_NAMED_BY = {"talks": (("speakers", "speakers"), ("session", "sessions")), "sessions": (("chairs", "speakers"),)}


def default_path() -> Path:
    """``$CONFREC_DB``, else the platform's user data dir (honours XDG_DATA_HOME)."""
    env = os.environ.get("CONFREC_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("confrec", appauthor=False) / "confrec.json"


def dump_bytes(data: dict[str, Any]) -> bytes:
    """The file's content: UTF-8 as-is, sorted keys, indented, so it diffs well in git."""
    return pretty_bytes(data, sort_keys=True)


def dump_text(data: dict[str, Any]) -> str:
    return dump_bytes(data).decode("utf-8")


class _MemoryStorage(Storage):
    """TinyDB storage over the tables read at open; writes only mark it changed."""

    def __init__(self, data: Tables) -> None:
        self.data = data
        self.changed = False

    def read(self) -> Tables:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        assert data is self.data  # (TinyDB hands back what read() gave it)
        self.changed = True


def _read(path: Path) -> bytes | None:
    """The file's bytes, None if it does not exist; DatabaseError if it cannot be read or is empty."""
    try:
        raw = read_given(path, error=DatabaseError, what="confrec database file", missing_ok=True, stdin=False)
    except FileNotFoundError:
        return None
    if not raw or raw.isspace():  # (strip() would copy the whole file)
        raise DatabaseError(f"{path} is empty, not a confrec database")
    return raw


def _decode_whole(path: Path, raw: bytes) -> Any:
    """The file decoded by orjson, or the error that says what is wrong with
    it: the reader of a file msgspec refused (its messages give no line)."""
    try:
        # deep nesting is an error here, not a RecursionError
        with gc_paused():
            return orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DatabaseError(f"{path} is not UTF-8 text, not a confrec database") from None
        raise DatabaseError(
            f"{path} is not valid JSON (line {e.lineno}, column {e.colno}): "
            + ("depth limit exceeded" if "depth" in e.msg else
               "truncated or damaged; 'confrec undo' may restore the previous version")
        ) from None


def _open_tables(path: Path) -> Tables | None:
    """The file's tables, each decoded when first used (``tables.py``); None
    if there is no file; DatabaseError if it is not a confrec record."""
    raw = _read(path)
    if raw is None:
        return None
    not_ours = DatabaseError(f"{path} is JSON but not a confrec database")

    def check(name: str, rows: Any) -> None:
        problem = table_problem(name, rows)
        if problem:
            raise DatabaseError(f"{path} is damaged: {problem}")

    def fail(name: str) -> dict[str, Any]:
        """A table the whole file's read let through but that cannot be decoded."""
        data = _decode_whole(path, read_given(path, error=DatabaseError))
        table = data.get(name) if isinstance(data, dict) else None
        if isinstance(table, dict):
            return table
        raise DatabaseError(f"{path} is damaged: its {name} cannot be read")

    try:
        with gc_paused():
            pieces = msgspec.json.decode(raw, type=TOP)
    except DECODE_ERRORS:
        data = _decode_whole(path, raw)
        del raw  # do not hold the bytes while the rest is checked: peak memory
        if not isinstance(data, dict) or not set(data) <= KNOWN_TABLES:
            raise not_ours from None
        if not all(isinstance(t, dict) for t in data.values()):
            raise not_ours from None
        tables = Tables.decoded(data)
    else:
        if not set(pieces) <= KNOWN_TABLES or not all(memoryview(p)[:1].tobytes() == b"{" for p in pieces.values()):
            raise not_ours
        tables = Tables(pieces, check=check, fail=fail, ascii=raw.isascii())
    if META_TABLE not in tables:
        raise not_ours
    meta = tables[META_TABLE].get("1")
    version = meta.get("schema") if isinstance(meta, dict) else None
    if type(version) is not int or version < 1:  # (True is an int to isinstance)
        raise DatabaseError(f"{path} is JSON but not a confrec database (no schema version)")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer confrec (schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}): upgrade confrec"
        )
    for name, rows in dict.items(tables):  # meta; every table when orjson read the file
        check(name, rows)
    return tables


def _load(path: Path) -> dict[str, Any] | None:
    """The whole file decoded, None if it does not exist; DatabaseError if it
    is not ours or any table is damaged (a merge, an undo: all of it counts)."""
    tables = _open_tables(path)
    return None if tables is None else tables.whole()


def _new_data() -> dict[str, Any]:
    return {
        META_TABLE: {
            "1": {"schema": SCHEMA_VERSION, "next_id": {t: 1 for t in RECORD_TYPES}}
        }
    }


def _remove_stale_temps(path: Path) -> None:
    """Temp files left by a killed command (we hold the lock, so none is live)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    from confrec.record.locking import LockTimeout, held

    lock_path = path.with_name(path.name + ".lock")
    make_folders(path.parent)
    lock = contextlib.ExitStack()
    try:
        lock.enter_context(held(lock_path, LOCK_TIMEOUT))
    except LockTimeout:
        raise DatabaseError(
            f"{path} is locked by another confrec command (waited {LOCK_TIMEOUT:.0f} s)"
        ) from None
    except OSError as e:
        raise DatabaseError(f"cannot lock {path}: {e.strerror or e}") from None
    with lock:
        recover(path)  # a write a kill interrupted is finished, or forgotten, first
        yield


def _resolve(path: Path) -> Path:
    """Follow a symlink so the link itself survives an atomic replace of its target."""
    path = Path(path).expanduser()
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():
            raise DatabaseError(f"{path} is a symbolic link to a missing file")
        return target
    return path


@contextlib.contextmanager
def open_store(path: Path | str, *, write: bool = False, action: str | None = None) -> Iterator[Store]:
    """Open the database for one command.

    With ``write=True`` the file is locked for the whole block and written once
    at the end if anything changed; an exception inside the block writes
    nothing. ``action`` is what ``undo`` will say it undoes.
    """
    given = Path(path).expanduser()
    path = _resolve(given)
    if not write:
        tables = _open_tables(path)
        yield Store(given, tables or Tables.decoded(_new_data()))
        return
    with _locked(path):
        tables = _open_tables(path)
        store = Store(given, tables or Tables.decoded(_new_data()))
        store.trusted = tables is not None and _as_last_written(path)  # (after the read: see there)
        store.action = action
        yield store
        if store.changed:
            if not store.trusted:
                store._counters_past_references()
            store._meta_set(schema=SCHEMA_VERSION, **({"last_change": store.action} if store.action else {}))
            _remove_stale_temps(path)
            write_atomically(path, store._storage.data.dump(as_written=store.trusted), keep_previous=True)
            _write_names(path, store._storage.data)


def merge_files(base: Path, ours: Path, theirs: Path) -> Merged:
    """Merge THEIRS into OURS, both descended from BASE (git's %O %A %B), and
    write the result over OURS in one atomic replace. A missing or empty BASE
    is an empty record (git passes one when both sides added the file).

    Nothing is written unless all three are confrec records and the merged
    record reads back whole. OURS as git passes it is a temporary file of its
    own: it gets no PATH.prev and no lock (they would be left in the working
    tree). A record confrec keeps (it has a PATH.prev) is written as a command
    writes it, so 'confrec undo' takes the merge back.
    """
    from confrec.record.merge import merge3

    def read(path: Path, may_be_empty: bool) -> dict[str, Any]:
        path = Path(path).expanduser()
        try:
            empty = path.stat().st_size == 0
        except FileNotFoundError:
            if may_be_empty:
                return _new_data()
            raise DatabaseError(f"{path} does not exist") from None
        except OSError as e:
            raise DatabaseError(f"cannot read {path}: {e.strerror or e}") from None
        if empty and may_be_empty:
            return _new_data()
        data = _load(path)
        if data is None:
            raise DatabaseError(f"{path} does not exist")
        Store(path, Tables.decoded(data)).read_all()  # a damaged record is named in the file it is in
        return data

    target = _resolve(Path(ours))
    # A record confrec keeps (merged by hand, not git's temporary file) is
    # merged as a command changes it: locked from the read to the write, and undoable.
    kept = prev_path(target).exists()
    with _locked(target) if kept else contextlib.nullcontext():
        merged = merge3(read(base, True), read(target, False), read(theirs, False))
        problem = next(filter(None, (table_problem(name, rows) for name, rows in merged.data.items())), None)
        if problem:
            raise DatabaseError(f"the merged record would be damaged: {problem}")
        try:
            Store(target, Tables.decoded(merged.data)).read_all()  # every record reads back, or nothing is written
        except DatabaseError as e:  # a bug, if it happens: say so plainly rather than write it
            raise DatabaseError(f"the merged record would be damaged ({e}); nothing written") from None
        write_atomically(target, dump_bytes(merged.data), keep_previous=kept)
    return merged


def guard_not_database(target: Path, db: Path) -> None:
    """Refuse to let an output file land on the database or its side files."""
    def real(p: Path) -> Path:  # realpath also resolves paths that do not exist yet
        return Path(os.path.realpath(Path(p).expanduser()))

    base = real(db)
    protected = {base, prev_path(base), base.with_name(base.name + ".lock")}
    if real(target) in protected:
        raise InvalidValue(f"{target} is the database itself (or one of its side files): choose another -o file")


# -- the names index, for shell completion --
#
# Completing a speaker name must not read a 13 MB record (300 ms at 10,000
# talks). Each write also leaves a names index: the event slugs and speaker
# names, stamped with the size, mtime and inode the database file has after
# that write. Completion trusts it only while the stamp still matches, so a
# file changed behind confrec's back (undo, git checkout, an editor) is read
# in full. The index is a cache, kept in the user's cache folder, not beside
# the record: a side file there would travel through git with the record and
# conflict in every merge.

def names_path(path: Path) -> Path:
    """Where the names index of the record at ``path`` is kept."""
    import zlib

    from platformdirs import user_cache_path

    # A cache's name, not a secret: two checksums of the path make a 64-bit
    # name, and a clash costs only a full read, as the stamp would not match.
    # (hashlib loads OpenSSL: a tenth of the time of writing the index.)
    real = os.fsencode(os.path.realpath(path))
    key = f"{zlib.crc32(real):08x}{zlib.adler32(real):08x}"
    return user_cache_path("confrec", appauthor=False) / "names" / f"{key}.json"


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _write_names(path: Path, data: dict[str, Any]) -> None:
    index = {
        "stamp": _stamp(path),
        # (from the raw documents: only strings, whatever a hand-edited file holds)
        "events": sorted(slug for doc in data.get("events", {}).values()
                         if isinstance(slug := doc.get("slug"), str)),
        "speakers": [name for _, doc in sorted(data.get("speakers", {}).items(), key=lambda kv: int(kv[0]))
                     if isinstance(name := doc.get("name"), str)],
    }
    with contextlib.suppress(DatabaseError, TypeError):  # only a cache: completion then reads the database itself
        write_atomically(names_path(path), orjson.dumps(index), mode=0o600)


def _current_index(path: Path) -> dict[str, Any] | None:
    """The names index, if its stamp is still the file's: the file is then as
    confrec last wrote it. None for a missing, damaged or stale index."""
    try:
        index = orjson.loads(names_path(path).read_bytes())
        return index if isinstance(index, dict) and index["stamp"] == _stamp(path) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _as_last_written(path: Path) -> bool:
    """Whether the file is as confrec last wrote it. Asked after the file was
    read, so that a change made between the two makes it False (never the
    other way round)."""
    return _current_index(path) is not None


def completion_names(path: Path | str) -> tuple[list[str], list[str]]:
    """Event slugs and speaker names, from the index when it is current."""
    real = _resolve(Path(path).expanduser())
    index = _current_index(real)
    try:
        if index is not None:
            return list(index["events"]), list(index["speakers"])
    except (KeyError, TypeError):
        pass
    with open_store(path) as store:
        return [e.slug for e in store.events()], [s.name for s in store.speakers()]


def stamp_of(path: Path | str) -> list[int] | None:
    """Size, mtime and inode of the database file: whether it changed since."""
    try:
        return _stamp(_resolve(Path(path).expanduser()))
    except (OSError, DatabaseError):
        return None


def last_change(path: Path | str) -> str | None:
    """What the last change to the file was, as ``undo`` would name it (None if unknown)."""
    try:
        tables = _open_tables(_resolve(Path(path).expanduser()))
    except DatabaseError:
        return None
    said = tables[META_TABLE].get("1", {}).get("last_change") if tables else None
    return said if isinstance(said, str) else None


def undo(path: Path | str, *, expected: list[int] | None = None) -> str:
    """Put back the file as it was before the last change; return what that was.

    Needs only ``PATH.prev``: it works when the file itself is damaged or
    missing. ``expected`` is the file's stamp when the user was asked: if it
    changed since, nothing is done. Ids handed out by the change undone are
    not handed out again.
    """
    given = Path(path).expanduser()
    path = Path(os.path.realpath(given)) if given.is_symlink() else given  # (its target may be gone)
    with _locked(path):
        prev = prev_path(path)
        if not prev.exists():
            raise NotFound(f"nothing to undo: no previous version of {given} is kept")
        if expected is not None and stamp_of(path) != expected:
            raise Conflict(f"{given} changed while you were asked: nothing undone; run the command again")
        restored = _load(prev)  # refuse to restore something unreadable
        if restored is None:  # (it was there a moment ago: another process removed it)
            raise NotFound(f"nothing to undo: no previous version of {given} is kept")
        try:
            current = _load(path)
        except DatabaseError:
            current = None
            what = f"{given} could not be read; restored the version before its last change"
        else:
            if current is None:
                what = f"{given} was missing; restored the version before its last change"
            else:
                what = current.get(META_TABLE, {}).get("1", {}).get("last_change") or "the last change"
        try:
            os.replace(prev, path)  # the undo and the end of the kept version, in one step
        except OSError as e:
            raise DatabaseError(f"cannot restore {path}: {e.strerror}") from None
        fsync_dir(path.parent)
        counters = _higher_counters(restored, current)
        if counters is not None:
            restored[META_TABLE]["1"]["next_id"] = counters
            write_atomically(path, dump_bytes(restored))
    return what


def _higher_counters(restored: dict[str, Any], undone: dict[str, Any] | None) -> dict[str, int] | None:
    """The id counters to keep after an undo, when the undone change had moved them on."""
    if undone is None:
        return None
    old = restored[META_TABLE]["1"].get("next_id", {})
    new = undone[META_TABLE]["1"].get("next_id", {})
    merged = {t: max(old.get(t, 1), new.get(t, 1)) for t in {*old, *new}}
    return merged if merged != old else None


class Store:
    """Typed access to one open database. Returns dataclasses, never Documents."""

    def __init__(self, path: Path, data: Tables) -> None:
        self.path = path
        self.db = TinyDB(data, storage=_MemoryStorage)
        self._storage = cast(_MemoryStorage, self.db.storage)  # TinyDB types it as the base Storage
        self._cache: dict[str, dict[int, Record]] = {}
        self.action: str | None = None  # what undo will say it undoes; a command may name it better
        # The file is exactly as confrec last wrote it (its stamp is the one the
        # names index keeps): its tables were checked then, and its counters are
        # past every id its records name, so neither is looked at again.
        self.trusted = False
        self._highest: dict[str, int] | None = None

    @property
    def changed(self) -> bool:
        return self._storage.changed

    # -- meta --
    def _meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = self._storage.data[META_TABLE]["1"]
        return meta

    def _meta_set(self, **fields: Any) -> None:
        self.db.table(META_TABLE).update(fields, doc_ids=[1])

    # -- generic record access --
    def read_all(self) -> None:
        """Build every record: DatabaseError names the first damaged one."""
        self._storage.data.whole()  # the tables that hold no records (refs) are checked too
        for table in RECORD_TYPES:
            self._all(table)

    def _table(self, cls: type[R]) -> dict[int, R]:
        """The records of one type by id (built once per command)."""
        return cast("dict[int, R]", self._all(TABLE_OF[cls]))

    def _all(self, table: str) -> dict[int, Record]:
        if table not in self._cache:
            cls = RECORD_TYPES[table]
            records: dict[int, Record] = {}
            # The file keeps keys sorted as strings ("1", "10", "2"): give id order.
            raw = self._storage.data.get(table, {})
            with gc_paused():
                for doc_id, doc in sorted(raw.items(), key=lambda kv: int(kv[0])):
                    try:
                        records[int(doc_id)] = cls.from_stored(doc, int(doc_id))
                    except (InvalidValue, TypeError, ValueError) as e:
                        raise DatabaseError(
                            f"{self.path}: {cls.noun} {doc_id} is damaged: {e}"
                        ) from None
            self._cache[table] = records
        return self._cache[table]

    def _insert(self, record: R) -> R:
        self._insert_many(TABLE_OF[type(record)], [record])
        return record

    def _insert_many(self, table: str, records: Sequence[Record]) -> None:
        """One TinyDB write for many records (one per record would be quadratic).

        Ids come from a counter in meta, so a removed record's id is never
        given again; the highest id present is a floor, for hand-edited files.
        """
        if not records:
            return
        counters = dict(self._meta().get("next_id", {}))
        existing = self._storage.data.get(table, {})
        # The highest id present, or named by another record, is a floor too:
        # a hand-edited file, or a talk still naming a speaker that is gone.
        first = max(counters.get(table, 1), max((int(k) for k in existing), default=0) + 1,
                    self._highest_reference(table) + 1)
        for offset, record in enumerate(records):
            record.id = first + offset
        counters[table] = first + len(records)
        self._meta_set(next_id=counters)
        self._put(table, ((r.id, _stored(r)) for r in records))
        self._cache.pop(table, None)

    def _put(self, table: str, docs: Iterable[tuple[int, dict[str, Any]]]) -> None:
        """Documents under new ids, put straight into the table TinyDB reads.
        (TinyDB's insert_multiple copies each one and builds the whole table
        twice over: an import of 10,000 talks held 8 MB more for it.)"""
        rows = self._storage.data.get(table)
        if rows is None:
            rows = self._storage.data[table] = {}
        for doc_id, doc in docs:
            rows[str(doc_id)] = doc
        self._storage.write(self._storage.data)  # (what TinyDB would do: the record is changed)

    def _highest_reference(self, table: str) -> int:
        """The highest id of ``table`` that another table's records name: 0
        in a file as confrec wrote it, whose counters are past them all."""
        return 0 if self.trusted else self._named().get(table, 0)

    def _named(self) -> dict[str, int]:
        """The highest id of each table that other records name (once per command)."""
        if self._highest is None:
            highest = dict.fromkeys(TABLE_OF.values(), 0)
            for table, fields in _NAMED_BY.items():
                keys = tuple(key for key, _ in fields)
                for values in self._storage.data.fields(table, keys):
                    for value, (_, target) in zip(values, fields, strict=True):
                        for ref in value if isinstance(value, list) else (value,):
                            if type(ref) is int and ref > highest[target]:
                                highest[target] = ref
            self._highest = highest
        return self._highest

    def _counters_past_references(self) -> None:
        """Move the id counters past every id a record names, so that a file
        confrec wrote needs no look at its talks for that again (``trusted``)."""
        counters = dict(self._meta().get("next_id", {}))
        raised = {t: n + 1 for t, n in self._named().items() if n + 1 > counters.get(t, 1)}
        if raised:
            self._meta_set(next_id={**counters, **raised})

    def _replace(self, record: R) -> R:
        self._replace_many(TABLE_OF[type(record)], [record])
        return record

    def _replace_many(self, table: str, records: Sequence[Record]) -> None:
        """Replace whole documents in one TinyDB update.

        TinyDB rebuilds the table on every update call, so one call per record
        would be quadratic. With doc_ids, TinyDB calls the updater once per id
        in the order given (all exist: they came from this store), so the
        iterator hands each document its own new content.
        """
        if not records:
            return
        contents = iter([_stored(r) for r in records])

        def replace(doc: MutableMapping[str, Any]) -> None:
            doc.clear()
            doc.update(next(contents))

        ids = _ids_of(records)
        self.db.table(table).update(replace, doc_ids=ids)
        self._cache.pop(table, None)
        self._settle(table, ids)

    def _delete(self, table: str, records: Sequence[Record]) -> None:
        ids = _ids_of(records)
        if ids:
            self.db.table(table).remove(doc_ids=ids)
            self._cache.pop(table, None)
            self._settle(table, ids)

    # -- merge conflicts: what `confrec merge` could not decide, kept until settled --
    def merge_conflicts(self) -> list[dict[str, Any]]:
        """The conflicts the last merge left (table, id, field, ours, theirs):
        an edit or removal of the record settles its own."""
        notes = self._meta().get("conflicts")
        return [c for c in notes if isinstance(c, dict)] if isinstance(notes, list) else []

    def _settle(self, table: str, ids: list[int]) -> None:
        notes = self.merge_conflicts()
        if notes:
            gone = set(ids)
            self._set_conflicts([c for c in notes if not (c.get("table") == table and c.get("id") in gone)])

    def settle_all_conflicts(self) -> int:
        """Mark every merge conflict settled, the record kept as it is; how many there were."""
        n = len(self.merge_conflicts())
        if n:
            self._set_conflicts([])
        return n

    def _set_conflicts(self, notes: list[dict[str, Any]]) -> None:
        def put(doc: MutableMapping[str, Any]) -> None:
            if notes:
                doc["conflicts"] = notes
            else:
                doc.pop("conflicts", None)

        if notes != self._meta().get("conflicts"):
            self.db.table(META_TABLE).update(put, doc_ids=[1])

    # -- events --
    def events(self) -> list[Event]:
        return sorted(self._table(Event).values(), key=lambda e: (e.start, e.slug))

    def event(self, ref: str | int) -> Event:
        """An event by slug or id."""
        events = self._table(Event)
        key = str(ref).strip()
        if key.isdigit() and int(key) in events:
            return events[int(key)]
        for e in events.values():
            if e.slug == key.lower():
                return e
        near = list(dict.fromkeys(
            e.slug for e in closest(key, [(label, e) for e in self.events() for label in (e.slug, e.name)])))
        if near:
            raise NotFound(f"no event {key!r}{did_you_mean(near)}")
        known = ", ".join(e.slug for e in self.events()) or "none yet"
        raise NotFound(f"no event {key!r} (events: {known})")

    def event_or_only(self, ref: str | int | None, hint: str = "say which event") -> Event:
        """The event named, or when none is named the only one there is."""
        return self.event(ref if ref is not None else self.default_event(hint))

    def default_event(self, hint: str = "say which event with --event SLUG") -> str:
        """The slug of the only event there is: commands that take an event default to it."""
        events = self.events()
        if len(events) == 1:
            return events[0].slug
        if not events:
            raise InvalidValue(f"{hint} (add one first with 'confrec event add')")
        raise InvalidValue(f"{hint} (events: {', '.join(e.slug for e in events)})")

    def unused_slug(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``... whichever no event has yet."""
        taken = self._slugs()
        n, slug = 1, base
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    def add_event(self, event: Event) -> Event:
        self._check_slug_free(event.slug)
        return self._insert(event)

    def _check_slug_free(self, slug: str, own_id: int | None = None) -> None:
        for e in self._table(Event).values():
            if e.slug == slug and e.id != own_id:
                raise Conflict(f"an event with slug {slug!r} already exists (id {e.id})")

    def update_event(self, event: Event, old_slug: str) -> Event:
        self._check_slug_free(event.slug, own_id=event.id)
        if event.slug != old_slug:
            # Talks and sessions name their event by slug: carry them along.
            self._replace_many("talks", [dataclasses.replace(t, event=event.slug)
                                         for t in self.talks(event=old_slug)])
            self._replace_many("sessions", [dataclasses.replace(x, event=event.slug)
                                            for x in self.sessions(event=old_slug)])
        return self._replace(event)

    def event_removal(self, event: Event, *, force: bool = False) -> tuple[list[Talk], list[Session]]:
        """The talks and sessions removing the event would remove too; Conflict if that needs --force."""
        talks = self.talks(event=event.slug)
        sessions = self.sessions(event=event.slug)
        if (talks or sessions) and not force:
            held = [f"{len(talks)} talk(s) ({_ids(talks)})"] if talks else []
            held += [f"{len(sessions)} session(s) ({_ids(sessions)})"] if sessions else []
            raise Conflict(f"event {event.slug} still has {' and '.join(held)}: remove them first or use --force")
        return talks, sessions

    def remove_event(self, event: Event, *, force: bool = False) -> tuple[list[Talk], list[Session]]:
        """Remove an event; with force also its talks and sessions, which are returned."""
        talks, sessions = self.event_removal(event, force=force)
        self._delete("talks", talks)
        self._delete("sessions", sessions)
        self._delete("events", [event])
        return talks, sessions

    # -- speakers --
    def speakers(self) -> list[Speaker]:
        return list(self._table(Speaker).values())

    def speaker_by_id(self, speaker_id: int) -> Speaker:
        return self._by_id(Speaker, speaker_id)

    def _by_id(self, cls: type[R], record_id: int) -> R:
        try:
            return self._table(cls)[record_id]
        except KeyError:
            raise NotFound(f"no {cls.noun} with id {record_id}") from None

    def _by_ref(self, cls: type[R], ref: str | int, records: Callable[[], list[R]], name_of: Callable[[R], str]) -> R:
        """What a user names a record by: its id (digits), or a unique part of
        its name in any script, ignoring case, accents and the usual
        transliteration differences (``_by_name``)."""
        key = str(ref).strip()
        if key.isdigit():
            return self._by_id(cls, int(key))
        return _by_name(cls.noun, key, records(), name_of)

    def speaker(self, ref: str | int) -> Speaker:
        """A speaker by id, or by a unique part of the name."""
        return self._by_ref(Speaker, ref, self.speakers, lambda s: s.name)

    def add_speaker(self, speaker: Speaker) -> Speaker:
        return self._insert(speaker)

    def add_speakers(self, speakers: list[Speaker]) -> None:
        self._insert_many("speakers", speakers)

    def update_speaker(self, speaker: Speaker) -> Speaker:
        return self._replace(speaker)

    def update_speakers(self, speakers: list[Speaker]) -> None:
        """Replace several speakers in one update (one per speaker rebuilds the table each time)."""
        self._replace_many("speakers", speakers)

    def speaker_removal(self, speaker: Speaker, *, force: bool = False) -> tuple[list[Talk], list[Session]]:
        """The talks and the sessions (as chair) removing the speaker would change;
        Conflict if that needs --force."""
        talks = self.talks(speaker=speaker.id)
        sessions = [x for x in self.sessions() if speaker.id in x.chairs]
        if (talks or sessions) and not force:
            named = [f"named on {len(talks)} talk(s) ({_ids(talks)})"] if talks else []
            named += [f"chairs {len(sessions)} session(s) ({_ids(sessions)})"] if sessions else []
            raise Conflict(f"speaker {speaker.id} ({speaker.name}) is {' and '.join(named)}: "
                           "take them off first or use --force")
        return talks, sessions

    def remove_speaker(self, speaker: Speaker, *, force: bool = False) -> tuple[list[Talk], list[Session]]:
        """Remove a speaker; with force, take them off their talks and chairs (returned)."""
        talks, sessions = self.speaker_removal(speaker, force=force)
        self._replace_many("talks", [dataclasses.replace(t, speakers=[s for s in t.speakers if s != speaker.id])
                                     for t in talks])
        self._replace_many("sessions", [dataclasses.replace(x, chairs=[s for s in x.chairs if s != speaker.id])
                                        for x in sessions])
        self._delete("speakers", [speaker])
        return talks, sessions

    def speaker_merge(self, keep: Speaker, others: list[Speaker]) -> SpeakerMerge:
        """What merging OTHERS into KEEP would change (one person entered
        twice): KEEP with each field it lacks taken from the first of them
        that has it, and the talks and sessions (as chair) that name them."""
        gone = {o.id for o in others}
        if keep.id in gone or len(gone) < len(others):
            raise InvalidValue("name each speaker once: the one to keep, then the ones merged into them")
        filled = {}
        for name in _SPEAKER_DETAILS:
            if not getattr(keep, name):
                value = next((getattr(o, name) for o in others if getattr(o, name)), None)
                if value:
                    filled[name] = value
        return SpeakerMerge(
            dataclasses.replace(keep, **filled), sorted(filled), others,
            [t for t in self.talks() if gone.intersection(t.speakers)],
            [x for x in self.sessions() if gone.intersection(x.chairs)])

    def merge_speakers(self, keep: Speaker, others: list[Speaker]) -> SpeakerMerge:
        """Merge OTHERS into KEEP: their talks and chairs become KEEP's (in
        their place, once on each), the fields KEEP lacks are filled from
        theirs, the imports that found them find KEEP, and they are removed."""
        merge = self.speaker_merge(keep, others)
        gone = {o.id for o in others}

        def one(ids: list[int]) -> list[int]:
            out: list[int] = []
            for i in ids:
                who = keep.id if i in gone else i
                if who not in out:
                    out.append(who)
            return out

        def roles(talk: Talk) -> dict[str, str]:  # (keep's own role, else the first merged one's with a role)
            moved = [role for k, role in talk.roles.items() if k.isdigit() and int(k) in gone]
            kept = {k: r for k, r in talk.roles.items() if not (k.isdigit() and int(k) in gone)}
            if moved and str(keep.id) not in kept:
                kept[str(keep.id)] = moved[0]
            return kept

        self._replace_many("talks", [dataclasses.replace(t, speakers=one(t.speakers), roles=roles(t))
                                     for t in merge.talks])
        self._replace_many("sessions", [dataclasses.replace(x, chairs=one(x.chairs)) for x in merge.sessions])
        self._replace(merge.kept)
        self.set_refs({k: keep.id for k, v in self.refs().items() if k.startswith("speaker:") and v in gone})
        self._delete("speakers", others)
        return merge

    # -- talks --
    def talks(self, *, event: str | None = None, speaker: int | None = None) -> list[Talk]:
        out = list(self._table(Talk).values())
        if event is not None:
            out = [t for t in out if t.event == event]
        if speaker is not None:
            out = [t for t in out if speaker in t.speakers]
        return out

    def talk(self, ref: str | int) -> Talk:
        """A talk by id (its number everywhere), or by a unique part of its title."""
        return self._by_ref(Talk, ref, self.talks, lambda t: t.title)

    def _check_talk_refs(self, talk: Talk) -> None:
        if talk.event not in self._slugs():
            self.event(talk.event)  # raises NotFound with the list of events
        self._check_wall_times(talk, ("start", talk.start))
        for sid in talk.speakers:
            self.speaker_by_id(sid)
        if talk.session is not None:
            session = self.session(talk.session)
            if session.event != talk.event:
                raise Conflict(f"session {session.id} belongs to event {session.event}, not to {talk.event}")

    # -- sessions --
    def sessions(self, *, event: str | None = None) -> list[Session]:
        """Sessions in start order (those without a start last)."""
        out = list(self._table(Session).values())
        if event is not None:
            out = [x for x in out if x.event == event]
        return sorted(out, key=lambda x: (x.start is None, x.start or datetime.min, x.id or 0))

    def session(self, ref: str | int) -> Session:
        """A session by id, or by a unique part of its title."""
        return self._by_ref(Session, ref, self.sessions, lambda x: x.title)

    def _check_session_refs(self, session: Session) -> None:
        if session.event not in self._slugs():
            self.event(session.event)
        self._check_wall_times(session, ("start", session.start), ("end", session.end))
        for sid in session.chairs:
            self.speaker_by_id(sid)

    def _check_wall_times(self, record: Talk | Session, *times: tuple[str, datetime | None]) -> None:
        """Refuse a time that does not exist on the event's clocks: it would
        be shown as typed but be an hour later everywhere else (a calendar,
        a clash with the talk after it)."""
        if not any(at for _, at in times):
            return
        from confrec.record.timeline import MOMENT, skipped_to, zone

        event = self.event(record.event)
        tz = zone(event.timezone)
        for what, at in times:
            if at is not None and (read := skipped_to(at, tz)) is not None:
                raise InvalidValue(
                    f"{record.noun} {record.title!r}: {what} {at.strftime(MOMENT)} does not exist in "
                    f"{event.timezone}: the clocks go forward over it that night (did you mean {read:%H:%M}?)")

    def add_session(self, session: Session) -> Session:
        self._check_session_refs(session)
        return self._insert(session)

    def update_session(self, session: Session) -> Session:
        self._check_session_refs(session)
        return self._replace(session)

    def session_removal(self, session: Session, *, force: bool = False) -> list[Talk]:
        """The talks in the session (they stay, outside any session); Conflict without --force."""
        talks = [t for t in self.talks(event=session.event) if t.session == session.id]
        if talks and not force:
            raise Conflict(f"session {session.id} ({session.title}) holds {len(talks)} talk(s) ({_ids(talks)}): "
                           "move them first or use --force (they stay, in no session)")
        return talks

    def remove_session(self, session: Session, *, force: bool = False) -> list[Talk]:
        talks = self.session_removal(session, force=force)
        self._replace_many("talks", [dataclasses.replace(t, session=None) for t in talks])
        self._delete("sessions", [session])
        return talks

    def _slugs(self) -> set[str]:
        return {e.slug for e in self._table(Event).values()}

    def add_talk(self, talk: Talk) -> Talk:
        self._check_talk_refs(talk)
        return self._insert(talk)

    def add_talks(self, talks: list[Talk]) -> None:
        for talk in talks:
            self._check_talk_refs(talk)
        self._insert_many("talks", talks)

    def update_talk(self, talk: Talk) -> Talk:
        self.update_talks([talk])
        return talk

    def update_talks(self, talks: list[Talk]) -> None:
        for talk in talks:
            self._check_talk_refs(talk)
        self._replace_many("talks", talks)

    def remove_talk(self, talk: Talk) -> None:
        self._delete("talks", [talk])

    # -- external references (import de-duplication) --
    def refs(self) -> dict[str, int]:
        """Source reference -> record id, as kept by earlier imports."""
        table = self._storage.data.get("refs", {})
        return {doc["key"]: doc["id"] for doc in table.values()}

    def set_refs(self, pairs: dict[str, int]) -> None:
        """Keep source reference -> record id: one row per reference, updated in place."""
        table = self._storage.data.get("refs", {})
        row_of = {doc["key"]: int(row) for row, doc in table.items()}
        changed = {k: v for k, v in pairs.items() if k in row_of}
        if changed:
            rows = {row_of[k]: v for k, v in changed.items()}
            targets = iter(rows.values())  # TinyDB updates in the order of doc_ids given

            def point(doc: MutableMapping[str, Any]) -> None:
                doc["id"] = next(targets)

            self.db.table("refs").update(point, doc_ids=list(rows))
        new = [{"key": k, "id": v} for k, v in pairs.items() if k not in row_of]
        if new:
            first = max(map(int, table), default=0) + 1  # as TinyDB numbers rows
            self._put("refs", enumerate(new, first))


# What a merge fills in on the speaker kept, from the ones merged into them.
_SPEAKER_DETAILS = ("title", "affiliation", "country", "position", "email", "bio", "guid")


@dataclasses.dataclass(frozen=True)
class SpeakerMerge:
    kept: Speaker  # with the fields it lacked filled in
    filled: list[str]  # which fields those were
    merged: list[Speaker]
    talks: list[Talk]  # as they were before the merge
    sessions: list[Session]


def _by_name(kind: str, typed: str, records: list[R], name_of: Callable[[R], str]) -> R:
    """The one record whose name holds what was typed; else the closest names, or the candidates."""
    needle = search_keys(typed)
    if not needle[1]:
        raise InvalidValue(f"give a {kind} id or part of its name")
    keyed = [(r, search_keys(name_of(r))) for r in records]
    matches = [r for r, k in keyed if search_finds(needle, k)]
    if len(matches) == 1:
        return matches[0]
    def label(r: R) -> str:
        return f"{r.id} {name_of(r)}" if kind == "speaker" else f"{r.id} {name_of(r)!r}"

    if matches:
        exact = [r for r, k in keyed if k[1] == needle[1]]
        if len(exact) == 1:
            return exact[0]
        shown = "; ".join(label(r) for r in matches[:8])
        more = f"; and {len(matches) - 8} more" if len(matches) > 8 else ""
        raise Ambiguous(f"{typed!r} matches {len(matches)} {kind}s ({shown}{more}): give the id")
    near = closest(typed, [(name_of(r), r) for r in records])
    raise NotFound(f"no {kind} matches {typed!r}{did_you_mean([label(r) for r in near])}", suggested=bool(near))


def _stored(record: Record) -> dict[str, Any]:
    """A record as TinyDB keeps it: its id is the document's key, not a field."""
    doc = record.to_dict()
    del doc["id"]
    return doc


def _ids_of(records: Sequence[Record]) -> list[int]:
    """The ids of stored records (one not yet stored has none, and is left out)."""
    return [r.id for r in records if r.id]


def _ids(records: Sequence[Record]) -> str:
    shown = ", ".join(str(r.id) for r in records[:10])
    return shown + (", ..." if len(records) > 10 else "")
