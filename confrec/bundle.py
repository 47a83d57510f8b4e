"""One event with its talks, sessions and speakers: what every report and export reads."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from confrec.record.models import Event, Session, Speaker, Talk
from confrec.record.queries import family_order, sort_talks
from confrec.record.timeline import zone

if TYPE_CHECKING:
    from confrec.record.store import Store


@dataclass
class EventBundle:
    event: Event
    talks: list[Talk]  # scheduled in start order, then unscheduled
    speakers: dict[int, Speaker]  # every speaker named on these talks or chairing a session
    sessions: list[Session] = field(default_factory=list)  # in start order
    lang: str | None = None  # the language it is shown in, where translations exist

    def in_language(self, lang: str | None) -> EventBundle:
        """The same event shown in ``lang``: translated fields where they exist, the rest as they are."""
        if not lang:
            return self
        from confrec.languages import parse_language
        from confrec.translations import shown_in

        tag = parse_language(lang)
        return dataclasses.replace(
            self, event=shown_in(self.event, tag), talks=[shown_in(t, tag) for t in self.talks],
            sessions=[shown_in(x, tag) for x in self.sessions], lang=tag)

    @property
    def talks_proper(self) -> list[Talk]:
        """The talks, without the program's breaks, registration and ceremonies."""
        return [t for t in self.talks if not t.is_program_item]

    @functools.cached_property
    def _session_by_id(self) -> dict[int, Session]:
        return {x.id: x for x in self.sessions}

    def session_of(self, talk: Talk) -> Session | None:
        # (a dict, built once: a scan of the sessions per talk was quadratic in an import of thousands)
        return self._session_by_id.get(talk.session) if talk.session else None

    def by_session(self, talks: list[Talk]) -> list[tuple[Session | None, list[Talk]]]:
        """The talks grouped by session, sessions in start order, each in start order;
        talks in no session (or in one that is gone) last, as a group of None."""
        groups: dict[int | None, list[Talk]] = {x.id: [] for x in self.sessions}
        for t in talks:
            groups.setdefault(t.session if t.session in groups else None, []).append(t)
        out: list[tuple[Session | None, list[Talk]]] = [(x, groups[x.id]) for x in self.sessions]
        if groups.get(None):
            out.append((None, groups[None]))
        return out

    def program_blocks(self, talks: list[Talk]) -> list[tuple[Session | None, list[Talk]]]:
        """The program in time order: each session with its talks, and between
        them the items in no session (a coffee break), as blocks of None.
        Talks without a time come last."""
        timed = [t for t in talks if t.start is not None]
        blocks: list[tuple[datetime, int, Session | None, list[Talk]]] = []
        for session, items in self.by_session(timed):
            starts = [t.start for t in items if t.start is not None]  # (all of them: the talks are timed)
            if session is not None:
                first = session.start or min(starts, default=None)
                if first is not None:
                    blocks.append((first, 0, session, items))
            else:
                blocks += [(start, 1, None, [t]) for start, t in zip(starts, items, strict=True)]
        blocks.sort(key=lambda b: (b[0], b[1]))
        out: list[tuple[Session | None, list[Talk]]] = []
        for _, _, session, items in blocks:
            if session is None and out and out[-1][0] is None:
                out[-1][1].extend(items)  # items in no session, one after another: one block
            else:
                out.append((session, list(items)))
        untimed = [t for t in talks if t.start is None]
        if untimed:
            out.append((None, untimed))
        return out

    def chairs_of(self, session: Session) -> list[Speaker]:
        return [self.speakers[s] for s in session.chairs if s in self.speakers]

    @functools.cached_property
    def tz(self) -> tzinfo:
        """The event's zone (looked up once: every talk of an export asks for it)."""
        return zone(self.event.timezone)

    def aware(self, local: datetime) -> datetime:
        """A talk's local time as an aware datetime in the event's timezone."""
        return local.replace(tzinfo=self.tz)

    @property
    def scheduled(self) -> list[Talk]:
        return [t for t in self.talks if t.start is not None]

    @property
    def unscheduled(self) -> list[Talk]:
        return [t for t in self.talks if t.start is None]

    def speakers_of(self, talk: Talk) -> list[Speaker]:
        return [self.speakers[s] for s in talk.speakers if s in self.speakers]

    def speaker_index(self) -> list[tuple[Speaker, list[Talk]]]:
        """Each speaker (by name) with their talks at this event, in program order."""
        theirs: dict[int, list[Talk]] = {sid: [] for sid in self.speakers}
        for t in self.talks:  # one pass: scanning all talks per speaker was quadratic
            for sid in t.speakers:
                if sid in theirs:
                    theirs[sid].append(t)
        out = [(s, theirs[sid]) for sid, s in self.speakers.items()]
        return sorted(out, key=lambda pair: family_order(pair[0]))


def load_bundle(store: Store, ref: str | None, lang: str | None = None) -> EventBundle:
    """One event's bundle; with no event named, the only one there is."""
    event = store.event_or_only(ref)
    everyone = {s.id: s for s in store.speakers()}
    talks = sort_talks(store.talks(event=event.slug), everyone)
    sessions = store.sessions(event=event.slug)
    named = {sid for t in talks for sid in t.speakers} | {sid for x in sessions for sid in x.chairs}
    speakers = {sid: everyone[sid] for sid in sorted(named) if sid in everyone}
    return EventBundle(event, talks, speakers, sessions).in_language(lang)
