"""Counts for the statistics section of a report and for ``confrec stats``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from confrec.bundle import EventBundle
from confrec.countries import by_country

NONE = "(none)"


def ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def event_stats(bundle: EventBundle) -> dict[str, Any]:
    talks = bundle.talks_proper  # breaks, registration and ceremonies are not talks
    named = {sid for t in talks for sid in t.speakers}
    speakers = [s for sid, s in bundle.speakers.items() if sid in named]
    return {
        "event": bundle.event.slug,
        "talks": len(talks),
        "scheduled": sum(t.start is not None for t in talks),
        "program_items": len(bundle.talks) - len(talks),
        "sessions": len(bundle.sessions),
        "speakers": len(speakers),
        "talks_by_status": ranked(Counter(t.status for t in talks)),
        "talks_by_type": ranked(Counter(t.type for t in talks)),
        "talks_by_track": ranked(Counter(t.track or NONE for t in talks)),
        "talks_by_language": ranked(Counter(t.language or NONE for t in talks)),
        "speakers_by_country": ranked(by_country(s.country or NONE for s in speakers)),
        "speakers_by_affiliation": ranked(Counter(s.affiliation or NONE for s in speakers)),
    }


def stats_json(stats: dict[str, Any]) -> dict[str, Any]:
    """The JSON form: each ranking as an object, largest first."""
    return {k: (dict(v) if isinstance(v, list) and all(isinstance(x, tuple) for x in v) else v)
            for k, v in stats.items()}
