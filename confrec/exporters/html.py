"""html: the book of abstracts as one self-contained page (inline CSS, nothing
fetched) that also prints as a book: A4 pages, a title page, contents, the
program by day and session, abstracts flowing several to a page, an index
of authors, page numbers in the margins. Jinja2 with autoescaping on: all
user text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from confrec import __version__
from confrec.bundle import EventBundle
from confrec.exporters import Options
from confrec.exporters.book import book, plain
from confrec.textutil import for_terminal

if TYPE_CHECKING:
    from jinja2 import BytecodeCache, Environment
    from jinja2.bccache import Bucket
    from markupsafe import Markup


def _http_only(url: str | None) -> str:
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else "#"


def css_string(text: str) -> str:
    """Text for inside a CSS string: every character but letters, digits and
    spaces as a hex escape, so nothing can end the string or the style."""
    return "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in for_terminal(text))


def escaped(text: str) -> str:
    """User text for HTML, escaped as the template's autoescape (markupsafe)
    escapes it: the same five characters, the same entities."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


# The program's rows and the abstracts are the book's repeated pieces, one of
# each a talk. They are written here rather than in the template: at 10,000
# talks the template spent 0.3 s on them, a call to make a Markup for each of
# 140,000 values and a yield for each literal between them.

def program_table(items: list[dict[str, Any]]) -> Markup:
    """A table of the program: a row an item, with its time, room, the title
    (a link to its abstract, for a talk) and the speakers."""
    from markupsafe import Markup

    rows = ['<table class="program"><tbody>\n']
    for item in items:
        title = escaped(item["title"])
        if item["id"] is not None:  # (a coffee break has no number and no abstract)
            n = int(item["id"])
            title = f'<a href="#talk-{n}"><b>{n}.</b> {title}</a>'
        if item["speakers"]:
            title += f'<br><span class="speakers">{escaped(item["speakers"])}</span>'
        rows.append(f'    <tr>\n      <td class="time">{escaped(item["time"])}</td>\n'
                    f'      <td class="room">{escaped(item["room"])}</td>\n      <td>{title}</td>\n    </tr>\n')
    rows.append("  </tbody></table>")
    return Markup("".join(rows))


def abstracts(items: list[dict[str, Any]], no_abstract: str) -> Markup:
    """One day's abstracts, each an article with its number and title, the
    authors with their standing, when and where, and the paragraphs."""
    from markupsafe import Markup

    none = f'<p class="empty">{escaped(no_abstract)}</p>'
    articles = []
    for a in items:
        n = int(a["id"])
        parts = [f'  <article class="talk" id="talk-{n}">\n    <h4>{n}. {escaped(a["title"])}</h4>\n    ']
        if a["subtitle"]:
            parts.append(f'<p><i>{escaped(a["subtitle"])}</i></p>')
        for au in a["authors"]:
            details = f' — <span class="details">{escaped(au["details"])}</span>' if au["details"] else ""
            parts.append(f'<p class="authors"><b>{escaped(au["name"])}</b>{details}</p>')
        if a["said"]:
            parts.append(f'<p class="when">{escaped(a["said"])}</p>')
        parts.append('\n    <div class="abstract">\n      ')
        parts.append("".join(f"<p>{escaped(p)}</p>" for p in a["paragraphs"]) or none)
        parts.append("\n    </div>\n  </article>\n")
        articles.append("".join(parts))
    return Markup("".join(articles))


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
    env.globals.update(program_table=program_table, abstracts=abstracts)
    # No finalize: every value the template prints comes from book(), whose
    # plain() has taken the control characters out of every string (HTML
    # may not hold them), and the one None it holds (a break's number) is
    # only ever tested, never printed. A finalize would run 200,000 times
    # for a 10,000-talk book: a third of the template's time.
    return env


def render(bundle: EventBundle, options: Options) -> str:
    return "".join(pieces(bundle, options))


def pieces(bundle: EventBundle, options: Options) -> Iterator[str]:
    """The page in pieces of 64 KB or more: the template's fragments, gathered."""
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
    batch: list[str] = []
    size = 0
    for fragment in fragments:
        batch.append(fragment)
        size += len(fragment)
        if size >= _PIECE:
            yield "".join(batch)
            batch, size = [], 0
    if batch:
        yield "".join(batch)


_PIECE = 1 << 16  # characters: a day's abstracts (2.6 MB at 10,000 talks) is one fragment, and one piece
