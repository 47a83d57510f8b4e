"""bibtex: one @inproceedings per published talk, for reference managers and
LaTeX. Authors as 'Family, Given and ...'; booktitle, year, month, address
and organization from the event; a citation key made from the event, the
talk's number and its first author's family name, the same every time.

Text is LaTeX-escaped (braces, backslash, %, &, $, #, _, ~, ^), so a title
can neither end its field nor run commands; letters of any script are kept
as UTF-8, as biber and bibtexu read them.
"""

from __future__ import annotations

import functools
import re

from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.common import published
from confrec.names import split_name
from confrec.textutil import one_line, slugify

# (braces as commands: BibTeX counts every brace, escaped or not, and one
# unbalanced brace would end the field or the file)
_LATEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
          "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#",
          "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_SPECIAL = str.maketrans(_LATEX)  # str.translate: in C, one pass
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def latex(text: str) -> str:
    return one_line(text).translate(_SPECIAL)


@functools.cache  # a speaker of many talks is split and slugged once
def _family_slug(name: str) -> str:
    return slugify(split_name(name).family)[:30]


# BibTeX splits an author list at the word 'and' in any case, even inside a
# name; a name holding it is an institution's ('Institute of Peace and
# Security Studies'), and braced whole it stays one author, as BibTeX writes them.
_AND = re.compile(r"(?<!\S)and(?!\S)", re.IGNORECASE)


def _author(name: str) -> str:
    n = split_name(name)
    # (and a name with no family part, or a comma left in the given names,
    # would be read as other parts than it is: braced whole too)
    if _AND.search(one_line(name)) or not n.family or "," in n.given:
        return "{" + latex(name) + "}"
    return latex(f"{n.family}, {n.given}" if n.given else n.family)


def citation_key(bundle: EventBundle, talk_id: int, first_author: str | None) -> str:
    """'kaznu-2016-2-kukeeva': stable while the talk keeps its number and first author."""
    family = _family_slug(first_author) if first_author else ""
    return "-".join(x for x in (bundle.event.slug, str(talk_id), family) if x)


def render(bundle: EventBundle, options: Options) -> str:
    e = bundle.event
    booktitle, address = latex(e.name), latex(", ".join(x for x in (e.city, e.country) if x))
    organization = latex(e.host or "")
    as_author: dict[int, str] = {}  # a speaker's name as BibTeX wants it, worked out once per speaker
    entries = []
    for t in published(bundle):
        if t.is_program_item:
            continue
        people = bundle.speakers_of(t)
        for s in people:
            if s.id not in as_author:
                as_author[s.id] = _author(s.name)
        authors = " and ".join(as_author[s.id] for s in people)
        fields = [
            ("author", authors),
            ("title", latex(t.title + (f": {t.subtitle}" if t.subtitle else ""))),
            ("booktitle", booktitle),
            ("year", str(t.start.year if t.start else e.start.year)),
            ("month", MONTHS[(t.start.month if t.start else e.start.month) - 1]),
            ("address", address),
            ("organization", organization),
            ("language", t.language or ""),
            ("url", t.url or ""),
            ("abstract", latex(t.abstract or "")),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" if name != "month" else f"  {name} = {value}"
                          for name, value in fields if value)
        key = citation_key(bundle, t.id, people[0].name if people else None)
        entries.append(f"@inproceedings{{{key},\n{body}\n}}\n")
    return "\n".join(entries)
