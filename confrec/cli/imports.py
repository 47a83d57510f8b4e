"""confrec import: bring in the records people already have."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from confrec.cli.common import EventOpt, JsonOpt, print_json, reading, show, writing

PROGRESS_FROM = 300  # records; smaller files finish before a bar would be seen


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The file to import ('-' reads stdin).")],
    format: Annotated[str, typer.Option("--format", "-f",
                      help="auto (from the content), json, csv, frab-xml or frab-json.")] = "auto",
    event: EventOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would be added; write nothing.")] = False,
    json: JsonOpt = False,
) -> None:
    """Import talks and speakers from a confrec export, a spreadsheet or a frab/pretalx schedule.

    All or nothing: a file with an error imports nothing and says where it broke.
    Importing the same file again adds nothing.
    Example: confrec import schedule.json
    """
    from confrec.importers import about, load
    from confrec.importers.merge import merge

    incoming = load(file, format)
    # A dry run merges into the record read in memory and simply does not write it.
    opened = reading(ctx) if dry_run else writing(ctx, f"import {file.name}")
    with about(file), _progress(len(incoming.talks)) as progress, opened as store:
        summary = merge(store, incoming, target_event=event, progress=progress)
    result = {"file": str(file), "format": incoming.source, "dry_run": dry_run, **summary.to_dict()}
    if json:
        print_json(result)
        return
    from rich.text import Text

    from confrec.render import T

    t, s, e = summary.talks, summary.speakers, summary.events
    text = Text()
    text.append_text(T(f"{'Would import' if dry_run else 'Imported'} {file} ({incoming.source}) into {summary.event}\n"))
    text.append(f"  events:   {e['added']} new, {e['reused']} reused\n")
    text.append(f"  speakers: {s['added']} new, {s['reused']} reused\n")
    text.append(f"  talks:    {t['added']} new, {t['updated']} updated, {t['unchanged']} unchanged, "
                f"{t['skipped']} skipped")
    show(text)


class _progress:
    """A Rich progress bar on stderr for big files, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.total < PROGRESS_FROM or not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task("Importing talks", total=self.total)
        return lambda n: self.bar.update(task, completed=n)  # type: ignore[union-attr]

    def __exit__(self, *exc) -> None:  # type: ignore[no-untyped-def]
        if self.bar is not None:
            self.bar.stop()
