"""Match what a file brings against the record, then add it all at once.

Speakers are matched, not duplicated: same e-mail, or same normalised name
when the e-mails do not differ. Talks are matched by the external reference
kept from an earlier import (or, failing that, by title and start within the
event), so importing a file twice adds nothing. Everything is validated
before anything is added: one bad row and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from confrec.errors import ConfrecError
from confrec.importers import ImportFailed, Incoming
from confrec.models import Event, Speaker, Talk
from confrec.store import Store
from confrec.textutil import normalise


@dataclass
class Summary:
    events: dict[str, int] = field(default_factory=lambda: {"added": 0, "reused": 0})
    speakers: dict[str, int] = field(default_factory=lambda: {"added": 0, "reused": 0})
    talks: dict[str, int] = field(default_factory=lambda: {"added": 0, "updated": 0, "unchanged": 0, "skipped": 0})
    event: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.event, "events": self.events, "speakers": self.speakers, "talks": self.talks}


def _valid(make: Callable[[], Any], where: str) -> Any:
    try:
        return make()
    except ConfrecError as e:
        raise ImportFailed(f"{where}: {e}") from None
    except TypeError as e:  # a field of the wrong shape in a hand-edited file
        raise ImportFailed(f"{where}: {e}") from None


class _People:
    """Existing and newly added speakers, findable by e-mail and by name."""

    def __init__(self, existing: list[Speaker]) -> None:
        self.by_email: dict[str, Speaker] = {}
        self.by_name: dict[str, list[Speaker]] = {}
        for s in existing:
            self._index(s)

    def _index(self, s: Speaker) -> None:
        if s.email:
            self.by_email.setdefault(s.email.lower(), s)
        self.by_name.setdefault(normalise(s.name), []).append(s)

    def find(self, new: Speaker, exclude: set[int]) -> Speaker | None:
        if new.email:
            s = self.by_email.get(new.email.lower())
            if s is not None and s.id not in exclude:
                return s
        for s in self.by_name.get(normalise(new.name), []):
            if s.id in exclude:
                continue
            if not (s.email and new.email) or s.email.lower() == new.email.lower():
                return s
        return None


def _people_key(title: str, speaker_ids: list[int], everyone: dict[int, Speaker]) -> tuple:
    names = sorted(normalise(everyone[s].name) for s in speaker_ids if s in everyone)
    return (normalise(title), tuple(names))


def merge(
    store: Store, incoming: Incoming, *, target_event: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Add what ``incoming`` brings to the store (in memory; the caller writes)."""
    summary = Summary()
    refs = store.refs()
    event = _event(store, incoming, target_event, summary)
    speakers, speaker_refs = _speakers(store, incoming, refs, summary)
    talk_refs = _talks(store, incoming, event, speakers, refs, summary, progress)
    store.set_refs({**speaker_refs, **talk_refs})
    if progress:
        progress(len(incoming.talks))
    return summary


def _event(store: Store, incoming: Incoming, target: str | None, summary: Summary) -> Event:
    summary.events["reused"] = 1
    if target is not None:
        event = store.event(target)
    elif incoming.event is not None:
        candidate = _valid(lambda: Event(**incoming.event), "the event")  # type: ignore[arg-type]
        existing = [e for e in store.events() if e.slug == candidate.slug]
        if existing:
            event = existing[0]
        else:
            event = store.add_event(candidate)
            summary.events = {"added": 1, "reused": 0}
    else:
        events = store.events()
        if len(events) != 1:
            raise ImportFailed("this file names no event: say which one with --event SLUG"
                               + ("" if events else " (add one first with 'confrec event add')"))
        event = events[0]
    summary.event = event.slug
    return event


def _speakers(
    store: Store, incoming: Incoming, refs: dict[str, int], summary: Summary
) -> tuple[dict[str, Speaker], dict[str, int]]:
    """Each person key of the file -> its speaker, and the mappings to keep.

    Distinct people in the file stay distinct (the source system knows them
    apart); a person is matched to an existing speaker first by the mapping an
    earlier import of this source kept, then by e-mail or name.
    """
    people = _People(store.speakers())
    used = {k for t in incoming.talks for k in t.people}
    resolved: dict[str, Speaker] = {}
    new: list[Speaker] = []
    claimed: set[int] = set()
    ref_of = {key: f"speaker:{incoming.scope}|{key}" for key in incoming.people}
    for key, fields in incoming.people.items():
        if key not in used:
            continue
        speaker = _valid(lambda: Speaker(**fields), f"speaker {fields.get('name')!r}")
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
            claimed.add(match.id)  # type: ignore[arg-type]
        resolved[key] = match
    store.add_speakers(new)  # one write for all: ids are given here
    summary.speakers["added"] = len(new)
    summary.speakers["reused"] = len(claimed)
    keep = {ref_of[k]: s.id for k, s in resolved.items() if refs.get(ref_of[k]) != s.id}
    return resolved, keep  # type: ignore[return-value]


def _talks(
    store: Store, incoming: Incoming, event: Event, speakers: dict[str, Speaker],
    refs: dict[str, int], summary: Summary, progress: Callable[[int], None] | None,
) -> dict[str, int]:
    """Add new talks, update changed ones; return the references to keep."""
    scope = f"talk:{event.slug}|"
    # Without a kept reference, a talk is the same talk if it has the same title
    # and start, or else the same title and speakers (its time may have been
    # edited since the file was written) when only one talk fits that.
    existing = store.talks(event=event.slug)
    everyone = {s.id: s for s in store.speakers()}
    by_title = {(normalise(t.title), t.start): t for t in existing}
    by_people: dict[tuple, list[Talk]] = {}
    for t in existing:
        by_people.setdefault(_people_key(t.title, t.speakers, everyone), []).append(t)
    seen: set[str] = set()
    new: list[Talk] = []
    changed: list[Talk] = []
    kept: dict[str, Talk] = {}
    claimed: set[int] = set()
    for n, item in enumerate(incoming.talks, 1):
        if progress and n % 100 == 0:
            progress(n)
        key = scope + item.ref
        if key in seen:  # the same talk twice in one file (several slots)
            summary.talks["skipped"] += 1
            continue
        seen.add(key)
        talk = _valid(lambda: Talk(event=event.slug, speakers=[speakers[k].id for k in item.people],
                                   **item.fields), item.where)
        old: Talk | None = None
        if key in refs:
            try:
                old = store.talk(refs[key])
            except ConfrecError:
                old = None  # the talk was removed since: import it again
        if old is None:
            old = by_title.get((normalise(talk.title), talk.start))
            if old is None:
                same = by_people.get(_people_key(talk.title, talk.speakers, everyone), [])
                old = same[0] if len(same) == 1 else None
            if old is not None and old.id in claimed:
                old = None  # already the match of another talk in this file
        if old is None:
            new.append(talk)
            summary.talks["added"] += 1
        else:
            claimed.add(old.id)  # type: ignore[arg-type]
            talk.id = old.id
            if talk.to_dict() == old.to_dict():
                summary.talks["unchanged"] += 1
            else:
                changed.append(talk)
                summary.talks["updated"] += 1
        kept[key] = talk
    store.update_talks(changed)
    store.add_talks(new)  # one write for all: ids are given here
    return {k: t.id for k, t in kept.items() if refs.get(k) != t.id}  # type: ignore[misc]
