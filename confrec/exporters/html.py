"""html: one self-contained page (inline CSS, nothing fetched) that prints as a
book of abstracts. Jinja2 with autoescaping on: all user text is escaped."""

from __future__ import annotations

import re

from confrec import __version__
from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.common import event_dates, published, session_when, speaker_line, time_range
from confrec.textutil import for_terminal


def _paragraphs(text: str | None) -> list[str]:
    blocks = re.split(r"\n\s*\n", for_terminal(text or "").strip())
    return [" ".join(b.split()) for b in blocks if b.strip()]


def _http_only(url: str | None) -> str:
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else "#"


def _environment():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("confrec", "templates"),
        autoescape=True,  # every {{ }} is HTML-escaped
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["paragraphs"] = _paragraphs
    env.filters["http_only"] = _http_only
    # Control characters are not allowed in HTML text: strip them from every value.
    env.finalize = lambda v: for_terminal(v) if isinstance(v, str) else ("" if v is None else v)
    return env


def render(bundle: EventBundle, options: Options) -> str:
    e = bundle.event
    talks = published(bundle)
    template = _environment().get_template("book.html.j2")
    return template.render(
        version=__version__,
        lang=bundle.lang,
        event=e,
        dates=event_dates(bundle),
        where=", ".join(x for x in (e.host, e.venue, e.city, e.country) if x),
        talks=talks,
        groups=bundle.by_session(talks),
        chairs_of=bundle.chairs_of,
        session_when=session_when,
        numbers={t.id: t.id for t in talks},  # a talk's number is its id, in every output
        index=bundle.speaker_index(),
        speakers_of=bundle.speakers_of,
        speaker_line=speaker_line,
        when=lambda t: time_range(bundle, t),
        private=options.include_private,
    )
