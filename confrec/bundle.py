"""One event with its talks and speakers: what every report and export reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from confrec.models import Event, Speaker, Talk
from confrec.queries import sort_talks
from confrec.textutil import normalise
from confrec.timeline import zone


@dataclass
class EventBundle:
    event: Event
    talks: list[Talk]  # scheduled in start order, then unscheduled
    speakers: dict[int, Speaker]  # every speaker named on these talks

    @property
    def tz(self) -> tzinfo:
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
        return sorted(out, key=lambda pair: (normalise(pair[0].name), pair[0].id))


def load_bundle(store, ref: str | None) -> EventBundle:  # type: ignore[no-untyped-def]
    """One event's bundle; with no event named, the only one there is."""
    event = store.event_or_only(ref)
    everyone = {s.id: s for s in store.speakers()}
    talks = sort_talks(store.talks(event=event.slug), everyone)
    named = {sid for t in talks for sid in t.speakers}
    speakers = {sid: everyone[sid] for sid in sorted(named) if sid in everyone}
    return EventBundle(event, talks, speakers)
