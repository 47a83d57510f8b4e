"""confrec session add|list|show|edit|remove|translate"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from confrec.cli.common import (
    EventOpt,
    ForceOpt,
    JsonOpt,
    LangArg,
    LangOpt,
    YesOpt,
    asking,
    complete_speaker,
    edited,
    noun_app,
    print_json,
    reading,
    report_change,
    say,
    show,
    speaker_ids,
    writing,
)

if TYPE_CHECKING:
    from confrec.record.models import Session, Talk
    from confrec.record.store import Store

app = noun_app("Sessions: the plenary, the sections, each with its chairs, room and time.")

SessionRef = Annotated[str, typer.Argument(metavar="SESSION", help="Session id or part of its title.")]
StartOpt = Annotated[str | None, typer.Option(
    "--start", metavar="WHEN", help="Local time of the event: 2016-10-21 10:00, 21.10.2016 10.00 ...; "
                                    "a time alone (10.00) on a one-day event, or on the session's day; "
                                    "a date without its year (12.04 10.00) on the event's day it names.")]
EndOpt = Annotated[str | None, typer.Option(
    "--end", metavar="WHEN", help="When it ends: a date and time, or a time alone on the start's day (12:30).")]
RoomOpt = Annotated[str | None, typer.Option("--room", metavar="ROOM")]
ChairOpt = Annotated[list[str] | None, typer.Option(
    "--chair", metavar="SPEAKER", help="A chair or moderator (speaker id or name); repeat for several.",
    autocompletion=complete_speaker)]
DescriptionOpt = Annotated[str | None, typer.Option("--description", metavar="TEXT")]


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="The session's title.")],
    event: EventOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
    room: RoomOpt = None,
    chair: ChairOpt = None,
    description: DescriptionOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add a session; talks join it with 'talk add/edit --session'.

    Example: confrec session add "Plenary session" --start "21.10.2016 10:00" --end 12:00 --room 301 --chair Kukeeva
    """
    from confrec.record.models import Session
    from confrec.record.timeline import in_event_days, start_on_its_day

    with writing(ctx, f"session add {title}") as store:
        home = store.event_or_only(event, "say which event with --event SLUG")
        session = Session.from_dict(dict(  # as typed: the model reads and checks each value
            event=home.slug, title=title, start=start_on_its_day(start, home), end=in_event_days("end", end, home),
            room=room,
            chairs=speaker_ids(store, chair) or [], description=description))
        store.add_session(session)
    report_change(session, f"Added session {session.id}: {session.title}", json)


@app.command("list")
def list_(ctx: typer.Context, event: EventOpt = None, json: JsonOpt = False) -> None:
    """List sessions in start order, with their chairs.

    Example: confrec session list --event kaznu-2016
    """
    from confrec.record.queries import talks_per_session

    with reading(ctx) as store:
        slug = store.event(event).slug if event is not None else None
        sessions = store.sessions(event=slug)
        speakers = {s.id: s for s in store.speakers()}
        counts = talks_per_session(store.talks(event=slug))
    if json:
        print_json([x.to_dict() for x in sessions])
        return
    from confrec.views.render import sessions_table

    show(sessions_table(sessions, speakers, counts))


@app.command("show")
def show_(ctx: typer.Context, session: SessionRef, lang: LangOpt = None, json: JsonOpt = False) -> None:
    """Show a session with its chairs and talks (--json: as stored, translations and all).

    Example: confrec session show 1 --lang kk
    """
    from confrec.languages import parse_language
    from confrec.translations import shown_in

    tag = parse_language(lang) if lang else None
    with reading(ctx) as store:
        record = store.session(session)
        talks = sorted((t for t in store.talks(event=record.event) if t.session == record.id),
                       key=lambda t: (t.start is None, t.start or 0, t.id))
        speakers = {s.id: s for s in store.speakers()}
    if json:
        print_json(record.to_dict())
        return
    from confrec.views.render import session_panel

    show(session_panel(shown_in(record, tag), [shown_in(t, tag) for t in talks], speakers))


@app.command("edit")
def edit(
    ctx: typer.Context,
    session: SessionRef,
    title: Annotated[str | None, typer.Option("--title", metavar="TITLE", help="New title.")] = None,
    start: StartOpt = None,
    end: EndOpt = None,
    room: RoomOpt = None,
    chair: ChairOpt = None,
    description: DescriptionOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change only the fields given ("" clears a field; --chair replaces the list).

    Example: confrec session edit 1 --chair Kukeeva --chair Baizakova
    """
    from confrec.record.timeline import in_event_days, start_on_its_day

    with writing(ctx, "session edit") as store:
        old = store.session(session)
        store.action = f"session edit {old.id} {old.title}"
        home = store.event(old.event)
        new = edited(old, dict(title=title, start=start_on_its_day(start, home, known=old.start),
                               end=in_event_days("end", end, home), room=room, chairs=speaker_ids(store, chair),
                               description=description))
        store.update_session(new)
    report_change(new, f"Changed session {new.id}: {new.title}", json)


@app.command("remove")
def remove(ctx: typer.Context, session: SessionRef, yes: YesOpt = False, force: ForceOpt = False) -> None:
    """Remove a session (with --force, its talks stay, in no session).

    Example: confrec session remove 2 --force --yes
    """
    def plan(store: Store) -> tuple[Session, list[Talk]]:
        record = store.session(session)
        return record, store.session_removal(record, force=force)

    def question(planned: tuple[Session, list[Talk]]) -> str:
        record, talks = planned
        extra = f"; its {len(talks)} talk(s) stay, in no session" if talks else ""
        return f"Remove session {record.id} ({record.title}){extra}?"

    with asking(ctx, "session remove", yes, plan, question, f"session {session}") as (store, planned):
        record, _ = planned
        store.action = f"session remove {record.id} {record.title}"
        talks = store.remove_session(record, force=force)
    extra = f" ({len(talks)} talk(s) now in no session)" if talks else ""
    say(f"Removed session {record.id}: {record.title}{extra}")


@app.command("translate")
def translate_(
    ctx: typer.Context,
    session: SessionRef,
    lang: LangArg,
    title: Annotated[str | None, typer.Option("--title", metavar="TITLE", help="The title in LANG.")] = None,
    description: DescriptionOpt = None,
    json: JsonOpt = False,
) -> None:
    """Give the session's title (and description) in another language ("" removes one).

    Example: confrec session translate 1 kk --title "Пленарлық отырыс"
    """
    from confrec.translations import translate, translation_said

    with writing(ctx, "session translate") as store:
        old = store.session(session)
        store.action = f"session translate {old.id} {lang}"
        changes = {"title": title, "description": description}
        new = translate(old, lang, changes)
        store.update_session(new)
    report_change(new, translation_said(new, lang, changes), json)
