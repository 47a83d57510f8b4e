"""confrec talk add|list|show|edit|remove"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from confrec.cli.common import (
    EventOpt,
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
    text_from,
    writing,
)

if TYPE_CHECKING:
    from confrec.checks import Finding
    from confrec.record.models import Talk
    from confrec.record.store import Store

app = noun_app("Talks: what is said, by whom, when and where.")

TalkRef = Annotated[str, typer.Argument(metavar="TALK", help="Talk id.")]
SpeakerOpt = Annotated[
    list[str] | None,
    typer.Option("--speaker", "-s", help="Speaker id or name; repeat for co-speakers, in order.",
                 autocompletion=complete_speaker),
]
AbstractOpt = Annotated[str | None, typer.Option("--abstract", help="The abstract text.")]
AbstractFileOpt = Annotated[
    Path | None, typer.Option("--abstract-file", metavar="FILE", help="Read the abstract from a file ('-' = stdin).")
]
TypeOpt = Annotated[
    str | None, typer.Option("--type", help="keynote, talk, panel, welcome, workshop or other; "
                                "on the program but not talks: break, registration, ceremony "
                                "(or in Russian or Kazakh: доклад, баяндама, круглый стол, перерыв).")
]
TrackOpt = Annotated[str | None, typer.Option("--track")]
RoomOpt = Annotated[str | None, typer.Option("--room")]
StartOpt = Annotated[
    str | None, typer.Option("--start", metavar="WHEN",
                 help="Local time of the event: 2016-10-21 10:30, 21.10.2016 10.30 or 21 Oct 2016 10:30am; "
                      "a time alone (10.30) is on the talk's, its session's or a one-day event's day; "
                      "a date without its year (12.04 10.30) on the event's day it names.")
]
DurationOpt = Annotated[
    str | None, typer.Option("--duration", help="Minutes (90), H:MM (1:30) or in words (1h30, 90 min).")
]
StatusOpt = Annotated[
    str | None,
    typer.Option("--status", help="submitted, accepted, confirmed, rejected, withdrawn or cancelled "
                                  "(or in Russian or Kazakh: принят, подтверждён, расталды)."),
]
LanguageOpt = Annotated[str | None, typer.Option("--language", help="A tag (ru, kk, en) or a name (Russian).")]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", help="A tag; repeat for several.")]
SessionOpt = Annotated[
    str | None,
    typer.Option("--session", metavar="SESSION",
                 help="Session id or title; the talk takes its room and time when it has none ('' leaves it)."),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Refuse (exit 1, nothing saved) instead of warning on a conflict.")
]


def _in_session(store: Store, talk: Talk) -> Talk:
    """A talk in a session takes its room and time when it has none."""
    if talk.session is None:
        return talk
    from confrec.program import in_session
    from confrec.record.timeline import zone

    part = store.session(talk.session)
    others = [t for t in store.talks(event=talk.event) if t.session == part.id]
    return in_session(talk, part, others, zone(store.event(talk.event).timezone))


def _conflicts(store: Store, talk: Talk, strict: bool) -> list[Finding]:
    from confrec.checks import slot_conflicts

    return slot_conflicts(store.events(), store.speakers(), store.talks(), talk, strict=strict)


def _warn(conflicts: list[Finding]) -> None:
    for f in conflicts:
        say(f"Warning: {f.message}")


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="The talk's title.")],
    event: EventOpt = None,
    speaker: SpeakerOpt = None,
    abstract: AbstractOpt = None,
    abstract_file: AbstractFileOpt = None,
    type: TypeOpt = None,
    track: TrackOpt = None,
    room: RoomOpt = None,
    start: StartOpt = None,
    duration: DurationOpt = None,
    status: StatusOpt = None,
    language: LanguageOpt = None,
    tag: TagOpt = None,
    session: SessionOpt = None,
    strict: StrictOpt = False,
    json: JsonOpt = False,
) -> None:
    """Add a talk with its abstract (warns if its slot conflicts with another talk).

    Example: confrec talk add "Multi-vector policy as a diplomatic style" -e kaznu-2016 -s Kukeeva
    """
    from confrec.record.models import Talk
    from confrec.record.timeline import start_on_its_day
    from confrec.words import typed_status, typed_type

    abstract = text_from(abstract, abstract_file, "abstract")
    with writing(ctx, f"talk add {title}") as store:
        part = store.session(session) if session else None
        home = store.event(part.event) if part and event is None else store.event_or_only(
            event, "say which event with --event SLUG")
        talk = Talk.from_dict(dict(  # as typed: the model reads and checks each value
            event=home.slug,
            title=title, speakers=speaker_ids(store, speaker) or [], abstract=abstract, type=typed_type(type),
            track=track, room=room, start=start_on_its_day(start, home, known=part.start if part else None),
            duration=duration, status=typed_status(status),
            language=language, tags=tag or [], session=part.id if part else None,
        ))
        talk = _in_session(store, talk)
        store.add_talk(talk)
        conflicts = _conflicts(store, talk, strict)
    report_change(talk, f"Added talk {talk.id}: {talk.title}", json)
    _warn(conflicts)


@app.command("list")
def list_(
    ctx: typer.Context,
    event: EventOpt = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", "-s", help="Speaker id or name.", autocompletion=complete_speaker)
    ] = None,
    track: TrackOpt = None,
    status: StatusOpt = None,
    type: TypeOpt = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Words in title, abstract or speaker names.")
    ] = None,
    sort: Annotated[str, typer.Option(
        "--sort", help="start, title or speaker (the first speaker's family name).")] = "start",
    json: JsonOpt = False,
) -> None:
    """List talks, filtered and sorted.

    Example: confrec talk list --speaker Kukeeva --sort title
    """
    from confrec.record.models import parse_choice
    from confrec.record.queries import SORT_KEYS, TalkFilter, filter_talks, sort_talks
    from confrec.words import typed_status, typed_type

    sort = parse_choice("sort", sort, SORT_KEYS, "start")
    with reading(ctx) as store:
        f = TalkFilter(
            event=store.event(event).slug if event is not None else None,
            speaker=store.speaker(speaker).id if speaker is not None else None,
            track=track,
            status=typed_status(status) or None,
            type=typed_type(type) or None,
            search=search,
        )
        speakers = {s.id: s for s in store.speakers()}
        talks = sort_talks(filter_talks(store.talks(), speakers, f), speakers, sort)
    if json:
        print_json([t.to_dict() for t in talks])
        return
    from confrec.views.render import talks_table

    show(talks_table(talks, speakers))


@app.command("show")
def show_(ctx: typer.Context, talk: TalkRef, lang: LangOpt = None, json: JsonOpt = False) -> None:
    """Show a talk with its speakers and abstract (--json: as stored, translations and all).

    Example: confrec talk show 2 --lang kk
    """
    from confrec.languages import parse_language
    from confrec.record.timeline import zone
    from confrec.translations import shown_in

    tag = parse_language(lang) if lang else None
    with reading(ctx) as store:
        record = store.talk(talk)
        speakers = {s.id: s for s in store.speakers()}
        tz = zone(store.event(record.event).timezone)
        part = next((x for x in store.sessions() if x.id == record.session), None)
    if json:
        print_json(record.to_dict())
        return
    from confrec.views.render import talk_panel

    show(talk_panel(shown_in(record, tag), speakers, tz, part and shown_in(part, tag)))


@app.command("edit")
def edit(
    ctx: typer.Context,
    talk: TalkRef,
    title: Annotated[str | None, typer.Option("--title", help="New title.")] = None,
    event: EventOpt = None,
    speaker: SpeakerOpt = None,
    abstract: AbstractOpt = None,
    abstract_file: AbstractFileOpt = None,
    type: TypeOpt = None,
    track: TrackOpt = None,
    room: RoomOpt = None,
    start: StartOpt = None,
    duration: DurationOpt = None,
    status: StatusOpt = None,
    language: LanguageOpt = None,
    tag: TagOpt = None,
    session: SessionOpt = None,
    strict: StrictOpt = False,
    json: JsonOpt = False,
) -> None:
    """Change only the fields given ("" clears a field; --speaker and --tag replace the list).

    Example: confrec talk edit 2 --start "2016-10-21 10:30" --duration 20 --room 301
    """
    from confrec.record.timeline import start_on_its_day
    from confrec.words import typed_status, typed_type

    abstract = text_from(abstract, abstract_file, "abstract")
    with writing(ctx, "talk edit") as store:
        old = store.talk(talk)
        store.action = f"talk edit {old.id} {old.title}"
        home = store.event(event if event is not None else old.event)
        part = store.session(session) if session and session.strip() else None
        new = edited(old, dict(
            title=title, event=home.slug if event is not None else None,
            speakers=speaker_ids(store, speaker), abstract=abstract, type=typed_type(type), track=track,
            # a type given is confrec's word: the imported file's own ('lecture') no longer says it
            type_label="" if type is not None else None,
            room=room, start=start_on_its_day(start, home, known=old.start or (part.start if part else None)),
            duration=duration, status=typed_status(status), language=language, tags=tag,
            session=part.id if part else session,  # (None: not given; '': out of its session)
        ))
        new = _in_session(store, new)
        store.update_talk(new)
        conflicts = _conflicts(store, new, strict)
    report_change(new, f"Changed talk {new.id}: {new.title}", json)
    _warn(conflicts)


@app.command("remove")
def remove(ctx: typer.Context, talk: TalkRef, yes: YesOpt = False) -> None:
    """Remove a talk.

    Example: confrec talk remove 7 --yes
    """
    with asking(ctx, "talk remove", yes, lambda store: store.talk(talk),
                lambda t: f"Remove talk {t.id} ({t.title})?", f"talk {talk}") as (store, record):
        store.action = f"talk remove {record.id} {record.title}"
        store.remove_talk(record)
    say(f"Removed talk {record.id}: {record.title}")


@app.command("translate")
def translate_(
    ctx: typer.Context,
    talk: TalkRef,
    lang: LangArg,
    title: Annotated[str | None, typer.Option("--title", metavar="TITLE", help="The title in LANG.")] = None,
    subtitle: Annotated[str | None, typer.Option("--subtitle", metavar="TEXT")] = None,
    abstract: AbstractOpt = None,
    abstract_file: AbstractFileOpt = None,
    json: JsonOpt = False,
) -> None:
    """Give the talk's title and abstract in another language ("" removes one).

    Example: confrec talk translate 2 kk --title "Көпвекторлы саясат" --abstract-file abstract-kk.txt
    """
    from confrec.translations import translate, translation_said

    abstract = text_from(abstract, abstract_file, "abstract")
    with writing(ctx, "talk translate") as store:
        old = store.talk(talk)
        store.action = f"talk translate {old.id} {lang}"
        changes = {"title": title, "subtitle": subtitle, "abstract": abstract}
        new = translate(old, lang, changes)
        store.update_talk(new)
    report_change(new, translation_said(new, lang, changes), json)
