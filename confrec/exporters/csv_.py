"""csv: one row per talk (or per speaker) for spreadsheets.

UTF-8 with a BOM so spreadsheet programs read non-ASCII names; any cell a
spreadsheet would take for a formula is neutralised with a leading quote.
"""

from __future__ import annotations

import csv
import io

from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.record.timeline import MOMENT
from confrec.textutil import for_terminal

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A cell a spreadsheet shows as text: no formula, no control characters."""
    text = "" if value is None else for_terminal(str(value))
    # (and a value that already starts with quotes before such a character gets
    # one more, so that taking the guard off on import gives it back as it was)
    return "'" + text if text.lstrip("'").startswith(_FORMULA_START) else text


def render(bundle: EventBundle, options: Options) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    private = options.include_private
    if options.what == "speakers":
        header = ["id", "name", "title", "affiliation", "country", "position", "bio", "talks"]
        w.writerow(header + (["email"] if private else []))
        for s, talks in bundle.speaker_index():
            row = [s.id, s.name, s.title, s.affiliation, s.country, s.position, s.bio,
                   "; ".join(t.title for t in talks)]
            w.writerow([cell(v) for v in row + ([s.email] if private else [])])
    else:
        header = ["id", "start", "duration", "room", "track", "type", "status", "title",
                  "speakers", "affiliations", "abstract"]
        w.writerow(header + (["emails"] if private else []))
        for t in bundle.talks:
            people = bundle.speakers_of(t)
            # the type in the source's own word ('lecture', 'meeting') when it had one, as
            # the frab exports write it: it reads back as the same type and word
            row = [t.id, t.start.strftime(MOMENT) if t.start else "", t.duration, t.room,
                   t.track, t.type_label or t.type, t.status, t.title, "; ".join(s.name for s in people),
                   "; ".join(s.affiliation or "" for s in people) if any(s.affiliation for s in people) else "",
                   t.abstract]
            if private:
                row.append("; ".join(s.email for s in people if s.email))
            w.writerow([cell(v) for v in row])
    return "\ufeff" + out.getvalue()
