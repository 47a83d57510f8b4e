"""Lint the record: conflicts in the program and gaps in the data.

Pure functions over records. Overlap is half-open: a talk ending at 10:30 and
one starting at 10:30 do not conflict. Talks that will not take place
(rejected, withdrawn, cancelled) hold no slot.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from confrec.errors import Conflict
from confrec.names import initials_key, person_key
from confrec.record.models import EXPECTED_ON_PROGRAM, NOT_TAKING_PLACE, Event, Session, Speaker, Talk
from confrec.record.timeline import MOMENT, event_bounds, skipped_to, span, to_utc, zone
from confrec.textutil import normalise

SEVERITIES = ("error", "warning")


@dataclass
class Finding:
    severity: str
    code: str
    message: str
    talks: list[int] = field(default_factory=list)
    speakers: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _t(talk: Talk) -> str:
    return f"talk {talk.id} {talk.title!r}"


def _hm(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime(MOMENT)


class Timetable:
    """Active scheduled talks with their UTC spans, and the zones to show them in."""

    def __init__(self, events: list[Event], talks: list[Talk]) -> None:
        self.events = {e.slug: e for e in events}
        self.zones = {e.slug: zone(e.timezone) for e in events}
        self.spans: dict[int, tuple[datetime, datetime]] = {}
        self.talks = {t.id: t for t in talks}
        for t in talks:
            if t.status in NOT_TAKING_PLACE or t.event not in self.zones:
                continue
            s = span(t, self.zones[t.event])
            if s:
                self.spans[t.id] = s

    def tz(self, talk: Talk) -> tzinfo:
        return self.zones[talk.event]

    def overlaps(self, ids: list[int]) -> list[tuple[int, int]]:
        """Pairs among ``ids`` whose spans overlap (sweep over start order)."""
        ordered = sorted((i for i in ids if i in self.spans), key=lambda i: self.spans[i])
        pairs = []
        active: list[int] = []
        for i in ordered:
            start = self.spans[i][0]
            active = [a for a in active if self.spans[a][1] > start]
            pairs += [(a, i) for a in active]
            active.append(i)
        return pairs


def _speaker_overlaps(tt: Timetable, speakers: dict[int, Speaker]) -> list[Finding]:
    by_speaker: dict[int, list[int]] = defaultdict(list)
    for tid in tt.spans:
        for sid in tt.talks[tid].speakers:
            by_speaker[sid].append(tid)
    out = []
    for sid, ids in sorted(by_speaker.items()):
        for a, b in tt.overlaps(ids):
            ta, tb = tt.talks[a], tt.talks[b]
            name = speakers[sid].name if sid in speakers else f"#{sid}"
            out.append(Finding(
                "error", "speaker-double-booked",
                f"speaker {sid} {name} is in two talks at once: {_t(ta)} at "
                f"{_hm(tt.spans[a][0], tt.tz(ta))} and {_t(tb)} at {_hm(tt.spans[b][0], tt.tz(tb))}; "
                "move one of them",
                talks=[a, b], speakers=[sid],
            ))
    return out


def _room_overlaps(tt: Timetable) -> list[Finding]:
    by_room: dict[tuple[str, str], list[int]] = defaultdict(list)
    for tid in tt.spans:
        t = tt.talks[tid]
        if t.room:
            by_room[(t.event, normalise(t.room))].append(tid)
    out = []
    for (_, _room), ids in sorted(by_room.items()):
        for a, b in tt.overlaps(ids):
            ta, tb = tt.talks[a], tt.talks[b]
            out.append(Finding(
                "error", "room-double-booked",
                f"room {ta.room!r} holds two talks at once: {_t(ta)} at {_hm(tt.spans[a][0], tt.tz(ta))} "
                f"and {_t(tb)} at {_hm(tt.spans[b][0], tt.tz(tb))}; move one to another room or time",
                talks=[a, b],
            ))
    return out


def _outside_event(tt: Timetable, ids: list[int]) -> list[Finding]:
    out = []
    for tid in ids:
        t = tt.talks[tid]
        e = tt.events[t.event]
        first, last = event_bounds(e, tt.tz(t))
        start, end = tt.spans[tid]
        if start < first or end > last:
            days = e.start.isoformat() + (f" to {e.end.isoformat()}" if e.end and e.end != e.start else "")
            out.append(Finding(
                "error", "outside-event-days",
                f"{_t(t)} runs {_hm(start, tt.tz(t))} to {_hm(end, tt.tz(t))}, outside the event's days "
                f"({days}); change its start or the event's dates",
                talks=[tid],
            ))
    return out


def merge_findings(conflicts: list[dict[str, Any]]) -> list[Finding]:
    """The conflicts a merge left in the record, as errors until settled."""
    from confrec.record.merge import MergeConflict

    out = []
    for note in conflicts:
        c = MergeConflict.from_stored(note)
        out.append(Finding("error", "merge-conflict", c.settle_message(),
                           talks=[c.id] if c.table == "talks" and isinstance(c.id, int) else [],
                           speakers=[c.id] if c.table == "speakers" and isinstance(c.id, int) else []))
    return out


def check(
    events: list[Event], speakers: list[Speaker], talks: list[Talk], *, event: str | None = None,
    sessions: list[Session] | None = None,
) -> list[Finding]:
    """Every finding for the whole record, or for one event's talks."""
    by_id = {s.id: s for s in speakers}
    tt = Timetable(events, talks)
    mine = [t for t in talks if event is None or t.event == event]
    mine_ids = {t.id for t in mine}
    findings: list[Finding] = []

    # errors
    findings += [f for f in _speaker_overlaps(tt, by_id) if mine_ids & set(f.talks)]
    findings += [f for f in _room_overlaps(tt) if mine_ids & set(f.talks)]
    findings += _outside_event(tt, [t.id for t in mine if t.id in tt.spans])
    for t in mine:
        missing = [s for s in t.speakers if s not in by_id]
        if missing:
            findings.append(Finding(
                "error", "missing-speaker",
                f"{_t(t)} names speaker id(s) {', '.join(map(str, missing))} that no longer exist; "
                "edit its --speaker list",
                talks=[t.id], speakers=missing,
            ))
        if t.event not in tt.events:
            findings.append(Finding(
                "error", "missing-event",
                f"{_t(t)} belongs to event {t.event!r}, which no longer exists; move it with --event",
                talks=[t.id],
            ))
        elif t.start is not None and (read := skipped_to(t.start, tt.tz(t))) is not None:
            # (refused when typed or imported; a hand-edited or older record may hold one)
            findings.append(Finding(
                "error", "no-such-time",
                f"{_t(t)} starts at {t.start.strftime(MOMENT)}, which the clocks skip in "
                f"{tt.events[t.event].timezone} (it runs as {read.strftime(MOMENT)}); change its start",
                talks=[t.id],
            ))

    # warnings
    for t in mine:
        if t.status in EXPECTED_ON_PROGRAM and (t.start is None or t.room is None):
            lacking = " and ".join(x for x, v in (("time", t.start), ("room", t.room)) if v is None)
            findings.append(Finding(
                "warning", "unscheduled",
                f"{_t(t)} is {t.status} but has no {lacking}; give it --start/--duration/--room",
                talks=[t.id],
            ))
        if t.start is not None and t.duration is None and t.status not in NOT_TAKING_PLACE:
            findings.append(Finding(
                "warning", "no-duration",
                f"{_t(t)} has a start but no duration, so its conflicts cannot be checked; give --duration",
                talks=[t.id],
            ))
        if t.is_program_item:
            continue  # a break needs no abstract or speaker
        if not t.abstract and t.status not in NOT_TAKING_PLACE:
            findings.append(Finding("warning", "no-abstract",
                                    f"{_t(t)} has no abstract; add one with --abstract or --abstract-file",
                                    talks=[t.id]))
        if not t.speakers and t.status not in NOT_TAKING_PLACE:
            findings.append(Finding("warning", "no-speaker",
                                    f"{_t(t)} has no speaker; add one with --speaker", talks=[t.id]))

    # (one pass over the talks: asking each speaker's talks in turn was speakers x talks)
    named_here = {sid for t in mine for sid in t.speakers}
    relevant = by_id if event is None else {sid: s for sid, s in by_id.items() if sid in named_here}
    findings += _one_person_twice(list(relevant.values()))
    if event is None:
        # a chair who gives no talk is on the program all the same
        used = {sid for t in talks for sid in t.speakers} | {sid for x in sessions or [] for sid in x.chairs}
        for s in speakers:
            if s.id not in used:
                findings.append(Finding(
                    "warning", "speaker-without-talks",
                    f"speaker {s.id} {s.name} has no talks; add one or remove the speaker",
                    speakers=[s.id],
                ))
    findings += _session_findings(tt, by_id, [x for x in sessions or [] if event is None or x.event == event],
                                  mine)
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.code, f.talks, f.speakers))


def _one_person_twice(speakers: list[Speaker]) -> list[Finding]:
    """Speakers with one name, as typed (case and accents aside): duplicate-speaker;
    those whose family and given names agree in Latin letters, titles aside
    ('Кукеева Ф. Т.', 'F.T. Kukeeva'): same-person; and those of one family
    name, some with initials only and some with given names those initials
    fit ('Ф.Т. Кукеева', 'Фарида Тураровна Кукеева'): same-initials
    ('Farida Kukeeva' and 'Fatima Kukeeva', with no initials among them, are
    two people)."""
    def initials_only(s: Speaker) -> bool:
        key = initials_key(s.name)
        return key is not None and key[1]

    kinds: list[tuple[str, Callable[[Speaker], Any], str, Callable[[list[Speaker]], bool]]] = [
        ("duplicate-speaker", lambda s: normalise(s.name), "have the same name: if they are one person,",
         lambda same: True),
        # (a same-person group of one name typed twice is a duplicate-speaker, said already)
        ("same-person", lambda s: person_key(s.name), "may be one person (the same family and given names, in "
                                                      "another script, order or with a title): if so,",
         lambda same: len({normalise(s.name) for s in same}) > 1),
        ("same-initials", lambda s: (initials_key(s.name) or (None,))[0], "may be one person (one family name, "
                                                                          "and initials that fit the given names): "
                                                                          "if so,",
         lambda same: any(map(initials_only, same)) and not all(map(initials_only, same))),
    ]
    out = []
    for code, key, says, told in kinds:
        groups: dict[Any, list[Speaker]] = defaultdict(list)
        for s in speakers:
            groups[key(s)].append(s)
        groups.pop(None, None)  # (a name with no given names has no initials to fit)
        for same in groups.values():
            if len(same) > 1 and told(same):
                listed = ", ".join(f"{s.id} {s.name}" for s in same)
                out.append(Finding("warning", code, f"speakers {listed} {says} {_merge(same)}",
                                   speakers=[s.id for s in same]))
    return out


def _merge(speakers: list[Speaker]) -> str:
    return f"merge them with 'confrec speaker merge {' '.join(str(s.id) for s in speakers)}'"


def _s(session: Session) -> str:
    return f"session {session.id} {session.title!r}"


def _session_findings(tt: Timetable, speakers: dict[int, Speaker], sessions: list[Session],
                      talks: list[Talk]) -> list[Finding]:
    """A talk outside its session's time or room, a chair speaking elsewhere at
    the time of their session, an empty session, references that are gone."""
    out: list[Finding] = []
    by_id = {x.id: x for x in sessions}
    inside: dict[int, list[Talk]] = {x.id: [] for x in sessions}
    for t in talks:
        if t.session is None:
            continue
        x = by_id.get(t.session)
        if x is None:
            out.append(Finding("error", "missing-session",
                               f"{_t(t)} is in session {t.session}, which no longer exists; "
                               "give it another with --session, or --session ''", talks=[t.id]))
            continue
        inside[x.id].append(t)
        if x.room and t.room and normalise(x.room) != normalise(t.room):
            out.append(Finding("error", "outside-session",
                               f"{_t(t)} is in room {t.room!r}, but its {_s(x)} is in {x.room!r}", talks=[t.id]))
        span_of = tt.spans.get(t.id)
        whole = _session_span(x, tt)
        if span_of and whole and (span_of[0] < whole[0] or span_of[1] > whole[1]):
            out.append(Finding("error", "outside-session",
                               f"{_t(t)} runs {_hm(span_of[0], tt.tz(t))} to {_hm(span_of[1], tt.tz(t))}, outside "
                               f"its {_s(x)} ({_hm(whole[0], tt.tz(t))} to {_hm(whole[1], tt.tz(t))})",
                               talks=[t.id]))
    talks_of: dict[int, list[int]] = defaultdict(list)  # speaker -> timed talks (not per session pair)
    if any(x.chairs for x in sessions):
        for tid in tt.spans:
            for sid in tt.talks[tid].speakers:
                talks_of[sid].append(tid)
    for x in sessions:
        missing = [c for c in x.chairs if c not in speakers]
        if missing:
            out.append(Finding("error", "missing-speaker",
                               f"{_s(x)} names chair(s) {', '.join(map(str, missing))} that no longer exist; "
                               "edit its --chair list", speakers=missing))
        if not inside[x.id]:
            out.append(Finding("warning", "empty-session",
                               f"{_s(x)} has no talks; add them with 'talk edit ID --session {x.id}'"))
        whole = _session_span(x, tt)
        if whole is None:
            continue
        for chair in x.chairs:
            for tid in talks_of.get(chair, []):
                t, (a, b) = tt.talks[tid], tt.spans[tid]
                if t.session != x.id and a < whole[1] and b > whole[0]:
                    name = speakers[chair].name if chair in speakers else f"#{chair}"
                    out.append(Finding("error", "chair-double-booked",
                                       f"speaker {chair} {name} chairs {_s(x)} and speaks in {_t(t)} at "
                                       f"{_hm(a, tt.tz(t))}, at the same time; move one of them",
                                       talks=[tid], speakers=[chair]))
    return out


def _session_span(x: Session, tt: Timetable) -> tuple[datetime, datetime] | None:
    if x.start is None or x.end is None or x.event not in tt.zones:
        return None
    tz = tt.zones[x.event]
    return to_utc(x.start, tz), to_utc(x.end, tz)


def slot_conflicts(events: list[Event], speakers: list[Speaker], talks: list[Talk], talk: Talk, *,
                   strict: bool = False) -> list[Finding]:
    """The conflicts one talk (just added or edited) has with the rest of the
    program, to warn about; with ``strict``, a Conflict error instead.

    Only the talks that share a speaker or the room with it are looked at, so
    this stays cheap inside ``talk add`` on a large record.
    """
    found = _slot_conflicts(events, speakers, talks, talk)
    if strict and found:
        more = f" (and {len(found) - 1} more conflict(s))" if len(found) > 1 else ""
        raise Conflict(f"{found[0].message}{more}; nothing saved (--strict)")
    return found


def _slot_conflicts(events: list[Event], speakers: list[Speaker], talks: list[Talk], talk: Talk) -> list[Finding]:
    room = normalise(talk.room) if talk.room else None
    mine = set(talk.speakers)
    related = [
        t for t in talks
        if t.id != talk.id and (mine & set(t.speakers)
                                or (room and t.event == talk.event and t.room and normalise(t.room) == room))
    ]
    tt = Timetable(events, related + [talk])
    if talk.id not in tt.spans:
        return []
    found = _speaker_overlaps(tt, {s.id: s for s in speakers}) + _room_overlaps(tt)
    found += _outside_event(tt, [talk.id])
    return [f for f in found if talk.id in f.talks]
