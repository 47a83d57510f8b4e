"""md: the program, the book of abstracts and the speaker index as Markdown.

User text is escaped so that nothing in a title or abstract turns into
markup, links or raw HTML when the Markdown is rendered.
"""

from __future__ import annotations

import re

from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.book import LABELS, book_language
from confrec.exporters.common import published, session_when, speaker_line
from confrec.record.timeline import talk_span_text
from confrec.textutil import for_terminal

# str.translate: C-level, where a regex sub with a template calls Python per match
_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~&{}"})
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])", re.MULTILINE)


def esc(text: str | None) -> str:
    if not text:
        return ""
    text = for_terminal(text).translate(_INLINE)
    if "\n" not in text:  # one line (most values): only its start can read as a block
        first = text.lstrip()[:1]
        if not (first and (first in "#>+=-" or first.isdigit())):
            return text
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def one_line(text: str | None) -> str:
    return " ".join(esc(text).split())


def paragraphs(text: str | None) -> str:
    blocks = re.split(r"\n\s*\n", for_terminal(text or "").strip())
    return "\n\n".join(esc(" ".join(b.split())) for b in blocks if b.strip())


def render(bundle: EventBundle, options: Options) -> str:
    e = bundle.event
    L = LABELS[book_language(bundle.lang)]  # the book's own words in its language, as the PDF has them
    talks = published(bundle)
    published_ids = {t.id for t in talks}  # a talk's number is its id, in every output
    lines = [f"# {one_line(e.name)}", ""]
    if e.kind:
        lines += [f"*{one_line(e.kind)}*", ""]
    where = ", ".join(one_line(x) for x in (e.host, e.venue, e.city, e.country) if x)
    lines += [f"*{bundle.event.dates}*" + (f" · {where}" if where else ""), ""]
    if e.organizers:
        lines += [f"{L['organised_by']}: " + "; ".join(one_line(o) for o in e.organizers), ""]
    if e.url:
        lines += [f"<{e.url}>", ""]
    if e.description:
        lines += [paragraphs(e.description), ""]

    # each speaker's name and line escaped once, not once per talk they give
    name_of: dict[int, str] = {}
    line_of: dict[int, str] = {}
    lines += [f"## {L['program']}", ""]
    if not talks:
        lines += [L["no_talks"], ""]
    tz = bundle.tz
    for session, items in bundle.program_blocks(talks):
        if session is not None:
            said = ", ".join(x for x in (session_when(session), one_line(session.room or "")) if x)
            lines += [f"### {one_line(session.title)}" + (f" ({said})" if said else ""), ""]
            chairs = ", ".join(one_line(s.display_name) for s in bundle.chairs_of(session))
            if chairs:
                lines += [f"{L['chair'] if len(session.chairs) == 1 else L['chairs']}: {chairs}", ""]
        elif items and all(t.start is None for t in items):
            lines += [f"### {L['unscheduled']}", ""]  # said once, not on every line
        for t in items:
            slot = [x for x in (talk_span_text(t, tz), one_line(t.room)) if x]
            people = bundle.speakers_of(t)
            for s in people:
                if s.id not in name_of:
                    name_of[s.id] = one_line(s.display_name)
            names = ", ".join(name_of[s.id] for s in people)
            placed = " · ".join(slot) + " · " if slot else ""
            # '- 1. x' would open a numbered list inside the item: at its start the dot is escaped
            number = "" if t.is_program_item else f"{t.id}. " if placed else f"{t.id}\\. "
            lines.append(f"- {placed}{number}**{one_line(t.title)}**" + (f" — {names}" if names else ""))
        lines.append("")

    lines += [f"## {L['abstracts']}", ""]
    for t in talks:
        if t.is_program_item:
            continue  # a coffee break has no abstract page
        lines += [f"### {t.id}. {one_line(t.title)}", ""]
        if t.subtitle:
            lines += [f"*{one_line(t.subtitle)}*", ""]
        for s in bundle.speakers_of(t):
            if s.id not in line_of:
                line_of[s.id] = f"*{one_line(speaker_line(s))}*  "
            lines.append(line_of[s.id])
        if t.speakers:
            lines[-1] = lines[-1].rstrip()
            lines.append("")
        lines += [paragraphs(t.abstract) or f"*{L['no_abstract']}*", ""]

    lines += [f"## {L['speakers']}", ""]
    for s, their in bundle.speaker_index():
        refs = ", ".join(str(t.id) for t in their if t.id in published_ids)
        entry = f"- **{one_line(s.name)}**"
        details = [x for x in (s.title, s.position, s.affiliation, s.country) if x]
        if details:
            entry += " — " + ", ".join(one_line(x) for x in details)
        if options.include_private and s.email:
            entry += f" <{esc(s.email)}>"
        if refs:
            entry += f" ({L['talks']} {refs})" if "," in refs else f" ({L['talk']} {refs})"
        lines.append(entry)
    lines.append("")
    return "\n".join(lines)
