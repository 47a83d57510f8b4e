"""Several organisers, one record: ``merge`` (git's merge driver),
``git-setup`` (which installs it) and ``resolve``."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from confrec.cli.common import JsonOpt, db_path, print_json, say, writing
from confrec.errors import InvalidValue

GIT_DRIVER = "merge.confrec"


def merge(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="The common ancestor (git's %O); may be empty.")],
    ours: Annotated[Path, typer.Argument(metavar="OURS", help="Our version (git's %A): the result is written here.")],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="Their version (git's %B).")],
    json: JsonOpt = False,
) -> None:
    """Merge two versions of a record that share an ancestor, record by record.

    Records added on both sides are all kept (THEIRS ids that clash are
    renumbered, with every reference); a field changed on one side takes that
    change. A field changed differently on both sides, or a record edited on one
    side and removed on the other, keeps OURS: each such conflict is listed on
    stderr, the exit status is 1, and 'confrec check' shows it until an edit
    settles it. This is what 'confrec git-setup' makes git run.
    Example: confrec merge base.json mine.json theirs.json
    """
    from confrec.record.store import merge_files

    merged = merge_files(base, ours, theirs)
    if json:
        print_json({"conflicts": [c.to_dict() for c in merged.conflicts],
                    "renumbered": {table: {str(k): v for k, v in ids.items()}
                                   for table, ids in merged.renumbered.items()}})
    for table, ids in merged.renumbered.items():
        noun = table[:-1]
        say(f"Renumbered {noun} " + ", ".join(f"{old} -> {new}" for old, new in sorted(ids.items()))
            + " (added on both sides under the same id)")
    for c in merged.conflicts:
        say(f"Conflict: {c}")
    if merged.conflicts:
        say(f"Merged {ours} with {len(merged.conflicts)} conflict(s): OURS kept; "
            "'confrec check' lists them until an edit settles each")
        raise typer.Exit(1)
    say(f"Merged {ours}")


def git_setup(ctx: typer.Context) -> None:
    """Make git merge this record with 'confrec merge' (in the current repository).

    Writes the merge driver to the repository's .git/config, a line naming
    the record to .gitattributes, and the record's lock and backup files to
    .gitignore (they are this machine's, not the record). Safe to run again.
    Example: cd my-conference && confrec --db record.json git-setup
    """
    record = db_path(ctx).expanduser().absolute()
    top = _git("rev-parse", "--show-toplevel", cwd=record.parent if record.parent.is_dir() else Path.cwd())
    root = Path(top).resolve()
    try:
        relative = record.parent.resolve().relative_to(root) / record.name
    except ValueError:
        raise InvalidValue(f"{record} is not inside the git repository at {root}") from None
    name = relative.as_posix()
    if any(c in name for c in " \t\n\\\"#!*?[]"):  # a pattern line could not name it exactly
        raise InvalidValue(f"{name!r} has characters a .gitattributes line cannot name: rename the file")
    driver = f"{shlex.quote(sys.executable)} -m confrec merge %O %A %B"
    _git("config", f"{GIT_DRIVER}.name", "confrec record merge", cwd=root)
    _git("config", f"{GIT_DRIVER}.driver", driver, cwd=root)
    say(f"Set {GIT_DRIVER}.driver in {root / '.git' / 'config'}: {driver}")
    added = _add_lines(root / ".gitattributes", [f"/{name} merge=confrec"])
    say(f"{'Added' if added else 'Already in'} {root / '.gitattributes'}: /{name} merge=confrec")
    # Exactly this record's side files: a bare '*.lock' would also hide other
    # tools' lock files that belong in git (poetry.lock, Cargo.lock).
    ignored = [f"/{name}.lock", f"/{name}.prev", f"/{name}.prev.tmp", f"/{name}.names",
               f"/{relative.parent.as_posix() + '/' if relative.parent != Path('.') else ''}.{record.name}.*.tmp"]
    added = _add_lines(root / ".gitignore", ignored)
    say(f"{'Added' if added else 'Already in'} {root / '.gitignore'}: {', '.join(ignored)}")


def resolve(ctx: typer.Context) -> None:
    """Settle every conflict a merge left, keeping the record as it now is.

    Run it once 'confrec check' has shown the conflicts and you have edited
    what needed editing (an edit of a record settles its own). Undo with 'confrec undo'.
    Example: confrec check; confrec talk edit 5 --title "..."; confrec resolve
    """
    with writing(ctx, "resolve merge conflicts") as store:
        n = store.settle_all_conflicts()
    say(f"Settled {n} merge conflict(s)" if n else "No merge conflicts to settle")


def _git(*args: str, cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise InvalidValue("git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["failed"])[-1]
        if args[:1] == ("rev-parse",):
            raise InvalidValue(f"{cwd} is not in a git repository ({detail}); run 'git init' first")
        raise InvalidValue(f"git {args[0]} failed: {detail}")
    return done.stdout.strip()


def _add_lines(path: Path, lines: list[str]) -> bool:
    """Append the lines a file does not have yet; whether any were added."""
    from confrec.record.fileio import write_atomically

    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidValue(f"cannot read {path}: {e}") from None
    have = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in have]
    if not missing:
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    write_atomically(path, text + "\n".join(missing) + "\n", mode=0o644)
    return True
