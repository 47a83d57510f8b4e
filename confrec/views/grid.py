"""The program as days x time slots x rooms: data for --json, renderables for the terminal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from confrec.bundle import EventBundle
from confrec.record.models import NOT_TAKING_PLACE, Session, Talk
from confrec.record.timeline import span, span_text
from confrec.views.render import T, empty, listing, plain

NO_ROOM = "(no room)"
# Below this many columns per room the grid is unreadable: show an agenda instead.
MIN_ROOM_WIDTH = 18
MAX_GRID_ROOMS = 6


@dataclass
class Slot:
    start: datetime  # UTC
    end: datetime
    # room -> [(talk, starts in this slot)]: more than one is a clash, shown as such
    cells: dict[str, list[tuple[Talk, bool]]]


@dataclass
class Day:
    date: date
    rooms: list[str]
    talks: list[Talk]
    slots: list[Slot]


def plan(bundle: EventBundle, only: date | None = None) -> tuple[list[Day], list[Talk]]:
    """Days with their slots, and the talks that cannot be placed."""
    tz = bundle.tz
    placed: dict[date, list[Talk]] = {}
    spans = {}
    unplaced = []
    for t in bundle.talks:
        if t.status in NOT_TAKING_PLACE:
            continue
        s = span(t, tz)
        if s is None or t.start is None:
            unplaced.append(t)
            continue
        spans[t.id] = s
        placed.setdefault(t.start.date(), []).append(t)
    days = []
    for d in sorted(placed):
        if only is not None and d != only:
            continue
        talks = sorted(placed[d], key=lambda t: spans[t.id])
        rooms = sorted({t.room or NO_ROOM for t in talks}, key=lambda r: (r == NO_ROOM, r.casefold()))
        bounds = sorted({x for t in talks for x in spans[t.id]})
        # Each talk goes into the slots between its own bounds: the cost grows
        # with the cells filled, not with slots x talks.
        at = {x: i for i, x in enumerate(bounds)}
        filled: list[dict[str, list[tuple[Talk, bool]]]] = [{} for _ in bounds[1:]]
        for t in talks:  # in span order, so each cell lists its talks in that order
            first, last = at[spans[t.id][0]], at[spans[t.id][1]]
            for k in range(first, last):
                filled[k].setdefault(t.room or NO_ROOM, []).append((t, k == first))
        slots = [Slot(bounds[k], bounds[k + 1], cells) for k, cells in enumerate(filled) if cells]
        days.append(Day(d, rooms, talks, slots))
    return days, unplaced


def plan_json(bundle: EventBundle, days: list[Day], unplaced: list[Talk]) -> dict[str, Any]:
    tz = bundle.tz
    def local(moment: datetime) -> str:
        return moment.astimezone(tz).replace(tzinfo=None).isoformat()

    return {
        "event": bundle.event.slug,
        "timezone": bundle.event.timezone,
        "days": [
            {
                "date": d.date.isoformat(),
                "rooms": d.rooms,
                "slots": [
                    {"start": local(s.start), "end": local(s.end),
                     "talks": {room: [t.id for t, _ in entries] for room, entries in s.cells.items()}}
                    for s in d.slots
                ],
            }
            for d in days
        ],
        "unscheduled": [t.id for t in unplaced],
    }


def _hm(bundle: EventBundle, moment: datetime, day: date) -> str:
    local = moment.astimezone(bundle.tz)
    return local.strftime("%H:%M") + ("+1" if local.date() > day else "")


def _cell(bundle: EventBundle, t: Talk) -> Text:
    text = T(t.title if t.is_program_item else f"{t.id}. {t.title}", "bold")  # the talk's number, as everywhere
    names = ", ".join(s.name for s in bundle.speakers_of(t))
    if names:
        text.append("\n")
        text.append_text(T(names, "dim"))
    return text


def grid(bundle: EventBundle, day: Day) -> RenderableType:
    table = Table(title=Text(day.date.strftime("%A %Y-%m-%d"), style="bold"), title_justify="left",
                  show_lines=True, expand=True)
    table.add_column("time", no_wrap=True)
    for room in day.rooms:
        table.add_column(T(room), overflow="fold", ratio=1)
    for slot in day.slots:
        row: list[RenderableType] = [f"{_hm(bundle, slot.start, day.date)}–{_hm(bundle, slot.end, day.date)}"]
        for room in day.rooms:
            if room not in slot.cells:
                row.append("")
                continue
            entries = slot.cells[room]
            cell = Text()
            if len(entries) > 1:
                cell.append("⚠ clash\n", style="bold red")
            for n, (talk, first) in enumerate(entries):
                if n:
                    cell.append("\n")
                cell.append_text(_cell(bundle, talk) if first else Text("┆ " if len(entries) > 1 else "┆", style="dim"))
                if not first and len(entries) > 1:
                    cell.append_text(T(f"{talk.id}. {talk.title}", "dim"))
            row.append(cell)
        table.add_row(*row)
    return table


def agenda(bundle: EventBundle, day: Day) -> RenderableType:
    table = listing("time", "room", "id", "title", "speakers", title=day.date.strftime("%A %Y-%m-%d"))
    times: dict[tuple[datetime | None, int | None], str] = {}  # parallel rooms share a slot: its text made once
    for t in day.talks:
        key = (t.start, t.duration)
        if key not in times:
            when = span(t, bundle.tz)
            if when is None:
                continue  # (a day's talks all have a span: that is how they got on the day)
            times[key] = f"{_hm(bundle, when[0], day.date)}–{_hm(bundle, when[1], day.date)}"
        table.add_row(times[key], plain(t.room or NO_ROOM),
                      str(t.id), plain(t.title), plain(", ".join(x.name for x in bundle.speakers_of(t))))
    return table


def sessions_of_the_day(bundle: EventBundle, sessions: list[Session]) -> RenderableType:
    table = listing("time", "room", "session", "chairs", title="Sessions")
    for x in sessions:
        table.add_row(span_text(x.start, x.end, with_day=False), plain(x.room), plain(x.title),
                      plain(", ".join(s.display_name for s in bundle.chairs_of(x))))
    return table


def schedule_view(bundle: EventBundle, days: list[Day], unplaced: list[Talk], width: int = 80) -> RenderableType:
    parts: list[RenderableType] = []
    if not days:
        parts.append(empty("Nothing is scheduled yet."))
    for d in days:
        fits = len(d.rooms) <= MAX_GRID_ROOMS and 14 + MIN_ROOM_WIDTH * len(d.rooms) <= width
        parts += [grid(bundle, d) if fits else agenda(bundle, d)]
        sessions = [x for x in bundle.sessions if x.start is not None and x.start.date() == d.date]
        if sessions:
            parts.append(sessions_of_the_day(bundle, sessions))
        parts.append(Text(""))
    if unplaced:
        table = listing("id", "title", "speakers", "status", title="Not scheduled")
        for t in unplaced:
            table.add_row(str(t.id), plain(t.title), plain(", ".join(s.name for s in bundle.speakers_of(t))), t.status)
        parts.append(table)
    return Group(*parts)
