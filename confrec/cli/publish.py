"""confrec report | stats | export: the record leaves the terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from confrec.cli.common import (
    AnyEventArg,
    EventArg,
    JsonOpt,
    LangOpt,
    YearOpt,
    db_path,
    print_json,
    read_bundle,
    reading,
    say,
    show,
)
from confrec.errors import InvalidValue


def report(ctx: typer.Context, event: EventArg = None, lang: LangOpt = None, year: YearOpt = None) -> None:
    """Show one event: header, program, speaker index and statistics; or with
    --year, every event of that year with its speakers from abroad.

    Example: confrec report kaznu-2016
    """
    if year is not None:
        from confrec.views.report import year_view
        from confrec.views.yearly import year_stats

        if event is not None:
            raise InvalidValue("give an event or --year, not both")
        with reading(ctx) as store:
            show(year_view(year_stats(store, year)))
        return
    from confrec.views.report import full_report
    from confrec.views.stats import event_stats

    bundle = read_bundle(ctx, event, lang)
    show(full_report(bundle, event_stats(bundle)))


def stats(
    ctx: typer.Context,
    event: AnyEventArg = None,
    year: YearOpt = None,
    json: JsonOpt = False,
) -> None:
    """Count talks by status, type and track, and speakers by country and affiliation.

    Example: confrec stats kaznu-2016 --json
    """
    from confrec.views.stats import stats_json

    if year is not None:
        from confrec.views.yearly import year_stats

        if event is not None:
            raise InvalidValue("give an event or --year, not both")
        with reading(ctx) as store:
            numbers = year_stats(store, year)
        if json:
            print_json(stats_json(numbers))
        else:
            from confrec.views.report import year_view

            show(year_view(numbers))
        return
    from confrec.bundle import load_bundle
    from confrec.views.stats import event_stats

    with reading(ctx) as store:
        slugs = [store.event(event).slug] if event else [e.slug for e in store.events()]
        all_stats = [event_stats(load_bundle(store, slug)) for slug in slugs]
    if json:
        out = [stats_json(s) for s in all_stats]
        print_json(out[0] if event else out)
        return
    from confrec.views.report import stats_view

    show(stats_view(all_stats))


def export(
    ctx: typer.Context,
    event: EventArg = None,
    *,
    format: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT", show_default=False,
        help="md, html, pdf, json, csv, ics, frab-xml, frab-json, bibtex or csl-json "
             "(default: as -o FILE's extension says).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                      help="Write to this file (atomically) instead of stdout ('-' = stdout).")] = None,
    what: Annotated[str, typer.Option("--what", metavar="ROWS", help="csv only: talks or speakers.")] = "talks",
    include_private: Annotated[bool, typer.Option("--include-private",
                               help="Include speakers' e-mail addresses (never by default).")] = False,
    lang: LangOpt = None,
    paper: Annotated[str, typer.Option("--paper", metavar="SIZE", help="pdf: a4 or letter.")] = "a4",
    one_per_page: Annotated[bool, typer.Option("--one-per-page", help="pdf, html: each abstract on its own page.")
                            ] = False,
    year: YearOpt = None,
) -> None:
    """Export one event (or, with --year, the year's report): book of abstracts,
    spreadsheet, calendar, schedule file or citations.

    Example: confrec export kaznu-2016 -o book.pdf
    """
    from confrec.exporters import BINARY, PAPERS, Options, format_for, generation_time, pieces
    from confrec.record.models import parse_choice
    from confrec.record.store import guard_not_database

    if output is not None and str(output) == "-":
        output = None  # as --abstract-file - reads stdin (a file named '-': give its full path)
    format = format_for(format, output)
    if output is None and format in BINARY and sys.stdout.isatty():
        raise InvalidValue("a PDF is not for the terminal: give -o FILE, or send it to a file or a program")
    what = parse_choice("what", what, ("talks", "speakers"), "talks")
    paper = parse_choice("paper", paper, PAPERS, "a4")
    if output is not None:
        guard_not_database(output, db_path(ctx))
    options = Options(generated=generation_time(db_path(ctx)), include_private=include_private, what=what,
                      paper=paper, one_per_page=one_per_page)
    content: str | bytes | Iterable[str | bytes]
    if year is not None:
        from confrec.exporters import year_report
        from confrec.views.yearly import year_stats

        if event is not None:
            raise InvalidValue("give an event or --year, not both")
        with reading(ctx) as store:
            content, subject = year_report.render(year_stats(store, year), format, options), f"the year {year}"
    else:
        bundle = read_bundle(ctx, event, lang)
        content, subject = pieces(format, bundle, options), bundle.event.slug
        if format in ("frab-xml", "frab-json"):
            from confrec.exporters.frab import placeable

            left_out = len(bundle.talks) - len(placeable(bundle))
            if left_out:
                say(f"Note: {left_out} talk(s) without a start and a room (or rejected/withdrawn) "
                    "are not in the schedule")
    if output is None:
        write_stdout(content)
        return
    from confrec.exporters import holds_private
    from confrec.record.fileio import write_output

    write_output(output, content, private=holds_private(format, options))
    say(f"Wrote {format} of {subject} to {output}")


def write_stdout(content: str | bytes | Iterable[str | bytes]) -> None:
    """Text (bytes: UTF-8, or a PDF) to stdout, piece by piece as it is made."""
    from confrec.record.fileio import utf8_chunks

    chunks = utf8_chunks(content)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some test harnesses)
        sys.stdout.writelines(chunk.decode("utf-8") for chunk in chunks)
        return
    sys.stdout.flush()
    buffer.writelines(chunks)
    buffer.flush()
