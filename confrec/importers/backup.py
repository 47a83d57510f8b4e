"""confrec's own json export, read back without loss."""

from __future__ import annotations

import json

from confrec.exporters.backup import FORMAT_NAME, FORMAT_VERSION
from confrec.importers import ImportFailed, Incoming, IncomingTalk


def parse(text: str) -> Incoming:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ImportFailed(f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ImportFailed(f"not a confrec export (no \"format\": \"{FORMAT_NAME}\")")
    version = doc.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ImportFailed(f"export format version {version!r} is newer than this confrec reads ({FORMAT_VERSION})")
    event = doc.get("event")
    if not isinstance(event, dict):
        raise ImportFailed("the export has no event")
    event = {k: v for k, v in event.items() if k != "id"}
    incoming = Incoming(event=event, scope=f"confrec:{event.get('slug')}")
    for s in doc.get("speakers") or []:
        if not isinstance(s, dict) or "id" not in s:
            raise ImportFailed("a speaker in the export has no id")
        incoming.people[f"id:{s['id']}"] = {k: v for k, v in s.items() if k != "id"}
    for t in doc.get("talks") or []:
        if not isinstance(t, dict):
            raise ImportFailed("a talk in the export is not an object")
        where = f"talk id={t.get('id', '?')} {t.get('title')!r}"
        keys = [f"id:{sid}" for sid in t.get("speakers") or []]
        missing = [k for k in keys if k not in incoming.people]
        if missing:
            raise ImportFailed(f"{where}: names speaker {missing[0][3:]}, who is not in the export")
        fields = {k: v for k, v in t.items() if k not in ("id", "event", "speakers")}
        incoming.talks.append(IncomingTalk(ref=f"confrec:{event.get('slug')}:{t.get('id')}",
                                           where=where, fields=fields, people=keys))
    return incoming
