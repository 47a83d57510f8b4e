"""confrec speaker add|list|show|edit|remove|merge"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from confrec.cli.common import (
    EventOpt,
    ForceOpt,
    JsonOpt,
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
    writing,
)

if TYPE_CHECKING:
    from confrec.record.models import Session, Speaker, Talk
    from confrec.record.store import SpeakerMerge, Store

app = noun_app("Speakers: the people who give talks.")

SpeakerRef = Annotated[
    str, typer.Argument(metavar="SPEAKER", help="Speaker id or part of the name.", autocompletion=complete_speaker)
]
TitleOpt = Annotated[str | None, typer.Option("--title", help="e.g. Professor, Dr.")]
AffiliationOpt = Annotated[str | None, typer.Option("--affiliation", help="University or body.")]
CountryOpt = Annotated[str | None, typer.Option("--country")]
PositionOpt = Annotated[
    str | None, typer.Option("--position", help='e.g. "Counselor, Ministry of Foreign Affairs".')
]
EmailOpt = Annotated[str | None, typer.Option("--email", help="Kept private in exports.")]
BioOpt = Annotated[str | None, typer.Option("--bio", help="A short biography.")]


def _interactive() -> bool:
    return sys.stdin.isatty()


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help="Full name; asked for when omitted at a terminal.")
    ] = None,
    title: TitleOpt = None,
    affiliation: AffiliationOpt = None,
    country: CountryOpt = None,
    position: PositionOpt = None,
    email: EmailOpt = None,
    bio: BioOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add a speaker.

    Example: confrec speaker add "F.T. Kukeeva" --title Professor --country Kazakhstan
    """
    from confrec.record.models import Speaker

    if name is None:
        if not _interactive():
            raise typer.BadParameter("give the speaker's name", param_hint="NAME")
        say("New speaker: the name is required; press Enter to leave any other field empty.")
        while not (name := typer.prompt("Name (required)", default="", show_default=False, err=True).strip()):
            say("A speaker needs a name.")
        asked = {}
        for field, given, label in (("title", title, "Title (e.g. Professor, Dr.)"),
                                    ("position", position, "Position (e.g. Dean of the faculty)"),
                                    ("affiliation", affiliation, "Affiliation (university or body)"),
                                    ("country", country, "Country"),
                                    ("email", email, "E-mail (kept private)")):
            asked[field] = given if given is not None else typer.prompt(label, default="", show_default=False, err=True)
        title, position, affiliation, country, email = (asked[f] for f in
                                                        ("title", "position", "affiliation", "country", "email"))
    speaker = Speaker(
        name=name, title=title, affiliation=affiliation, country=country, position=position,
        email=email, bio=bio,
    )
    from confrec.record.queries import namesakes

    with writing(ctx, f"speaker add {speaker.name}") as store:
        store.add_speaker(speaker)
        twins = namesakes(speaker, store.speakers())
    report_change(speaker, f"Added speaker {speaker.id}: {speaker.name}", json)
    _warn_namesakes(speaker, twins)


@app.command("list")
def list_(
    ctx: typer.Context,
    event: EventOpt = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Words in name, title, position, affiliation or country.")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="One country, however written (KZ, Kazakhstan, Казахстан).")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """List speakers by family name, or only those of one event.

    Example: confrec speaker list --event kaznu-2016 --country Kazakhstan
    """
    from confrec.record.queries import by_name, filter_speakers, talks_per_speaker

    with reading(ctx) as store:
        slug = store.event(event).slug if event is not None else None
        counts = talks_per_speaker(store.talks(event=slug))
        speakers = by_name(filter_speakers([s for s in store.speakers() if slug is None or s.id in counts],
                                           search=search, country=country))
    if json:
        print_json([s.to_dict() for s in speakers])
        return
    from confrec.views.render import speakers_table

    show(speakers_table(speakers, counts))


@app.command("show")
def show_(ctx: typer.Context, speaker: SpeakerRef, json: JsonOpt = False) -> None:
    """Show a speaker and their talks across events.

    Example: confrec speaker show Kukeeva
    """
    with reading(ctx) as store:
        record = store.speaker(speaker)
        talks = sorted(store.talks(speaker=record.id), key=lambda t: (t.event, t.start is None, t.start or 0, t.id))
    if json:
        print_json(record.to_dict())
        return
    from confrec.views.render import speaker_panel

    show(speaker_panel(record, talks))


@app.command("edit")
def edit(
    ctx: typer.Context,
    speaker: SpeakerRef,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    title: TitleOpt = None,
    affiliation: AffiliationOpt = None,
    country: CountryOpt = None,
    position: PositionOpt = None,
    email: EmailOpt = None,
    bio: BioOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change only the fields given ("" clears a field).

    Example: confrec speaker edit Kukeeva --affiliation "Al-Farabi KazNU"
    """
    from confrec.record.queries import namesakes

    with writing(ctx, "speaker edit") as store:
        old = store.speaker(speaker)
        store.action = f"speaker edit {old.id} {old.name}"
        new = edited(old, dict(
            name=name, title=title, affiliation=affiliation, country=country, position=position,
            email=email, bio=bio,
        ))
        store.update_speaker(new)
        twins = namesakes(new, store.speakers()) if name is not None else []
    report_change(new, f"Changed speaker {new.id}: {new.name}", json)
    _warn_namesakes(new, twins)


def _warn_namesakes(speaker: Speaker, twins: list[Speaker]) -> None:
    """A second record for one person splits their talks: say so at once (kept: two people may share a name)."""
    for s in twins:
        say(f"Warning: speaker {s.id} {s.name} has the same name as speaker {speaker.id}: if they are one person, "
            f"'confrec undo' this and use id {s.id}")


@app.command("remove")
def remove(ctx: typer.Context, speaker: SpeakerRef, yes: YesOpt = False, force: ForceOpt = False) -> None:
    """Remove a speaker (with --force, also take them off their talks).

    Example: confrec speaker remove 3 --yes
    """
    def plan(store: Store) -> tuple[Speaker, tuple[list[Talk], list[Session]]]:
        record = store.speaker(speaker)
        return record, store.speaker_removal(record, force=force)

    def question(planned: tuple[Speaker, tuple[list[Talk], list[Session]]]) -> str:
        record, (talks, sessions) = planned
        return f"Remove speaker {record.id} ({record.name}){taken_off(talks, sessions)}?"

    with asking(ctx, "speaker remove", yes, plan, question, f"speaker {speaker}") as (store, planned):
        record, _ = planned
        store.action = f"speaker remove {record.id} {record.name}"
        talks, sessions = store.remove_speaker(record, force=force)
    extra = [f"taken off {len(talks)} talk(s)"] if talks else []
    extra += [f"off the chair of {len(sessions)} session(s)"] if sessions else []
    say(f"Removed speaker {record.id}: {record.name}" + (f" ({', '.join(extra)})" if extra else ""))


def taken_off(talks: list[Talk], sessions: list[Session]) -> str:
    """What --force changes, said in the question."""
    parts = _touched(talks, sessions)
    return f" and take them off {' and off '.join(parts)}" if parts else ""


def _touched(talks: list[Talk], sessions: list[Session]) -> list[str]:
    """The talks and the chaired sessions a change touches, the first five of each by id and title."""
    parts = []
    for records, what in ((talks, "talk(s)"), (sessions, "chaired session(s)")):
        if records:
            shown = "; ".join(f"{r.id} {r.title!r}" for r in records[:5])
            more = f"; and {len(records) - 5} more" if len(records) > 5 else ""
            parts.append(f"{len(records)} {what}: {shown}{more}")
    return parts


@app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(metavar="KEEP", help="The speaker to keep: id or part of the name.",
                                        autocompletion=complete_speaker)],
    others: Annotated[list[str], typer.Argument(metavar="OTHER...", help="The speakers who are the same person.",
                                                autocompletion=complete_speaker)],
    yes: YesOpt = False,
    json: JsonOpt = False,
) -> None:
    """Merge speakers who are one person into the one kept: their talks and
    chairs become theirs, and the details the kept one lacks are taken over.

    Example: confrec speaker merge 1 7   (what 'confrec check' suggests)
    """
    def plan(store: Store) -> SpeakerMerge:
        return store.speaker_merge(store.speaker(keep), [store.speaker(o) for o in others])

    def question(planned: SpeakerMerge) -> str:
        return f"Merge {_listed(planned.merged)} into speaker {planned.kept.id} ({planned.kept.name}){_moves(planned)}?"

    with asking(ctx, "speaker merge", yes, plan, question, f"speaker {keep}") as (store, planned):
        store.action = (f"speaker merge {', '.join(f'{o.id} {o.name}' for o in planned.merged)} "
                        f"into {planned.kept.id} {planned.kept.name}")
        done = store.merge_speakers(store.speaker(keep), planned.merged)
    extra = [f"{len(done.talks)} talk(s)"] if done.talks else []
    extra += [f"{len(done.sessions)} chaired session(s)"] if done.sessions else []
    extra += [f"took {', '.join(done.filled)}"] if done.filled else []
    report_change(done.kept, f"Merged {_listed(done.merged)} into speaker {done.kept.id}: {done.kept.name}"
                  + (f" ({'; '.join(extra)})" if extra else ""), json)


def _listed(speakers: list[Speaker]) -> str:
    return ", ".join(f"speaker {s.id} ({s.name})" for s in speakers)


def _moves(planned: SpeakerMerge) -> str:
    """What the merge changes, said in the question."""
    parts = _touched(planned.talks, planned.sessions)
    taken = [f"{name} {getattr(planned.kept, name)!r}" for name in planned.filled]
    said = (f", moving {' and '.join(parts)}" if parts else "") + (f", taking {', '.join(taken)}" if taken else "")
    return f"{said}, and remove the other{'s' if len(planned.merged) > 1 else ''}"
