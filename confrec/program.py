"""The program's own rules: what a talk in a session takes from it."""

from __future__ import annotations

import dataclasses
from datetime import tzinfo

from confrec.record.models import Session, Talk
from confrec.record.timeline import local_end


def in_session(talk: Talk, session: Session, others: list[Talk], tz: tzinfo) -> Talk:
    """The talk with what it does not say taken from its session: the room,
    and the start (right after the session's last timed talk, or the
    session's own start)."""
    changes: dict[str, object] = {}
    if talk.room is None and session.room is not None:
        changes["room"] = session.room
    if talk.start is None:
        ends = [end for t in others if t.id != talk.id and (end := local_end(t, tz)) is not None]
        start = max(ends, default=session.start)
        if start is not None:
            changes["start"] = start
    return dataclasses.replace(talk, **changes) if changes else talk
