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
    room = talk.room if talk.room is not None else session.room
    start = talk.start
    if start is None:
        ends = [end for t in others if t.id != talk.id and (end := local_end(t, tz)) is not None]
        start = max(ends, default=session.start)
    if (room, start) == (talk.room, talk.start):
        return talk
    return dataclasses.replace(talk, room=room, start=start)
