"""The terminal report of one event, as Rich renderables (nothing printed here)."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from confrec.bundle import EventBundle
from confrec.languages import language_name
from confrec.record.models import Session, Talk
from confrec.record.timeline import span_text, talk_span_text
from confrec.views.render import T, empty, event_rows, field_grid, listing, one_day, plain
from confrec.views.stats import NONE

BAR_WIDTH = 24
_SECTIONS = [
    ("talks_by_status", "Talks by status"),
    ("talks_by_type", "Talks by type"),
    ("talks_by_track", "Talks by track"),
    ("talks_by_language", "Talks by language"),
    ("speakers_by_country", "Speakers by country"),
    ("speakers_by_affiliation", "Speakers by affiliation"),
]


def header(bundle: EventBundle) -> RenderableType:
    e = bundle.event
    rows = [*event_rows(e), ("description", e.description)]
    return Panel(Group(T(e.name, "bold"), field_grid(rows)), title=T(e.slug), title_align="left")


def program(bundle: EventBundle) -> RenderableType:
    """The program, session by session with their chairs, breaks included."""
    if not bundle.talks:
        return empty("This event has no talks yet.")
    day = one_day(bundle.talks)
    parts: list[RenderableType] = [Text(f"Program, {day.isoformat()}" if day else "Program", style="bold")]
    for session, talks in bundle.program_blocks(bundle.talks):
        if session is not None:
            head = Text()
            head.append_text(T(session.title, "bold"))
            said = ", ".join(x for x in (_session_when(session, day), session.room or "") if x)
            head.append_text(T(f"  {said}" if said else ""))  # (the room is user text)
            chairs = ", ".join(s.display_name for s in bundle.chairs_of(session))
            if chairs:
                head.append_text(T(f"\nChair: {chairs}" if len(session.chairs) == 1 else f"\nChairs: {chairs}"))
            parts += [Text(""), head]
        elif talks and all(t.start is None for t in talks):
            # said once above them, not 'unscheduled' in every row
            parts += [Text(""), Text("Not yet scheduled", style="bold")]
        else:
            parts.append(Text(""))
        if talks:
            parts.append(_program_table(bundle, talks, day))
    return Group(*parts)


def _session_when(session: Session, day: date | None) -> str:
    return span_text(session.start, session.end, with_day=day is None)


def _program_table(bundle: EventBundle, talks: list[Talk], day: date | None) -> RenderableType:
    tz = bundle.tz
    table = listing("id", "time", "room", "type", "title", "speakers")
    lines: dict[int, str] = {}  # a speaker's line, made once (a speaker of ten talks is named ten times)
    for t in talks:
        people = []
        for s in bundle.speakers_of(t):
            if s.id not in lines:
                lines[s.id] = s.display_name + (f", {s.standing}" if s.standing else "")
            people.append(lines[s.id])
        table.add_row("" if t.is_program_item else str(t.id), talk_span_text(t, tz, with_day=day is None),
                      plain(t.room), t.type, plain(t.title), plain("\n".join(people)))
    return table


def speaker_index(bundle: EventBundle) -> RenderableType:
    if not bundle.speakers:
        return empty("No speakers.")
    # The talks by their numbers: the program above has their titles.
    table = listing("name", "title", "position, affiliation, country", "talks", title="Speakers")
    for s, talks in bundle.speaker_index():
        table.add_row(plain(s.name), plain(s.title), plain(s.standing), ", ".join(str(t.id) for t in talks))
    return table


def bars(stats: dict[str, Any]) -> RenderableType:
    extra = [f"{stats['sessions']} sessions"] if stats.get("sessions") else []
    extra += [f"{stats['program_items']} other program items"] if stats.get("program_items") else []
    parts: list[RenderableType] = [
        Text(f"{stats['talks']} talks ({stats['scheduled']} scheduled), {stats['speakers']} speakers"
             + "".join(f", {x}" for x in extra), style="bold")
    ]
    return Group(*parts, _rankings(stats))


def stats_view(all_stats: list[dict[str, Any]]) -> RenderableType:
    """``confrec stats``: each event's bars in a panel of its own."""
    if not all_stats:
        return empty("No events yet.")
    return Group(*(Panel(bars(s), title=T(s["event"]), title_align="left") for s in all_stats))


def _rankings(stats: dict[str, Any]) -> RenderableType:
    parts: list[RenderableType] = []
    for key, title in _SECTIONS:
        ranking = stats.get(key)
        if not ranking or [label for label, _ in ranking] == [NONE]:
            continue  # nothing recorded: a bar of '(none)' says nothing
        if key == "talks_by_language":
            ranking = [(language_name(label) if label != NONE else label, n) for label, n in ranking]
        parts += [Text(""), Text(title, style="bold"), _Bars(ranking)]
    return Group(*parts)


class _Bars:
    """A ranking as labelled bars, the bars as long as the terminal leaves room
    for: a fixed bar left a narrow terminal no room for the labels at all."""

    def __init__(self, ranking: list[tuple[str, int]]) -> None:
        self.ranking = ranking

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        count = max(len(str(n)) for _, n in self.ranking)
        label = min(30, max(cell_len(x) for x, _ in self.ranking), max(12, width // 2))
        bar = max(4, min(BAR_WIDTH, width - label - count - 2))
        label = max(1, min(label, width - bar - count - 2))
        top = max(n for _, n in self.ranking)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(overflow="fold", width=label)
        grid.add_column(no_wrap=True, width=bar)
        grid.add_column(justify="right", no_wrap=True)
        for x, n in self.ranking:
            grid.add_row(T(x), Text("█" * max(1, round(bar * n / top)), style="cyan"), str(n))
        yield grid


def full_report(bundle: EventBundle, stats: dict[str, Any]) -> RenderableType:
    return Group(
        header(bundle), Text(""), program(bundle), Text(""), speaker_index(bundle),
        Text(""), Panel(bars(stats), title="Statistics", title_align="left"),
    )


def year_view(stats: dict[str, Any]) -> RenderableType:
    """The yearly report in the terminal: the events, totals, countries, languages."""
    year = stats["year"]
    if not stats["events"]:
        return empty(f"No events in {year}.")
    table = listing("event", "dates", "talks", "speakers", "from abroad", "countries", title=f"Conferences of {year}")
    for row in stats["events"]:
        dates = row["start"] if row["start"] == row["end"] else f"{row['start']} – {row['end']}"
        table.add_row(plain(row["name"]), dates, str(row["talks"]), str(row["speakers"]), str(row["foreign_speakers"]),
                      plain(", ".join(row["foreign_countries"])))
    t = stats["totals"]
    total = Text(f"{t['events']} event(s), {t['talks']} talks, {t['speakers']} speakers, "
                 f"{t['foreign_speakers']} from abroad", style="bold")
    return Group(table, Text(""), total, _rankings(stats))
