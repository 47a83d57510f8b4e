"""confrec event add|list|show|edit|remove"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from confrec.cli.common import (
    EventArg,
    ForceOpt,
    JsonOpt,
    LangArg,
    LangOpt,
    YesOpt,
    asking,
    edited,
    noun_app,
    print_json,
    reading,
    report_change,
    say,
    show,
    writing,
)

if TYPE_CHECKING:
    from confrec.record.models import Event, Session, Talk
    from confrec.record.store import Store

app = noun_app("Events: the conferences themselves.")

SlugOpt = Annotated[str | None, typer.Option("--slug", help="Short unique name, e.g. kaznu-2016.")]
StartOpt = Annotated[str | None, typer.Option("--start", metavar="DATE",
                                                  help="First day: 2016-10-21, 21.10.2016 or 21 Oct 2016.")]
EndOpt = Annotated[str | None, typer.Option("--end", metavar="DATE", help="Last day (default: the start).")]
VenueOpt = Annotated[str | None, typer.Option("--venue", help="Building or hall.")]
CityOpt = Annotated[str | None, typer.Option("--city")]
CountryOpt = Annotated[str | None, typer.Option("--country")]
TzOpt = Annotated[str | None, typer.Option("--timezone", help="IANA name, e.g. Asia/Almaty.")]
OrganizerOpt = Annotated[
    list[str] | None, typer.Option("--organizer", help="An organizer; repeat for several.")
]
DescriptionOpt = Annotated[str | None, typer.Option("--description")]
UrlOpt = Annotated[str | None, typer.Option("--url", help="http(s) link to the event page.")]
HostOpt = Annotated[str | None, typer.Option("--host", metavar="NAME",
                                                help="The host institution (the organising units: --organizer).")]
KindOpt = Annotated[str | None, typer.Option(
    "--kind", metavar="TEXT", help='What it is, e.g. "International scientific-practical conference".')]


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The event's full name.")],
    start: Annotated[str, typer.Option("--start", metavar="DATE",
                                       help="First day: 2016-10-21, 21.10.2016 or 21 Oct 2016.")],
    slug: SlugOpt = None,
    end: EndOpt = None,
    venue: VenueOpt = None,
    city: CityOpt = None,
    country: CountryOpt = None,
    timezone: TzOpt = None,
    organizer: OrganizerOpt = None,
    description: DescriptionOpt = None,
    url: UrlOpt = None,
    host: HostOpt = None,
    kind: KindOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add an event (without --slug, one is made from the name, in Latin letters).

    Example: confrec event add "Multi-vector foreign policy" --slug kaznu-2016 --start 21.10.2016
    """
    from confrec.record.models import Event, slug_for

    event = Event.from_dict(dict(  # as typed: the model reads and checks each value
        slug=slug if slug is not None else slug_for(name),
        name=name, start=start, end=end, venue=venue, city=city, country=country,
        timezone=timezone, organizers=organizer or [], description=description, url=url,
        host=host, kind=kind,
    ))
    with writing(ctx, "event add") as store:
        if slug is None:  # a slug made from the name: made unique too
            event.slug = store.unused_slug(event.slug)
        store.action = f"event add {event.slug}"
        store.add_event(event)
    report_change(event, f"Added event {event.id}: {event.slug} ({event.name})", json)


@app.command("list")
def list_(ctx: typer.Context, json: JsonOpt = False) -> None:
    """List events by start date.

    Example: confrec event list --json
    """
    with reading(ctx) as store:
        events = store.events()
    if json:
        print_json([e.to_dict() for e in events])
        return
    from confrec.views.render import events_table

    show(events_table(events))


@app.command("show")
def show_(ctx: typer.Context, event: EventArg = None, lang: LangOpt = None, json: JsonOpt = False) -> None:
    """Show one event (--json: as stored, translations and all).

    Example: confrec event show kaznu-2016 --lang ru
    """
    from confrec.languages import parse_language
    from confrec.translations import shown_in

    tag = parse_language(lang) if lang else None
    with reading(ctx) as store:
        record = store.event_or_only(event)
        talks = store.talks(event=record.slug)
    if json:
        print_json(record.to_dict())
        return
    from confrec.views.render import event_panel

    n_speakers = len({s for t in talks for s in t.speakers})
    show(event_panel(shown_in(record, tag), talks, n_speakers))


@app.command("edit")
def edit(
    ctx: typer.Context,
    event: EventArg = None,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    slug: SlugOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
    venue: VenueOpt = None,
    city: CityOpt = None,
    country: CountryOpt = None,
    timezone: TzOpt = None,
    organizer: OrganizerOpt = None,
    description: DescriptionOpt = None,
    url: UrlOpt = None,
    host: HostOpt = None,
    kind: KindOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change only the fields given ("" clears a field; --organizer replaces the list).

    Example: confrec event edit kaznu-2016 --venue "Al-Farabi KazNU"
    """
    with writing(ctx, "event edit") as store:
        old = store.event_or_only(event)
        store.action = f"event edit {old.slug}"
        new = edited(old, dict(
            name=name, slug=slug, start=start, end=end, venue=venue, city=city, country=country,
            timezone=timezone, organizers=organizer, description=description, url=url,
            host=host, kind=kind,
        ))
        store.update_event(new, old_slug=old.slug)
    report_change(new, f"Changed event {new.id}: {new.slug}", json)


@app.command("remove")
def remove(ctx: typer.Context, event: EventArg = None, yes: YesOpt = False, force: ForceOpt = False) -> None:
    """Remove an event (with --force, also its talks).

    Example: confrec event remove kaznu-2016 --force --yes
    """
    def plan(store: Store) -> tuple[Event, tuple[list[Talk], list[Session]]]:
        record = store.event_or_only(event)
        return record, store.event_removal(record, force=force)

    def question(planned: tuple[Event, tuple[list[Talk], list[Session]]]) -> str:
        record, (talks, sessions) = planned
        held = [f"{len(talks)} talk(s)"] if talks else []
        held += [f"{len(sessions)} session(s)"] if sessions else []
        return f"Remove event {record.slug} ({record.name})" + (f" and its {' and '.join(held)}" if held else "") + "?"

    with asking(ctx, "event remove", yes, plan, question, "the event") as (store, planned):
        record, _ = planned
        store.action = f"event remove {record.slug}"
        talks, sessions = store.remove_event(record, force=force)
    held = [f"{len(talks)} talk(s)"] if talks else []
    held += [f"{len(sessions)} session(s)"] if sessions else []
    say(f"Removed event {record.id}: {record.slug}" + (f" and {' and '.join(held)}" if held else ""))


@app.command("translate")
def translate_(
    ctx: typer.Context,
    lang: LangArg,
    event: Annotated[str | None, typer.Option("--event", "-e", metavar="EVENT",
                     help="Event slug or id (default: the only event).")] = None,
    name: Annotated[str | None, typer.Option("--name", metavar="NAME", help="The name in LANG.")] = None,
    kind: KindOpt = None,
    description: DescriptionOpt = None,
    json: JsonOpt = False,
) -> None:
    """Give the event's name, kind and description in another language ("" removes one).

    Example: confrec event translate kk --name "Қазақстанның көпвекторлы сыртқы саясаты"
    """
    from confrec.translations import translate, translation_said

    with writing(ctx, "event translate") as store:
        old = store.event_or_only(event)
        store.action = f"event translate {old.slug} {lang}"
        changes = {"name": name, "kind": kind, "description": description}
        new = translate(old, lang, changes)
        store.update_event(new, old_slug=old.slug)
    report_change(new, translation_said(new, lang, changes), json)
