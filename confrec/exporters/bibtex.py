"""bibtex: one @inproceedings per published talk, for reference managers and
LaTeX. Authors as 'Family, Given and ...'; booktitle, year, month, address
and organization from the event; a citation key made from the event, the
talk's number and its first author's family name, the same every time.

Text is LaTeX-escaped (braces, backslash, %, &, $, #, _, ~, ^), so a title
can neither end its field nor run commands; letters of any script are kept
as UTF-8, as biber and bibtexu read them.
"""

from __future__ import annotations

import re

from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.common import published
from confrec.names import split_name
from confrec.textutil import one_line, slugify

# (braces as commands: BibTeX counts every brace, escaped or not, and one
# unbalanced brace would end the field or the file)
_LATEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#",
          "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX))
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def latex(text: str) -> str:
    return _SPECIAL.sub(lambda m: _LATEX[m.group()], one_line(text))


def citation_key(bundle: EventBundle, talk_id: int, first_author: str | None) -> str:
    """'kaznu-2016-2-kukeeva': stable while the talk keeps its number and first author."""
    family = slugify(split_name(first_author).family)[:30] if first_author else ""
    return "-".join(x for x in (bundle.event.slug, str(talk_id), family) if x)


def render(bundle: EventBundle, options: Options) -> str:
    e = bundle.event
    entries = []
    for t in published(bundle):
        if t.is_program_item:
            continue
        people = bundle.speakers_of(t)
        authors = " and ".join(
            latex(f"{n.family}, {n.given}" if n.given else n.family) for n in (split_name(s.name) for s in people))
        fields = [
            ("author", authors),
            ("title", latex(t.title + (f": {t.subtitle}" if t.subtitle else ""))),
            ("booktitle", latex(e.name)),
            ("year", str(t.start.year if t.start else e.start.year)),
            ("month", MONTHS[(t.start.month if t.start else e.start.month) - 1]),
            ("address", latex(", ".join(x for x in (e.city, e.country) if x))),
            ("organization", latex(e.host or "")),
            ("language", t.language or ""),
            ("url", t.url or ""),
            ("abstract", latex(t.abstract or "")),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" if name != "month" else f"  {name} = {value}"
                          for name, value in fields if value)
        key = citation_key(bundle, t.id, people[0].name if people else None)  # type: ignore[arg-type]
        entries.append(f"@inproceedings{{{key},\n{body}\n}}\n")
    return "\n".join(entries)
