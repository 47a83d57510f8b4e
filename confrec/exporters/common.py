"""Small helpers shared by the exporters."""

from __future__ import annotations

from confrec.bundle import EventBundle
from confrec.models import Speaker, Talk
from confrec.timeline import local_end

# Talks that will not happen stay out of published programs (they remain in
# the csv working list and the json backup).
NOT_PUBLISHED = {"rejected", "withdrawn"}


def published(bundle: EventBundle) -> list[Talk]:
    return [t for t in bundle.talks if t.status not in NOT_PUBLISHED]


def speaker_line(s: Speaker) -> str:
    """'Prof. F.T. Kukeeva (Al-Farabi KazNU, Kazakhstan)'"""
    where = ", ".join(x for x in (s.affiliation, s.country) if x)
    return s.display_name + (f" ({where})" if where else "")


def event_dates(bundle: EventBundle) -> str:
    e = bundle.event
    if e.end and e.end != e.start:
        return f"{e.start.isoformat()} – {e.end.isoformat()}"
    return e.start.isoformat()


def time_range(bundle: EventBundle, talk: Talk) -> str:
    if talk.start is None:
        return ""
    end = local_end(talk, bundle.tz)
    return talk.start.strftime("%Y-%m-%d %H:%M") + (end.strftime("–%H:%M") if end else "")
