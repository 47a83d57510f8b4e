"""The guids by which schedule apps know talks and people.

Apps (Giggity, EventFahrplan) keep their users' favourites by guid, so an
exported schedule must give a talk the same guid every time, and the guid it
had in the schedule it was imported from. A talk scheduled in several slots
is several talks sharing the source guid: the first (by id) keeps it, the
others get one derived from it, since the XSD wants each guid once.

The importer uses the same functions to recognise confrec's own exports.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from confrec.record.models import Event, Speaker, Talk

# Our own namespace for name-based UUIDs: the same slug and id give the same guid.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://confrec.invalid/schedule")
_UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def guid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def as_uuid(source: str) -> str:
    """A source guid as a UUID: kept when it is one, else derived from it."""
    return source.lower() if _UUID.fullmatch(source) else guid("source", source)


def talk_guids(slug: str, talks: Iterable[Talk]) -> dict[int, str]:
    """Talk id -> the guid its event's schedule gives it."""
    out: dict[int, str] = {}
    slots: dict[str, int] = {}
    for t in sorted(talks, key=lambda t: t.id or 0):
        if t.guid:
            base = as_uuid(t.guid)
            slots[base] = slots.get(base, 0) + 1
            out[t.id] = base if slots[base] == 1 else guid(base, "slot", slots[base])
        else:
            out[t.id] = guid(slug, "talk", t.id)
    return out


def speaker_guid(slug: str, speaker: Speaker) -> str:
    return as_uuid(speaker.guid) if speaker.guid else guid(slug, "speaker", speaker.id)


def talk_url(event: Event, talk: Talk) -> str | None:
    """The talk's own page, else the event's page with an anchor; no url is better than a made-up one."""
    if talk.url:
        return talk.url
    if event.url:
        return f"{event.url.split('#')[0]}#talk-{talk.id}"
    return None
