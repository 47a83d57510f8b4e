"""json: the whole event, lossless. The backup and transfer format that
``confrec import`` reads back; it keeps private fields (e-mails) too."""

from __future__ import annotations

from collections.abc import Iterator

from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.record.jsoncodec import pretty_bytes

FORMAT_NAME = "confrec-event"
# 2: talks keep subtitle, description, links, guid, roles and the type as named at the source
# 3: the sessions, with their chairs (a talk's session is one of them)
FORMAT_VERSION = 3


def pieces(bundle: EventBundle, options: Options) -> Iterator[bytes]:
    doc = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "event": bundle.event.to_dict(),
        "speakers": [s.to_dict() for s in bundle.speakers.values()],
        "sessions": [x.to_dict() for x in sorted(bundle.sessions, key=lambda x: x.id)],
        "talks": [t.to_dict() for t in sorted(bundle.talks, key=lambda t: t.id)],
    }
    yield pretty_bytes(doc)
