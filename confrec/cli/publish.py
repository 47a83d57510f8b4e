"""confrec report | stats | export: the record leaves the terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from confrec.cli.common import AnyEventArg, EventArg, JsonOpt, LangOpt, db_path, print_json, reading, say, show


def report(ctx: typer.Context, event: EventArg = None, lang: LangOpt = None) -> None:
    """Show one event: header, program, speaker index and statistics.

    Example: confrec report kaznu-2016
    """
    from confrec.bundle import load_bundle
    from confrec.report import full_report
    from confrec.stats import event_stats

    with reading(ctx) as store:
        bundle = load_bundle(store, event, lang)
    show(full_report(bundle, event_stats(bundle)))


def stats(
    ctx: typer.Context,
    event: AnyEventArg = None,
    json: JsonOpt = False,
) -> None:
    """Count talks by status, type and track, and speakers by country and affiliation.

    Example: confrec stats kaznu-2016 --json
    """
    from confrec.bundle import load_bundle
    from confrec.stats import event_stats, stats_json

    with reading(ctx) as store:
        slugs = [store.event(event).slug] if event else [e.slug for e in store.events()]
        all_stats = [event_stats(load_bundle(store, slug)) for slug in slugs]
    if json:
        out = [stats_json(s) for s in all_stats]
        print_json(out[0] if event else out)
        return
    from rich.console import Group
    from rich.panel import Panel

    from confrec.render import T, empty
    from confrec.report import bars

    if not all_stats:
        show(empty("No events yet."))
        return
    show(Group(*(Panel(bars(s), title=T(s["event"]), title_align="left") for s in all_stats)))


def export(
    ctx: typer.Context,
    event: EventArg = None,
    *,
    format: Annotated[str, typer.Option("--format", "-f",
                      help="md, html, json, csv, ics, frab-xml or frab-json.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE",
                      help="Write to this file (atomically) instead of stdout.")] = None,
    what: Annotated[str, typer.Option("--what", help="csv only: talks or speakers.")] = "talks",
    include_private: Annotated[bool, typer.Option("--include-private",
                               help="Include speakers' e-mail addresses (never by default).")] = False,
    lang: LangOpt = None,
) -> None:
    """Export one event: book of abstracts, spreadsheet, calendar or schedule file.

    Example: confrec export kaznu-2016 --format html -o book.html
    """
    from confrec.bundle import load_bundle
    from confrec.exporters import Options, export as run_export, generation_time
    from confrec.models import parse_choice
    from confrec.store import guard_not_database

    what = parse_choice("what", what, ("talks", "speakers"), "talks")
    if output is not None:
        guard_not_database(output, db_path(ctx))
    with reading(ctx) as store:
        bundle = load_bundle(store, event, lang)
    options = Options(generated=generation_time(db_path(ctx)), include_private=include_private, what=what)
    text = run_export(format, bundle, options)
    if format in ("frab-xml", "frab-json"):
        from confrec.exporters.frab import placeable

        left_out = len(bundle.talks) - len(placeable(bundle))
        if left_out:
            say(f"Note: {left_out} talk(s) without a start and a room (or rejected/withdrawn) "
                "are not in the schedule")
    if output is None:
        sys.stdout.write(text)
        return
    from confrec.fileio import write_output

    # Files that hold e-mails (the json backup always does) are private on disk.
    write_output(output, text, private=include_private or format == "json")
    say(f"Wrote {format} of {bundle.event.slug} to {output}")
