"""A spreadsheet of talks: columns found by header name, case-insensitively.

title, abstract, speakers ('; '-separated, or ', '-separated when each has
initials: 'Кукеева Ф.Т., Байзакова К.И.') or name or first_name/middle_name/
last_name, the speakers' title (degree), position, affiliation, country and
email, start (or date + time), duration, room, track, session (a section,
'Секция') and its chair, type, status, language, tags; under their English,
Russian or Kazakh names ('ФИО', 'Аудитория').
confrec's own csv export reads back too.
A sheet gives only the columns it has: the rest of a talk stays as it is.
A sheet of speakers (its own export, with a 'talks' column) updates the
speakers' details instead.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Container, Iterator
from typing import Any

from confrec.importers import ImportFailed, Incoming, IncomingSession, IncomingSpeaker, IncomingTalk
from confrec.importers.common import duration_value
from confrec.names import with_initials
from confrec.textutil import normalise
from confrec.words import talk_status, talk_type

_NEUTRALISED = re.compile(r"^'(?='*[=+\-@\t\r])")  # undo our own export's formula guard (one quote)


# Other names spreadsheets give the same columns, in English, Russian and
# Kazakh, as _header writes them (lower case, words joined by '_', no dots,
# no unit of minutes, ё as е): organisers keep their sheets in the language of their
# forms ('ФИО', 'Название доклада', 'Баяндама тақырыбы').
_ALIASES = {
    # a row's number, read as nothing (see IGNORED)
    "№": "id", "#": "id", "no": "id", "№_п/п": "id", "№_пп": "id", "п/п": "id", "р/с": "id", "р/н": "id",
    # the talk
    "talk_title": "title", "paper_title": "title", "presentation_title": "title", "talk": "title",
    "topic": "title", "название": "title", "название_доклада": "title", "тема": "title",
    "тема_доклада": "title", "доклад": "title", "наименование_доклада": "title", "тақырыбы": "title",
    "тақырып": "title", "баяндама_тақырыбы": "title", "баяндаманың_тақырыбы": "title", "атауы": "title",
    "баяндама_атауы": "title", "баяндаманың_атауы": "title",
    "summary": "abstract", "аннотация": "abstract", "тезисы": "abstract", "тезис": "abstract",
    "аңдатпа": "abstract", "тезистер": "abstract", "описание": "description", "сипаттама": "description",
    # the people
    "speaker": "speakers", "speaker_names": "speakers", "authors": "speakers", "author": "speakers",
    "presenters": "speakers", "presenter": "speakers", "докладчик": "speakers", "докладчики": "speakers",
    "автор": "speakers", "авторы": "speakers", "спикер": "speakers", "спикеры": "speakers",
    "выступающий": "speakers", "баяндамашы": "speakers", "баяндамашылар": "speakers", "авторлар": "speakers",
    "speaker_name": "name", "full_name": "name", "фио": "name", "фио_докладчика": "name",
    "фио_автора": "name", "фио_участника": "name", "аты_жөні": "name", "тегі_аты_жөні": "name",
    "таә": "name",
    "firstname": "first_name", "given_name": "first_name", "given_names": "first_name", "имя": "first_name",
    "аты": "first_name",
    "lastname": "last_name", "surname": "last_name", "family_name": "last_name", "фамилия": "last_name",
    "тегі": "last_name",
    "middlename": "middle_name", "patronymic": "middle_name", "отчество": "middle_name",
    "әкесінің_аты": "middle_name",
    "degree": "speaker_title", "academic_degree": "speaker_title", "academic_title": "speaker_title",
    "honorific": "speaker_title", "ученая_степень": "speaker_title", "степень": "speaker_title",
    "звание": "speaker_title", "ученое_звание": "speaker_title", "ғылыми_дәреже": "speaker_title",
    "ғылыми_дәрежесі": "speaker_title", "ғылыми_атағы": "speaker_title", "атағы": "speaker_title",
    "job_title": "position", "должность": "position", "лауазымы": "position", "лауазым": "position",
    "қызметі": "position",
    "affiliations": "affiliation", "organisation": "affiliation", "organization": "affiliation",
    "institution": "affiliation", "university": "affiliation", "организация": "affiliation",
    "место_работы": "affiliation", "вуз": "affiliation", "учреждение": "affiliation",
    "университет": "affiliation", "ұйым": "affiliation", "ұйымы": "affiliation", "жұмыс_орны": "affiliation",
    "мекеме": "affiliation",
    "countries": "country", "страна": "country", "ел": "country", "елі": "country", "мемлекет": "country",
    "e_mail": "email", "mail": "email", "emails": "email", "e_mails": "email", "email_address": "email",
    "почта": "email", "эл_почта": "email", "электронная_почта": "email", "эл_пошта": "email",
    "электрондық_пошта": "email",
    # when and where
    "start_time": "start", "begin": "start", "starts": "start", "datetime": "start", "начало": "start",
    "басталуы": "start",
    "дата": "date", "день": "date", "күні": "date", "время": "time", "уақыты": "time", "уақыт": "time",
    "length": "duration", "minutes": "duration", "duration_min": "duration", "продолжительность": "duration",
    "длительность": "duration", "регламент": "duration", "ұзақтығы": "duration",
    "location": "room", "hall": "room", "аудитория": "room", "ауд": "room", "зал": "room",
    "кабинет": "room", "бөлме": "room",
    "направление": "track", "трек": "track", "бағыты": "track",
    # the program's sessions and their chairs (an academic program's sections are its sessions)
    "section": "session", "секция": "session", "секциясы": "session", "сессия": "session",
    "заседание": "session", "секция_атауы": "session", "название_секции": "session", "отырыс": "session",
    "chairs": "chair", "chairperson": "chair", "moderator": "chair", "moderators": "chair",
    "председатель": "chair", "председатели": "chair", "модератор": "chair", "модераторы": "chair",
    "председатель_секции": "chair", "төраға": "chair", "төрағалар": "chair", "секция_төрағасы": "chair",
    # what it is
    "kind": "type", "session_type": "type", "format": "type", "тип": "type", "вид": "type",
    "формат": "type", "түрі": "type",
    "state": "status", "статус": "status", "мәртебесі": "status",
    "lang": "language", "язык": "language", "язык_доклада": "language", "тілі": "language",
    "баяндама_тілі": "language",
    "keywords": "tags", "keyword": "tags", "ключевые_слова": "tags", "теги": "tags",
    "кілт_сөздер": "tags", "түйінді_сөздер": "tags",
}


# Minutes named after a column's name: 'Продолжительность (мин.)', 'Duration, min'.
# (Only a unit: 'Start (UTC)' says the times are not the event's, and is not read as start.)
_MINUTES = re.compile(r"\s*[(,]\s*(?:мин|минут[аы]?|mins?|minutes)\.?\s*\)?$")


def _header(name: str) -> str:
    """A column's name as _ALIASES has it: 'Ф.И.О.' and 'ФИО' -> 'фио',
    'Продолжительность (мин)' -> 'продолжительность', 'E-mail' -> 'e_mail'."""
    key = _MINUTES.sub("", name.strip(" \t*:").lower().replace("ё", "е")).replace(".", "")
    key = re.sub(r"[\s\-–—]+", "_", key.strip(" \t*:"))
    return _ALIASES.get(key, key)


# The columns a sheet's cells are read from (``_talk`` and ``_names``).
FIELDS = ("title", "abstract", "description", "speakers", "name", "first_name", "middle_name", "last_name",
          "speaker_title", "position", "affiliation", "country", "email", "start", "date", "time", "duration",
          "room", "track", "session", "chair", "type", "status", "language", "tags")
# A field a sheet may give in several columns, their cells joined in order:
# a Russian form asks the degree and the rank apart ('д.и.н.', 'профессор').
JOINED = {"speaker_title": ", "}


# Read as nothing, and not said: the row's id in the record a sheet came
# from (confrec's own export writes it), or its number in the sheet ('№',
# '№ п/п'); a record gives its own ids.
IGNORED = ("id",)


def _columns(written: list[str], named: list[str], fields: Container[str] = FIELDS,
             joined: Container[str] = JOINED) -> list[str]:
    """Each column's field ('' for one confrec does not read); two columns
    for one field are refused: which of the two a cell came from would
    decide, unseen, what is kept ('Summary' and 'Abstract', 'Speaker' and 'Author')."""
    seen: dict[str, str] = {}
    header: list[str] = []
    for name, field in zip(written, named, strict=True):
        if field not in fields:
            field = ""
        elif field in seen and field in joined:
            field = f"{field}+{sum(h.startswith(field) for h in header)}"  # read apart, joined per speaker
        elif field in seen:
            raise ImportFailed(f"line 1: the columns {seen[field].strip()!r} and {name.strip()!r} both give "
                               f"the {field.replace('_', ' ')}: keep one, or rename the other")
        else:
            seen[field] = name
        header.append(field)
    return header


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
        return _speakers(reader, written, named)
    if "title" not in named:
        raise ImportFailed("line 1: no 'title' column (columns found: " + ", ".join(h for h in named if h) + ")")
    header = _columns(written, named)
    incoming = Incoming(event=None, whole=False)  # a sheet may hold only some of the talks
    # the columns confrec has no field for, and their values (to be said: not the ignored ones)
    said = {i for i, h in enumerate(named) if not header[i] and h not in IGNORED}
    unread: dict[int, list[str]] = {}
    sections: dict[str, tuple[IncomingSession, set[str]]] = {}  # by key: the session, its rows' rooms
    for line, row in _rows(reader, header, said, unread):
        incoming.talks.append(_talk(incoming, row, line))
        if row.get("session"):
            _section(incoming, sections, row, line)
        elif row.get("chair"):
            incoming.repair(f"line {line}", "chair", row["chair"], "left out: a chair chairs a session, and the "
                                                                   "row names none")
    for session, rooms in sections.values():  # a session's room is the one all its talks are in
        (room,) = rooms if len(rooms) == 1 else ("",)
        session.fields["room"] = room or None
    _left_out(incoming, written, unread)
    return incoming


def _section(incoming: Incoming, sections: dict[str, tuple[IncomingSession, set[str]]], row: dict[str, str],
             line: int) -> None:
    """The session a row's talk is in, made on its first row: its title, and
    its chairs from the first row that names them (the merge gives it the
    time its talks span); the row's room is noted."""
    title = " ".join(row["session"].split())
    key = f"id:{normalise(title)}"
    if key not in sections:
        sections[key] = (IncomingSession(key, f"line {line}", {"title": title}, times_from_talks=True), set())
        incoming.sessions.append(sections[key][0])
    session, rooms = sections[key]
    rooms.add(row.get("room", ""))
    if row.get("chair") and not session.chairs:
        for name in _people_in(row["chair"]):
            key_of = "name:" + normalise(name)
            incoming.people.setdefault(key_of, {"name": name})
            session.chairs.append(key_of)


def _rows(reader: Any, header: list[str], said: set[int],
          unread: dict[int, list[str]]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row that is not blank, by its line, as its columns' fields; the
    cells of the columns in ``said`` (which confrec does not read) go to ``unread``."""
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise ImportFailed(f"line {line}: {len(cells)} cells but only {len(header)} columns")
            for i, c in enumerate(cells):
                if i in said and c.strip():
                    unread.setdefault(i, []).append(c.strip())
            yield line, {h: _NEUTRALISED.sub("", c).strip() for h, c in zip(header, cells, strict=False) if h}
    except csv.Error as e:
        raise ImportFailed(f"line {reader.line_num}: {e}: {_QUOTING}") from None


# The columns of a sheet of speakers, as 'export --what speakers' writes
# them; its 'title' is the person's (Professor), and so is a degree's column.
SPEAKER_FIELDS = {"id": "id", "name": "name", "title": "title", "speaker_title": "title",
                  "affiliation": "affiliation", "country": "country", "position": "position", "bio": "bio",
                  "email": "email", "talks": ""}


def _speakers(reader: Any, written: list[str], named: list[str]) -> Incoming:
    """A sheet of speakers: each row updates the record's speaker it names
    (by id, as the export wrote it, or by name), or adds one. The talks
    column is what the export said, not read back: talks are changed by talk."""
    if "name" not in named:
        raise ImportFailed("line 1: a sheet of speakers needs a 'name' column (columns found: "
                           + ", ".join(h for h in named if h) + ")")
    header = _columns(written, [SPEAKER_FIELDS.get(h, "") for h in named],
                      fields=set(SPEAKER_FIELDS.values()) - {""}, joined=())
    rows: list[IncomingSpeaker] = []
    incoming = Incoming(event=None, whole=False, speakers=rows)
    unread: dict[int, list[str]] = {}
    said = {i for i, h in enumerate(named) if not header[i] and h != "talks"}
    for line, row in _rows(reader, header, said, unread):
        if not row.get("name"):
            raise ImportFailed(f"line {line}: the name is empty")
        ident = row.pop("id", "")
        if ident and not ident.isdigit():
            raise ImportFailed(f"line {line}: the id {ident!r} is not a speaker's number")
        rows.append(IncomingSpeaker(f"line {line}", int(ident) if ident else None,
                                    {k: v or None for k, v in row.items()}))
    _left_out(incoming, written, unread)
    return incoming


def _names(row: dict[str, str]) -> list[str]:
    if row.get("speakers"):
        return _people_in(row["speakers"])
    if row.get("name"):
        return [row["name"]]
    # given names, patronymic, family name: 'Фарида Тураровна Кукеева', which
    # the index reads by its patronymic (and files under Кукеева)
    full = " ".join(x for x in (row.get("first_name"), row.get("middle_name"), row.get("last_name")) if x)
    return [full] if full else []


def _per_speaker(incoming: Incoming, where: str, row: dict[str, str], field: str, n: int) -> list[str | None]:
    """Each speaker's value of a field; of a JOINED one, their values from
    each of its columns, joined: 'д.и.н.; к.и.н.' and 'профессор; доцент'
    give 'д.и.н., профессор' and 'к.и.н., доцент'."""
    columns = [_aligned(incoming, where, row, c, n) for c in row if c == field or c.startswith(f"{field}+")]
    return [JOINED.get(field, "").join(v for v in values if v) or None
            for values in zip(*columns, strict=True)] if columns else [None] * n


def _people_in(cell: str) -> list[str]:
    """The names in a cell of people (speakers, chairs): '; '-separated, or
    co-authors ', '-separated as _coauthors reads them."""
    return [n for part in _split(cell) for n in _coauthors(part) if n]


def _coauthors(cell: str) -> list[str]:
    """The names in one part of a speakers cell. A Russian or Kazakh program
    lists co-authors with commas, each with initials: 'Кукеева Ф.Т.,
    Байзакова К.И.' is two people. A comma in any other name is the name's
    own: 'Kukeeva, Farida', 'Жакенов Д.Т., д.и.н.', 'van der Berg, Ana'."""
    parts = [p.strip() for p in cell.split(",")]
    return parts if len(parts) > 1 and all(with_initials(p) for p in parts) else [cell]


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
    incoming.repair(where, column.split("+")[0].replace("_", " "), raw, action)
    return [None] * n


def _talk(incoming: Incoming, row: dict[str, str], line: int) -> IncomingTalk:
    where = f"line {line}"
    title = row.get("title", "")
    if not title:
        raise ImportFailed(f"{where}: the title is empty")
    names = _names(row)
    people = []
    columns = {c: _per_speaker(incoming, where, row, c, len(names))
               for c in ("speaker_title", "position", "affiliation", "country", "email")}
    for i, name in enumerate(names):
        # Within one sheet the same name is the same person, unless two rows
        # give that name two different e-mail addresses.
        key = "name:" + normalise(name)
        email = columns["email"][i]
        known = incoming.people.get(key)
        if known and email and known.get("email") and known["email"].lower() != email.lower():
            key += "|" + email.lower()
            known = incoming.people.get(key)
        fields = {"name": name, "title": columns["speaker_title"][i], "position": columns["position"][i],
                  "affiliation": columns["affiliation"][i], "country": columns["country"][i], "email": email}
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
    if "session" in row:  # (an empty cell: in no session)
        given["session"] = normalise(row["session"]) if row["session"].strip() else None
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
        people_given=_has(row, "speakers", "name", "first_name", "middle_name", "last_name"),
    )


def _has(row: dict[str, str], *columns: str) -> bool:
    return any(c in row for c in columns)
