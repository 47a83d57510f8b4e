"""csl-json: the talks as CSL JSON items (type paper-conference), which Zotero,
pandoc and every citeproc read: authors as family/given, the event as
event-title and event-place, the date as issued, the host as publisher."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.bibtex import citation_key
from confrec.exporters.common import published
from confrec.names import split_name
from confrec.record.jsoncodec import pretty_bytes


def pieces(bundle: EventBundle, options: Options) -> Iterator[bytes]:
    e = bundle.event
    items: list[dict[str, Any]] = []
    for t in published(bundle):
        if t.is_program_item:
            continue
        people = bundle.speakers_of(t)
        day = t.start.date() if t.start else e.start
        item: dict[str, Any] = {
            "id": citation_key(bundle, t.id, people[0].name if people else None),
            "type": "paper-conference",
            "title": t.title + (f": {t.subtitle}" if t.subtitle else ""),
            "author": [{"family": n.family, "given": n.given} if n.given else {"literal": n.family}
                       for n in (split_name(s.name) for s in people)],
            "event-title": e.name,
            "container-title": e.name,  # the conference's book of abstracts
            "event-place": ", ".join(x for x in (e.city, e.country) if x),
            "issued": {"date-parts": [[day.year, day.month, day.day]]},
        }
        extra = {"publisher": e.host, "abstract": t.abstract, "language": t.language, "URL": t.url,
                 "number": str(t.id)}
        item.update({k: v for k, v in extra.items() if v})
        items.append(item)
    yield pretty_bytes(items)
