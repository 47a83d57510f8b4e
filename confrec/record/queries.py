"""Filtering and ordering of talks, as ``talk list`` and the reports need them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from confrec.names import split_name
from confrec.record.models import Speaker, Talk
from confrec.textutil import normalise, search_finds, search_keys

SORT_KEYS = ("start", "title", "speaker")


def namesakes(speaker: Speaker, speakers: list[Speaker]) -> list[Speaker]:
    """The other speakers with the same name, as search folds it (case and
    accents: 'Ana Müller' and 'ANA MULLER'): the check's duplicate-speaker."""
    key = normalise(speaker.name)
    return [s for s in speakers if s.id != speaker.id and normalise(s.name) == key]


def talks_per_speaker(talks: list[Talk]) -> dict[int, int]:
    """Speaker id -> how many of these talks name them."""
    return dict(Counter(s for t in talks for s in t.speakers))


def talks_per_session(talks: list[Talk]) -> dict[int, int]:
    """Session id -> how many of these talks are in it."""
    return dict(Counter(t.session for t in talks if t.session is not None))


def family_order(speaker: Speaker) -> tuple[tuple[str, str], int]:
    """Where a speaker goes in a list of people: by family name, then given
    names, in Latin letters whatever the script (as an index of authors), ties by id."""
    return split_name(speaker.name).sort_key(), speaker.id


def by_name(speakers: list[Speaker]) -> list[Speaker]:
    """Speakers in index order: Berg, Kukeeva (Кукеева), Müller, Núñez."""
    return sorted(speakers, key=family_order)


def filter_speakers(speakers: list[Speaker], *, search: str | None = None, country: str | None = None) -> list[Speaker]:
    """The speakers whose name, title, position, affiliation or country hold
    what was typed (in any script, as talk search reads it), and those of
    one country however it is written ('Казахстан' for 'Kazakhstan')."""
    out = speakers
    if country is not None:
        from confrec.countries import country_key

        wanted = country_key(country)
        out = [s for s in out if s.country and country_key(s.country) == wanted]
    if search:
        needle = search_keys(search)
        out = [s for s in out if search_finds(needle, search_keys(" ".join(
            x for x in (s.name, s.title, s.position, s.affiliation, s.country) if x)))]
    return out


@dataclass
class TalkFilter:
    event: str | None = None
    speaker: int | None = None
    track: str | None = None
    status: str | None = None
    type: str | None = None
    search: str | None = None


def filter_talks(talks: list[Talk], speakers: dict[int, Speaker], f: TalkFilter) -> list[Talk]:
    out = talks
    if f.event is not None:
        out = [t for t in out if t.event == f.event]
    if f.speaker is not None:
        out = [t for t in out if f.speaker in t.speakers]
    if f.track is not None:
        track = normalise(f.track)
        out = [t for t in out if t.track is not None and normalise(t.track) == track]
    if f.status is not None:
        out = [t for t in out if t.status == f.status]
    if f.type is not None:
        out = [t for t in out if t.type == f.type]
    if f.search:
        needle = search_keys(f.search)
        out = [t for t in out if search_finds(needle, _haystack(t, speakers))]
    return out


def _haystack(talk: Talk, speakers: dict[int, Speaker]) -> tuple[str, str]:
    """What --search looks through, in any script and every language the talk
    has: 'Кукеева' finds 'F.T. Kukeeva', a Kazakh title finds its talk."""
    names = [speakers[s].name for s in talk.speakers if s in speakers]
    translated = [text for entry in talk.translations.values() for text in entry.values()]
    return search_keys(" ".join([talk.title, talk.subtitle or "", talk.abstract or "", *names, *translated]))


_NEVER = datetime.max


def sort_talks(talks: list[Talk], speakers: dict[int, Speaker], key: str = "start") -> list[Talk]:
    """Scheduled talks in start order, unscheduled after; ties broken by id."""
    if key == "title":
        return sorted(talks, key=lambda t: (normalise(t.title), t.id))
    if key == "speaker":
        # by the first speaker's family name, as speaker lists go
        names: dict[int, tuple[tuple[str, str], int]] = {}

        def first_speaker(t: Talk) -> tuple[int, tuple[tuple[str, str], int]]:
            for s in t.speakers:
                if s in speakers:
                    if s not in names:
                        names[s] = family_order(speakers[s])
                    return 0, names[s]
            return 1, (("", ""), 0)  # talks without speakers last
        return sorted(talks, key=lambda t: (first_speaker(t), t.start or _NEVER, t.id))
    return sorted(talks, key=lambda t: (t.start or _NEVER, t.room or "", t.id))
