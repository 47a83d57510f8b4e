"""Match what a file brings against the record, then add it all at once.

Speakers are matched, not duplicated: by the mapping an earlier import of the
same source kept, by the guid confrec's own exports give them (while the name
agrees), by e-mail, or by the same normalised name when the e-mails do not
differ. Talks are matched by the kept reference, by guid, then by title and
start, then by title and speakers. Everything is validated before anything
is added: one malformed talk and nothing changes; a value the record cannot
hold is left out of its talk and listed as a repair.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from confrec.errors import ConfrecError, InvalidValue
from confrec.identity import speaker_guid, talk_guids, talk_url
from confrec.importers import ImportFailed, Incoming, IncomingSpeaker, IncomingTalk, Repair, shown, zones
from confrec.record.models import (
    LONG_TEXT,
    NOT_TAKING_PLACE,
    Event,
    Record,
    Session,
    Speaker,
    Talk,
    parse_timezone,
)
from confrec.record.store import Store
from confrec.record.timeline import local_end, start_on_its_day, zone
from confrec.textutil import normalise, without_controls

R = TypeVar("R", bound=Record)
GONE_SHOWN = 10
# Talks that no longer take place are not reported as gone again.


@dataclass
class Summary:
    event: str = ""
    timezone: str | None = None
    events: dict[str, int] = field(default_factory=lambda: {"added": 0, "reused": 0})
    # (updated and unchanged: by a sheet of speakers, which changes their details)
    speakers: dict[str, int] = field(default_factory=lambda: {"added": 0, "reused": 0, "updated": 0,
                                                               "unchanged": 0})
    talks: dict[str, int] = field(
        default_factory=lambda: {"added": 0, "updated": 0, "unchanged": 0, "gone": 0, "withdrawn": 0})
    sessions: dict[str, int] = field(default_factory=lambda: {"added": 0, "updated": 0, "unchanged": 0})
    gone: list[dict[str, Any]] = field(default_factory=list)  # talks in the record, no longer in the file
    repairs: list[Repair] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.event, "timezone": self.timezone, "events": self.events,
            "speakers": self.speakers, "talks": self.talks, "sessions": self.sessions, "gone": self.gone,
            "repairs": [r.to_dict() for r in self.repairs], "notes": self.notes,
        }


def build(make: Callable[..., R], fields: dict[str, Any], where: str, repairs: list[Repair],
          keep: frozenset[str] = frozenset()) -> tuple[R, dict[str, Any]]:
    """A record from a file's fields, leaving out (and listing) each value it cannot hold.

    Fields in ``keep`` are not left out: their error refuses the file. Returns
    the record and the fields it was made from.
    """
    fields = {name: _clean(where, name, value, repairs) for name, value in fields.items()}
    while True:
        try:
            return make(**fields), fields
        except InvalidValue as e:
            name = e.field
            if name is None or name not in fields or name in keep:
                raise ImportFailed(f"{where}: {e}") from None
            repairs.append(Repair(where, name, shown(fields.pop(name)), f"left out ({e})"))
        except (ConfrecError, TypeError) as e:  # TypeError: a field of the wrong shape
            raise ImportFailed(f"{where}: {e}") from None


def _clean(where: str, name: str, value: Any, repairs: list[Repair]) -> Any:
    """A file's value without control characters; each value cleaned is listed."""
    out, removed = _without_controls(value, name in LONG_TEXT)
    if removed:
        repairs.append(Repair(where, name, shown(value), f"{removed} control character(s) removed"))
    return out


def _without_controls(value: Any, long: bool) -> tuple[Any, int]:
    """The value, every text in it without controls, and how many were removed.
    (Not a closure that calls itself: that is a reference cycle, which with
    the collector off for the command kept every one of them, 29 MB for an
    import of 10,000 talks.)"""
    if isinstance(value, str):
        return without_controls(value, long=long)
    if isinstance(value, list):
        cleaned = [_without_controls(x, long) for x in value]
        return [x for x, _ in cleaned], sum(n for _, n in cleaned)
    if isinstance(value, dict):
        pairs = {k: _without_controls(x, long) for k, x in value.items()}
        return {k: x for k, (x, _) in pairs.items()}, sum(n for _, n in pairs.values())
    return value, 0


class _People:
    """Existing speakers, findable by guid, e-mail and name."""

    def __init__(self, existing: list[Speaker], slug: str) -> None:
        self.by_guid: dict[str, list[Speaker]] = {}
        self.by_email: dict[str, Speaker] = {}
        self.by_name: dict[str, list[Speaker]] = {}
        for s in existing:
            for g in {s.guid, speaker_guid(slug, s)}:
                if g is not None:
                    self.by_guid.setdefault(g.lower(), []).append(s)
            if s.email:
                self.by_email.setdefault(s.email.lower(), s)
            self.by_name.setdefault(normalise(s.name), []).append(s)

    def find(self, new: Speaker, exclude: set[int]) -> Speaker | None:
        name = normalise(new.name)
        if new.guid:  # a guid identifies a person while the name agrees
            for s in self.by_guid.get(new.guid.lower(), []):
                if s.id not in exclude and normalise(s.name) == name:
                    return s
        if new.email:
            found = self.by_email.get(new.email.lower())
            if found is not None and found.id not in exclude:
                return found
        for s in self.by_name.get(name, []):
            if s.id in exclude:
                continue
            if not (s.email and new.email) or s.email.lower() == new.email.lower():
                return s
        return None


def _people_key(title: str, speaker_ids: list[int], everyone: dict[int, Speaker]) -> tuple[str, tuple[str, ...]]:
    names = sorted(normalise(everyone[s].name) for s in speaker_ids if s in everyone)
    return (normalise(title), tuple(names))


def merge(
    store: Store, incoming: Incoming, *, target_event: str | None = None, timezone: str | None = None,
    prune: bool = False, progress: Callable[[int], None] | None = None,
) -> Summary:
    """Add what ``incoming`` brings to the store (in memory; the caller writes)."""
    summary = Summary(repairs=list(incoming.repairs), notes=list(incoming.notes))
    if incoming.speakers is not None:
        given = [option for option, value in (("--event", target_event), ("--timezone", timezone),
                                              ("--prune", prune)) if value]
        if given:  # (said, not ignored: the user meant something by them)
            raise ImportFailed(f"a sheet of speakers changes speakers, in no event: {', '.join(given)} "
                               f"{'is' if len(given) == 1 else 'are'} for files of talks")
        _speaker_sheet(store, incoming.speakers, summary)
        return summary
    refs = store.refs()
    event = _event(store, incoming, target_event, timezone, summary)
    speakers, speaker_refs = _speakers(store, incoming, event, refs, summary)
    sessions, session_refs = _sessions(store, incoming, event, speakers, refs, summary)
    talk_refs = _talks(store, incoming, event, speakers, sessions, refs, summary, progress)
    store.set_refs({**speaker_refs, **session_refs, **talk_refs})
    if incoming.whole:
        _gone(store, incoming, event, refs, prune, summary)
    if not incoming.talks:
        summary.notes.append("the file holds no talks")
    if progress:
        progress(len(incoming.talks))
    return summary


def _instants(incoming: Incoming) -> list[datetime]:
    return [t.fields["start"] for t in incoming.talks
            if isinstance(t.fields.get("start"), datetime) and t.fields["start"].tzinfo is not None]


def _event(store: Store, incoming: Incoming, target: str | None, given_zone: str | None,
           summary: Summary) -> Event:
    given = parse_timezone(given_zone)  # refused outright when unknown: it is what the user typed
    instants = _instants(incoming)
    if target is not None:
        event = store.event(target)
    elif incoming.event is not None and incoming.event_named_only:
        event = _calendar_event(store, incoming, given, instants, summary)
    elif incoming.event is not None:
        fields = dict(incoming.event)
        declared = incoming.zone or fields.pop("timezone", None)
        candidate, _ = build(Event, fields, "the event", summary.repairs, keep=frozenset({"slug", "name", "start"}))
        existing = [e for e in store.events() if e.slug == candidate.slug]
        event = existing[0] if existing else _add_event(store, candidate, zones.choose(declared, instants, given),
                                                         summary)
    else:
        event = _only_event(store, "this file names no event: say which one with --event SLUG")
    if not summary.events["added"]:
        summary.events["reused"] = 1
        event = _zone_of_existing(store, incoming, event, instants, given, summary)
    summary.event = event.slug
    summary.timezone = event.timezone
    return event


def _add_event(store: Store, candidate: Event, choice: zones.Choice, summary: Summary) -> Event:
    candidate.timezone = choice.name
    if choice.note:
        summary.notes.append(choice.note)
    summary.events["added"] = 1
    return store.add_event(candidate)


def _only_event(store: Store, hint: str) -> Event:
    try:
        return store.event(store.default_event(hint))
    except InvalidValue as e:
        raise ImportFailed(str(e)) from None


def _calendar_event(store: Store, incoming: Incoming, given: str | None, instants: list[datetime],
                    summary: Summary) -> Event:
    """A calendar names itself, not a conference: it goes into the record's
    event of that name, or a new event in a record that has none; else into
    the only event there is, and the user is told."""
    assert incoming.event is not None
    name, slug = incoming.event["name"], incoming.event["slug"]
    events = store.events()
    for e in events:
        if e.slug == slug or normalise(e.name) == normalise(name):
            return e
    if not events:
        choice = zones.choose(incoming.zone, instants, given)
        tz = zone(choice.name)
        days = sorted(_wall(t, t.fields["start"], tz).date().isoformat() for t in incoming.talks
                      if t.fields.get("start"))
        candidate, _ = build(Event, {"slug": slug, "name": name, "start": days[0], "end": days[-1]}, "the event",
                             summary.repairs, keep=frozenset({"slug", "name", "start"}))
        return _add_event(store, candidate, choice, summary)
    event = _only_event(store, f"the calendar {name!r} is none of the record's events: "
                               "say which one with --event SLUG")
    summary.notes.append(f"the calendar {name!r} went into event {event.slug}, the only one "
                         "(--event names another)")
    return event


def _zone_of_existing(store: Store, incoming: Incoming, event: Event, instants: list[datetime],
                      given: str | None, summary: Summary) -> Event:
    """An existing event keeps its zone; one without a zone and without times takes the file's."""
    if given is not None and given != event.timezone and event.timezone is not None:
        raise ImportFailed(f"event {event.slug} keeps its times in {event.timezone}, not {given}: "
                           "change it first with 'confrec event edit --timezone'")
    if event.timezone is None and not any(t.start for t in store.talks(event=event.slug)):
        choice = zones.choose(incoming.zone, instants, given)
        if choice.name is not None:
            event = dataclasses.replace(event, timezone=choice.name)
            store.update_event(event, old_slug=event.slug)
            summary.notes.append(f"event {event.slug} had no timezone: it is now {choice.name}"
                                 + (f" ({choice.note})" if choice.note else ""))
            return event
    differ = zones.mismatches(event.timezone, instants)
    if differ:
        summary.notes.append(f"{differ} time(s) in the file carry another offset than event {event.slug}'s "
                             f"zone {event.timezone or 'UTC'}: their moments are kept")
    return event


def _speakers(
    store: Store, incoming: Incoming, event: Event, refs: dict[str, int], summary: Summary
) -> tuple[dict[str, Speaker], dict[str, int]]:
    """Each person key of the file -> its speaker, and the mappings to keep.

    Distinct people in the file stay distinct (the source system knows them
    apart); a person is matched to an existing speaker first by the mapping an
    earlier import of this source kept, then by guid, e-mail or name.
    """
    people = _People(store.speakers(), event.slug)
    used = {k for t in incoming.talks for k in t.people} | {k for x in incoming.sessions for k in x.chairs}
    resolved: dict[str, Speaker] = {}
    new: list[Speaker] = []
    claimed: set[int] = set()
    ref_of = {key: f"speaker:{incoming.scope}|{key}" for key in incoming.people}
    for key, fields in incoming.people.items():
        if key not in used:
            continue
        speaker, _ = build(Speaker, fields, f"speaker {fields.get('name')!r}", summary.repairs,
                           keep=frozenset({"name"}))
        match: Speaker | None = None
        if ref_of[key] in refs:
            try:
                match = store.speaker_by_id(refs[ref_of[key]])
            except ConfrecError:
                match = None  # removed since: match again
        if match is None:
            match = people.find(speaker, exclude=claimed)
        if match is None:
            new.append(speaker)
            match = speaker
        else:
            claimed.add(match.id)
        resolved[key] = match
    store.add_speakers(new)  # one write for all: ids are given here
    summary.speakers["added"] = len(new)
    summary.speakers["reused"] = len(claimed)
    keep = {ref_of[k]: s.id for k, s in resolved.items() if refs.get(ref_of[k]) != s.id}
    return resolved, keep


def _speaker_sheet(store: Store, rows: list[IncomingSpeaker], summary: Summary) -> None:
    """A sheet of speakers: each row's columns set its speaker's details (an
    empty cell empties one). A row names its speaker by id, as the export
    wrote it, and the id must still be that person; a row without an id by
    name, or adds them. Anything that cannot be told refuses the file."""
    everyone = store.speakers()
    by_id = {s.id: s for s in everyone}
    by_name: dict[str, list[Speaker]] = {}
    for s in everyone:
        by_name.setdefault(normalise(s.name), []).append(s)
    done: dict[int | str, str] = {}  # a speaker's id, or a new one's name, -> the line that gave them
    changed, new = [], []
    for row in rows:
        name = row.fields["name"] or ""
        if row.id is not None:
            old = by_id.get(row.id)
            if old is None:
                raise ImportFailed(f"{row.where}: there is no speaker {row.id} in this record: a sheet of speakers "
                                   "changes the record it was exported from (an empty id adds the person)")
            if normalise(old.name) != normalise(name):
                raise ImportFailed(f"{row.where}: speaker {row.id} is {old.name!r} here, {name!r} in the sheet: "
                                   f"rename them with 'confrec speaker edit {row.id} --name', or empty the id "
                                   "to add the person")
        else:
            same = by_name.get(normalise(name), [])
            if len(same) > 1:
                raise ImportFailed(f"{row.where}: {name!r} is the name of speakers "
                                   f"{', '.join(str(s.id) for s in same)}: give the id")
            old = same[0] if same else None
        if old is None:
            if normalise(name) in done:
                raise ImportFailed(f"{row.where}: {name!r} is on {done[normalise(name)]} too: keep one row")
            done[normalise(name)] = row.where
            speaker, _ = build(Speaker, row.fields, f"{row.where} ({name})", summary.repairs, keep=frozenset({"name"}))
            new.append(speaker)
            continue
        if old.id in done:
            raise ImportFailed(f"{row.where}: speaker {old.id} ({old.name}) is on {done[old.id]} too: keep one row")
        done[old.id] = row.where
        given = {**{k: v for k, v in dataclasses.asdict(old).items() if k != "id"}, **row.fields}
        speaker, _ = build(functools.partial(Speaker, id=old.id), given, f"{row.where} ({name})",
                           summary.repairs, keep=frozenset({"name"}))
        if speaker == old:
            summary.speakers["unchanged"] += 1
        else:
            changed.append(speaker)
    store.update_speakers(changed)
    store.add_speakers(new)
    summary.speakers["updated"] = len(changed)
    summary.speakers["added"] = len(new)
    if not rows:
        summary.notes.append("the sheet holds no speakers")


def _wall(item: IncomingTalk, start: datetime, tz: Any) -> datetime:
    """The talk's start on the event's clock (a time with no zone: as written)."""
    try:
        return start.astimezone(tz) if start.tzinfo is not None else start
    except (OverflowError, ValueError):
        raise ImportFailed(f"{item.where}: impossible date {start.isoformat()!r}") from None


def _local(item: IncomingTalk, event: Event, tz: Any, repairs: list[Repair]) -> dict[str, Any]:
    """The talk's fields with an instant turned into wall time of the event's
    zone, and a start a sheet gives as people type it ('11.30' in a one-day
    event, '21 октября 11.30') on the event's day it means."""
    fields = dict(item.fields)
    start = fields.get("start")
    if isinstance(start, str):
        try:
            fields["start"] = start_on_its_day(start, event)
        except InvalidValue as e:
            raise ImportFailed(f"{item.where}: {e}") from None
    elif isinstance(start, datetime) and start.tzinfo is not None:
        local = _wall(item, start, tz)
        if local.fold:  # the second time the hour comes round: wall time says the first
            repairs.append(Repair(item.where, "start", shown(start.isoformat()),
                                  f"kept as {local:%H:%M} the first time that hour comes round, which is "
                                  "earlier: a time on the event's clock names only that one"))
        fields["start"] = local.replace(tzinfo=None, fold=0)
    return fields


def _sessions(store: Store, incoming: Incoming, event: Event, speakers: dict[str, Speaker],
              refs: dict[str, int], summary: Summary) -> tuple[dict[str, int], dict[str, int]]:
    """The sessions of confrec's own export, in the event: each found again by
    the reference an earlier import of the file kept, else by its title and
    start, else added. Returns each one's id by the key its talks name it by,
    and the references to keep."""
    existing = {(normalise(x.title), x.start): x for x in store.sessions(event=event.slug)}
    ids: dict[str, int] = {}
    keep: dict[str, int] = {}
    spans = _spans(incoming, event) if any(x.times_from_talks for x in incoming.sessions) else {}
    for item in incoming.sessions:
        ref = f"session:{event.slug}|{incoming.scope}:{item.key}"
        chairs = [speakers[k].id for k in item.chairs]
        fields = {**item.fields, **spans.get(item.key, {})} if item.times_from_talks else item.fields
        session, _ = build(lambda chairs=chairs, **f: Session(event=event.slug, chairs=chairs, **f),
                           fields, item.where, summary.repairs, keep=frozenset({"title"}))
        old: Session | None = None
        if ref in refs:
            try:
                old = store.session(refs[ref])
            except ConfrecError:
                old = None  # removed since: added again
        if old is None or old.event != event.slug:
            old = existing.get((normalise(session.title), session.start))
        if old is None:
            session = store.add_session(session)
            summary.sessions["added"] += 1
        else:
            if item.times_from_talks:  # a sheet's section: it names a session, and fills in what it lacks
                timed = old if old.start is not None else session
                session = dataclasses.replace(old, start=timed.start, end=timed.end, room=old.room or session.room,
                                              chairs=session.chairs or old.chairs)
            session = dataclasses.replace(session, id=old.id)
            if session.to_dict() == old.to_dict():
                summary.sessions["unchanged"] += 1
            else:
                store.update_session(session)
                summary.sessions["updated"] += 1
        ids[item.key] = session.id
        if refs.get(ref) != session.id:
            keep[ref] = session.id
    return ids, keep


def _spans(incoming: Incoming, event: Event) -> dict[str, dict[str, datetime | None]]:
    """A sheet's sections by key: each runs from its first talk's start to
    its last one's end (its start, when no talk says how long it is). A talk
    that does not take place holds no time; a start or length the talk
    cannot hold is left to be refused or said when the talk is read."""
    tz = zone(event.timezone)
    found: dict[str, tuple[list[datetime], list[datetime]]] = {}
    for item in incoming.talks:
        name = item.fields.get("session")
        if not name or item.fields.get("status") in NOT_TAKING_PLACE:
            continue
        try:
            talk = Talk(event=event.slug, title="-", start=_local(item, event, tz, []).get("start"),
                        duration=item.fields.get("duration"))
        except ConfrecError:
            continue
        if talk.start is not None:
            starts, ends = found.setdefault(f"id:{name}", ([], []))
            starts.append(talk.start)
            ends.append(local_end(talk, tz) or talk.start)
    spans: dict[str, dict[str, datetime | None]] = {}
    for key, (starts, ends) in found.items():
        first, last = min(starts), max(ends)
        spans[key] = {"start": first, "end": last if last > first else None}
    return spans


def _talks(
    store: Store, incoming: Incoming, event: Event, speakers: dict[str, Speaker], sessions: dict[str, int],
    refs: dict[str, int], summary: Summary, progress: Callable[[int], None] | None,
) -> dict[str, int]:
    """Add new talks, update changed ones; return the references to keep."""
    scope = f"talk:{event.slug}|"
    tz = zone(event.timezone)
    # Without a kept reference, a talk is the same talk if it has the same
    # guid (the source's, or the one confrec's exports give it: then its title
    # or start must agree too), the same title and start, or else the same
    # title and speakers (its time may have been edited since) when only one
    # talk fits that; from a file that gives no times or no people, the same
    # title when only one talk has it.
    existing = store.talks(event=event.slug)
    everyone = {s.id: s for s in store.speakers()}
    by_guid: dict[str, Talk] = {}
    for t in existing:
        if t.guid:
            by_guid.setdefault(t.guid.lower(), t)
    own_guids = talk_guids(event.slug, existing)
    session_titles: dict[int | None, str] = {x.id: x.title for x in store.sessions(event=event.slug)}
    computed = {own_guids[t.id]: t for t in existing}
    by_title: dict[tuple[str, Any], list[Talk]] = {}
    by_title_alone: dict[str, list[Talk]] = {}  # for a file that gives no times or no people
    for t in existing:
        by_title.setdefault((normalise(t.title), t.start), []).append(t)
        by_title_alone.setdefault(normalise(t.title), []).append(t)
    by_people: dict[tuple[str, tuple[str, ...]], list[Talk]] = {}
    for t in existing:
        by_people.setdefault(_people_key(t.title, t.speakers, everyone), []).append(t)
    new: list[Talk] = []
    changed: list[Talk] = []
    kept: dict[str, Talk] = {}
    claimed: set[int] = set()
    for n, item in enumerate(incoming.talks, 1):
        if progress and n % 100 == 0:
            progress(n)
        key = scope + item.ref
        ids = [speakers[k].id for k in item.people]
        carried = _local(item, event, tz, summary.repairs)
        if carried.get("session") is not None:  # the export's session id: the one it now has here
            carried["session"] = sessions[f"id:{carried['session']}"]
        if item.roles is not None:
            carried["roles"] = {str(speakers[k].id): r for k, r in item.roles.items() if k in speakers}
        talk, fields = build(lambda ids=ids, item=item, **f: Talk(event=event.slug, speakers=ids,
                                                                  **{**item.defaults, **f}),
                             carried, item.where, summary.repairs, keep=frozenset({"title", "start"}))
        # a file without times or without people: the one talk of that title
        untimed_or_unpeopled = "start" not in carried or not item.people_given
        old = _match(store, key, refs, talk, by_guid, computed, by_title, by_people, everyone, claimed,
                     by_title_alone if untimed_or_unpeopled else None)
        if old is None:
            new.append(talk)
            summary.talks["added"] += 1
        else:
            claimed.add(old.id)
            ids = _namesakes_kept(ids, item.people, old, everyone)
            # The guid and url confrec's own exports give a talk are not the source's.
            if fields.get("guid") and fields["guid"].lower() == own_guids.get(old.id):
                fields["guid"] = old.guid
            if fields.get("url") and fields["url"] == talk_url(event, old):
                fields["url"] = old.url
            # frab has no sessions: its exports give a talk without a track its session's title
            if fields.get("track") and old.track is None and fields["track"] == session_titles.get(old.session):
                fields["track"] = None
            for name, value in fields.items():  # calendars cannot hold a CR: line ends are no change
                if isinstance(value, str) and _lines(value) == _lines(getattr(old, name)):
                    fields[name] = getattr(old, name)
            if old.status == "withdrawn" and "status" in item.defaults and "status" not in fields:
                fields["status"] = item.defaults["status"]  # back in the schedule (after --prune)
            # The file decides the fields it gives; the rest (a session, tags,
            # translations added here) stays as it is in the record.
            talk = dataclasses.replace(old, speakers=ids if item.people_given else old.speakers, **fields)
            if talk.to_dict() == old.to_dict():
                summary.talks["unchanged"] += 1
            else:
                changed.append(talk)
                summary.talks["updated"] += 1
        kept[key] = talk
    store.update_talks(changed)
    store.add_talks(new)  # one write for all: ids are given here
    return {k: t.id for k, t in kept.items() if refs.get(k) != t.id}


def _lines(value: object) -> object:
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _namesakes_kept(ids: list[int], people: list[str], old: Talk, everyone: dict[int, Speaker]) -> list[int]:
    """A file that names people by name alone (a sheet, a calendar without
    addresses) cannot tell namesakes apart: a name the matched talk already
    has among its speakers stays that speaker, not the first of that name."""
    if not any(p.startswith("name:") for p in people):
        return ids
    theirs = {normalise(everyone[i].name): i for i in old.speakers if i in everyone}
    return [theirs.get(normalise(everyone[i].name), i) if p.startswith("name:") and i in everyone else i
            for i, p in zip(ids, people, strict=True)]


def _match(store: Store, key: str, refs: dict[str, int], talk: Talk, by_guid: dict[str, Talk],
           computed: dict[str, Talk], by_title: dict[tuple[str, Any], list[Talk]],
           by_people: dict[tuple[str, tuple[str, ...]], list[Talk]], everyone: dict[int, Speaker],
           claimed: set[int], by_title_alone: dict[str, list[Talk]] | None = None) -> Talk | None:
    if key in refs:
        try:
            old = store.talk(refs[key])
            if old.event == talk.event and old.id not in claimed:
                return old
        except ConfrecError:
            pass  # the talk was removed since: import it again
    candidates: list[Talk | None] = []
    if talk.guid:
        candidates.append(by_guid.get(talk.guid.lower()))
        own = computed.get(talk.guid.lower())
        if own is not None and (normalise(own.title) == normalise(talk.title) or own.start == talk.start):
            candidates.append(own)
    # the same title at the same time: in the same room first (a talk given in
    # two rooms at once, as a translated second channel is, is two talks)
    same_time: list[Talk] = by_title.get((normalise(talk.title), talk.start), [])
    def elsewhere(t: Talk) -> bool:
        return t.room != talk.room

    same_room_first: list[Talk] = sorted(same_time, key=elsewhere)
    candidates.extend(same_room_first)
    same = by_people.get(_people_key(talk.title, talk.speakers, everyone), [])
    candidates.append(same[0] if len(same) == 1 else None)
    if by_title_alone is not None:
        named = by_title_alone.get(normalise(talk.title), [])
        candidates.append(named[0] if len(named) == 1 else None)
    for candidate in candidates:
        if candidate is not None and candidate.id not in claimed:
            return candidate
    return None


def _gone(store: Store, incoming: Incoming, event: Event, refs: dict[str, int], prune: bool,
          summary: Summary) -> None:
    """Talks an earlier version of this file brought that this one no longer has."""
    prefix = f"talk:{event.slug}|{incoming.scope}:"
    seen = {f"talk:{event.slug}|{t.ref}" for t in incoming.talks}
    ids = {tid for k, tid in refs.items() if k.startswith(prefix) and k not in seen}
    ids -= {tid for k, tid in refs.items() if k in seen}
    gone = []
    for tid in sorted(ids):
        try:
            t = store.talk(tid)
        except ConfrecError:
            continue  # removed from the record since
        if t.event == event.slug and t.status not in NOT_TAKING_PLACE:
            gone.append(t)
    summary.talks["gone"] = len(gone)
    summary.gone = [{"id": t.id, "title": t.title} for t in gone]
    if prune and gone:
        store.update_talks([dataclasses.replace(t, status="withdrawn") for t in gone])
        summary.talks["withdrawn"] = len(gone)
