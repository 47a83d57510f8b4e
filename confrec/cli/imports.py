"""confrec import: bring in the records people already have."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from confrec.cli.common import EventOpt, JsonOpt, print_json, reading, say, show, writing

if TYPE_CHECKING:
    pass

PROGRESS_FROM = 300  # records; smaller files finish before a bar would be seen


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The file to import ('-' reads stdin).")],
    format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="auto (from the content), json, csv, frab-xml, frab-json, schedule-v2 or ics.")] = "auto",
    event: EventOpt = None,
    timezone: Annotated[str | None, typer.Option(
        "--timezone", metavar="ZONE",
        help="The zone of a new event (an IANA name), when the file gives only offsets.")] = None,
    prune: Annotated[bool, typer.Option(
        "--prune", help="Mark talks that an earlier version of this file had and this one lacks as withdrawn.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would be added; write nothing.")] = False,
    json: JsonOpt = False,
) -> None:
    """Import a confrec export, a spreadsheet, a frab/pretalx/hub schedule or a calendar.

    All or nothing: a malformed file imports nothing and says where it broke.
    A value the record cannot hold is left out and listed. Importing the same
    file again adds nothing; a newer version updates what changed.
    Example: confrec import schedule.json
    """
    from confrec.importers import about, load
    from confrec.importers.merge import merge

    incoming = load(file, format)
    source = incoming.source
    # A dry run merges into the record read in memory and simply does not write it.
    opened = reading(ctx) if dry_run else writing(ctx, f"import {file.name}")
    with about(file), _progress(len(incoming.talks)) as progress, opened as store:
        summary = merge(store, incoming, target_event=event, timezone=timezone, prune=prune, progress=progress)
        del incoming  # what the file said is in the record now: not held while the record is written
    result = {"file": str(file), "format": source, "dry_run": dry_run, **summary.to_dict()}
    if json:
        print_json(result)
    else:
        from confrec.importers.report import import_view

        show(import_view(file, source, dry_run, summary))
    for note in summary.notes:
        say(f"Note: {note}")


class _progress:
    """A Rich progress bar on stderr for big files, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> Any:
        if self.total < PROGRESS_FROM or not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task("Importing talks", total=self.total)
        return lambda n: self.bar.update(task, completed=n)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
