"""Small helpers shared by the exporters."""

from __future__ import annotations

from confrec.bundle import EventBundle
from confrec.record.models import NOT_PUBLISHED, Session, Speaker, Talk
from confrec.record.timeline import span_text

# Talks that will not happen stay out of published programs (they remain in
# the csv working list and the json backup).


def published(bundle: EventBundle) -> list[Talk]:
    return [t for t in bundle.talks if t.status not in NOT_PUBLISHED]


def speaker_line(s: Speaker) -> str:
    """'Professor F.T. Kukeeva (Dean, Al-Farabi KazNU, Kazakhstan)'"""
    return s.display_name + (f" ({s.standing})" if s.standing else "")


def session_when(session: Session) -> str:
    """'2016-10-21 10:00–12:00'."""
    return span_text(session.start, session.end)
