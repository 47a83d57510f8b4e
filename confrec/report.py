"""The terminal report of one event, as Rich renderables (nothing printed here)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from confrec.bundle import EventBundle
from confrec.models import Talk
from confrec.render import T, empty, event_rows, field_grid, listing, one_day
from confrec.timeline import local_end

BAR_WIDTH = 24
_SECTIONS = [
    ("talks_by_status", "Talks by status"),
    ("talks_by_type", "Talks by type"),
    ("talks_by_track", "Talks by track"),
    ("speakers_by_country", "Speakers by country"),
    ("speakers_by_affiliation", "Speakers by affiliation"),
]


def header(bundle: EventBundle) -> RenderableType:
    e = bundle.event
    rows = [*event_rows(e), ("description", e.description)]
    return Panel(Group(T(e.name, "bold"), field_grid(rows)), title=T(e.slug), title_align="left")


def program(bundle: EventBundle) -> RenderableType:
    if not bundle.talks:
        return empty("This event has no talks yet.")
    day = one_day(bundle.talks)
    table = listing("id", "time", "room", "type", "title", "speakers",
                    title=f"Program, {day.isoformat()}" if day else "Program")
    for t in bundle.talks:
        people = "\n".join(s.display_name + (f", {s.standing}" if s.standing else "") for s in bundle.speakers_of(t))
        table.add_row(str(t.id), _slot(bundle, t, with_day=day is None), T(t.room), t.type, T(t.title), T(people))
    return table


def _slot(bundle: EventBundle, talk: Talk, *, with_day: bool) -> str:
    """'10:30–10:50', with the date when the program has several days."""
    if talk.start is None:
        return "unscheduled"
    end = local_end(talk, bundle.tz)
    start = talk.start.strftime("%Y-%m-%d %H:%M" if with_day else "%H:%M")
    return start + (end.strftime("–%H:%M") if end else "")


def speaker_index(bundle: EventBundle) -> RenderableType:
    if not bundle.speakers:
        return empty("No speakers.")
    # The talks by their numbers: the program above has their titles.
    table = listing("name", "title", "position, affiliation, country", "talks", title="Speakers")
    for s, talks in bundle.speaker_index():
        table.add_row(T(s.name), T(s.title), T(s.standing), ", ".join(str(t.id) for t in talks))
    return table


def bars(stats: dict) -> RenderableType:
    parts: list[RenderableType] = [
        Text(f"{stats['talks']} talks ({stats['scheduled']} scheduled), {stats['speakers']} speakers", style="bold")
    ]
    for key, title in _SECTIONS:
        ranking = stats[key]
        if not ranking:
            continue
        top = max(n for _, n in ranking)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(overflow="fold", max_width=30)
        grid.add_column(no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        for label, n in ranking:
            grid.add_row(T(label), Text("█" * max(1, round(BAR_WIDTH * n / top)), style="cyan"), str(n))
        parts += [Text(""), Text(title, style="bold"), grid]
    return Group(*parts)


def full_report(bundle: EventBundle, stats: dict) -> RenderableType:
    return Group(
        header(bundle), Text(""), program(bundle), Text(""), speaker_index(bundle),
        Text(""), Panel(bars(stats), title="Statistics", title_align="left"),
    )
