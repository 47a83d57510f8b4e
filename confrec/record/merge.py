"""Three-way merge of two versions of a record that share an ancestor: what
``confrec merge BASE OURS THEIRS`` does for git.

Record by record and field by field: a field changed on one side takes that
change; changed the same way on both, it is no conflict; changed differently
on both, or a record edited on one side and removed on the other, it is a
conflict: OURS is kept, and the conflict is listed (and kept in the record,
for ``check``, until an edit of that record resolves it). Records added on
both sides are all kept; a THEIRS record whose id OURS also gave to a new
record gets a new id above both counters, and every reference to it (a
talk's speakers, roles and session, a session's chairs, the import refs)
follows. The result names no record that is not there, and its counters are
above every id: it is a valid record, the same for the same three inputs.

Works on the parsed files (tables of documents by id), below the Store.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from confrec.textutil import one_line

TABLES = ("events", "speakers", "sessions", "talks")  # in the order references need them
META = "meta"


@dataclass
class MergeConflict:
    """One thing a merge could not decide. ``field`` is the field's path, or
    '*' (removed on one side, edited on the other), '*slug' (the same event
    slug added on both sides) or '*revived' (an event one side removed and
    the other gave talks). Said two ways: on stderr by ``merge`` (str) and by
    ``check`` until settled (``settle_message``)."""

    table: str
    id: Any  # the record's id, an int (meta.conflicts, edited by hand, may hold anything)
    field: str
    ours: Any
    theirs: Any

    @classmethod
    def from_stored(cls, note: dict[str, Any]) -> MergeConflict:
        """A conflict as meta.conflicts keeps it (a hand edit may have left it partial)."""
        return cls(str(note.get("table", "?")), note.get("id"), str(note.get("field", "?")), note.get("ours"),
                   note.get("theirs"))

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.id, "field": self.field, "ours": self.ours, "theirs": self.theirs}

    @property
    def noun(self) -> str:
        return self.table[:-1] if self.table.endswith("s") else self.table

    def settle_message(self) -> str:
        """What ``check`` says until an edit of the record (or ``confrec resolve``) settles it."""
        noun, rid = self.noun, self.id
        if self.field == "*revived":
            return (f"event {rid} was removed on one side of a merge, but the other side gave it talks or "
                    f"sessions: kept; remove it again if that is wanted (or 'confrec resolve')")
        if self.field == "*slug":
            return (f"event {rid}: both sides of a merge added an event with slug {self.ours!r}; "
                    f"the other side's is kept as {self.theirs!r}: edit or remove one "
                    "(or 'confrec resolve') to settle it")
        if self.field == "*":
            return (f"{noun} {rid} was removed on one side of a merge and edited on the other; "
                    + (f"kept as edited: edit or remove {noun} {rid} to settle it" if self.ours is not None else
                       "left removed: add it again if it is wanted, then 'confrec resolve'"))
        return (f"{noun} {rid} {self.field} was changed differently on both sides of a merge: "
                f"kept {_quoted(self.ours)}, the other side had {_quoted(self.theirs)}; "
                f"edit {noun} {rid} (or 'confrec resolve') to settle it")

    def __str__(self) -> str:
        what = f"{self.noun} {self.id}"
        if self.field == "*revived":
            return f"{what}: removed in one side, but the other gave it talks or sessions; kept"
        if self.field == "*slug":
            return (f"{what}: both sides added an event with slug {self.ours!r}; "
                    f"theirs is kept as {self.theirs!r}")
        if self.field == "*":
            side = "ours" if self.ours is None else "theirs"
            kept = "removed" if self.ours is None else "ours"
            return f"{what}: removed in {side}, edited in the other; kept as {kept}"
        return f"{what} {self.field}: ours {_short(self.ours)}, theirs {_short(self.theirs)}; kept ours"


def _short(value: Any) -> str:
    """A value for merge's one-line message, as Python writes it: an abstract is cut, not printed whole."""
    text = repr(value)
    return text if len(text) <= 70 else text[:66] + "..."


def _quoted(value: Any) -> str:
    """A value for check's message, as text in quotes (none shown as '(none)'), cut likewise."""
    text = "(none)" if value in (None, "", [], {}) else one_line(str(value))
    return repr(text if len(text) <= 60 else text[:57] + "...")


@dataclass
class Merged:
    data: dict[str, Any]
    conflicts: list[MergeConflict] = field(default_factory=list)
    renumbered: dict[str, dict[int, int]] = field(default_factory=dict)  # table -> theirs id -> new id


def _table(data: dict[str, Any], name: str) -> dict[int, dict[str, Any]]:
    return {int(k): v for k, v in data.get(name, {}).items()}


def _counter(data: dict[str, Any], name: str) -> int:
    n = data.get(META, {}).get("1", {}).get("next_id", {}).get(name, 1)
    return n if type(n) is int else 1


def merge3(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> Merged:
    result = Merged(data={})
    mapping: dict[str, dict[int, int]] = {name: {} for name in TABLES}
    b = {name: _table(base, name) for name in TABLES}
    o = {name: _table(ours, name) for name in TABLES}
    t = {name: _table(theirs, name) for name in TABLES}

    # 1. new ids for THEIRS records added under an id OURS also added (and differently)
    for name in TABLES:
        top = max([_counter(ours, name), _counter(theirs, name), *(i + 1 for i in o[name]),
                   *(i + 1 for i in t[name]), *(i + 1 for i in b[name])])
        for i in sorted(t[name]):
            if i not in b[name] and i in o[name] and o[name][i] != t[name][i]:
                mapping[name][i] = top
                top += 1
    slugs = _event_slugs(b, o, t, mapping, result)

    def follow(doc: dict[str, Any], table: str) -> dict[str, Any]:
        """A THEIRS document with its references renumbered."""
        doc = copy.deepcopy(doc)
        if table in ("talks", "sessions") and doc.get("event") in slugs:
            doc["event"] = slugs[doc["event"]]
        if table == "talks":
            doc["speakers"] = [mapping["speakers"].get(s, s) for s in doc.get("speakers") or []]
            doc["roles"] = {str(mapping["speakers"].get(int(k), int(k))): v
                            for k, v in (doc.get("roles") or {}).items() if str(k).isdigit()}
            if isinstance(doc.get("session"), int):
                doc["session"] = mapping["sessions"].get(doc["session"], doc["session"])
        if table == "sessions":
            doc["chairs"] = [mapping["speakers"].get(s, s) for s in doc.get("chairs") or []]
        return doc

    # 2. record by record, field by field
    for name in TABLES:
        out: dict[int, dict[str, Any]] = {}
        for i in sorted(set(b[name]) | set(o[name]) | set(t[name])):
            base_doc, mine, theirs_doc = b[name].get(i), o[name].get(i), t[name].get(i)
            if i in mapping[name] and mine is not None and theirs_doc is not None:
                out[i] = mine  # both added a record under this id: both kept
                out[mapping[name][i]] = follow(theirs_doc, name)
                continue
            other = follow(theirs_doc, name) if theirs_doc is not None else None
            if base_doc is None:  # added on one side (or the same on both)
                added = mine if mine is not None else other
                if added is not None:
                    out[i] = added
                continue
            if mine is None and other is None:
                continue  # removed on both sides
            if mine is None or other is None:  # removed on one side
                changed = other != base_doc if mine is None else mine != base_doc
                if not changed:
                    continue  # the other side did not touch it: the removal stands
                result.conflicts.append(MergeConflict(name, i, "*", None if mine is None else "kept",
                                                      None if other is None else "kept"))
                if mine is not None:
                    out[i] = mine
                continue
            out[i] = _fields(name, i, base_doc, mine, other, result.conflicts)
        result.data[name] = out

    _no_dangling(result, o, t, b)
    _refs(ours, theirs, mapping, slugs, result)
    meta = copy.deepcopy(ours.get(META, {"1": {}}))
    schema = max(ours.get(META, {}).get("1", {}).get("schema", 1), theirs.get(META, {}).get("1", {}).get("schema", 1))
    counters = {name: max([_counter(ours, name), _counter(theirs, name), *(i + 1 for i in result.data[name])])
                for name in TABLES}
    meta["1"] = {**meta.get("1", {}), "schema": schema, "next_id": counters, "last_change": "merge",
                 "conflicts": [c.to_dict() for c in result.conflicts]}
    if not result.conflicts:
        del meta["1"]["conflicts"]
    data: dict[str, Any] = {META: meta}
    for name in TABLES:
        if result.data[name] or name in ours or name in theirs:
            data[name] = {str(i): doc for i, doc in sorted(result.data[name].items())}
    if "refs" in result.data:
        data["refs"] = result.data.pop("refs")
    result.data = data
    result.renumbered = {k: v for k, v in mapping.items() if v}
    return result


_ABSENT = object()  # a key one version does not have (not the same as a null value)


def _fields(table: str, i: int, base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
            conflicts: list[MergeConflict], path: str = "") -> dict[str, Any]:
    """Key by key: a change on one side is taken; a dict value (a talk's
    translations, roles) is merged the same way inside, so two organisers
    translating one talk into two languages do not conflict."""
    out: dict[str, Any] = {}
    for key in sorted(set(base) | set(ours) | set(theirs)):
        was, mine, other = (d.get(key, _ABSENT) for d in (base, ours, theirs))
        if mine == other or other == was:
            value = mine
        elif mine == was:
            value = other
        elif all(isinstance(v, dict) or v is _ABSENT for v in (was, mine, other)):
            inner = [v if isinstance(v, dict) else {} for v in (was, mine, other)]
            value = _fields(table, i, inner[0], inner[1], inner[2], conflicts, f"{path}{key}.")
            if not value and mine is _ABSENT:
                value = _ABSENT  # removed here, and nothing the other side changed is left
        else:
            value = mine
            conflicts.append(MergeConflict(table, i, path + key, None if mine is _ABSENT else mine,
                                           None if other is _ABSENT else other))
        if value is not _ABSENT:
            out[key] = value
    return out


def _event_slugs(b: dict[str, Any], o: dict[str, Any], t: dict[str, Any], mapping: dict[str, dict[int, int]],
                 result: Merged) -> dict[str, str]:
    """Events are named by slug: a THEIRS event added with a slug OURS also added
    for another event gets the slug '-2' (its talks and sessions follow)."""
    taken = {doc.get("slug") for doc in o["events"].values()}
    renamed: dict[str, str] = {}
    for i, doc in sorted(t["events"].items()):
        slug = doc.get("slug")
        if i in b["events"] or slug not in taken:
            continue
        same = [j for j, d in o["events"].items() if d.get("slug") == slug]
        if same and same[0] == i and o["events"][i] == doc:
            continue  # the very same event added on both sides
        n = 2
        while f"{slug}-{n}" in taken:
            n += 1
        renamed[slug] = f"{slug}-{n}"
        taken.add(renamed[slug])
        doc["slug"] = renamed[slug]
        if i not in mapping["events"] and i in o["events"]:
            mapping["events"][i] = max([*o["events"], *t["events"]]) + 1
        result.conflicts.append(MergeConflict("events", mapping["events"].get(i, i), "*slug", slug, renamed[slug]))
    return renamed


def _refs(ours: dict[str, Any], theirs: dict[str, Any], mapping: dict[str, dict[int, int]],
          slugs: dict[str, str], result: Merged) -> None:
    """The import refs (source reference -> record id) of both sides, by their
    key, OURS first; THEIRS refs follow its renumbered records and renamed
    events; a ref to a record the merge did not keep goes."""
    def by_key(data: dict[str, Any]) -> dict[str, int]:
        return {doc["key"]: doc["id"] for doc in data.get("refs", {}).values() if isinstance(doc, dict)}

    def table_of(key: str) -> str | None:
        return "speakers" if key.startswith("speaker:") else "talks" if key.startswith("talk:") else None

    merged = by_key(ours)
    for key, rid in by_key(theirs).items():
        table = table_of(key)
        if table:
            rid = mapping[table].get(rid, rid)
        for old, new in slugs.items():
            if key.startswith(f"talk:{old}|"):
                key = f"talk:{new}|" + key[len(f"talk:{old}|"):]
        merged.setdefault(key, rid)
    kept = {k: v for k, v in sorted(merged.items())
            if (table := table_of(k)) is None or v in result.data[table]}
    if kept or "refs" in ours or "refs" in theirs:
        result.data["refs"] = {str(n): {"id": rid, "key": key} for n, (key, rid) in enumerate(kept.items(), 1)}


def _no_dangling(result: Merged, o: dict[str, Any], t: dict[str, Any], b: dict[str, Any]) -> None:
    """What one side removed and the other still names: the event comes back,
    the speaker or session reference goes (each listed as a conflict)."""
    events, speakers, sessions, talks = (result.data[n] for n in TABLES)
    slugs = {d.get("slug") for d in events.values()}
    for name in ("talks", "sessions"):
        for doc in result.data[name].values():
            slug = doc.get("event")
            if slug in slugs:
                continue
            for side in (t, o, b):  # the removed event, as a side still had it
                back = next(((j, d) for j, d in side["events"].items() if d.get("slug") == slug), None)
                if back and back[0] not in events:
                    events[back[0]] = copy.deepcopy(back[1])
                    slugs.add(slug)
                    result.conflicts.append(MergeConflict("events", back[0], "*revived", None, slug))
                    break
    def keep_present(table: str, i: int, doc: dict[str, Any], key: str) -> None:
        """A list of speaker ids without those no longer there (a conflict if any went)."""
        named = doc.get(key) or []
        present = [s for s in named if s in speakers]
        if present != named:
            result.conflicts.append(MergeConflict(table, i, key, named, present))
            doc[key] = present

    for i, doc in talks.items():
        keep_present("talks", i, doc, "speakers")
        doc["roles"] = {k: v for k, v in (doc.get("roles") or {}).items() if str(k).isdigit() and int(k) in speakers}
        if isinstance(doc.get("session"), int) and doc["session"] not in sessions:
            result.conflicts.append(MergeConflict("talks", i, "session", doc["session"], None))
            doc["session"] = None
    for i, doc in sessions.items():
        keep_present("sessions", i, doc, "chairs")
