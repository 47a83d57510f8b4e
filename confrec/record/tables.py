"""The record file's tables, each decoded when a command first needs it.

The file is one JSON object of tables: ``meta``, ``events``, ``speakers``,
``talks``, ``sessions``, ``refs``. At 10,000 talks it is 15 MB, nine tenths of
it talks, and many commands need only some tables: ``speaker add`` needs meta
and speakers. So the file is read once as a whole, which checks that all of it
is JSON (msgspec, 14 ms at 15 MB), but each table is kept as its bytes
(``msgspec.Raw``: no copy) and decoded when a command first asks for it. A
table no one asked for is written back as those bytes: exactly what was read,
so a command cannot lose or change what it did not look at. (Its records'
shape is checked when a command reads them, as the records' fields are.)

msgspec decodes, not orjson: it builds the Python objects straight from the
bytes, where orjson (yyjson) first copies the input and builds a tree of the
whole document. At 15 MB: 59 against 89 MiB at the peak, 90 against 115 ms.
"""

from __future__ import annotations

import contextlib
import gc
import operator
from collections.abc import Callable, Iterator, Mapping
from types import GenericAlias
from typing import Any

import msgspec

from confrec.record.jsoncodec import escape_unsafe, pretty_bytes

Rows = dict[str, Any]  # a table: document id (a string of digits) -> document
TOP = dict[str, msgspec.Raw]  # the type the whole file is read as: each table left undecoded


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a record is parsed or built: those
    allocate a million objects that are all kept, and each collection the
    allocations set off walks all the ones before (a third of the time of
    reading 10,000 talks). Nothing made here is garbage, so nothing is missed;
    collection resumes, as it was, when the block ends."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


# What msgspec's decoding fails with: not JSON, nesting too deep, text that
# is not UTF-8 (which skipping a table does not look at), a number no float holds.
DECODE_ERRORS = (msgspec.DecodeError, UnicodeDecodeError, RecursionError, ValueError)


def _as_written(piece: Any) -> bool:
    """Whether a table's bytes are laid out as confrec writes them (sorted,
    indented), so that they can go back into the file as they are; anything
    else (a hand-edited, minified file) is decoded and written out anew."""
    view = memoryview(piece)
    return view.nbytes == 2 or (view[:7].tobytes() == b'{\n    "' and view[-4:].tobytes() == b"\n  }")


def table_problem(table: str, rows: dict[str, Any]) -> str | None:
    """What makes a decoded table unusable as records, checked cheaply
    (the records' fields are checked when a command reads them)."""
    if table == "meta":
        counters = rows.get("1", {}).get("next_id", {})
        if not isinstance(counters, dict):
            return "meta.next_id is not an object"
        for name, n in counters.items():
            if type(n) is not int:
                return f"meta.next_id.{name} is not a whole number"
        return None
    # all() and set() over C-level callables: 10,000 records in a millisecond;
    # the loop below runs only to name what is wrong
    if not all(map(str.isdigit, rows)) or not set(map(type, rows.values())) <= {dict}:
        for key, doc in rows.items():
            if not key.isdigit():
                return f"{table} has a record under {key!r}, which is not an id"
            if not isinstance(doc, dict):
                return f"{table} {key} is not an object"
    if table != "refs":
        return None
    try:  # in C over every row (an imported congress has tens of thousands); the loop only names the fault
        whole = set(map(type, map(_KEY, rows.values()))) <= {str} and set(map(type, map(_ID, rows.values()))) <= {int}
    except (KeyError, TypeError):
        whole = False
    if not whole:
        for key, doc in rows.items():
            if type(doc.get("key")) is not str:
                return f"refs {key} has no key"
            if type(doc.get("id")) is not int:
                return f"refs {key} has no record id"
    return None


_KEY, _ID = operator.itemgetter("key"), operator.itemgetter("id")

# The same rules as the quick types msgspec checks a table against before it is
# written back undecoded: any object as a document; for refs, a key and an id.
# A table that fails them is decoded, and table_problem says what is wrong.
class _AnyDoc(msgspec.Struct):
    pass


class _Ref(msgspec.Struct):
    key: str
    id: int


_QUICK = {"refs": dict[str, _Ref]}


class Tables(dict[str, Rows]):
    """Table name -> rows. The decoded tables are this dict's own items; the
    others are decoded by ``__missing__`` when first asked for, which is how
    TinyDB reads a table (``tables[name]``), so TinyDB never sees a table as
    absent that the file holds.

    ``check(name, rows)`` raises if a decoded table is unusable (it is given
    ``table_problem``'s finding); ``fail(name)`` raises the error for a table
    that cannot be decoded.
    """

    def __init__(self, pending: Mapping[str, Any], check: Callable[[str, Rows], None],
                 fail: Callable[[str], Rows], *, ascii: bool = False) -> None:
        super().__init__()
        self._pending: dict[str, Any] = dict(pending)
        self._ascii = ascii  # the whole file is ASCII: no table needs its UTF-8 checked
        self._shaped: set[str] = set()  # undecoded tables known to hold documents under ids
        self._check = check
        self._fail = fail

    @classmethod
    def decoded(cls, data: dict[str, Rows]) -> Tables:
        """Tables over a record already decoded as a whole."""
        tables = cls({}, check=lambda name, rows: None, fail=lambda name: {})
        for name, rows in data.items():
            dict.__setitem__(tables, name, rows)
        return tables

    def __missing__(self, name: str) -> Rows:
        piece = self._pending[name]  # KeyError: no such table (TinyDB then starts one)
        size = len(memoryview(piece))
        try:
            with gc_paused():
                rows: Rows = msgspec.json.decode(piece)
        except DECODE_ERRORS:
            rows = self._fail(name)
        self._check(name, rows)
        del self._pending[name]
        dict.__setitem__(self, name, rows)
        if self._pending and size > sum(len(memoryview(p)) for p in self._pending.values()):
            # The biggest table is decoded: copy out the small ones left, so
            # the file's bytes, which they point into, can be freed.
            self._pending = {n: bytes(p) for n, p in self._pending.items()}
        return rows

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, name) or name in self._pending

    def get(self, name: str, default: Any = None) -> Any:  # (decodes on the way)
        try:
            return self[name]
        except KeyError:
            return default

    def __setitem__(self, name: str, rows: Rows) -> None:
        self._pending.pop(name, None)
        super().__setitem__(name, rows)

    def names(self) -> list[str]:
        return sorted({*dict.keys(self), *self._pending})

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())

    def whole(self) -> dict[str, Rows]:
        """Every table, decoded: a plain dict."""
        return {name: self[name] for name in self.names()}

    def pending(self) -> list[str]:
        """The tables not decoded (so far)."""
        return sorted(self._pending)

    def fields(self, name: str, keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
        """Fields ``keys`` of every document of table ``name`` (None where a
        document has none), without building the rest of a table not decoded
        yet: at 10,000 talks, 27 ms against 57 ms for every field."""
        piece = self._pending.get(name)
        if piece is not None:
            only = msgspec.defstruct("Only", [(key, Any, None) for key in keys])
            docs = self._quick(name, piece, GenericAlias(dict, (str, only)))  # dict[str, only]
            if docs is not None:
                return [tuple(getattr(doc, key) for key in keys) for doc in docs.values()]
        return [tuple(doc.get(key) for key in keys) for doc in self.get(name, {}).values()]

    def _quick(self, name: str, piece: Any, typ: Any) -> Any:
        """The table read as ``typ``, which checks its shape on the way (no
        field of a document is built that ``typ`` does not name); None if it
        is not that shape, and decoding it will say what is wrong."""
        try:
            with gc_paused():
                docs = msgspec.json.decode(piece, type=typ)
        except DECODE_ERRORS:
            return None
        if not all(map(str.isdigit, docs)):
            return None
        if name not in _QUICK or typ is _QUICK[name]:
            self._shaped.add(name)
        return docs

    def verify(self) -> None:
        """Check every table not decoded: its shape, and that it is UTF-8
        (which msgspec does not look at in what it skips). A write does this
        before it copies them, so that a command does not write a damaged
        record back as if it were sound. msgspec checks the shape without
        building the documents: 20 ms at 10,000 talks, against 60 ms to
        decode them."""
        for name, piece in list(self._pending.items()):
            try:
                if not self._ascii:
                    str(piece, "utf-8")
            except UnicodeDecodeError:
                self[name]  # decoding it says what is wrong
                continue
            if name not in self._shaped and self._quick(name, piece, _QUICK.get(name, dict[str, _AnyDoc])) is None:
                self[name]  # decoded and checked: raises what is wrong (or, if only the quick types balked, holds it)

    def dump(self, *, as_written: bool = False) -> Iterator[Any]:
        """The file's new content, in pieces made as they are written:
        ``jsoncodec.pretty_bytes`` of the whole record, sorted and indented,
        with the tables no one decoded copied as they were read (the same
        bytes, when confrec wrote them). Those are checked first (now, not
        as the pieces are made), and their terminal-steering characters
        escaped, unless the file is known to be ``as_written`` by confrec,
        which checked and escaped them then. No 15 MB string of the whole is
        made: 15 ms and as many MB saved on a write."""
        if not as_written:
            self.verify()
        return self._pieces(as_written)

    def _pieces(self, as_written: bool) -> Iterator[Any]:
        yield b"{\n"
        for i, name in enumerate(self.names()):
            if i:
                yield b",\n"
            piece = self._pending.get(name)
            if piece is not None and _as_written(piece):
                yield b'  "%s": ' % name.encode()
                yield piece if as_written else escape_unsafe(bytes(piece))
            else:
                yield from _dumped(name, self[name])
        yield b"\n}\n"


def _dumped(name: str, rows: Rows) -> Iterator[bytes]:
    """``"name": {...}`` as it sits in the whole file, a thousand documents
    at a time: the 10,000 talks in one piece are 15 MB more held by a write."""
    if len(rows) <= _CHUNK:
        # '{\n  "name": ...\n}\n': the table as it sits in the whole file
        yield pretty_bytes({name: rows}, sort_keys=True)[2:-3]
        return
    ids = sorted(rows)  # the order OPT_SORT_KEYS gives them, so that the pieces follow one another
    head = b'{\n  "%s": {\n' % name.encode()
    tail = b"\n  }\n}\n"
    yield head[2:]
    for at in range(0, len(ids), _CHUNK):
        if at:
            yield b",\n"
        chunk = pretty_bytes({name: {i: rows[i] for i in ids[at:at + _CHUNK]}}, sort_keys=True)
        yield chunk[len(head):-len(tail)]  # its documents, at the whole file's indent
    yield tail[:-3]


_CHUNK = 1000
