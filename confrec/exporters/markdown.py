"""md: the program, the book of abstracts and the speaker index as Markdown.

User text is escaped so that nothing in a title or abstract turns into
markup, links or raw HTML when the Markdown is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.book import book
from confrec.exporters.common import published
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
    return "".join(pieces(bundle, options))


def pieces(bundle: EventBundle, options: Options) -> Iterator[str]:
    """The book of abstracts (exporters.book: the same days, sessions, order
    and words as the HTML and PDF books) in Markdown, then the speakers: a
    day at a time, for the command to write as they come."""
    data = book(bundle, options, cleaned=False, indexed=False)  # (esc takes out the control characters)
    L = data["labels"]
    e = data["event"]
    lines = [f"# {one_line(e['name'])}", ""]
    if e["kind"]:
        lines += [f"*{one_line(e['kind'])}*", ""]
    where = ", ".join(one_line(x) for x in (e["host"], e["venue"], e["city"], e["country"]) if x)
    lines += [f"*{e['dates']}*" + (f" · {where}" if where else ""), ""]
    if e["organizers"]:
        lines += [f"{L['organised_by']}: " + "; ".join(one_line(o) for o in e["organizers"]), ""]
    if e["url"]:
        lines += [f"<{e['url']}>", ""]
    lines += [x for p in e["description"] for x in (esc(p), "")]

    lines += [f"## {L['program']}", ""]
    # parallel rooms share their times, a speaker gives several talks, the
    # abstracts repeat the titles (by id): each escaped once
    seen: dict[Any, str] = {}
    if not data["days"] and not data["unscheduled"]:
        lines += [L["no_talks"], ""]
    for day in data["days"]:
        lines += [f"### {day['date']}", ""]
        for group in day["groups"]:
            session = group["session"]
            if session is not None:
                said = ", ".join(one_line(x) for x in (session["when"], session["room"]) if x)
                lines += [f"#### {one_line(session['title'])}" + (f" ({said})" if said else ""), ""]
                if session["chairs"]:
                    chair = L["chair"] if len(session["chairs"]) == 1 else L["chairs"]
                    lines += [f"{chair}: " + ", ".join(one_line(c) for c in session["chairs"]), ""]
            lines += [_program_line(item, seen) for item in group["talks"]] + [""]
        yield "\n".join(lines) + "\n"
        lines = []
    if data["unscheduled"]:
        lines += [f"### {L['unscheduled']}", ""]
        lines += [_program_line(item, seen) for item in data["unscheduled"]] + [""]

    lines += [f"## {L['abstracts']}", ""]
    authors: dict[int, str] = {}  # each author's line escaped once, not once per talk (keyed by the shared dict)
    for day in data["abstract_days"]:
        yield "\n".join(lines) + "\n"
        lines = [f"### {day['date']}", ""]
        for a in day["abstracts"]:
            title = seen.get(a["id"]) or one_line(a["title"])  # (escaped once, for the program)
            lines += [f"#### {a['id']}. {title}", ""]
            if a["subtitle"]:
                lines += [f"*{one_line(a['subtitle'])}*", ""]
            for au in a["authors"]:
                if id(au) not in authors:
                    authors[id(au)] = f"*{one_line(au['name'])}*" + (f" — {one_line(au['details'])}"
                                                                      if au["details"] else "") + "  "
                lines.append(authors[id(au)])
            if a["said"]:
                lines.append(one_line(a["said"]))
            if a["authors"] or a["said"]:
                lines[-1] = lines[-1].rstrip()
                lines.append("")
            lines += [x for p in a["paragraphs"] for x in (esc(p), "")] or [f"*{L['no_abstract']}*", ""]

    lines += [f"## {L['speakers']}", ""]
    published_ids = {t.id for t in published(bundle)}
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
    yield "\n".join(lines)


def _program_line(item: dict[str, Any], seen: dict[Any, str]) -> str:
    """'- 10:00–10:20 · Hall 301 · 2. **Title** — Speakers' (a break has no number)."""
    key = (item["time"], item["room"])
    placed = seen.get(key)
    if placed is None:
        slot = " · ".join(one_line(x) for x in key if x)
        placed = seen[key] = slot + " · " if slot else ""
    # '- 1. x' would open a numbered list inside the item: at its start the dot is escaped
    number = "" if item["id"] is None else f"{item['id']}. " if placed else f"{item['id']}\\. "
    names = seen.get(item["speakers"])
    if names is None:
        names = seen[item["speakers"]] = one_line(item["speakers"])
    title = one_line(item["title"])
    if item["id"] is not None:
        seen[item["id"]] = title  # the abstract's heading says it again
    return f"- {placed}{number}**{title}**" + (f" — {names}" if names else "")
