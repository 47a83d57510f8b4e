"""What every command shares: the database path, output, options, prompts.

Rich is imported only when a command prints a table or panel, so ``--json``
and ``--version`` stay fast.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from confrec.errors import ConfrecError, InvalidValue, NotFound
from confrec.textutil import one_line

if TYPE_CHECKING:
    from confrec.bundle import EventBundle
    from confrec.record.store import Store

T = TypeVar("T")

def noun_app(help: str) -> typer.Typer:
    """A sub-app, set up like every other one.

    Help and usage errors are plain text, not Rich panels: they then fit the
    one-line ``Error:`` style of every other message, and --help does not pay
    for importing Rich (about 70 ms). Shell completion is installed from the
    root command only.
    """
    return typer.Typer(no_args_is_help=True, help=help, rich_markup_mode=None, add_completion=False)


JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print only JSON on stdout (a stable interface for scripts).")
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Also change the records that still refer to this one.")
]


def db_path(ctx: typer.Context) -> Path:
    root = ctx.find_root()
    given = root.params.get("db") if root.params else None
    if given:
        return Path(given)
    from confrec.record.store import default_path

    return default_path()


@contextlib.contextmanager
def reading(ctx: typer.Context) -> Iterator[Store]:
    from confrec.record.store import open_store

    with open_store(db_path(ctx)) as store:
        yield store


def read_bundle(ctx: typer.Context, event: str | None, lang: str | None = None) -> EventBundle:
    """One event with its talks, speakers and sessions, for a view or an export.
    The record as read is let go when this returns: a 15 MB record's parsed
    JSON (60 MB) is not held while a report or an export is made."""
    from confrec.bundle import load_bundle

    with reading(ctx) as store:
        return load_bundle(store, event, lang)


@contextlib.contextmanager
def writing(ctx: typer.Context, action: str) -> Iterator[Store]:
    """Lock, read, let the command change the store, write once (or not at all on error)."""
    from confrec.record.store import open_store

    with open_store(db_path(ctx), write=True, action=action) as store:
        yield store


def print_json(value: Any) -> None:
    """Only JSON on stdout. Written as bytes: a large list is not copied into a str first."""
    from confrec.record.jsoncodec import pretty_bytes

    data = pretty_bytes(value)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some test harnesses)
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def show(make: Any) -> None:
    """Print a renderable, or ``make(width)`` for renderers that adapt to the terminal."""
    from rich.console import Console

    from confrec.views.listing import Listing
    from confrec.views.render import LongText

    console = Console(highlight=False)
    renderable = make(console.width) if callable(make) else make
    for part in _parts(renderable):
        if isinstance(part, Listing):  # long lists go out piece by piece
            for piece in part.parts(console.width):
                if part.plain:  # the head through Rich (bold), the rows as text at once
                    if piece.first:
                        console.print(piece.head())
                    console.file.write(piece.text())
                else:
                    console.print(piece)
        elif isinstance(part, LongText) and not part.style:  # long text: wrapped, and written at once
            console.file.write("\n".join(part.lines(console, console.width)) + "\n")
        else:
            console.print(part)


def _parts(renderable: object) -> Iterator[object]:
    """The renderables of nested Groups, in order: a listing deep in a report
    still goes out as text, not through Rich's line-by-line rendering."""
    from rich.console import Group

    if isinstance(renderable, Group):
        for part in renderable.renderables:
            yield from _parts(part)
    else:
        yield renderable


def report_change(record: Any, line: str, json: bool) -> None:
    """What a command that changed one record prints: the record as JSON on
    stdout with --json, else one line for the user on stderr."""
    if json:
        print_json(record.to_dict())
    else:
        say(line)


def say(message: str) -> None:
    """One line for the user on stderr (stdout is kept for data)."""
    sys.stderr.write(one_line(message) + "\n")


def confirm(question: str, yes: bool) -> None:
    """Ask on stderr; at EOF or 'no' abort with exit 1 before anything is written."""
    if not yes:
        try:
            typer.confirm(one_line(question), abort=True, err=True)
        except typer.Abort:
            sys.stderr.write("\n")  # end the prompt's line before Click's "Aborted!"
            raise


@contextlib.contextmanager
def asking(ctx: typer.Context, action: str, yes: bool, plan: Callable[[Store], T],
           question: Callable[[T], str], what: str) -> Iterator[tuple[Store, T]]:
    """For changes that ask first: plan, ask, then lock, check and change.

    ``plan`` finds what the change would do (and refuses what it may not do,
    before anything is asked). The question is asked with nothing locked, so a
    question left open blocks no other command; then the record is locked and
    read again, and the change goes ahead only if the plan is still the same.
    """
    if not yes:
        with reading(ctx) as store:
            planned = plan(store)
        confirm(question(planned), yes)
    with writing(ctx, action) as store:
        now = plan(store)
        if not yes and now != planned:
            from confrec.errors import Conflict

            raise Conflict(f"{what} changed while you were asked: nothing removed; run the command again")
        yield store, now


def text_from(value: str | None, file: Path | None, what: str) -> str | None:
    """A long text given inline (--abstract) or from a file (--abstract-file, '-' = stdin)."""
    if value is not None and file is not None:
        raise InvalidValue(f"give --{what} or --{what}-file, not both")
    if file is None:
        return value
    from confrec.record.fileio import read_given

    raw = read_given(file, f"--{what}-file {file}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidValue(f"--{what}-file {file} is not UTF-8 text") from None


def edited(record: Any, changes: dict[str, Any]) -> Any:
    """The record with the given (non-None) fields replaced and re-validated."""
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise ConfrecError("nothing to change: give at least one option (see --help)")
    return dataclasses.replace(record, **changes)


def speaker_ids(store: Store, refs: list[str] | None) -> list[int] | None:
    """The speakers a --speaker or --chair list names, in its order (None:
    not given). A name nothing in the record is near is most likely someone
    not entered yet: the error says how to enter them."""
    if refs is None:
        return None
    ids = []
    for ref in refs:
        if not ref.strip():
            continue
        try:
            ids.append(store.speaker(ref).id)
        except NotFound as e:
            if e.suggested or ref.strip().isdigit() or not ref.isprintable():
                raise
            raise NotFound(f"{e} (add them first with: confrec speaker add {_shell_word(ref.strip())})") from None
    return ids


def _shell_word(text: str) -> str:
    """``text`` as one word for the shell, quoted as a person would: O'Brien in double quotes."""
    if re.fullmatch(r"[\w.,@+-]+", text):
        return text
    if "'" not in text:
        return f"'{text}'"
    return '"' + re.sub(r'(["$`\\])', r"\\\1", text) + '"'


def complete_event(ctx: typer.Context, incomplete: str) -> list[str]:
    from confrec.record.store import completion_names

    try:
        slugs, _ = completion_names(db_path(ctx))
    except ConfrecError:
        return []
    return [s for s in slugs if s.startswith(incomplete)]


def complete_speaker(ctx: typer.Context, incomplete: str) -> list[str]:
    """Names for the shell. Typer keeps only values that start with what was
    typed, but speakers are found by any part of the name, in any script: so
    'kuk' completes to 'kukeeva' (the typed text plus the rest of the
    matching name as search sees it), which finds the same speaker."""
    from confrec.record.store import completion_names
    from confrec.textutil import search_keys

    try:
        _, names = completion_names(db_path(ctx))
    except ConfrecError:
        return []
    needle = search_keys(incomplete)
    out: list[str] = []
    for name in names:
        if name.startswith(incomplete):
            out.append(name)
            continue
        # the rest of the name as written ('mak' -> 'makhmutov'), else as the one spelling has it
        for typed, key in zip(needle, search_keys(name), strict=True):
            at = key.find(typed)
            if at >= 0:
                out.append(incomplete + key[at + len(typed):])
                break
    return list(dict.fromkeys(out))


EventArg = Annotated[
    str | None,
    typer.Argument(metavar="EVENT", help="Event slug or id (default: the only event).",
                   autocompletion=complete_event, show_default=False),
]
AnyEventArg = Annotated[
    str | None,
    typer.Argument(metavar="EVENT", help="Event slug or id (default: every event).", autocompletion=complete_event),
]
EventOpt = Annotated[
    str | None,
    typer.Option("--event", "-e", metavar="EVENT", help="Event slug or id (default: the only event).",
                 autocompletion=complete_event),
]

LangArg = Annotated[str, typer.Argument(metavar="LANG", help="The language: a tag (kk, ru, en) or a name (Kazakh).")]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", metavar="LANG", help="Show titles and texts in this language where translated."),
]
YearOpt = Annotated[
    int | None,
    typer.Option("--year", metavar="YEAR", help="The yearly report: every event of that year.", min=1000, max=9998),
]
