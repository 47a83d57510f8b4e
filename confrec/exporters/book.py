"""The book of abstracts as data: what the PDF (Typst) and the HTML book both lay out.

Title page, program by day and session (breaks included), the abstracts by
day in program order, and an index of authors by family name. Plain values only:
the layouts take every piece of user text as text, never as markup.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.common import published
from confrec.names import split_name
from confrec.record.models import Speaker, Talk
from confrec.record.timeline import span_text, talk_span_text
from confrec.textutil import for_terminal, json_may_need_for_terminal

LABELS = {
    "en": {"contents": "Contents", "program": "Program", "abstracts": "Abstracts", "index": "Index of authors",
           "chair": "Chair", "chairs": "Chairs", "outside": "Not in a session", "unscheduled": "Not yet scheduled",
           "no_abstract": "No abstract.", "organised_by": "Organised by", "host": "Host", "page": "page",
           "speakers": "Speakers", "talk": "talk", "talks": "talks", "no_talks": "No talks yet."},
    "ru": {"contents": "Содержание", "program": "Программа", "abstracts": "Тезисы докладов",
           "index": "Указатель авторов", "chair": "Председатель", "chairs": "Председатели",
           "outside": "Вне секций", "unscheduled": "Время не назначено", "no_abstract": "Тезисы не представлены.",
           "organised_by": "Организаторы", "host": "Принимающая сторона", "page": "с.",
           "speakers": "Докладчики", "talk": "доклад", "talks": "доклады", "no_talks": "Докладов пока нет."},
    "kk": {"contents": "Мазмұны", "program": "Бағдарлама", "abstracts": "Баяндамалар тезистері",
           "index": "Авторлар көрсеткіші", "chair": "Төраға", "chairs": "Төрағалар", "outside": "Секциядан тыс",
           "unscheduled": "Уақыты белгіленбеген", "no_abstract": "Тезис берілмеген.",
           "organised_by": "Ұйымдастырушылар", "host": "Қабылдаушы тарап", "page": "б.",
           "speakers": "Баяндамашылар", "talk": "баяндама", "talks": "баяндамалар",
           "no_talks": "Әзірге баяндама жоқ."},
}
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "kk": "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split(),
}
WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    "ru": "понедельник вторник среда четверг пятница суббота воскресенье".split(),
    "kk": "дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі".split(),
}


# The contents list every abstract up to this many. Beyond, they stop at the
# days: 300 pages of contents would serve nobody (the program and the index of
# authors find a talk), and typesetting them costs a quarter of a large book.
CONTENTS_EACH_ABSTRACT = 500


def book_language(lang: str | None) -> str:
    """The language of the book's own words: the --lang when confrec speaks it, else English."""
    base = (lang or "en").split("-")[0]
    return base if base in LABELS else "en"


def long_date(day: date, lang: str, weekday: bool = False) -> str:
    month = MONTHS[lang][day.month - 1]
    text = {"en": f"{day.day} {month} {day.year}", "ru": f"{day.day} {month} {day.year} г.",
            "kk": f"{day.year} жылғы {day.day} {month}"}[lang]
    return f"{WEEKDAYS[lang][day.weekday()]}, {text}" if weekday else text


def event_days(bundle: EventBundle, lang: str) -> str:
    e = bundle.event
    if e.end is None or e.end == e.start:
        return long_date(e.start, lang)
    return f"{long_date(e.start, lang)} – {long_date(e.end, lang)}"


def _item(t: Talk, time: str, people: list[Speaker]) -> dict[str, Any]:
    return {
        "id": None if t.is_program_item else t.id,
        "time": time,
        "room": t.room or "",
        "title": t.title,
        "speakers": ", ".join(s.display_name for s in people),
    }


def _session(bundle: EventBundle, session: Any, with_day: bool) -> dict[str, Any] | None:
    if session is None:
        return None
    return {"title": session.title, "when": span_text(session.start, session.end, with_day=with_day),
            "room": session.room or "", "chairs": [s.display_name for s in bundle.chairs_of(session)]}


def book(bundle: EventBundle, options: Options, *, cleaned: bool = True, indexed: bool = True) -> dict[str, Any]:
    """The book as data for its layouts. Its strings are ``plain`` unless
    ``cleaned`` is False, for a layout that makes every value safe itself
    (Markdown's escape does); its index of authors is empty unless
    ``indexed`` (Markdown lists the speakers with their details instead)."""
    lang = book_language(bundle.lang)
    e = bundle.event
    talks = published(bundle)
    tz = bundle.tz

    # each talk's time ('10:00–10:20') and people, worked out once: the program and the abstract both show them
    time_of = {t.id: talk_span_text(t, tz, with_day=False) for t in talks}
    people_of = {t.id: bundle.speakers_of(t) for t in talks}
    on_day: dict[date, list[Talk]] = {}  # the scheduled talks by day, in one pass
    for t in talks:
        if t.start is not None:
            on_day.setdefault(t.start.date(), []).append(t)
    headings = {day: long_date(day, lang, weekday=True) for day in on_day}  # the program's and the abstracts'
    days: list[dict[str, Any]] = []
    order: list[Talk] = []  # the abstracts: day by day, each in the order of its program
    for day in sorted(on_day):
        blocks = [(x, items) for x, items in bundle.program_blocks(on_day[day])
                  # a session with no talks yet is in the program of its own day only
                  if items or (x is not None and x.start is not None and x.start.date() == day)]
        days.append({"date": headings[day], "groups": [
            {"session": _session(bundle, x, False),
             "talks": [_item(t, time_of[t.id], people_of[t.id]) for t in items]} for x, items in blocks]})
        order += [t for _, items in blocks for t in items]
    untimed = [t for t in talks if t.start is None]
    unscheduled = [_item(t, time_of[t.id], people_of[t.id]) for t in untimed]
    order += untimed
    # a day's long date and an author's lines, each worked out once (not once per talk)
    dates = {day: long_date(day, lang) for day in on_day}
    authors: dict[int, dict[str, str]] = {}
    by_day: dict[date | None, list[dict[str, Any]]] = {}  # each day's abstracts, in program order
    for t in order:
        if t.is_program_item:
            continue  # a coffee break has no abstract page
        session = bundle.session_of(t)
        when = ""
        if t.start is not None:
            when = f"{dates[t.start.date()]}, {time_of[t.id]}"
        people = people_of[t.id]
        for s in people:
            if s.id not in authors:
                authors[s.id] = {"name": s.display_name, "details": s.standing}
        by_day.setdefault(t.start.date() if t.start else None, []).append({
            "id": t.id, "label": f"talk-{t.id}", "title": t.title, "subtitle": t.subtitle or "",
            "authors": [authors[s.id] for s in people],
            # the line under the authors, as both layouts show it (a select|join or filter per talk cost more)
            "said": " · ".join(x for x in (when, t.room, session.title if session else None) if x),
            "paragraphs": paragraphs(t.abstract),
        })
    abstract_days = [
        {"date": headings[day] if day else LABELS[lang]["unscheduled"], "abstracts": them}
        for day, them in by_day.items()]  # (in order: the days, then the talks with no time)
    published_ids = {a["id"] for them in by_day.values() for a in them}
    # the index of authors: each author's abstracts in program order, the
    # authors by family name, ties by the name as printed, then by who came first
    theirs: dict[int, list[int]] = {}
    for t in talks if indexed else ():
        if t.id in published_ids:
            for s in people_of[t.id]:
                theirs.setdefault(s.id, []).append(t.id)
    entries = []
    for sid, ids in theirs.items():
        name = split_name(bundle.speakers[sid].name)
        entries.append((name.sort_key(), name.inverted(), sid, ids))
    entries.sort(key=lambda entry: entry[:3])
    index = [{"name": name, "labels": [f"talk-{i}" for i in ids], "talks": ids} for _, name, _, ids in entries]
    data: dict[str, Any] = (plain if cleaned else _as_is)({
        "lang": bundle.lang or "en",
        "labels": LABELS[lang],
        "event": {
            "name": e.name, "kind": e.kind or "", "host": e.host or "", "organizers": e.organizers,
            "dates": event_days(bundle, lang), "city": e.city or "", "country": e.country or "",
            "venue": e.venue or "", "description": paragraphs(e.description), "url": e.url or "",
        },
        "authors": e.organizers or ([e.host] if e.host else []),
        "days": days,
        "unscheduled": unscheduled,
        "abstract_days": abstract_days,
        "contents_each_abstract": len(published_ids) <= CONTENTS_EACH_ABSTRACT,
        "index": index,
    })
    return data


def _as_is(value: Any) -> Any:
    return value


def plain(value: Any) -> Any:
    """Every string without control characters (a hand-edited record may hold
    them): no layout should print an escape or a NUL glyph. Almost every
    record has none: one look at the whole, serialised (20 ms for 10,000
    talks), spares the walk through every value (ten times that)."""
    import orjson

    try:
        serialised = orjson.dumps(value)
    except orjson.JSONEncodeError:  # (a lone surrogate, say: the full pass decides)
        return _cleaned(value)
    return _cleaned(value) if json_may_need_for_terminal(serialised) else value


def _cleaned(value: Any) -> Any:
    kind = type(value)  # exact types, strings inline: it walks every value of a 10,000-talk book
    if kind is str:
        return for_terminal(value)
    if kind is list:
        return [for_terminal(v) if type(v) is str else _cleaned(v) for v in value]
    if kind is dict:
        return {k: for_terminal(v) if type(v) is str else _cleaned(v) for k, v in value.items()}
    return for_terminal(value) if isinstance(value, str) else value


_BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs(text: str | None) -> list[str]:
    """Blank-line separated paragraphs, each on one line."""
    if not text:
        return []
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return [text]  # already one clean line (printable: no other white space than single spaces)
    if "\n" not in text:  # one line, one paragraph (most abstracts as typed)
        words = text.split()
        return [" ".join(words)] if words else []
    blocks = _BLANK_LINE.split(text.replace("\r\n", "\n").strip())
    return [" ".join(b.split()) for b in blocks if b.strip()]
