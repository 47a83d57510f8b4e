"""One module per format, each a pure function from an EventBundle to text.

``export()`` imports only the module of the format asked for, so exporting
CSV does not pay for icalendar or jinja2.
"""

from __future__ import annotations

import importlib
import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from confrec.bundle import EventBundle
from confrec.errors import InvalidValue

# format name -> (module, file extension)
FORMATS = {
    "md": ("markdown", "md"),
    "html": ("html", "html"),
    "json": ("backup", "json"),
    "csv": ("csv_", "csv"),
    "ics": ("ical", "ics"),
    "frab-xml": ("frab", "xml"),
    "frab-json": ("frab", "json"),
    "pdf": ("pdf", "pdf"),
    "bibtex": ("bibtex", "bib"),
    "csl-json": ("csl", "json"),
}
BINARY = {"pdf"}
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class Options:
    generated: datetime  # when the output is said to be made (DTSTAMP, schedule version)
    include_private: bool = False  # e-mails appear only when asked for
    what: str = "talks"  # csv: one row per talk, or per speaker
    paper: str = "a4"  # pdf: a4 or letter
    one_per_page: bool = False  # pdf and html: each abstract on a page of its own


def holds_private(fmt: str, options: Options) -> bool:
    """Whether an export of this format holds e-mails: such a file is written
    private (0600) on disk. The json backup always holds them."""
    return options.include_private or fmt == "json"


def generation_time(db_file: Path | None) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the record's last
    change (the file's mtime): the same record always exports the same bytes."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is not None and raw.strip():
        try:
            return datetime.fromtimestamp(int(raw), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise InvalidValue(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {raw!r}") from None
    try:
        mtime = int(db_file.stat().st_mtime) if db_file else 0
    except OSError:
        mtime = 0
    return datetime.fromtimestamp(mtime, tz=UTC)


# Other extensions a file of a format is named with.
_ALSO = {"htm": "html", "markdown": "md", "ical": "ics", "ifb": "ics"}


def format_for(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output file's extension names
    ('book.pdf': pdf); a .json file is refused, being any of three formats."""
    if fmt is not None:
        return fmt
    if output is None:
        raise InvalidValue("give the format with --format (md, html, pdf, ...), or -o FILE with its extension")
    ext = output.suffix.lower().lstrip(".")
    named = sorted(f for f, (_, e) in FORMATS.items() if e == ext) or ([_ALSO[ext]] if ext in _ALSO else [])
    if len(named) == 1:
        return named[0]
    if named:
        backup = " (the lossless backup)" if "json" in named else ""
        raise InvalidValue(f"{output.name} could be {', '.join(named)}{backup}: say which with --format")
    raise InvalidValue(f"{output.name}: its extension names no format; give --format "
                       f"({', '.join(FORMATS)})")


# Formats whose module writes its text in pieces, and the function that does:
# at 10,000 talks the HTML book's fragments, gathered into one string, took
# 60 MB on top of the 14 MB page; written as they come, they are never all held.
_IN_PIECES = {"html": "pieces", "md": "pieces", "ics": "pieces", "frab-xml": "xml_pieces", "frab-json": "json_pieces",
              "json": "pieces", "csl-json": "pieces"}


def pieces(fmt: str, bundle: EventBundle, options: Options) -> Iterator[str | bytes]:
    """The export as pieces of text (str, or UTF-8 bytes; for pdf, the
    document's bytes), for the caller to write out as they come."""
    if fmt not in FORMATS:
        raise InvalidValue(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"confrec.exporters.{FORMATS[fmt][0]}")
    # (each exporter module is loaded by name, so only what is asked for is imported)
    if fmt in _IN_PIECES:
        write: Callable[[EventBundle, Options], Iterator[str | bytes]] = getattr(module, _IN_PIECES[fmt])
        made = write(bundle, options)
        # The first piece now: it is made after the data the rest is written
        # from, so what can fail fails here, before anything is written.
        first = next(made, None)
        return itertools.chain(() if first is None else (first,), made)
    whole: Callable[[EventBundle, Options], str | bytes] = module.render
    return iter([whole(bundle, options)])


def export(fmt: str, bundle: EventBundle, options: Options) -> str | bytes:
    """The whole export: text, or bytes for pdf."""
    parts = list(pieces(fmt, bundle, options))
    if fmt in BINARY:
        return b"".join(p.encode() if isinstance(p, str) else p for p in parts)
    return "".join(p.decode("utf-8") if isinstance(p, bytes) else p for p in parts)
