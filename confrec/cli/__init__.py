"""The root command: --db, --version, the sub-apps, and the one place where
confrec's errors become an ``Error: ...`` line and an exit code."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
import typer.main
from typer.core import TyperArgument, TyperGroup, TyperOption

from confrec import __version__
from confrec.cli.common import YesOpt, confirm, db_path, say
from confrec.errors import ConfrecError

# Commands are imported and built only when they are used. Typer otherwise
# builds every command (parsing each signature) before it reads the command
# line: ~50 ms that every run, even --version, paid for commands it did not
# run. name -> (module, attribute): a Typer sub-app, or a command function.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "event": ("confrec.cli.events", "app"),
    "speaker": ("confrec.cli.speakers", "app"),
    "talk": ("confrec.cli.talks", "app"),
    "session": ("confrec.cli.sessions", "app"),
    "schedule": ("confrec.cli.program", "schedule"),
    "check": ("confrec.cli.program", "check"),
    "report": ("confrec.cli.publish", "report"),
    "stats": ("confrec.cli.publish", "stats"),
    "export": ("confrec.cli.publish", "export"),
    "import": ("confrec.cli.imports", "import_"),
}


class _PlainArgument(TyperArgument):
    """An argument as usage lines have always shown it: TITLE, [EVENT]."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    def display_type(self, ctx: Any) -> str:
        return ""


def plain_help(command: Any, params: list[Any] | None = None) -> None:
    """Help that reads like help: 'TITLE', '--room ROOM', not '{TITLE}',
    '--room <str>' or '<list[str]>' (Typer 0.29's own rendering)."""
    for p in params if params is not None else command.params:
        if isinstance(p, TyperArgument):
            p.__class__ = _PlainArgument
        elif isinstance(p, TyperOption) and not p.is_flag and p.metavar is None:
            p.metavar = (p.name or "value").upper()
    for sub in getattr(command, "commands", {}).values():
        plain_help(sub)


class ConfrecGroup(TyperGroup):
    """The root group: loads commands on demand, and maps ConfrecError to one
    stderr line and its exit code. Bugs still raise."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*LAZY_COMMANDS, *super().list_commands(ctx)]

    def get_command(self, ctx: Any, name: str) -> Any:
        if name in LAZY_COMMANDS and name not in self.commands:
            module, attr = LAZY_COMMANDS[name]
            target = getattr(importlib.import_module(module), attr)
            if not isinstance(target, typer.Typer):  # a command function: a one-command app
                single = typer.Typer(rich_markup_mode=None, add_completion=False)
                single.command(name)(target)
                target = single
            command = typer.main.get_command(target)
            command.name = name
            plain_help(command)
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        plain_help(self, params)
        return params

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except ConfrecError as e:
            say(f"Error: {e}")
            raise typer.Exit(e.exit_code) from None


app = typer.Typer(
    cls=ConfrecGroup,
    name="confrec",
    help="Keep the record of academic conferences (events, speakers, talks) in one local file.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # a bug's traceback must not dump speaker data
    add_completion=True,
    rich_markup_mode=None,  # plain help and usage errors: see cli.common.noun_app
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"confrec {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        Optional[Path],
        typer.Option(
            "--db",
            metavar="FILE",
            help="Database file. Default: $CONFREC_DB, else confrec.json in the user data folder.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Keep the record of academic conferences in one local file.

    Example: confrec --db data/kaznu-2016.json talk list
    """


@app.command("undo")
def undo_command(ctx: typer.Context, yes: YesOpt = False) -> None:
    """Undo the last change to the database (once).

    Example: confrec speaker remove 3 --yes && confrec undo --yes
    """
    from confrec.store import last_change, stamp_of, undo

    path = db_path(ctx)
    # Asked before anything is locked: a question left open blocks no one.
    what = last_change(path)
    stamp = stamp_of(path)
    confirm(f"Undo {what} (the last change to {path})?" if what else f"Undo the last change to {path}?", yes)
    say(f"Undone: {undo(path, expected=None if yes else stamp)}")


def main() -> None:
    app()
