"""A spreadsheet of talks: columns found by header name, case-insensitively.

title, abstract, speakers ('; '-separated) or name or first_name/last_name,
affiliation, country, email, start (or date + time), duration, room, track,
type, status, language, tags. confrec's own csv export reads back too.
A sheet gives only the columns it has: the rest of a talk stays as it is.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re

from confrec.importers import ImportFailed, Incoming, IncomingTalk
from confrec.importers.common import duration_value, talk_status, talk_type
from confrec.textutil import normalise

_NEUTRALISED = re.compile(r"^'(?='*[=+\-@\t\r])")  # undo our own export's formula guard (one quote)


# Other names spreadsheets give the same columns.
_ALIASES = {
    "e_mail": "email", "mail": "email", "emails": "email", "e_mails": "email",
    "speaker": "speakers", "speaker_names": "speakers", "authors": "speakers", "author": "speakers",
    "presenters": "speakers", "presenter": "speakers", "speaker_name": "name",
    "firstname": "first_name", "given_name": "first_name",
    "lastname": "last_name", "surname": "last_name", "family_name": "last_name",
    "affiliations": "affiliation", "organisation": "affiliation", "organization": "affiliation",
    "institution": "affiliation", "countries": "country",
    "start_time": "start", "begin": "start", "starts": "start", "datetime": "start",
    "length": "duration", "minutes": "duration", "duration_min": "duration",
    "location": "room", "hall": "room", "kind": "type", "session_type": "type", "state": "status",
    "summary": "abstract", "keywords": "tags", "lang": "language",
}


def _header(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    return _ALIASES.get(key, key)


# The columns a sheet's cells are read from (``_talk`` and ``_names``).
FIELDS = ("title", "abstract", "description", "speakers", "name", "first_name", "last_name", "affiliation",
          "country", "email", "start", "date", "time", "duration", "room", "track", "type", "status",
          "language", "tags")


# Read as nothing, and not said: the row's id in the record a sheet came
# from (confrec's own export writes it); a record gives its own ids.
IGNORED = ("id",)


def _columns(written: list[str], named: list[str]) -> list[str]:
    """Each column's field ('' for one confrec does not read); two columns
    for one field are refused: which of the two a cell came from would
    decide, unseen, what is kept ('Summary' and 'Abstract', 'Speaker' and 'Author')."""
    seen: dict[str, str] = {}
    for name, field in zip(written, named, strict=True):
        if field in FIELDS:
            if field in seen:
                raise ImportFailed(f"line 1: the columns {seen[field].strip()!r} and {name.strip()!r} both give "
                                   f"the {field.replace('_', ' ')}: keep one, or rename the other")
            seen[field] = name
    return [h if h in FIELDS else "" for h in named]


def _left_out(incoming: Incoming, written: list[str], unread: dict[int, list[str]]) -> None:
    """Say which columns with values confrec has no field for: their cells are not imported."""
    for i, cells in sorted(unread.items()):
        name = written[i].strip()
        field = f"column {name!r}" if name else f"column {i + 1} (no name)"
        incoming.repair("line 1", field, cells[0],
                        f"left out: confrec keeps no such field ({len(cells)} value(s) not imported)")


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";")]


_QUOTING = "a quoted cell must end with its quote, and a quote inside it is written twice"


# Python's csv refuses cells over 128 KiB; an abstract may be far longer.
FIELD_LIMIT = 64 * 1024 * 1024


def _delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever splits the header line into the most cells.

    Only the delimiter is guessed. Quoting stays standard (a doubled quote
    inside a quoted cell is one quote): the csv module's Sniffer also guesses
    that, and turns it off for the exports of most spreadsheets.
    """
    line = text.split("\n", 1)[0]
    counts = {d: len(next(csv.reader([line], delimiter=d), [])) for d in (",", ";", "\t")}
    if max(counts.values()) == 1:
        # One column: the header cannot tell. A spreadsheet quotes a cell that
        # holds its own delimiter only, so it is the one no row is split by
        # ('Peace, harmony' in a ';' sheet of titles).
        for d in counts:
            with contextlib.suppress(csv.Error):  # (a quote left open: parse() says where)
                if all(len(row) <= 1 for row in csv.reader(io.StringIO(text), delimiter=d, strict=True)):
                    return d
    return max(counts, key=lambda d: (counts[d], d == ","))


def parse(text: str) -> Incoming:
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    # strict: a quote left open, or text after a closing quote, is an error
    # rather than a cell read otherwise than it was written
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text), strict=True)
    try:
        written = next(reader)
    except StopIteration:
        raise ImportFailed("the CSV file is empty") from None
    except csv.Error as e:
        raise ImportFailed(f"line 1: {e}: {_QUOTING}") from None
    named = [_header(h) for h in written]
    if "talks" in named:  # (what 'export --what speakers' writes: its 'title' is a person's)
        raise ImportFailed("line 1: this is a sheet of speakers (it has a 'talks' column); import reads a sheet "
                           "of talks, one row per talk: change speakers with 'confrec speaker edit'")
    if "title" not in named:
        raise ImportFailed("line 1: no 'title' column (columns found: " + ", ".join(h for h in named if h) + ")")
    header = _columns(written, named)
    incoming = Incoming(event=None, whole=False)  # a sheet may hold only some of the talks
    # the columns confrec has no field for, and their values (to be said: not the ignored ones)
    said = {i for i, h in enumerate(named) if not header[i] and h not in IGNORED}
    unread: dict[int, list[str]] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise ImportFailed(f"line {line}: {len(cells)} cells but only {len(header)} columns")
            row = {h: _NEUTRALISED.sub("", c).strip() for h, c in zip(header, cells, strict=False) if h}
            for i, c in enumerate(cells):
                if i in said and c.strip():
                    unread.setdefault(i, []).append(c.strip())
            incoming.talks.append(_talk(incoming, row, line))
    except csv.Error as e:
        raise ImportFailed(f"line {reader.line_num}: {e}: {_QUOTING}") from None
    _left_out(incoming, written, unread)
    return incoming


def _names(row: dict[str, str]) -> list[str]:
    if row.get("speakers"):
        return [n for n in _split(row["speakers"]) if n]
    if row.get("name"):
        return [row["name"]]
    full = " ".join(x for x in (row.get("first_name", ""), row.get("last_name", "")) if x)
    return [full] if full else []


def _aligned(incoming: Incoming, where: str, row: dict[str, str], column: str, n: int) -> list[str | None]:
    """A per-speaker value: one value for one speaker, or one per speaker, '; '-separated."""
    raw = row.get(column, "")
    if not raw:
        return [None] * n
    parts = _split(raw)
    if n == 1:
        return [raw]
    if len(parts) == n:
        return [p or None for p in parts]
    # cannot tell whose it is: better nothing than a wrong affiliation, and said
    action = (f"left out: {len(parts)} value(s) for {n} speakers; give one per speaker, '; '-separated"
              if n else "left out: no speaker")
    incoming.repair(where, column, raw, action)
    return [None] * n


def _talk(incoming: Incoming, row: dict[str, str], line: int) -> IncomingTalk:
    where = f"line {line}"
    title = row.get("title", "")
    if not title:
        raise ImportFailed(f"{where}: the title is empty")
    names = _names(row)
    people = []
    columns = {c: _aligned(incoming, where, row, c, len(names)) for c in ("affiliation", "country", "email")}
    for i, name in enumerate(names):
        # Within one sheet the same name is the same person, unless two rows
        # give that name two different e-mail addresses.
        key = "name:" + normalise(name)
        email = columns["email"][i]
        known = incoming.people.get(key)
        if known and email and known.get("email") and known["email"].lower() != email.lower():
            key += "|" + email.lower()
            known = incoming.people.get(key)
        fields = {"name": name, "affiliation": columns["affiliation"][i],
                  "country": columns["country"][i], "email": email}
        if known is None:
            incoming.people[key] = fields
        else:  # fill what an earlier row left empty
            for k, v in fields.items():
                if v and not known.get(k):
                    known[k] = v
        if key not in people:
            people.append(key)
    start = row.get("start") or " ".join(x for x in (row.get("date"), row.get("time")) if x) or None
    # A sheet gives the columns it has (an empty cell empties the field); a
    # talk's other fields stay as the record has them: a sheet of rooms and
    # times must not take the speakers, abstracts and statuses away.
    given: dict[str, object] = {"title": title}
    if _has(row, "start", "date", "time"):
        given["start"] = start
    if _has(row, "abstract", "description"):
        given["abstract"] = row.get("abstract") or row.get("description")
    if "type" in row:
        given["type"], given["type_label"] = talk_type(row["type"])
    for name in ("track", "room", "language"):
        if name in row:
            given[name] = row[name]
    if "duration" in row:
        given["duration"] = duration_value(row["duration"] or None)
    if "status" in row:
        given["status"] = talk_status(row["status"]) or row["status"]  # an unknown word: repaired on merge
    if "tags" in row:
        given["tags"] = [t for t in _split(row["tags"]) if t]
    return IncomingTalk(
        ref=f"csv:{normalise(title)}|{start or ''}",
        where=where,
        fields=given,
        people=people,
        people_given=_has(row, "speakers", "name", "first_name", "last_name"),
    )


def _has(row: dict[str, str], *columns: str) -> bool:
    return any(c in row for c in columns)
