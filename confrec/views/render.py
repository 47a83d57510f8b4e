"""Records -> Rich renderables. Nothing here prints.

User text always enters as ``rich.text.Text`` (after control characters are
stripped), never as markup, so a name like ``[bold]x[/]`` shows literally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from confrec.languages import language_name
from confrec.record.models import Event, Session, Speaker, Talk
from confrec.record.timeline import MOMENT, local_end, span_text
from confrec.textutil import for_terminal
from confrec.views.listing import Listing, wrap_text

if TYPE_CHECKING:
    from confrec.checks import Finding


def T(value: object, style: str = "") -> Text:
    """User text as a Text: control characters removed, markup not interpreted."""
    if value is None:
        return Text("")
    return Text(for_terminal(str(value)), style=style)


def plain(value: object) -> str:
    """User text for a listing cell: control characters removed. A listing
    takes strings as text, never as markup, and lays them out without Rich."""
    return "" if value is None else for_terminal(str(value))


class LongText:
    """Long user text (an abstract, a biography), wrapped line by line.

    Rich renders a Text as one segment and splits it at every line end,
    copying the rest each time, and a Panel measures every line again: a 4 MB
    abstract took 12 s. This yields each wrapped line as its own segment,
    and is meant to stand outside panels (``cli.common.show`` writes it out
    in one piece), so the cost grows with the text.
    """

    def __init__(self, value: str, style: str = "") -> None:
        self.text = for_terminal(value)
        self.style = style

    def lines(self, console: Console, width: int) -> list[str]:
        return wrap_text(self.text, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        style = console.get_style(self.style) if self.style else None
        for line in self.lines(console, max(1, options.max_width)):
            yield Segment(line, style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def when(start: datetime | None) -> str:
    return start.strftime(MOMENT) if start else ""






def listing(*columns: str, title: str | None = None) -> Listing:
    """A listing of records: columns of folded text (see listing.py for why not rich.Table)."""
    return Listing(*columns, title=title)


def field_grid(rows: Iterable[tuple[str, object]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        cell = value if isinstance(value, Text) else T(value)
        if cell.plain:
            grid.add_row(label, cell)
    return grid


def speaker_names(talk: Talk, speakers: dict[int, Speaker]) -> str:
    """'Ana, Bob'; a speaker id that no longer exists shows as '#9?'."""
    return ", ".join(speakers[s].name if s in speakers else f"#{s}?" for s in talk.speakers)


def empty(message: str) -> Text:
    return Text(message, style="dim")


# -- events --

def events_table(events: list[Event]) -> RenderableType:
    if not events:
        return empty("No events yet. Add one with: confrec event add NAME --slug SLUG --start DATE")
    table = listing("id", "slug", "name", "dates", "city", "country")
    for e in events:
        table.add_row(str(e.id), plain(e.slug), plain(e.name), e.dates, plain(e.city), plain(e.country))
    return table


def event_rows(event: Event) -> list[tuple[str, object]]:
    """The fields every view of an event shows, label first."""
    return [
        ("kind", event.kind),
        ("dates", event.dates),
        ("host", event.host),
        ("venue", event.venue),
        ("city", event.city),
        ("country", event.country),
        ("timezone", event.timezone),
        ("organizers", T("\n".join(event.organizers))),
        ("url", event.url),
        ("translations", ", ".join(language_name(tag) for tag in event.translations)),
    ]


def event_panel(event: Event, talks: list[Talk], n_speakers: int) -> RenderableType:
    rows = [("id", str(event.id)), ("slug", event.slug), *event_rows(event),
            ("talks", str(len(talks))), ("speakers", str(n_speakers)), ("description", event.description)]
    return Panel(Group(T(event.name, "bold"), field_grid(rows)), title="Event", title_align="left")


# -- speakers --

def speakers_table(speakers: list[Speaker], talk_counts: dict[int, int] | None = None) -> RenderableType:
    if not speakers:
        return empty("No speakers.")
    columns = ["id", "name", "title", "position", "affiliation", "country"]
    if talk_counts is not None:
        columns.append("talks")
    table = listing(*columns)
    for s in speakers:
        row = [str(s.id), plain(s.name), plain(s.title), plain(s.position), plain(s.affiliation), plain(s.country)]
        if talk_counts is not None:
            row.append(str(talk_counts.get(s.id, 0)))
        table.add_row(*row)
    return table


def speaker_panel(speaker: Speaker, talks: list[Talk]) -> RenderableType:
    rows = [
        ("id", str(speaker.id)),
        ("title", speaker.title),
        ("affiliation", speaker.affiliation),
        ("position", speaker.position),
        ("country", speaker.country),
        ("email", speaker.email),
        ("bio", speaker.bio),
    ]
    parts: list[RenderableType] = [T(speaker.display_name, "bold"), field_grid(rows)]
    if talks:
        table = listing("id", "event", "start", "title", title="Talks")
        for t in talks:
            table.add_row(str(t.id), plain(t.event), when(t.start), plain(t.title))
        parts.append(table)
    else:
        parts.append(empty("No talks."))
    return Panel(Group(*parts), title="Speaker", title_align="left")


# -- talks --

def one_day(talks: list[Talk]) -> date | None:
    """The day every scheduled talk is on, when there is one: then a listing
    says it once, above, and its rows give only the time."""
    days = {t.start.date() for t in talks if t.start is not None}
    return days.pop() if len(days) == 1 else None


def start_column(talks: list[Talk]) -> tuple[str, str | None, Callable[[Talk], str]]:
    """(header, title, cell) for when talks start, saying no more than it must:
    the time alone on one day, the weekday within one week, no year within one
    year. Width goes to titles, not to a date repeated on every row."""
    starts = [t.start for t in talks if t.start is not None]
    if not starts:
        return "start", None, lambda t: ""
    first, last = min(starts), max(starts)
    if first.date() == last.date():
        return "time", f"On {first.date().isoformat()}", lambda t: t.start.strftime("%H:%M") if t.start else ""
    if (last.date() - first.date()).days < 7:
        span = f"{first.date().isoformat()} to {last.date().isoformat()}"
        return "start", f"From {span}", lambda t: t.start.strftime("%a %H:%M") if t.start else ""
    if first.year == last.year:
        return "start", None, lambda t: t.start.strftime("%d %b %H:%M") if t.start else ""
    return "start", None, lambda t: when(t.start)


def talks_table(talks: list[Talk], speakers: dict[int, Speaker]) -> RenderableType:
    if not talks:
        return empty("No talks.")
    header, title, start = start_column(talks)
    cells: dict[str, Callable[[Talk], str]] = {
        "id": lambda t: str(t.id),
        "event": lambda t: plain(t.event),
        header: start,
        "room": lambda t: plain(t.room),
        "title": lambda t: plain(t.title),
        "speakers": lambda t: plain(speaker_names(t, speakers)),
        "type": lambda t: t.type,
        "status": lambda t: t.status,
    }
    if len({t.event for t in talks}) == 1:
        del cells["event"]  # said once by the command line that asked for it
    statuses = {t.status for t in talks}
    if len(talks) > 1 and len(statuses) == 1:  # the same on every row: said once, above
        del cells["status"]
        title = "; ".join(x for x in (title, f"all {statuses.pop()}") if x)
    table = listing(*cells, title=title)
    for t in talks:
        table.add_row(*(cell(t) for cell in cells.values()))
    return table


def talk_panel(talk: Talk, speakers: dict[int, Speaker], tz: tzinfo | None = None,
               session: Session | None = None) -> RenderableType:
    people = []
    for sid in talk.speakers:
        s = speakers.get(sid)
        if s is None:
            people.append(f"#{sid} (missing)")
        else:
            extra = s.standing
            role = talk.roles.get(str(sid))
            people.append(f"{s.display_name} [{s.id}]" + (f" ({role})" if role else "")
                          + (f" — {extra}" if extra else ""))
    end = local_end(talk, tz or UTC)
    rows = [
        ("id", str(talk.id)),
        ("event", talk.event),
        ("subtitle", talk.subtitle),
        ("speakers", T("\n".join(people))),
        ("type", talk.type + (f" ({talk.type_label})" if talk.type_label else "")),
        ("status", talk.status),
        ("session", f"{session.id} {session.title}" if session else (f"#{talk.session}?" if talk.session else None)),
        ("start", when(talk.start)),
        ("end", when(end)),
        ("duration", f"{talk.duration} min" if talk.duration else None),
        ("room", talk.room),
        ("track", talk.track),
        ("language", language_name(talk.language)),
        ("tags", T(", ".join(talk.tags))),
        ("url", talk.url),
        ("links", T("\n".join(link.get("title", "") + (" " if link.get("title") else "") + link["url"]
                              for link in talk.links))),
        ("translations", ", ".join(language_name(tag) for tag in talk.translations)),
    ]
    panel = Panel(Group(T(talk.title, "bold"), field_grid(rows)), title="Talk", title_align="left")
    parts: list[RenderableType] = [panel]
    for heading, text in (("Abstract", talk.abstract), ("Description", talk.description)):
        if text:
            parts += [Text(heading, style="bold"), LongText(text)]
    return Group(*parts) if len(parts) > 1 else panel


# -- sessions --

def chair_names(session: Session, speakers: dict[int, Speaker]) -> str:
    return ", ".join(speakers[s].display_name if s in speakers else f"#{s}?" for s in session.chairs)


def session_time(session: Session) -> str:
    return span_text(session.start, session.end)


def sessions_table(sessions: list[Session], speakers: dict[int, Speaker], counts: dict[int, int]) -> RenderableType:
    if not sessions:
        return empty("No sessions. Add one with: confrec session add TITLE --start ... --chair NAME")
    several = len({x.event for x in sessions}) > 1  # else the event column is left empty, and dropped
    days = {x.start.date() for x in sessions if x.start is not None}
    day = days.pop() if len(days) == 1 else None  # one day: said once, above
    table = listing("id", "event", "time" if day else "when", "room", "title", "chairs", "talks",
                    title=f"On {day.isoformat()}" if day else None)
    for x in sessions:
        table.add_row(str(x.id), plain(x.event if several else ""), span_text(x.start, x.end, with_day=day is None),
                      plain(x.room), plain(x.title), plain(chair_names(x, speakers)), str(counts.get(x.id, 0)))
    return table


def session_panel(session: Session, talks: list[Talk], speakers: dict[int, Speaker]) -> RenderableType:
    rows = [
        ("id", str(session.id)),
        ("event", session.event),
        ("when", session_time(session)),
        ("room", session.room),
        ("chairs", T(chair_names(session, speakers))),
        ("description", session.description),
        ("translations", ", ".join(language_name(tag) for tag in session.translations)),
    ]
    parts: list[RenderableType] = [T(session.title, "bold"), field_grid(rows)]
    if talks:
        table = listing("id", "start", "title", "speakers", title="Talks")
        for t in talks:
            table.add_row(str(t.id), when(t.start), plain(t.title), plain(speaker_names(t, speakers)))
        parts.append(table)
    else:
        parts.append(empty("No talks in this session yet: add them with 'talk add/edit --session'."))
    return Panel(Group(*parts), title="Session", title_align="left")


class Hanging:
    """A bulleted paragraph whose wrapped lines start under its text, not
    under the bullet (nor at the margin), and carry no trailing blanks."""

    def __init__(self, bullet: str, text: Text) -> None:
        self.bullet, self.text = bullet, text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = len(self.bullet)
        lines = self.text.wrap(console, max(options.max_width - indent, 1), overflow="fold")
        for n, line in enumerate(lines):
            line.rstrip()
            yield Text.assemble(self.bullet if n == 0 else " " * indent, line)


def findings_view(findings: list[Finding]) -> RenderableType:
    if not findings:
        return Text("No problems found.", style="green")
    parts: list[RenderableType] = []
    for severity, style in (("error", "bold red"), ("warning", "bold yellow")):
        mine = [f for f in findings if f.severity == severity]
        if not mine:
            continue
        parts.append(Text(f"{severity.capitalize()}s ({len(mine)})", style=style))
        for f in mine:
            line = Text(f.code, style=style.split()[-1])
            line.append(": ")
            line.append_text(T(f.message))
            parts.append(Hanging("  • ", line))
        parts.append(Text(""))
    return Group(*parts)
