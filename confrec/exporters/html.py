"""html: the book of abstracts as one self-contained page (inline CSS, nothing
fetched) that also prints as a book: A4 pages, a title page, contents, the
program by day and session, abstracts flowing several to a page, an index
of authors, page numbers in the margins. Jinja2 with autoescaping on: all
user text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from confrec import __version__
from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.book import book, plain
from confrec.textutil import for_terminal

if TYPE_CHECKING:
    from jinja2 import BytecodeCache, Environment
    from jinja2.bccache import Bucket


def _http_only(url: str | None) -> str:
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else "#"


def css_string(text: str) -> str:
    """Text for inside a CSS string: every character but letters, digits and
    spaces as a hex escape, so nothing can end the string or the style."""
    return "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in for_terminal(text))


def _bytecode_cache() -> BytecodeCache | None:
    """The compiled template, kept in the user's cache folder: compiling the
    book's template took 0.1 s of every export. Jinja keys it by the
    template's source, so an upgrade recompiles it. Only a cache: where the
    folder cannot be made or written, the template is compiled each time."""
    import contextlib
    import os

    from jinja2 import FileSystemBytecodeCache
    from platformdirs import user_cache_path

    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            with contextlib.suppress(OSError, EOFError, ValueError):  # (a damaged entry is compiled again)
                super().load_bytecode(bucket)

        def dump_bytecode(self, bucket: Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    folder = user_cache_path("confrec", appauthor=False) / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return QuietCache(os.fspath(folder))


def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("confrec", "templates"),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,  # every {{ }} is HTML-escaped
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["http_only"] = _http_only
    # No finalize: every value the template prints comes from book(), whose
    # plain() has taken the control characters out of every string (HTML
    # may not hold them), and the one None it holds (a break's number) is
    # only ever tested, never printed. A finalize would run 200,000 times
    # for a 10,000-talk book: a third of the template's time.
    return env


def render(bundle: EventBundle, options: Options) -> str:
    return "".join(pieces(bundle, options))


def pieces(bundle: EventBundle, options: Options) -> Iterator[str]:
    """The page in pieces of a few thousand of the template's fragments each."""
    from itertools import islice

    from markupsafe import Markup

    data = book(bundle, options)
    for entry in data["index"]:
        # the links to an author's talks, made here: numbers need no escaping,
        # and the template spent 60,000 escapes on them in a 10,000-talk book
        entry["links"] = Markup(", ".join(f'<a href="#talk-{int(n)}">{int(n)}</a>' for n in entry["talks"]))
    name = bundle.event.name
    fragments = _environment().get_template("book.html.j2").generate(
        version=__version__,
        book=data,
        ev=data["event"],
        L=data["labels"],
        paper=options.paper,
        one_per_page=options.one_per_page,
        running_head=Markup(css_string(name if len(name) <= 90 else name[:87] + "...")),
        private=options.include_private,
        emails=plain([{"name": s.name, "email": s.email} for s in bundle.speakers.values() if s.email])
        if options.include_private else [],
    )
    while batch := list(islice(fragments, 4096)):
        yield "".join(batch)
