"""The faculty's yearly report: every event of a year, its talks and speakers,
the speakers from abroad (a country other than the event's), and totals.
A speaker is counted once per event and once in the year's totals."""

from __future__ import annotations

from collections import Counter
from typing import Any

from confrec.bundle import load_bundle
from confrec.countries import by_country, same_country
from confrec.record.models import Speaker
from confrec.views.stats import NONE, ranked


def _foreign(speaker: Speaker, country: str | None) -> bool:
    """From abroad: a country other than the event's, however either is written ('Казахстан', 'Kazakhstan')."""
    return bool(speaker.country and country and not same_country(speaker.country, country))


def year_stats(store: Any, year: int) -> dict[str, Any]:
    """The year in numbers; the events are those that start or end in it."""
    events = [e for e in store.events() if e.start.year == year or (e.end or e.start).year == year]
    rows: list[dict[str, Any]] = []
    everyone: dict[int, Any] = {}
    foreign: dict[int, Any] = {}
    languages: Counter[str] = Counter()
    for e in events:
        bundle = load_bundle(store, e.slug)
        talks = bundle.talks_proper
        named = {sid for t in talks for sid in t.speakers}
        speakers = [bundle.speakers[sid] for sid in sorted(named) if sid in bundle.speakers]
        abroad = [s for s in speakers if _foreign(s, e.country)]
        rows.append({
            "event": e.slug, "name": e.name, "start": e.start.isoformat(), "end": (e.end or e.start).isoformat(),
            "country": e.country, "host": e.host, "talks": len(talks), "speakers": len(speakers),
            "foreign_speakers": len(abroad),
            "foreign_countries": sorted(by_country(s.country for s in abroad if s.country)),
        })
        everyone.update({s.id: s for s in speakers})
        foreign.update({s.id: s for s in abroad})
        languages.update(t.language or NONE for t in talks)
    return {
        "year": year,
        "events": rows,
        "totals": {"events": len(rows), "talks": sum(r["talks"] for r in rows), "speakers": len(everyone),
                   "foreign_speakers": len(foreign)},
        "speakers_by_country": ranked(by_country(s.country or NONE for s in everyone.values())),
        "talks_by_language": ranked(languages),
    }
