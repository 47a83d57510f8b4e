"""confrec's own json export, read back without loss."""

from __future__ import annotations

from confrec.exporters.backup import FORMAT_NAME, FORMAT_VERSION
from confrec.importers import ImportFailed, Incoming, IncomingSession, IncomingTalk
from confrec.importers.common import Parsed, json_document


def parse(text: str | Parsed) -> Incoming:
    doc = json_document(text)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ImportFailed(f"not a confrec export (no \"format\": \"{FORMAT_NAME}\")")
    version = doc.get("version")
    if type(version) is not int or version < 1:
        raise ImportFailed(f"export format version {version!r} is not one confrec knows")
    if version > FORMAT_VERSION:
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
    for x in doc.get("sessions") or []:
        if not isinstance(x, dict) or "id" not in x:
            raise ImportFailed("a session in the export has no id")
        where = f"session id={x['id']} {x.get('title')!r}"
        chairs = _people(incoming, where, x.get("chairs"), "chair")
        incoming.sessions.append(IncomingSession(
            key=f"id:{x['id']}", where=where, chairs=chairs,
            fields={k: v for k, v in x.items() if k not in ("id", "event", "chairs")}))
    sessions = {x.key for x in incoming.sessions}
    for t in doc.get("talks") or []:
        if not isinstance(t, dict):
            raise ImportFailed("a talk in the export is not an object")
        where = f"talk id={t.get('id', '?')} {t.get('title')!r}"
        keys = _people(incoming, where, t.get("speakers"), "speaker")
        if t.get("session") is not None and f"id:{t['session']}" not in sessions:
            raise ImportFailed(f"{where}: is in session {t['session']}, which is not in the export")
        fields = {k: v for k, v in t.items() if k not in ("id", "event", "speakers", "roles")}
        roles = t.get("roles") or {}
        if not isinstance(roles, dict):
            raise ImportFailed(f"{where}: roles is not an object")
        incoming.talks.append(IncomingTalk(ref=f"confrec:{event.get('slug')}:{t.get('id')}",
                                           where=where, fields=fields, people=keys,
                                           roles={f"id:{sid}": role for sid, role in roles.items()}))
    return incoming


def _people(incoming: Incoming, where: str, ids: object, role: str) -> list[str]:
    """The person keys of a list of the export's speaker ids, each in the export."""
    if ids is not None and not isinstance(ids, list):
        raise ImportFailed(f"{where}: {role}s is not a list")
    keys = [f"id:{sid}" for sid in ids or []]
    missing = [k for k in keys if k not in incoming.people]
    if missing:
        raise ImportFailed(f"{where}: names {role} {missing[0][3:]}, who is not in the export")
    return keys
