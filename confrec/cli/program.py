"""confrec schedule | check: the program and its conflicts."""

from __future__ import annotations

from typing import Annotated

import typer

from confrec.cli.common import AnyEventArg, EventArg, JsonOpt, print_json, read_bundle, reading, say, show


def schedule(
    ctx: typer.Context,
    event: EventArg = None,
    day: Annotated[str | None, typer.Option("--day", metavar="DATE", help="Only this day.")] = None,
    json: JsonOpt = False,
) -> None:
    """Show the program as a grid: one column per room, one row per time slot.

    Example: confrec schedule kaznu-2016 --day 2016-10-21
    """
    from confrec.record.models import parse_date
    from confrec.views.grid import plan, plan_json, schedule_view

    only = parse_date("--day", day)
    bundle = read_bundle(ctx, event)
    days, unplaced = plan(bundle, only)
    if json:
        print_json(plan_json(bundle, days, unplaced))
        return
    show(lambda width: schedule_view(bundle, days, unplaced, width))


def check(
    ctx: typer.Context,
    event: AnyEventArg = None,
    json: JsonOpt = False,
) -> None:
    """Find conflicts and gaps: double bookings, talks outside the event, missing data.

    Exits 1 when there is an error, 0 when there are only warnings or nothing.
    Example: confrec check kaznu-2016
    """
    from confrec.checks import check as run_check
    from confrec.checks import merge_findings

    with reading(ctx) as store:
        store.read_all()  # the whole record: a damaged table is named even where no finding looks
        slug = store.event(event).slug if event else None
        # a merge's open conflicts first: they concern the whole record, whatever the event
        findings = merge_findings(store.merge_conflicts()) + run_check(
            store.events(), store.speakers(), store.talks(), event=slug, sessions=store.sessions())
    errors = sum(f.severity == "error" for f in findings)
    if json:
        print_json([f.to_dict() for f in findings])
    else:
        from confrec.views.render import findings_view

        show(findings_view(findings))
        warnings = len(findings) - errors
        say(f"{errors} error(s), {warnings} warning(s)")
    if errors:
        raise typer.Exit(1)
