"""What an import did, as ``confrec import`` shows it: counts, the talks no
longer in the file, and the values repaired on the way in."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text

from confrec.importers.merge import GONE_SHOWN, Summary
from confrec.views.render import Hanging, T


def import_view(file: Path, fmt: str, dry_run: bool, summary: Summary) -> RenderableType:
    t, s, e = summary.talks, summary.speakers, summary.events
    text = Text()
    if not summary.event:  # a sheet of speakers: no event, no talks
        text.append_text(T(f"{'Would import' if dry_run else 'Imported'} {file} ({fmt}, a sheet of speakers)\n"))
        text.append(f"  speakers: {s['added']} new, {s['updated']} updated, {s['unchanged']} unchanged")
        return _with_repairs(text, summary)
    text.append_text(T(f"{'Would import' if dry_run else 'Imported'} {file} ({fmt}) into {summary.event}\n"))
    text.append(f"  events:   {e['added']} new, {e['reused']} reused\n")
    text.append(f"  speakers: {s['added']} new, {s['reused']} reused\n")
    text.append(f"  talks:    {t['added']} new, {t['updated']} updated, {t['unchanged']} unchanged")
    if any(summary.sessions.values()):  # (only confrec's own export carries sessions)
        x = summary.sessions
        text.append(f"\n  sessions: {x['added']} new, {x['updated']} updated, {x['unchanged']} unchanged")
    if summary.gone:
        verb = "marked withdrawn" if t["withdrawn"] else "still in the record (--prune marks them withdrawn)"
        text.append(f"\n  no longer in the file: {t['gone']} talk(s), {verb}")
        for g in summary.gone[:GONE_SHOWN]:
            text.append_text(T(f"\n    {g['id']} {g['title']}"))
        if len(summary.gone) > GONE_SHOWN:
            text.append(f"\n    ... and {len(summary.gone) - GONE_SHOWN} more (see --json)")
    return _with_repairs(text, summary)


def _with_repairs(text: Text, summary: Summary) -> RenderableType:
    if not summary.repairs:
        return text
    text.append(f"\n  repaired: {len(summary.repairs)} value(s) the record cannot hold as given")
    # a repair note is long: it wraps under itself, not at the margin
    return Group(text, *(Hanging("    ", T(str(r))) for r in summary.repairs))
